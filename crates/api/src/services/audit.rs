//! The audit log: every change is recorded by [`record`] in the transaction of the change
//! (so a change that rolls back leaves no entry), and read by [`list`].

use chrono::Utc;
use loket_api_types::audit::{AuditActor, AuditEvent, AuditEventListQuery};
use loket_api_types::pagination::{NewestFirst, Page};
use loket_domain::audit::{ActorType, AuditAction, EntityType, FieldChange, Snapshot, changes};
use loket_domain::policy::{ActorKind, AuditLogScope, audit_log_scope};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::auth::Principal;
use crate::auth::origin::RequestOrigin;
use crate::db;
use crate::db::entities::{audit_events, users};
use crate::db::pagination::PageRequest;
use crate::error::ApiError;
use crate::state::AppState;

/// Who made a change, and from where.
#[derive(Debug, Clone)]
pub struct Author {
    pub actor_type: ActorType,
    pub user_id: Option<Uuid>,
    pub api_key_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
    pub name: String,
    pub client_ip: Option<String>,
    pub request_id: Option<String>,
}

impl Author {
    /// A user acting without a session yet (signing in, accepting an invitation).
    pub fn user(user: &users::Model, origin: &RequestOrigin) -> Self {
        Self {
            actor_type: ActorType::User,
            user_id: Some(user.id),
            api_key_id: None,
            organisation_id: Some(user.organisation_id),
            name: user.name.clone(),
            client_ip: Some(origin.ip.to_string()),
            request_id: origin.request_id.clone(),
        }
    }

    /// Loket itself: the outbox worker, scheduled jobs.
    pub fn system(name: &str) -> Self {
        Self {
            actor_type: ActorType::System,
            user_id: None,
            api_key_id: None,
            organisation_id: None,
            name: name.to_owned(),
            client_ip: None,
            request_id: None,
        }
    }

    /// Loket acting on a request it refused (for example a stolen token presented):
    /// the entry keeps the address and request id of whoever sent it.
    pub fn system_for(name: &str, origin: &RequestOrigin) -> Self {
        Self { client_ip: Some(origin.ip.to_string()), request_id: origin.request_id.clone(), ..Self::system(name) }
    }
}

impl From<&Principal> for Author {
    fn from(principal: &Principal) -> Self {
        let (actor_type, user_id, api_key_id) = match &principal.actor.kind {
            ActorKind::User { user_id, .. } => (ActorType::User, Some(*user_id), None),
            ActorKind::ApiKey { key_id, .. } => (ActorType::ApiKey, None, Some(*key_id)),
        };
        Self {
            actor_type,
            user_id,
            api_key_id,
            organisation_id: Some(principal.actor.organisation_id),
            name: principal.name.clone(),
            client_ip: Some(principal.origin.ip.to_string()),
            request_id: principal.origin.request_id.clone(),
        }
    }
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct Change {
    action: AuditAction,
    entity_type: EntityType,
    entity_id: Uuid,
    organisation_id: Option<Uuid>,
    subject: Option<(EntityType, Uuid)>,
    changes: Vec<FieldChange>,
    staff_only: bool,
}

impl Change {
    /// Something happened to a record (signed in, revoked, a test was sent) without a
    /// field comparison of its own.
    pub fn event(action: AuditAction, entity_type: EntityType, entity_id: Uuid, organisation_id: Option<Uuid>) -> Self {
        Self { action, entity_type, entity_id, organisation_id, subject: None, changes: Vec::new(), staff_only: false }
    }

    pub fn created(entity_type: EntityType, entity_id: Uuid, organisation_id: Option<Uuid>, after: &Snapshot) -> Self {
        Self::event(AuditAction::Created, entity_type, entity_id, organisation_id).comparing(None, Some(after))
    }

    pub fn updated(
        entity_type: EntityType,
        entity_id: Uuid,
        organisation_id: Option<Uuid>,
        before: &Snapshot,
        after: &Snapshot,
    ) -> Self {
        Self::event(AuditAction::Updated, entity_type, entity_id, organisation_id).comparing(Some(before), Some(after))
    }

    pub fn deleted(entity_type: EntityType, entity_id: Uuid, organisation_id: Option<Uuid>, before: &Snapshot) -> Self {
        Self::event(AuditAction::Deleted, entity_type, entity_id, organisation_id).comparing(Some(before), None)
    }

    /// Adds the fields that differ between `before` and `after`.
    pub fn comparing(mut self, before: Option<&Snapshot>, after: Option<&Snapshot>) -> Self {
        self.changes.extend(changes(before, after));
        self
    }

    pub fn with_action(mut self, action: AuditAction) -> Self {
        self.action = action;
        self
    }

    /// The record whose history this change belongs to, when it is not the changed
    /// record itself (a branch belongs to its organisation's history).
    pub fn in_history_of(mut self, subject_type: EntityType, subject_id: Uuid) -> Self {
        self.subject = Some((subject_type, subject_id));
        self
    }

    /// Shown to vendor staff only (internal notes and the like).
    pub fn staff_only(mut self) -> Self {
        self.staff_only = true;
        self
    }

