//! The audit log as the API shows it.

use chrono::{DateTime, Utc};
pub use loket_domain::audit::{ActorType, AuditAction, EntityType, FieldChange};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// Who made a change. `name` is the user's or key's name at the time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditActor {
    pub kind: ActorType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<Uuid>,
    pub name: String,
}

/// One change: who did what to which record, which fields changed from what to what.
/// Secret fields show as changed with the value `"[redacted]"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    /// The organisation the changed record belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<Uuid>,
    pub action: AuditAction,
    pub entity_type: EntityType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<Uuid>,
    /// The record whose history this belongs to (a branch's is its organisation).
    pub subject_type: EntityType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<Uuid>,
    pub actor: AuditActor,
    pub changes: Vec<FieldChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// Filters for the audit log, which is always newest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AuditEventListQuery {
    /// Only changes to records of this organisation.
    pub organisation_id: Option<Uuid>,
    /// Only changes to records of this type.
    pub entity_type: Option<EntityType>,
    /// Only changes to this record.
    pub entity_id: Option<Uuid>,
    /// Only the history of records of this type (with `subject_id`: one record's timeline).
    pub subject_type: Option<EntityType>,
    /// Only the history of this record.
    pub subject_id: Option<Uuid>,
    /// Only this kind of change.
    pub action: Option<AuditAction>,
    /// Only changes made by this user.
    pub actor_user_id: Option<Uuid>,
    /// Only changes made with this API key.
    pub actor_api_key_id: Option<Uuid>,
    /// Only changes at or after this moment.
    pub since: Option<DateTime<Utc>>,
    /// Only changes before this moment.
    pub until: Option<DateTime<Utc>>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", param(max_length = 500))]
    pub cursor: Option<String>,
    /// Page size, 1 to 200; 50 by default.
    #[validate(range(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}
