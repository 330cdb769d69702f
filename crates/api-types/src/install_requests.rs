//! Install requests (seed 000): what a partner files for a client-to-be, the helpdesk's
//! review, the timeline; the vendor's accounting packages and the partner's own fields.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

pub use loket_domain::address::Country;
pub use loket_domain::onboarding::InstallStep;
pub use loket_domain::onboarding::partner_fields::FieldType;

/// The company to install for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Company {
    #[validate(length(min = 1, max = 120, message = "a name has 1 to 120 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 120, example = "Bakkerij De Korenschoof B.V.")
    )]
    pub name: String,
    /// Chamber of Commerce number: 8 digits for a Dutch company (KvK), the 10-digit
    /// enterprise number for a Belgian one (KBO/BCE); spaces, dots and dashes are ignored.
    #[validate(length(min = 1, max = 20, message = "give the Chamber of Commerce number"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20, example = "12345678"))]
    pub coc_number: String,
    /// VAT number of the company's country: `NL` + 9 digits + `B` + 2 digits, or `BE` +
    /// the enterprise number.
    #[validate(length(max = 20, message = "at most 20 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, example = "NL123456789B01"))]
    #[serde(default)]
    pub vat_number: Option<String>,
    #[validate(nested)]
    pub address: Address,
}

/// A street address in the Netherlands or Belgium.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Address {
    #[validate(length(min = 1, max = 120, message = "a street has 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120, example = "Molenstraat"))]
    pub street: String,
    #[validate(length(min = 1, max = 20, message = "a house number has 1 to 20 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20, example = "12a"))]
    pub house_number: String,
    /// `1234 AB` in the Netherlands, `1000` in Belgium (stored as the post office writes it).
    #[validate(length(min = 1, max = 10, message = "give the postcode"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10, example = "3511 AB"))]
    pub postcode: String,
    #[validate(length(min = 1, max = 80, message = "a city has 1 to 80 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80, example = "Utrecht"))]
    pub city: String,
    pub country: Country,
}

/// A person to contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[validate(length(min = 1, max = 120, message = "a name has 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120, example = "Karin de Boer"))]
    pub name: String,
    #[validate(length(min = 3, max = 254, message = "an e-mail address has 3 to 254 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 3, max_length = 254, format = "email", example = "karin@korenschoof.example")
    )]
    pub email: String,
    /// A phone number; stored in E.164 (`+31612345678`). Dutch numbers may be written
    /// nationally (`06 1234 5678`).
    #[validate(length(min = 1, max = 30, message = "give a phone number"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 30, example = "+31612345678"))]
    pub phone: String,
}

/// The company's general and technical contact (the technical one receives the
/// installation instructions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    #[validate(nested)]
    pub general: Contact,
    #[validate(nested)]
    pub technical: Contact,
}

/// The accounting package the company uses: one of the vendor's list, or another by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AccountingPackageChoice {
    /// A package of `GET /accounting-packages` (an active one).
    Listed(ListedPackage),
    /// A package the list does not have.
    Other(OtherPackage),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ListedPackage {
    pub id: Uuid,
    /// The package's name (in answers; ignored in requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OtherPackage {
    #[validate(length(min = 1, max = 100, message = "name the package in 1 to 100 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100, example = "Boekhoudpakket X"))]
    pub name: String,
}

impl Validate for AccountingPackageChoice {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        match self {
            Self::Listed(listed) => match &listed.name {
                Some(name) if name.chars().count() > 100 => {
                    let mut errors = validator::ValidationErrors::new();
                    errors.add("name", validator::ValidationError::new("length"));
                    Err(errors)
                }
                _ => Ok(()),
            },
            Self::Other(other) => other.validate(),
        }
    }
}

/// What a partner files (and amends): the company, its contacts, its accounting package
/// and the partner's own fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InstallRequestData {
    #[validate(nested)]
    pub company: Company,
    #[validate(nested)]
    pub contacts: Contacts,
    #[validate(nested)]
    pub accounting_package: AccountingPackageChoice,
    /// The fields the vendor defined for this partner (`GET
    /// /organisations/{id}/partner-fields`, at most 20), by key; values as text (numbers
    /// `12.5`, dates `2026-12-31`, yes/no `yes`/`no`).
    #[validate(length(max = 20, message = "at most 20 fields"))]
    #[serde(default)]
    pub partner_fields: BTreeMap<String, String>,
    /// For a partner with branches: the branch the client will belong to.
    #[serde(default)]
    pub branch_id: Option<Uuid>,
    /// Anything the helpdesk should know.
    #[validate(length(max = 2000, message = "at most 2000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 2000, pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$")
    )]
    #[serde(default)]
    pub remarks: Option<String>,
}

impl crate::text::TextFields for InstallRequestData {
    const MULTI_LINE: &'static [&'static str] = &["remarks"];
}

/// An install request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallRequest {
    pub id: Uuid,
    /// `A-2026-000007`.
    pub number: String,
    pub step: InstallStep,
    /// The partner that filed it.
    pub partner_id: Uuid,
    pub partner_name: String,
    /// The request as last submitted (written forms: postcode, phone numbers, numbers).
    pub data: InstallRequestData,
    /// 1 for the first submission; each resubmission adds one (see `/revisions`).
    pub revision: i32,
    /// Who filed it: a person's name or an API key's.
    pub filed_by: String,
    /// The client organisation made when the helpdesk accepted the request.
    pub client_id: Option<Uuid>,
    /// For the helpdesk only: another client or open request has this Chamber of
    /// Commerce number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_duplicate: Option<bool>,
    pub submitted_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; send it back as `If-Match: "<version>"` to amend.
    pub version: i64,
}

