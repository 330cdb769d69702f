//! The signed-in user's own account.

use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::{Language, OrganisationKind, Role};

/// The signed-in user, with their organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub language: Language,
    pub role: Role,
    pub is_contact_person: bool,
    pub is_technical_contact: bool,
    /// The partner branches the user is limited to; empty means all.
    pub branch_ids: Vec<Uuid>,
    pub organisation: OrganisationRef,
}

/// A short reference to an organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationRef {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganisationKind,
}

/// Changes to one's own profile. Absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    #[validate(length(min = 1, max = 120, message = "a name has 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A phone number; an empty string removes it.
    #[validate(length(max = 32, message = "a phone number has at most 32 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 32, example = "+31 20 123 4567"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

/// Changing one's own password. Other sessions are signed out.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 1024, message = "enter your current password"))]
    #[cfg_attr(feature = "openapi", schema(format = Password, min_length = 1, max_length = 1024))]
    pub current_password: String,
    #[validate(length(min = 1, max = 1024, message = "choose a new password"))]
    #[cfg_attr(feature = "openapi", schema(format = Password, min_length = 12, max_length = 1024))]
    pub new_password: String,
}

// Every text field of these bodies is a single line.
impl crate::text::TextFields for UpdateMeRequest {}
impl crate::text::TextFields for ChangePasswordRequest {}
