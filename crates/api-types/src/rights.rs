//! Rights per module: permission groups of a partner (or the vendor) and users' own
//! grants (seed 002, "Cliënt- & kantoorgroepen", "Tokens/rechten").

pub use loket_domain::approvals::DocumentType;
pub use loket_domain::approvals::permissions::{Access, Capability, Module};
pub use loket_domain::approvals::rights::GroupAudience;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// One right: a capability and how far it goes (`read`: see; `write`: also act).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Grant {
    pub capability: Capability,
    pub access: Access,
}

/// A group of users that share a permission set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PermissionGroup {
    pub id: Uuid,
    /// The partner (or the vendor) that keeps the group.
    pub organisation_id: Uuid,
    pub audience: GroupAudience,
    pub name: String,
    pub description: String,
    /// Members sign in with a one-time code by SMS after their password.
    pub requires_second_factor: bool,
    /// Sorted by capability.
    pub permissions: Vec<Grant>,
    pub member_count: u64,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PermissionGroupList {
    /// By name.
    pub items: Vec<PermissionGroup>,
}

/// A new group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreatePermissionGroup {
    /// The partner that keeps it; the caller's own organisation when absent (vendor
    /// staff name the partner).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<Uuid>,
    pub audience: GroupAudience,
    #[validate(length(min = 1, max = 80, message = "a name has 1 to 80 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80, example = "Cliënten met alle rechten"))]
    pub name: String,
    #[validate(length(max = 500, message = "a description has at most 500 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    #[serde(default)]
    pub description: String,
    /// Members must sign in with a one-time code by SMS after their password.
    #[serde(default)]
    pub requires_second_factor: bool,
    /// At most one grant per capability.
    #[validate(length(max = 20, message = "at most 20 rights"))]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    #[serde(default)]
    pub permissions: Vec<Grant>,
}

/// Changes to a group. Absent fields stay as they are; `permissions` replaces the set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdatePermissionGroup {
    #[validate(length(min = 1, max = 80, message = "a name has 1 to 80 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[validate(length(max = 500, message = "a description has at most 500 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_second_factor: Option<bool>,
    #[validate(length(max = 20, message = "at most 20 rights"))]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<Grant>>,
}

impl crate::text::TextFields for CreatePermissionGroup {
    const MULTI_LINE: &'static [&'static str] = &["description"];
}
impl crate::text::TextFields for UpdatePermissionGroup {
    const MULTI_LINE: &'static [&'static str] = &["description"];
}

/// A member of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupMember {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub organisation: crate::me::OrganisationRef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupMemberList {
    /// By organisation, then name; only the members the caller can see.
    pub items: Vec<GroupMember>,
}

/// Adding a user to a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddGroupMember {
    pub user_id: Uuid,
}

impl crate::text::TextFields for AddGroupMember {}

/// A group a user belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupRef {
    pub id: Uuid,
    pub name: String,
    pub audience: GroupAudience,
}

/// What a user may do, and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRights {
    pub user_id: Uuid,
    /// An administrator (vendor or partner administrator, client superuser) holds every
    /// right whatever its groups and grants say.
    pub administrator: bool,
    /// The grants the user holds itself, sorted by capability.
    pub own: Vec<Grant>,
    pub groups: Vec<GroupRef>,
    /// The union of the role's, the groups' and the own rights, sorted by capability.
    pub effective: Vec<Grant>,
}

/// Replaces a user's own grants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReplaceGrants {
    /// At most one grant per capability.
    #[validate(length(max = 20, message = "at most 20 rights"))]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub grants: Vec<Grant>,
}

impl crate::text::TextFields for ReplaceGrants {}

/// Filters for the group list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PermissionGroupQuery {
    /// Only the groups of this partner (or the vendor); the caller's own by default.
    pub organisation_id: Option<Uuid>,
}
