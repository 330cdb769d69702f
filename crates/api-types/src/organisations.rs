//! Organisations (vendor, partners, clients) and partner branches.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::{OrganisationKind, PartnerKind};

/// An organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    pub id: Uuid,
    pub kind: OrganisationKind,
    pub name: String,
    /// For partners: their line of business.
    pub partner_kind: Option<PartnerKind>,
    /// Chamber of Commerce number: 8 digits (KvK) or 10 digits (KBO/BCE).
    pub coc_number: Option<String>,
    /// VAT number, `NL` + 9 digits + `B` + 2 digits, or `BE` + 10 digits.
    pub vat_number: Option<String>,
    /// For clients: the partner that manages them.
    pub managing_partner_id: Option<Uuid>,
    /// For clients of a partner with branches: the branch they belong to.
    pub branch_id: Option<Uuid>,
    /// For clients: the number printed on their invoices, with which their people ask for
    /// a login.
    pub customer_number: Option<String>,
    /// For clients: the consultant they are sent to for work outside the support contract.
    pub consultant: Option<Consultant>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; send it back as `If-Match: "<version>"`.
    pub version: i64,
}

/// The person a client turns to for advice and work outside the support contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consultant {
    pub name: String,
    pub email: Option<String>,
    /// E.164, e.g. `+31302345678`.
    pub phone: Option<String>,
}

/// A new organisation. What it needs depends on `kind` (there is only one vendor): a
/// partner names its line of business; a client may name the partner that manages it
/// and, for a partner with branches, the branch (`branch_id` needs `managing_partner_id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CreateOrganisationRequest {
    Partner(NewPartner),
    Client(NewClient),
}

impl CreateOrganisationRequest {
    pub fn kind(&self) -> OrganisationKind {
        match self {
            Self::Partner(_) => OrganisationKind::Partner,
            Self::Client(_) => OrganisationKind::Client,
        }
    }
}

impl Validate for CreateOrganisationRequest {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        match self {
            Self::Partner(partner) => partner.validate(),
            Self::Client(client) => client.validate(),
        }
    }
}

/// A new partner: a bank, factoring company, accountancy or reseller that brings in clients.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPartner {
    #[validate(length(min = 1, max = 200, message = "a name has 1 to 200 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200, example = "Noordbank N.V."))]
    pub name: String,
    pub partner_kind: PartnerKind,
    /// Chamber of Commerce number: 8 digits (KvK) or 10 digits (KBO/BCE).
    #[validate(length(max = 20, message = "at most 20 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, example = "12345678"))]
    #[serde(default)]
    pub coc_number: Option<String>,
    /// VAT number, `NL` + 9 digits + `B` + 2 digits, or `BE` + 10 digits.
    #[validate(length(max = 20, message = "at most 20 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, example = "NL123456789B01"))]
    #[serde(default)]
    pub vat_number: Option<String>,
}

/// A new client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    #[validate(length(min = 1, max = 200, message = "a name has 1 to 200 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, example = "Bakkerij De Korenschoof B.V.")
    )]
    pub name: String,
    /// Chamber of Commerce number: 8 digits (KvK) or 10 digits (KBO/BCE).
    #[validate(length(max = 20, message = "at most 20 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, example = "12345678"))]
    #[serde(default)]
    pub coc_number: Option<String>,
    /// VAT number, `NL` + 9 digits + `B` + 2 digits, or `BE` + 10 digits.
    #[validate(length(max = 20, message = "at most 20 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, example = "NL123456789B01"))]
    #[serde(default)]
    pub vat_number: Option<String>,
    /// The partner that manages the client; absent when the vendor serves it directly.
    #[serde(default)]
    pub managing_partner_id: Option<Uuid>,
    /// A branch of the managing partner.
    #[serde(default)]
    pub branch_id: Option<Uuid>,
    /// The number on the client's invoices: 4 to 20 letters, digits and hyphens (stored
    /// upper-case). Unique.
    #[validate(length(max = 20, message = "at most 20 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, example = "KS-10234"))]
    #[serde(default)]
    pub customer_number: Option<String>,
    /// The client's consultant: a name (and then optionally an e-mail address and phone).
    #[validate(length(max = 120, message = "at most 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 120, example = "Sanne Verbeek"))]
    #[serde(default)]
    pub consultant_name: Option<String>,
    #[validate(length(max = 254, message = "at most 254 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 254, example = "sanne.verbeek@loket.example"))]
    #[serde(default)]
    pub consultant_email: Option<String>,
    #[validate(length(max = 32, message = "at most 32 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 32, example = "+31302345678"))]
    #[serde(default)]
    pub consultant_phone: Option<String>,
}

/// Changes to an organisation. Absent fields stay; for the optional registration numbers
/// an empty string removes the value.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganisationRequest {
    #[validate(length(min = 1, max = 200, message = "a name has 1 to 200 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_kind: Option<PartnerKind>,
    #[validate(length(max = 20, message = "at most 20 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coc_number: Option<String>,
    #[validate(length(max = 20, message = "at most 20 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_number: Option<String>,
    /// For clients of a partner with branches: move the client to this branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch_id: Option<Uuid>,
    /// For clients: `true` removes the branch, so every branch of the partner sees it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clear_branch: Option<bool>,
    /// For clients; an empty string removes these values (an empty consultant name
    /// removes the consultant).
    /// The number on the client's invoices: 4 to 20 letters, digits and hyphens (stored
    /// upper-case). Unique.
    #[validate(length(max = 20, message = "at most 20 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, example = "KS-10234"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_number: Option<String>,
    /// The client's consultant: a name (and then optionally an e-mail address and phone).
    #[validate(length(max = 120, message = "at most 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 120, example = "Sanne Verbeek"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant_name: Option<String>,
    #[validate(length(max = 254, message = "at most 254 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 254, example = "sanne.verbeek@loket.example"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant_email: Option<String>,
    #[validate(length(max = 32, message = "at most 32 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 32, example = "+31302345678"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultant_phone: Option<String>,
}

/// Filters for the organisation list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct OrganisationListQuery {
    /// Only organisations of this kind.
    pub kind: Option<OrganisationKind>,
    /// Only clients managed by this partner.
    pub managing_partner_id: Option<Uuid>,
    /// Case-insensitive search in the name, CoC and VAT numbers.
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
    /// Sort order; `name` by default.
    pub sort: Option<OrganisationSort>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", param(max_length = 500))]
    pub cursor: Option<String>,
    /// Page size, 1 to 200; 50 by default.
    #[validate(range(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

/// A branch (vestiging) of a partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Branch {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// A new branch.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateBranchRequest {
    #[validate(length(min = 1, max = 200, message = "a name has 1 to 200 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200, example = "Vestiging Utrecht"))]
    pub name: String,
}

// Every text field of these bodies is a single line.
impl crate::text::TextFields for CreateOrganisationRequest {}
impl crate::text::TextFields for UpdateOrganisationRequest {}
impl crate::text::TextFields for CreateBranchRequest {}

crate::list_sort!(
    /// How organisations can be listed; rows with equal names keep one fixed order.
    OrganisationSort {
        Name = "name", Text, true, "By name, A to Z.",
        NameDesc = "-name", Text, false, "By name, Z to A.",
        Created = "created_at", Created, true, "Oldest first.",
        CreatedDesc = "-created_at", Created, false, "Newest first.",
    }
);
