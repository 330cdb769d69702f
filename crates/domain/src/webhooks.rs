//! The events partners can subscribe to.

use serde::{Deserialize, Serialize};

/// A webhook event type. Partners receive events about their own organisation and the
/// clients they manage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WebhookEvent {
    /// A user was created and invited.
    #[serde(rename = "user.invited")]
    UserInvited,
    /// A user accepted the invitation and chose a password.
    #[serde(rename = "user.activated")]
    UserActivated,
    /// A user was deactivated.
    #[serde(rename = "user.deactivated")]
    UserDeactivated,
    /// An organisation's details changed.
    #[serde(rename = "organisation.updated")]
    OrganisationUpdated,
    /// Sent on request, to check an endpoint.
    #[serde(rename = "webhook.test")]
    WebhookTest,
}

impl WebhookEvent {
    pub const ALL: [WebhookEvent; 5] =
        [Self::UserInvited, Self::UserActivated, Self::UserDeactivated, Self::OrganisationUpdated, Self::WebhookTest];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::UserInvited => "user.invited",
            Self::UserActivated => "user.activated",
            Self::UserDeactivated => "user.deactivated",
            Self::OrganisationUpdated => "organisation.updated",
            Self::WebhookTest => "webhook.test",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.as_str() == value)
    }

    /// Test pings go to an endpoint whatever it subscribed to.
    pub fn always_delivered(self) -> bool {
        self == Self::WebhookTest
    }
}

/// Whether webhook endpoints may point at this URL. Production endpoints must use
/// HTTPS; plain HTTP is accepted only where `allow_http` (development and tests).
pub fn check_endpoint_url(url: &str, allow_http: bool) -> Result<(), EndpointUrlError> {
    let lower = url.trim().to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        if !allow_http {
            return Err(EndpointUrlError::NotHttps);
        }
        rest
    } else {
        return Err(EndpointUrlError::Scheme);
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.contains('@') || url.len() > 2000 || url.chars().any(char::is_whitespace) {
        return Err(EndpointUrlError::Malformed);
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EndpointUrlError {
    #[error("a webhook URL starts with https://")]
    Scheme,
    #[error("webhook URLs must use HTTPS")]
    NotHttps,
    #[error("this is not a usable URL (no host, credentials or spaces)")]
    Malformed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip() {
        for event in WebhookEvent::ALL {
            assert_eq!(WebhookEvent::parse(event.as_str()), Some(event));
        }
        assert!(WebhookEvent::WebhookTest.always_delivered());
        assert!(!WebhookEvent::UserInvited.always_delivered());
    }

    #[test]
    fn endpoint_urls() {
        assert_eq!(check_endpoint_url("https://crm.bank.example/hooks/loket", false), Ok(()));
        assert_eq!(check_endpoint_url("http://127.0.0.1:9000/hook", true), Ok(()));
        assert_eq!(check_endpoint_url("http://crm.bank.example/hook", false), Err(EndpointUrlError::NotHttps));
        assert_eq!(check_endpoint_url("ftp://x.example", true), Err(EndpointUrlError::Scheme));
        assert_eq!(check_endpoint_url("https://user:pw@x.example/", true), Err(EndpointUrlError::Malformed));
        assert_eq!(check_endpoint_url("https:///path", true), Err(EndpointUrlError::Malformed));
        assert_eq!(check_endpoint_url("https://x.example/a b", true), Err(EndpointUrlError::Malformed));
    }
}
