//! Partners' webhook endpoints and their deliveries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::{JobStatus, WebhookEvent};

/// An endpoint that receives signed event notifications (Standard Webhooks).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEndpoint {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub url: String,
    pub description: String,
    pub event_types: Vec<WebhookEvent>,
    /// Disabled endpoints receive nothing (an endpoint answering 410 Gone is disabled).
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    /// The outcome of the most recent delivery attempt.
    pub last_delivery_status: Option<JobStatus>,
    pub last_delivery_at: Option<DateTime<Utc>>,
    pub last_http_status: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; send it back as `If-Match: "<version>"`.
    pub version: i64,
}

/// A new endpoint.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateWebhookRequest {
    /// The partner the endpoint belongs to.
    pub organisation_id: Uuid,
    /// Where to POST events; HTTPS in production.
    #[validate(length(min = 1, max = 2000, message = "enter a URL"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, example = "https://crm.noordbank.example/hooks/loket")
    )]
    pub url: String,
    #[validate(length(max = 200, message = "at most 200 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    #[serde(default)]
    pub description: String,
    /// At least one event type.
    #[validate(length(min = 1, max = 20, message = "choose at least one event type"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub event_types: Vec<WebhookEvent>,
}

/// The new endpoint with its signing secret. Store the secret now: it is shown only once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    pub endpoint: WebhookEndpoint,
    /// `whsec_…`: verify each delivery's `webhook-signature` with it.
    pub secret: String,
}

/// A rotated secret. The previous one keeps signing alongside it for 24 hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotatedSecret {
    pub secret: String,
    /// Until when deliveries also carry a signature made with the previous secret.
    pub previous_secret_valid_until: DateTime<Utc>,
}

/// Changes to an endpoint. Absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhookRequest {
    #[validate(length(min = 1, max = 2000, message = "enter a URL"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[validate(length(max = 200, message = "at most 200 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[validate(length(min = 1, max = 20, message = "choose at least one event type"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_types: Option<Vec<WebhookEvent>>,
    /// `true` re-enables a disabled endpoint; `false` pauses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// Filters for the endpoint list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct WebhookListQuery {
    /// Only endpoints of this organisation.
    pub organisation_id: Option<Uuid>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", param(max_length = 500))]
    pub cursor: Option<String>,
    /// Page size, 1 to 200; 50 by default.
    #[validate(range(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

/// One event sent (or being sent) to an endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// Also the `webhook-id` header, the same on every attempt.
    pub id: Uuid,
    pub event_type: WebhookEvent,
    pub status: JobStatus,
    pub attempts: i32,
    pub last_http_status: Option<i32>,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// Paging through deliveries.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DeliveryListQuery {
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
impl crate::text::TextFields for CreateWebhookRequest {}
impl crate::text::TextFields for UpdateWebhookRequest {}
