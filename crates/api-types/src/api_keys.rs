//! API keys for partner systems.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::ApiScope;

/// An API key. The secret is never shown again after creation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKey {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
    /// The first characters of the key, to recognise it (`lk_3hf9a2c1`).
    pub prefix: String,
    pub scopes: Vec<ApiScope>,
    pub created_at: DateTime<Utc>,
    /// The user who created the key.
    pub created_by: Option<Uuid>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// Set once the key has been revoked; it no longer works.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A new API key for a partner (or the vendor).
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyRequest {
    pub organisation_id: Uuid,
    /// What the key is for, e.g. the system that uses it.
    #[validate(length(min = 1, max = 100, message = "a name has 1 to 100 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100, example = "CRM-koppeling"))]
    pub name: String,
    /// At least one scope.
    #[validate(length(min = 1, max = 10, message = "choose at least one scope"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 10))]
    pub scopes: Vec<ApiScope>,
}

/// The new key with its secret. Store the secret now: it is shown only this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    pub api_key: ApiKey,
    /// Send as the `X-Api-Key` header.
    pub secret: String,
}

/// Filters for the API key list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ApiKeyListQuery {
    /// Only keys of this organisation.
    pub organisation_id: Option<Uuid>,
    /// Include revoked keys.
    pub include_revoked: Option<bool>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", param(max_length = 500))]
    pub cursor: Option<String>,
    /// Page size, 1 to 200; 50 by default.
    #[validate(range(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

// Every text field of these bodies is a single line.
impl crate::text::TextFields for CreateApiKeyRequest {}
