//! Users of every organisation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::{Language, Role};

/// Where an account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// Invited; has not chosen a password yet.
    Invited,
    /// Can sign in.
    Active,
    /// Deactivated by an administrator; cannot sign in.
    Deactivated,
}

/// A user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub language: Language,
    pub role: Role,
    /// A fixed contact person of the organisation (tickets, notifications).
    pub is_contact_person: bool,
    /// The technical contact (installation instructions).
    pub is_technical_contact: bool,
    pub status: UserStatus,
    /// For partner users: the branches they are limited to; empty means all.
    pub branch_ids: Vec<Uuid>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; send it back as `If-Match: "<version>"`.
    pub version: i64,
}

/// A new user. The user receives an invitation e-mail to choose a password.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    pub organisation_id: Uuid,
    #[validate(length(min = 1, max = 254, message = "enter an e-mail address"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 254, example = "j.jansen@bakkerij.example"))]
    pub email: String,
    #[validate(length(min = 1, max = 120, message = "a name has 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120, example = "Jan Jansen"))]
    pub name: String,
    #[validate(length(max = 32, message = "a phone number has at most 32 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 32))]
    #[serde(default)]
    pub phone: Option<String>,
    /// The language of e-mails and the app; Dutch by default.
    #[serde(default)]
    pub language: Option<Language>,
    /// Must fit the organisation's kind.
    pub role: Role,
    #[serde(default)]
    pub is_contact_person: bool,
    #[serde(default)]
    pub is_technical_contact: bool,
    /// For partner users: limit them to these branches of their organisation.
    #[validate(length(max = 50))]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    #[serde(default)]
    pub branch_ids: Vec<Uuid>,
}

/// Changes to a user. Absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[validate(length(min = 1, max = 120, message = "a name has 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An empty string removes the phone number.
    #[validate(length(max = 32, message = "a phone number has at most 32 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 32))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_contact_person: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_technical_contact: Option<bool>,
    #[validate(length(max = 50))]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch_ids: Option<Vec<Uuid>>,
    /// `false` deactivates the account and signs it out everywhere; `true` reactivates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// Filters for the user list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct UserListQuery {
    /// Only users of this organisation.
    pub organisation_id: Option<Uuid>,
    /// Only users with this role.
    pub role: Option<Role>,
    /// Only users in this state.
    pub status: Option<UserStatus>,
    /// Case-insensitive search in name and e-mail address.
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
    /// Sort order; `name` by default.
    pub sort: Option<UserSort>,
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
impl crate::text::TextFields for CreateUserRequest {}
impl crate::text::TextFields for UpdateUserRequest {}

crate::list_sort!(
    /// How users can be listed; rows with equal names keep one fixed order.
    UserSort {
        Name = "name", Text, true, "By name, A to Z.",
        NameDesc = "-name", Text, false, "By name, Z to A.",
        Created = "created_at", Created, true, "Oldest first.",
        CreatedDesc = "-created_at", Created, false, "Newest first.",
    }
);
