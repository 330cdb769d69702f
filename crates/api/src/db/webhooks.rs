//! Partners' webhook endpoints, read through the caller's visibility.

use chrono::{DateTime, Utc};
use loket_domain::outbox::JobStatus;
use loket_domain::policy::Visibility;
use loket_domain::webhooks::WebhookEvent;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::entities::webhook_endpoints::{ActiveModel, Column, Entity, Model};
use super::organisations::visible_ids_subquery;
use loket_api_types::pagination::ListSort;

use super::pagination::PageRequest;
use super::tz;

pub fn format_events(events: &[WebhookEvent]) -> String {
    let mut names: Vec<&str> = events.iter().map(|e| e.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.join(" ")
}

pub fn parse_events(stored: &str) -> Vec<WebhookEvent> {
    stored.split_whitespace().filter_map(WebhookEvent::parse).collect()
}

pub async fn find(db: &impl ConnectionTrait, visibility: &Visibility, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).filter(Column::OrganisationId.in_subquery(visible_ids_subquery(visibility))).one(db).await
}

/// An endpoint by id, for the worker (which acts for no one).
pub async fn find_for_delivery(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).one(db).await
}

pub async fn list(
    db: &impl ConnectionTrait,
    visibility: &Visibility,
    organisation_ids: Option<Vec<Uuid>>,
    page: &PageRequest<impl ListSort>,
) -> Result<(Vec<Model>, Option<String>), DbErr> {
    let mut select = Entity::find().filter(Column::OrganisationId.in_subquery(visible_ids_subquery(visibility)));
    if let Some(ids) = organisation_ids {
        select = select.filter(Column::OrganisationId.is_in(ids));
    }
    let rows = page.fetch(db, select, Column::Url, Column::Id).await?;
    Ok(page.finish(rows, |m| (m.url.clone(), m.id)))
}

/// The enabled endpoints of `partner` that subscribed to `event`.
pub async fn subscribed(db: &impl ConnectionTrait, partner: Uuid, event: WebhookEvent) -> Result<Vec<Model>, DbErr> {
    let endpoints =
        Entity::find().filter(Column::OrganisationId.eq(partner)).filter(Column::Enabled.eq(true)).all(db).await?;
    Ok(endpoints.into_iter().filter(|e| parse_events(&e.event_types).contains(&event)).collect())
}

pub struct NewEndpoint {
    pub organisation_id: Uuid,
    pub url: String,
    pub description: String,
    pub event_types: Vec<WebhookEvent>,
    pub secret: String,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewEndpoint, now: DateTime<Utc>) -> Result<Model, DbErr> {
    ActiveModel {
        id: Set(Uuid::now_v7()),
        organisation_id: Set(new.organisation_id),
        url: Set(new.url),
        description: Set(new.description),
        event_types: Set(format_events(&new.event_types)),
        secret: Set(new.secret),
        previous_secret: Set(None),
        previous_secret_expires_at: Set(None),
        enabled: Set(true),
        disabled_reason: Set(None),
        last_delivery_at: Set(None),
        last_delivery_status: Set(None),
        last_http_status: Set(None),
        created_at: Set(tz(now)),
        updated_at: Set(tz(now)),
        version: Set(1),
    }
    .insert(db)
    .await
}

/// Saves url, description, events and enabled state if the version still matches.
pub async fn update_versioned(
    db: &impl ConnectionTrait,
    changed: &Model,
    expected_version: i64,
    now: DateTime<Utc>,
) -> Result<Option<Model>, DbErr> {
    let changes = ActiveModel {
        url: Set(changed.url.clone()),
        description: Set(changed.description.clone()),
        event_types: Set(changed.event_types.clone()),
        enabled: Set(changed.enabled),
        disabled_reason: Set(changed.disabled_reason.clone()),
        ..ActiveModelTrait::default()
    };
    super::versioned::save(db, changed.id, expected_version, changes, now).await
}

/// Replaces the secret; the old one keeps signing until `previous_valid_until`.
pub async fn rotate_secret(
    db: &impl ConnectionTrait,
    endpoint: &Model,
    secret: String,
    previous_valid_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::PreviousSecret, Expr::value(Some(endpoint.secret.clone())))
        .col_expr(Column::PreviousSecretExpiresAt, Expr::value(Some(tz(previous_valid_until))))
        .col_expr(Column::Secret, Expr::value(secret))
        .col_expr(Column::UpdatedAt, Expr::value(tz(now)))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(endpoint.id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> Result<(), DbErr> {
    Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Records the outcome of a delivery attempt on the endpoint.
pub async fn record_attempt(
    db: &impl ConnectionTrait,
    id: Uuid,
    status: JobStatus,
    http_status: Option<u16>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::LastDeliveryAt, Expr::value(Some(tz(now))))
        .col_expr(Column::LastDeliveryStatus, Expr::value(Some(status.as_str())))
        .col_expr(Column::LastHttpStatus, Expr::value(http_status.map(i32::from)))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Stops deliveries to an endpoint (it answered 410 Gone).
pub async fn disable(db: &impl ConnectionTrait, id: Uuid, reason: &str, now: DateTime<Utc>) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::Enabled, Expr::value(false))
        .col_expr(Column::DisabledReason, Expr::value(Some(reason.to_owned())))
        .col_expr(Column::UpdatedAt, Expr::value(tz(now)))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Takes the endpoint's row lock for the rest of the transaction (a no-op update).
pub async fn lock(db: &impl ConnectionTrait, id: Uuid) -> Result<(), DbErr> {
    Entity::update_many().col_expr(Column::Id, Expr::col(Column::Id)).filter(Column::Id.eq(id)).exec(db).await?;
    Ok(())
}
