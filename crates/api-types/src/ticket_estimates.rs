//! Cost estimates on change requests.

use serde::{Deserialize, Serialize};
use validator::Validate;

pub use loket_domain::support::estimate::parse_euros;
pub use loket_domain::support::{Estimate, EstimateAnswer, EstimateStatus};

/// The current estimate of a change request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketEstimate {
    /// The work, in hours (quarters).
    #[cfg_attr(feature = "openapi", schema(minimum = 0.25, maximum = 10000, multiple_of = 0.25))]
    pub hours: f64,
    /// The price in euro cents, excluding VAT.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000000))]
    pub amount_cents: i64,
    /// What the work covers.
    pub description: String,
    pub status: EstimateStatus,
    /// The customer's reason, when declined.
    pub answer_reason: Option<String>,
}

/// The helpdesk's estimate for a change request. The ticket then waits on the customer.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProposeEstimateRequest {
    /// Hours of work, in quarters (0.25 to 10000).
    #[cfg_attr(feature = "openapi", schema(minimum = 0.25, maximum = 10000, multiple_of = 0.25))]
    pub hours: f64,
    /// The price in euro cents, excluding VAT.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000000))]
    pub amount_cents: i64,
    #[validate(length(min = 1, max = 4000, message = "describe the work in 1 to 4000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 4000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub description: String,
}

impl crate::text::TextFields for ProposeEstimateRequest {
    const MULTI_LINE: &'static [&'static str] = &["description"];
}

/// The customer's decision on the pending estimate.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerEstimateRequest {
    pub answer: EstimateAnswer,
    /// Why not (with `decline`).
    #[validate(length(max = 1000, message = "at most 1000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 1000, pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$")
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl crate::text::TextFields for AnswerEstimateRequest {
    const MULTI_LINE: &'static [&'static str] = &["reason"];
}
