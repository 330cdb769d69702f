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
    /// An install request moved to another step (filed, returned, resubmitted, rejected,
    /// accepted, …); `data` holds the request, the steps and the timeline entry.
    #[serde(rename = "install_request.step_changed")]
    InstallRequestStepChanged,
}

impl WebhookEvent {
    pub const ALL: [WebhookEvent; 6] = [
        Self::UserInvited,
        Self::UserActivated,
        Self::UserDeactivated,
        Self::OrganisationUpdated,
        Self::WebhookTest,
        Self::InstallRequestStepChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::UserInvited => "user.invited",
            Self::UserActivated => "user.activated",
            Self::UserDeactivated => "user.deactivated",
            Self::OrganisationUpdated => "organisation.updated",
            Self::WebhookTest => "webhook.test",
            Self::InstallRequestStepChanged => "install_request.step_changed",
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
/// HTTPS; plain HTTP is accepted only where `allow_http` (development and tests). The URL
/// is read by the same WHATWG parser the delivery connects with, so an endpoint that is
/// accepted can also be called.
pub fn check_endpoint_url(url: &str, allow_http: bool) -> Result<(), EndpointUrlError> {
    let raw = url.trim();
    if raw.len() > 2000 || raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(EndpointUrlError::Malformed);
    }
    let lower = raw.to_ascii_lowercase();
    if lower.starts_with("http://") && !allow_http {
        return Err(EndpointUrlError::NotHttps);
    }
    if !lower.starts_with("https://") && !lower.starts_with("http://") {
        return Err(EndpointUrlError::Scheme);
    }
    // WHATWG parsing forgives extra slashes (`https:///x` has the host `x`); a URL written
    // like that is a mistake, not a host.
    let after_scheme = raw.split_once("://").map(|(_, rest)| rest).unwrap_or_default();
    if after_scheme.starts_with(['/', '\\']) {
        return Err(EndpointUrlError::Malformed);
    }
    let parsed = url::Url::parse(raw).map_err(|_| EndpointUrlError::Malformed)?;
    let has_host = parsed.host_str().is_some_and(|host| !host.is_empty());
    if !has_host || !parsed.username().is_empty() || parsed.password().is_some() || raw.contains('@') {
        return Err(EndpointUrlError::Malformed);
    }
    Ok(())
}

/// What [`check_endpoint_url`] can accept in production, as an ECMA-262 pattern for the
/// OpenAPI document: `https://`, a host (a name, an IPv4 or a bracketed IPv6 address) with
/// an optional port, then an optional path, query or fragment, without spaces or
/// credentials. Whether the host resolves to a public address is beyond a pattern.
pub const ENDPOINT_URL_PATTERN: &str =
    "^[Hh][Tt][Tt][Pp][Ss]://(?:[^\\s/?#@:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{0,5})?(?:[/?#][^\\s@]*)?$";

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
        assert_eq!(check_endpoint_url("https://[2001:db8::1]:8443/hook", false), Ok(()));
        assert_eq!(check_endpoint_url("https://[2001:db8::1/hook", false), Err(EndpointUrlError::Malformed));
        assert_eq!(check_endpoint_url("https://x.example:99999/", false), Err(EndpointUrlError::Malformed));
        assert_eq!(check_endpoint_url("HTTPS://X.example/", false), Ok(()));
    }

    proptest::proptest! {
        #[test]
        fn the_published_pattern_holds_whatever_is_accepted(
            raw in proptest::prop_oneof![
                "[hH][tT]{2}[pP][sS]?://[a-z0-9.:@\\[\\]-]{0,20}(/[a-z0-9/?#=&%@ -]{0,20})?",
                "https://\\[[0-9a-f:]{2,16}\\](:[0-9]{1,6})?/[a-z]{0,5}",
                "\\PC{0,30}",
            ]
        ) {
            let pattern = regex::Regex::new(ENDPOINT_URL_PATTERN).unwrap();
            if check_endpoint_url(&raw, false).is_ok() {
                proptest::prop_assert!(pattern.is_match(raw.trim()), "{raw:?} is accepted but not matched");
            }
        }
    }
}
