//! Self-service access: asking for a login with a customer number, confirming the
//! address, and the approvers' side.

use chrono::{DateTime, Utc};
pub use loket_domain::access::{AccessRequestStatus, Approvers};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::Language;

/// "I have no login yet": the customer number from an invoice, the address to confirm and
/// the name for the account. The answer is the same whether or not the number is known.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAccessRequest {
    /// As printed on your invoices, without spaces; case does not matter.
    #[validate(length(min = 4, max = 20, message = "enter the customer number from your invoice"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 4, max_length = 20, example = "KS-10234"))]
    pub customer_number: String,
    #[validate(length(min = 3, max = 254, message = "enter your e-mail address"))]
    #[cfg_attr(feature = "openapi", schema(format = Email, min_length = 3, max_length = 254))]
    pub email: String,
    #[validate(length(min = 1, max = 120, message = "a name has 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120, example = "Joost Akkerman"))]
    pub name: String,
    /// The language of the e-mails and the account; Dutch by default.
    #[serde(default)]
    pub language: Option<Language>,
}

/// What happens next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessNextStep {
    /// Open the link in the e-mail we sent to confirm the address.
    ConfirmEmail,
    /// The address is confirmed; the request waits for an approver, who is e-mailed.
    AwaitApproval,
}

/// The answer to a request or a confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRequestReceived {
    pub next_step: AccessNextStep,
}

/// Confirming the address with the token from the e-mail link.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmAccessRequest {
    #[validate(length(min = 1, max = 200, message = "the link is incomplete"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
}

/// A confirmed request, as its approvers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRequest {
    pub id: Uuid,
    /// The number as entered (compacted, upper-case).
    pub customer_number: String,
    /// The client the number belongs to; absent when it matched none.
    pub organisation_id: Option<Uuid>,
    pub organisation_name: Option<String>,
    pub email: String,
    pub name: String,
    pub language: Language,
    pub status: AccessRequestStatus,
    /// Who decides: the client's superusers or the helpdesk.
    pub routed_to: Option<Approvers>,
    pub decline_reason: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The account made on approval.
    pub user_id: Option<Uuid>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Filters for the approvers' list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AccessRequestListQuery {
    /// Only requests with this status; `pending` by default.
    pub status: Option<AccessRequestStatus>,
    /// Sort order; oldest first by default (a queue).
    pub sort: Option<AccessRequestSort>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", param(max_length = 500))]
    pub cursor: Option<String>,
    /// Page size, 1 to 200; 50 by default.
    #[validate(range(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

/// Approving: the account is made as a client user and invited. The helpdesk names the
/// client when the number matched none (or to correct it).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApproveAccessRequest {
    #[serde(default)]
    pub organisation_id: Option<Uuid>,
}

/// Declining, with the reason the requester is e-mailed.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeclineAccessRequest {
    #[validate(length(min = 1, max = 1000, message = "give a reason of 1 to 1000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 1000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub reason: String,
}

impl crate::text::TextFields for CreateAccessRequest {}
impl crate::text::TextFields for ConfirmAccessRequest {}
impl crate::text::TextFields for ApproveAccessRequest {}
impl crate::text::TextFields for DeclineAccessRequest {
    const MULTI_LINE: &'static [&'static str] = &["reason"];
}

crate::list_sort!(
    /// How access requests can be listed.
    AccessRequestSort {
        Created = "created_at", Created, true, "Oldest first.",
        CreatedDesc = "-created_at", Created, false, "Newest first.",
    }
);
