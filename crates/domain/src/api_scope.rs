//! Scopes of API keys used by partner systems.

use serde::{Deserialize, Serialize};

/// What an API key may do. A key acts for its organisation, limited to its scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ApiScope {
    /// Read the organisation and the clients it manages.
    #[serde(rename = "organisations:read")]
    OrganisationsRead,
    /// Read users of the organisation and of the clients it manages.
    #[serde(rename = "users:read")]
    UsersRead,
    /// Create, change and invite the organisation's own users.
    #[serde(rename = "users:write")]
    UsersWrite,
    /// Register and manage the organisation's webhook endpoints.
    #[serde(rename = "webhooks:manage")]
    WebhooksManage,
    /// Read the partner's install requests, their status and timeline.
    #[serde(rename = "install_requests:read")]
    InstallRequestsRead,
    /// File install requests and amend returned ones.
    #[serde(rename = "install_requests:write")]
    InstallRequestsWrite,
}

impl ApiScope {
    pub const ALL: [ApiScope; 6] = [
        Self::OrganisationsRead,
        Self::UsersRead,
        Self::UsersWrite,
        Self::WebhooksManage,
        Self::InstallRequestsRead,
        Self::InstallRequestsWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OrganisationsRead => "organisations:read",
            Self::UsersRead => "users:read",
            Self::UsersWrite => "users:write",
            Self::WebhooksManage => "webhooks:manage",
            Self::InstallRequestsRead => "install_requests:read",
            Self::InstallRequestsWrite => "install_requests:write",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scope| scope.as_str() == value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip() {
        for scope in ApiScope::ALL {
            assert_eq!(ApiScope::parse(scope.as_str()), Some(scope));
        }
        assert_eq!(ApiScope::parse("admin"), None);
    }
}