    /// Whether recording would say anything: an update that changed no audited field is
    /// not a change.
    pub fn is_empty(&self) -> bool {
        self.action == AuditAction::Updated && self.changes.is_empty()
    }
}

/// Appends `change` by `author`, in `db` (the caller's transaction). An update without
/// changed fields is not recorded.
pub async fn record(db: &impl ConnectionTrait, author: &Author, change: Change) -> Result<(), ApiError> {
    if let Some(event) = event_of(author, change) {
        db::audit::insert(db, event).await?;
    }
    Ok(())
}

/// Records many changes by one author in a few statements (an import's clients).
pub async fn record_many(db: &impl ConnectionTrait, author: &Author, changes: Vec<Change>) -> Result<(), ApiError> {
    let events = changes.into_iter().filter_map(|change| event_of(author, change)).collect();
    db::audit::insert_many(db, events).await?;
    Ok(())
}

fn event_of(author: &Author, change: Change) -> Option<db::audit::NewEvent> {
    if change.is_empty() {
        return None;
    }
    let (subject_type, subject_id) = change.subject.unwrap_or((change.entity_type, change.entity_id));
    Some(db::audit::NewEvent {
        occurred_at: Utc::now(),
        organisation_id: change.organisation_id,
        action: change.action,
        entity_type: change.entity_type,
        entity_id: Some(change.entity_id),
        subject_type,
        subject_id: Some(subject_id),
        actor_type: author.actor_type,
        actor_user_id: author.user_id,
        actor_api_key_id: author.api_key_id,
        actor_organisation_id: author.organisation_id,
        actor_name: author.name.clone(),
        changes: change.changes,
        staff_only: change.staff_only,
        client_ip: author.client_ip.clone(),
        request_id: author.request_id.clone(),
    })
}

/// The part of the log the caller reads (see [`audit_log_scope`]).
fn scope_of(principal: &Principal) -> Result<db::audit::Scope, ApiError> {
    match audit_log_scope(&principal.actor) {
        Some(AuditLogScope::Everything) => Ok(db::audit::Scope { organisation_id: None, staff: true }),
        Some(AuditLogScope::Organisation(id)) => Ok(db::audit::Scope { organisation_id: Some(id), staff: false }),
        None => Err(ApiError::forbidden("Only administrators read the audit log.")),
    }
}

pub async fn list(
    state: &AppState,
    principal: &Principal,
    query: AuditEventListQuery,
) -> Result<Page<AuditEvent>, ApiError> {
    let scope = scope_of(principal)?;
    let page = PageRequest::<NewestFirst>::new(None, query.cursor.as_deref(), query.limit)?;
    // An empty or backwards range holds no entries (`since` inclusive, `until` exclusive).
    if let (Some(since), Some(until)) = (query.since, query.until)
        && since >= until
    {
        return Ok(Page { items: Vec::new(), next_cursor: None });
    }
    let filter = db::audit::Filter {
        organisation_id: query.organisation_id,
        entity_type: query.entity_type,
        entity_id: query.entity_id,
        subject_type: query.subject_type,
        subject_id: query.subject_id,
        action: query.action,
        actor_user_id: query.actor_user_id,
        actor_api_key_id: query.actor_api_key_id,
        since: query.since,
        until: query.until,
    };
    let (rows, next_cursor) = db::audit::list(&state.db, scope, &filter, &page).await?;
    let items = rows.iter().map(to_dto).collect::<Result<Vec<_>, _>>()?;
    Ok(Page { items, next_cursor })
}

/// A stored entry as the API shows it. A name the code does not know is a broken
/// database, not something to show as another value.
fn to_dto(model: &audit_events::Model) -> Result<AuditEvent, ApiError> {
    let broken = |what: &str, value: &str| {
        ApiError::internal(anyhow::anyhow!("audit event {} has unknown {what} {value:?}", model.id))
    };
    let action = AuditAction::parse(&model.action).ok_or_else(|| broken("action", &model.action))?;
    let entity_type = EntityType::parse(&model.entity_type).ok_or_else(|| broken("entity type", &model.entity_type))?;
    let subject_type =
        EntityType::parse(&model.subject_type).ok_or_else(|| broken("subject type", &model.subject_type))?;
    let actor_type = ActorType::parse(&model.actor_type).ok_or_else(|| broken("actor type", &model.actor_type))?;
    let changes: Vec<FieldChange> =
        serde_json::from_str(&model.changes).map_err(|_| broken("changes", &model.changes))?;
    Ok(AuditEvent {
        id: model.id,
        occurred_at: model.occurred_at.with_timezone(&Utc),
        organisation_id: model.organisation_id,
        action,
        entity_type,
        entity_id: model.entity_id,
        subject_type,
        subject_id: model.subject_id,
        actor: AuditActor {
            kind: actor_type,
            user_id: model.actor_user_id,
            api_key_id: model.actor_api_key_id,
            organisation_id: model.actor_organisation_id,
            name: model.actor_name.clone(),
        },
        changes,
        client_ip: model.client_ip.clone(),
        request_id: model.request_id.clone(),
    })
}