/// What happened to a request, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InstallEventKind {
    Submitted,
    Amended,
    Resubmitted,
    Returned,
    Rejected,
    Accepted,
    /// The client submitted the new-customer questionnaire.
    QuestionnaireSubmitted,
    /// The helpdesk sent the installation instructions (again, when the step stays).
    InstructionsSent,
    /// The installed software exchanged its installation code and registered.
    InstallationRegistered,
    /// The software's first successful upload: the case is complete.
    Completed,
    /// A helpdesk follow-up of a stalled installation (seen by the helpdesk only).
    FollowedUp,
}

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InstallEventParty {
    Partner,
    Helpdesk,
    Client,
    Software,
    System,
}

/// One entry of a request's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallRequestEvent {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub kind: InstallEventKind,
    pub from_step: Option<InstallStep>,
    pub to_step: Option<InstallStep>,
    pub actor_name: String,
    pub actor_party: InstallEventParty,
    /// The reason of a rejection, the helpdesk's message with a return.
    pub message: Option<String>,
    /// With a return: what is missing.
    #[serde(default)]
    pub items: Vec<String>,
    /// The version of the data submitted or amended.
    pub revision: Option<i32>,
    /// With a follow-up: how the helpdesk followed up.
    pub follow_up: Option<crate::monitoring::FollowUpKind>,
    /// With a follow-up: the day the helpdesk looks again, if it chose one.
    pub next_check_on: Option<chrono::NaiveDate>,
}

/// The whole timeline, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallRequestTimeline {
    pub items: Vec<InstallRequestEvent>,
}

/// One submitted version of a request's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallRequestRevision {
    pub revision: i32,
    pub submitted_at: DateTime<Utc>,
    pub data: InstallRequestData,
}

/// Every submitted version, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallRequestRevisions {
    pub items: Vec<InstallRequestRevision>,
}

/// Returning a request to the partner: what is missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReturnInstallRequest {
    /// What the partner must add or correct, one point each (1 to 200 characters).
    #[validate(length(min = 1, max = 20, message = "name 1 to 20 missing points"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = missing_items_schema))]
    pub missing: Vec<String>,
    #[validate(length(max = 2000, message = "at most 2000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 2000, pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$")
    )]
    #[serde(default)]
    pub message: Option<String>,
}

/// 1 to 20 points of 1 to 200 characters each.
#[cfg(feature = "openapi")]
fn missing_items_schema() -> utoipa::openapi::Array {
    use utoipa::openapi::{ArrayBuilder, ObjectBuilder, Type};
    let item = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(200))
        .pattern(Some(r"^[^\u0000-\u001F\u007F-\u009F]*$"));
    ArrayBuilder::new()
        .items(item)
        .min_items(Some(1))
        .max_items(Some(20))
        .description(Some("What the partner must add or correct, one point each."))
        .build()
}

impl crate::text::TextFields for ReturnInstallRequest {
    const MULTI_LINE: &'static [&'static str] = &["message"];
}

/// Rejecting a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RejectInstallRequest {
    #[validate(length(min = 1, max = 2000, message = "give a reason of 1 to 2000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 2000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub reason: String,
}

impl crate::text::TextFields for RejectInstallRequest {
    const MULTI_LINE: &'static [&'static str] = &["reason"];
}

/// Filters for the request list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct InstallRequestListQuery {
    /// Only requests at this step.
    pub step: Option<InstallStep>,
    /// Only requests of this partner (the helpdesk's filter).
    pub partner_id: Option<Uuid>,
    /// Case-insensitive search in the company name, Chamber of Commerce number and
    /// request number.
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
    /// Sort order; newest first by default.
    pub sort: Option<InstallRequestSort>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", param(max_length = 500))]
    pub cursor: Option<String>,
    /// Page size, 1 to 200; 50 by default.
    #[validate(range(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

crate::list_sort!(
    /// How install requests can be listed.
    InstallRequestSort {
        CreatedDesc = "-created_at", Created, false, "Newest first.",
        Created = "created_at", Created, true, "Oldest first (the review queue's order).",
    }
);

/// An accounting package of the vendor's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountingPackage {
    pub id: Uuid,
    pub name: String,
    /// Inactive packages are kept for the requests that name them, but not offered.
    pub active: bool,
    /// The place in the list, lowest first.
    pub position: i32,
    pub version: i64,
}

/// The list, in its order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountingPackageList {
    pub items: Vec<AccountingPackage>,
}

/// A new package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAccountingPackage {
    #[validate(length(min = 1, max = 100, message = "a name has 1 to 100 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100, example = "Exact Online"))]
    pub name: String,
    /// The place in the list; last by default.
    #[validate(range(min = 0, max = 10000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000))]
    #[serde(default)]
    pub position: Option<i32>,
}

/// Changes to a package. Absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateAccountingPackage {
    #[validate(length(min = 1, max = 100, message = "a name has 1 to 100 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[validate(range(min = 0, max = 10000))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i32>,
}

impl crate::text::TextFields for CreateAccountingPackage {}
impl crate::text::TextFields for UpdateAccountingPackage {}

/// A field a partner's install requests carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PartnerField {
    /// The key in `partner_fields`: a lower-case letter, then letters, digits or `_`.
    #[validate(length(min = 1, max = 40))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 40, pattern = "^[a-z][a-z0-9_]{0,39}$", example = "bank_reference")
    )]
    pub key: String,
    /// What the form shows.
    #[validate(length(min = 1, max = 100, message = "a label has 1 to 100 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100, example = "Referentie bank"))]
    pub label: String,
    pub field_type: FieldType,
    pub required: bool,
}

/// A partner's fields, in the order its form shows them. `PUT` replaces them all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PartnerFields {
    #[validate(length(max = 20, message = "at most 20 fields"), nested)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub items: Vec<PartnerField>,
}

impl crate::text::TextFields for PartnerFields {}
