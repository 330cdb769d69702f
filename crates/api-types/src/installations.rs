//! The installation API, for the installed software: it exchanges the one-time
//! installation token of the instructions for an installation key, fetches the settings
//! known so far, beats its heart and reports its uploads.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// The software's first call: the installation code from the instructions and what it
/// runs on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivateInstallation {
    /// The installation code from the e-mail; it works once.
    #[validate(length(min = 1, max = 200, message = "give the installation code"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
    #[validate(length(min = 1, max = 120, message = "a machine name has 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120, example = "KORENSCHOOF-SRV01"))]
    pub machine_name: String,
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[0-9]{1,9}(\.[0-9]{1,9}){1,3}(-[0-9A-Za-z.]{1,20})?$", example = "4.2.0")
    )]
    #[validate(length(min = 3, max = 40))]
    pub software_version: String,
}

/// The installation made by the exchange. `key` is shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivatedInstallation {
    pub installation_id: Uuid,
    pub request_id: Uuid,
    /// Send it as `X-Installation-Key` on every further call. It is stored only as a hash.
    pub key: String,
}

/// A contract in the settings: which company sends to which partner from when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractSettings {
    pub number: String,
    pub company_name: String,
    pub coc_number: String,
    pub partner_id: Uuid,
    pub partner_name: String,
    pub start_date: NaiveDate,
}

/// What is known so far of the installation's case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallationSettings {
    pub request_id: Uuid,
    pub request_number: String,
    pub company_name: String,
    pub coc_number: String,
    pub vat_number: Option<String>,
    /// The accounting package to link with.
    pub accounting_package: String,
    /// The partner that asked for the installation.
    pub partner_id: Uuid,
    pub partner_name: String,
    /// The partner's own fields of the request.
    pub partner_fields: BTreeMap<String, String>,
    /// The contracts in force: one per company that sends data.
    pub contracts: Vec<ContractSettings>,
}

/// A sign of life, with the version running now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Heartbeat {
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[0-9]{1,9}(\.[0-9]{1,9}){1,3}(-[0-9A-Za-z.]{1,20})?$", example = "4.2.0")
    )]
    #[validate(length(min = 3, max = 40))]
    #[serde(default)]
    pub software_version: Option<String>,
}

/// One upload to the partner, as it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UploadReport {
    pub succeeded: bool,
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub records: i64,
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub bytes: i64,
    /// What went wrong: required for a failed upload, absent for a successful one.
    #[validate(length(min = 1, max = 2000))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    #[serde(default)]
    pub error: Option<String>,
}

impl crate::text::TextFields for ActivateInstallation {}
impl crate::text::TextFields for Heartbeat {}
impl crate::text::TextFields for UploadReport {
    const MULTI_LINE: &'static [&'static str] = &["error"];
}

/// A recorded upload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadRecorded {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// Whether this upload completed the case (its first success).
    pub completed_case: bool,
}

/// An installation of a case, as the helpdesk and the partner follow it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Installation {
    pub id: Uuid,
    pub machine_name: String,
    pub software_version: String,
    /// The start of its key, to recognise it.
    pub key_prefix: String,
    pub registered_at: DateTime<Utc>,
    pub last_heartbeat_at: Option<DateTime<Utc>>,
    pub last_upload_at: Option<DateTime<Utc>>,
    pub last_upload_succeeded: Option<bool>,
    pub last_upload_error: Option<String>,
    pub first_success_at: Option<DateTime<Utc>>,
    pub uploads: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallationList {
    /// Newest first.
    pub items: Vec<Installation>,
}
