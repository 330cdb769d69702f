//! The contracts of an install case (seed 000 step 5): one per company of the client that
//! will send data, with the partner that receives the data.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

pub use loket_domain::onboarding::contracts::ContractStatus;

/// A contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contract {
    pub id: Uuid,
    pub request_id: Uuid,
    /// The contract administration's number, in capitals.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Z0-9][A-Z0-9-]{2,29}$", example = "CT-2026-0012"))]
    pub number: String,
    pub company_name: String,
    /// The company's Chamber of Commerce number, digits only.
    #[cfg_attr(feature = "openapi", schema(pattern = "^([0-9]{8}|[0-9]{10})$", example = "12345678"))]
    pub coc_number: String,
    /// The partner that receives the company's data.
    pub partner_id: Uuid,
    pub partner_name: String,
    pub start_date: NaiveDate,
    pub status: ContractStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// For `If-Match` when changing it.
    pub version: i64,
}

/// A case's contracts, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractList {
    pub items: Vec<Contract>,
    /// Whether every company with a contract that is not ended has it in force (and
    /// there is at least one): what the case needs before the instructions are sent.
    pub complete: bool,
}

/// A new contract (the helpdesk).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateContract {
    /// Letters (either case, stored in capitals), digits and dashes.
    #[validate(length(min = 3, max = 30, message = "a contract number has 3 to 30 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 3, max_length = 30, pattern = "^[A-Za-z0-9][A-Za-z0-9-]{2,29}$", example = "CT-2026-0012")
    )]
    pub number: String,
    #[validate(length(min = 1, max = 120, message = "a name has 1 to 120 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 120, example = "Bakkerij De Korenschoof B.V.")
    )]
    pub company_name: String,
    /// 8 digits (KvK) or the 10-digit Belgian enterprise number; spaces, dots and dashes
    /// are ignored.
    #[validate(length(min = 8, max = 20, message = "give the Chamber of Commerce number"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 20, example = "12345678"))]
    pub coc_number: String,
    /// The partner that receives the data; the partner that filed the request when left out.
    #[serde(default)]
    pub partner_id: Option<Uuid>,
    /// At most a year back.
    pub start_date: NaiveDate,
    /// `draft` (the default) or `active`.
    #[serde(default)]
    pub status: Option<ContractStatus>,
}

/// Changes to a contract. The terms (number, company, partner, start) change only while
/// it is a draft; the status goes draft → active → ended (or draft → ended).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateContract {
    #[validate(length(min = 3, max = 30, message = "a contract number has 3 to 30 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 3, max_length = 30, pattern = "^[A-Za-z0-9][A-Za-z0-9-]{2,29}$")
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[validate(length(min = 1, max = 120, message = "a name has 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[validate(length(min = 8, max = 20, message = "give the Chamber of Commerce number"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 20))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coc_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ContractStatus>,
}

impl crate::text::TextFields for CreateContract {}
impl crate::text::TextFields for UpdateContract {}
