//! The audit log table: appending in the caller's transaction, and reading with a scope.

use chrono::{DateTime, Utc};
use loket_domain::audit::{ActorType, AuditAction, EntityType, FieldChange};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::entities::audit_events::{ActiveModel, Column, Entity, Model};
use loket_api_types::pagination::ListSort;

use super::pagination::PageRequest;
use super::tz;

/// One entry to append. Built by `services::audit`, which fills in the actor.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub occurred_at: DateTime<Utc>,
    pub organisation_id: Option<Uuid>,
    pub action: AuditAction,
    pub entity_type: EntityType,
    pub entity_id: Option<Uuid>,
    pub subject_type: EntityType,
    pub subject_id: Option<Uuid>,
    pub actor_type: ActorType,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key_id: Option<Uuid>,
    pub actor_organisation_id: Option<Uuid>,
    pub actor_name: String,
    pub changes: Vec<FieldChange>,
    pub staff_only: bool,
    pub client_ip: Option<String>,
    pub request_id: Option<String>,
}

pub async fn insert(db: &impl ConnectionTrait, event: NewEvent) -> Result<Model, DbErr> {
    row(event)?.insert(db).await
}

/// Many entries at once (an import's clients), a few hundred to a statement.
pub async fn insert_many(db: &impl ConnectionTrait, events: Vec<NewEvent>) -> Result<(), DbErr> {
    let mut events = events.into_iter().peekable();
    while events.peek().is_some() {
        let rows = events.by_ref().take(super::BULK_ROWS).map(row).collect::<Result<Vec<_>, _>>()?;
        Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

fn row(event: NewEvent) -> Result<ActiveModel, DbErr> {
    let changes = serde_json::to_string(&event.changes).map_err(|e| DbErr::Custom(e.to_string()))?;
    Ok(ActiveModel {
        id: Set(Uuid::now_v7()),
        occurred_at: Set(tz(event.occurred_at)),
        organisation_id: Set(event.organisation_id),
        action: Set(event.action.as_str().to_owned()),
        entity_type: Set(event.entity_type.as_str().to_owned()),
        entity_id: Set(event.entity_id),
        subject_type: Set(event.subject_type.as_str().to_owned()),
        subject_id: Set(event.subject_id),
        actor_type: Set(event.actor_type.as_str().to_owned()),
        actor_user_id: Set(event.actor_user_id),
        actor_api_key_id: Set(event.actor_api_key_id),
        actor_organisation_id: Set(event.actor_organisation_id),
        actor_name: Set(event.actor_name.chars().take(200).collect()),
        changes: Set(changes),
        staff_only: Set(event.staff_only),
        client_ip: Set(event.client_ip),
        request_id: Set(event.request_id.map(|id| id.chars().take(100).collect())),
    })
}

/// Which entries a caller may read.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    /// `None`: every organisation's entries (vendor administrators).
    pub organisation_id: Option<Uuid>,
    /// Whether staff-only entries are included (vendor staff).
    pub staff: bool,
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub organisation_id: Option<Uuid>,
    pub entity_type: Option<EntityType>,
    pub entity_id: Option<Uuid>,
    pub subject_type: Option<EntityType>,
    pub subject_id: Option<Uuid>,
    pub action: Option<AuditAction>,
    pub actor_user_id: Option<Uuid>,
    pub actor_api_key_id: Option<Uuid>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// Entries in `scope` matching `filter`, newest first (ids are time-ordered UUIDv7).
pub async fn list(
    db: &impl ConnectionTrait,
    scope: Scope,
    filter: &Filter,
    page: &PageRequest<impl ListSort>,
) -> Result<(Vec<Model>, Option<String>), DbErr> {
    let mut select = Entity::find();
    if let Some(organisation_id) = scope.organisation_id {
        select = select.filter(Column::OrganisationId.eq(organisation_id));
    }
    if !scope.staff {
        select = select.filter(Column::StaffOnly.eq(false));
    }
    if let Some(id) = filter.organisation_id {
        select = select.filter(Column::OrganisationId.eq(id));
    }
    if let Some(kind) = filter.entity_type {
        select = select.filter(Column::EntityType.eq(kind.as_str()));
    }
    if let Some(id) = filter.entity_id {
        select = select.filter(Column::EntityId.eq(id));
    }
    if let Some(kind) = filter.subject_type {
        select = select.filter(Column::SubjectType.eq(kind.as_str()));
    }
    if let Some(id) = filter.subject_id {
        select = select.filter(Column::SubjectId.eq(id));
    }
    if let Some(action) = filter.action {
        select = select.filter(Column::Action.eq(action.as_str()));
    }
    if let Some(id) = filter.actor_user_id {
        select = select.filter(Column::ActorUserId.eq(id));
    }
    if let Some(id) = filter.actor_api_key_id {
        select = select.filter(Column::ActorApiKeyId.eq(id));
    }
    if let Some(since) = filter.since {
        select = select.filter(Column::OccurredAt.gte(tz(since)));
    }
    if let Some(until) = filter.until {
        select = select.filter(Column::OccurredAt.lt(tz(until)));
    }
    let rows = page.fetch(db, select, Column::Id, Column::Id).await?;
    Ok(page.finish(rows, |m| (String::new(), m.id)))
}
