//! Partners' webhook endpoints: registered by the partner's admins (or an API key with
//! `webhooks:manage`, or a vendor admin), secrets shown once and rotatable, deliveries
//! visible with their last status.

use chrono::{Duration, Utc};
use loket_api_types::pagination::{NewestFirst, OldestFirst, Page};
use loket_api_types::webhooks::{
    CreateWebhookRequest, CreatedWebhook, DeliveryListQuery, RotatedSecret, UpdateWebhookRequest, WebhookDelivery,
    WebhookEndpoint, WebhookListQuery,
};
use loket_domain::Role;
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::outbox::JobStatus;
use loket_domain::policy::{Visibility, WebhookAction};
use loket_domain::webhooks::{WebhookEvent, check_endpoint_url};
use sea_orm::DbErr;
use uuid::Uuid;

use crate::adapters::webhook::generate_secret;
use crate::auth::Principal;
use crate::db;
use crate::db::entities::webhook_endpoints;
use crate::db::outbox::JobFilter;
use crate::db::pagination::PageRequest;
use crate::db::webhooks::NewEndpoint;
use crate::error::ApiError;
use crate::jobs::payload::Payload;
use crate::services::access;
use crate::services::audit::Change;
use crate::services::notifications;
use crate::services::organisations::own_organisation;
use crate::services::write::Write;
use crate::state::AppState;

/// How long a rotated-out secret keeps signing beside the new one.
const ROTATION_OVERLAP_HOURS: i64 = 24;

pub fn to_dto(model: &webhook_endpoints::Model) -> WebhookEndpoint {
    WebhookEndpoint {
        id: model.id,
        organisation_id: model.organisation_id,
        url: model.url.clone(),
        description: model.description.clone(),
        event_types: db::webhooks::parse_events(&model.event_types),
        enabled: model.enabled,
        disabled_reason: model.disabled_reason.clone(),
        last_delivery_status: model.last_delivery_status.as_deref().and_then(JobStatus::parse),
        last_delivery_at: model.last_delivery_at.map(|t| t.with_timezone(&Utc)),
        last_http_status: model.last_http_status,
        created_at: model.created_at.with_timezone(&Utc),
        updated_at: model.updated_at.with_timezone(&Utc),
        version: model.version,
    }
}

fn check_url(state: &AppState, url: &str) -> Result<String, ApiError> {
    let url = url.trim();
    check_endpoint_url(url, state.settings.webhook_allows_http())
        .map_err(|e| ApiError::field("url", "url", e.to_string()))?;
    Ok(url.to_owned())
}

async fn visible(state: &AppState, principal: &Principal, id: Uuid) -> Result<webhook_endpoints::Model, ApiError> {
    let found = db::webhooks::find(&state.db, &principal.visibility(), id).await?;
    Ok(access::record_for(state, principal, WebhookAction::Manage, found).await?.0)
}

pub async fn list(
    state: &AppState,
    principal: &Principal,
    query: WebhookListQuery,
) -> Result<Page<WebhookEndpoint>, ApiError> {
    let page = PageRequest::<OldestFirst>::new(None, query.cursor.as_deref(), query.limit)?;
    let visibility = principal.visibility();
    let organisation_ids = if visibility == Visibility::Everything {
        // Vendor staff see every endpoint, but only vendor admins manage them.
        if principal.actor.role() != Some(Role::VendorAdmin) {
            return Err(ApiError::forbidden("Only administrators manage webhooks."));
        }
        query.organisation_id.map(|id| vec![id])
    } else {
        let own = own_organisation(state, principal).await?;
        principal.authorize(WebhookAction::Manage, &db::organisations::facts(&own)?)?;
        if query.organisation_id.is_some_and(|id| id != own.id) {
            return Err(ApiError::NotFound);
        }
        Some(vec![own.id])
    };
    let (rows, next_cursor) = db::webhooks::list(&state.db, &visibility, organisation_ids, &page).await?;
    Ok(Page { items: rows.iter().map(to_dto).collect(), next_cursor })
}

pub async fn get(state: &AppState, principal: &Principal, id: Uuid) -> Result<WebhookEndpoint, ApiError> {
    Ok(to_dto(&visible(state, principal, id).await?))
}

/// The fields of an endpoint the audit log compares (the signing secret only as changed).
fn audited(model: &webhook_endpoints::Model) -> Snapshot {
    Snapshot::new()
        .field("url", &model.url)
        .field("description", &model.description)
        .field("event_types", &model.event_types)
        .field("enabled", model.enabled)
        .field("secret", &model.secret)
}

pub async fn create(
    state: &AppState,
    principal: &Principal,
    request: CreateWebhookRequest,
) -> Result<CreatedWebhook, ApiError> {
    let organisation =
        access::organisation_for(state, principal, WebhookAction::Manage, request.organisation_id).await?;
    let url = check_url(state, &request.url)?;
    let secret = generate_secret();
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = db::webhooks::insert(
        write.db(),
        NewEndpoint {
            organisation_id: organisation.id,
            url,
            description: request.description.trim().to_owned(),
            event_types: request.event_types,
            secret: secret.clone(),
        },
        Utc::now(),
    )
    .await?;
    let change = Change::created(EntityType::WebhookEndpoint, saved.id, Some(organisation.id), &audited(&saved));
    write.record(change).await?;
    write.commit().await?;
    tracing::info!(endpoint_id = %saved.id, organisation_id = %organisation.id, "webhook endpoint registered");
    Ok(CreatedWebhook { endpoint: to_dto(&saved), secret })
}

pub async fn update(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    expected_version: i64,
    request: UpdateWebhookRequest,
) -> Result<WebhookEndpoint, ApiError> {
    let mut endpoint = visible(state, principal, id).await?;
    let before = audited(&endpoint);
    if let Some(url) = &request.url {
        endpoint.url = check_url(state, url)?;
    }
    if let Some(description) = &request.description {
        endpoint.description = description.trim().to_owned();
    }
    if let Some(events) = &request.event_types {
        endpoint.event_types = db::webhooks::format_events(events);
    }
    if let Some(enabled) = request.enabled {
        endpoint.enabled = enabled;
        endpoint.disabled_reason = (!enabled).then(|| "paused by the partner".to_owned());
    }
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = db::webhooks::update_versioned(write.db(), &endpoint, expected_version, Utc::now())
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    let change =
        Change::updated(EntityType::WebhookEndpoint, saved.id, Some(saved.organisation_id), &before, &audited(&saved));
    write.record(change).await?;
    write.commit().await?;
    Ok(to_dto(&saved))
}

pub async fn delete(state: &AppState, principal: &Principal, id: Uuid) -> Result<(), ApiError> {
    let endpoint = visible(state, principal, id).await?;
    let mut write = Write::begin(state, principal.into()).await?;
    db::webhooks::delete(write.db(), endpoint.id).await?;
    let change =
        Change::deleted(EntityType::WebhookEndpoint, endpoint.id, Some(endpoint.organisation_id), &audited(&endpoint));
    write.record(change).await?;
    write.commit().await?;
    tracing::info!(endpoint_id = %endpoint.id, "webhook endpoint deleted");
    Ok(())
}

/// A new secret; the old one keeps signing alongside it for a day so receivers can switch.
pub async fn rotate_secret(state: &AppState, principal: &Principal, id: Uuid) -> Result<RotatedSecret, ApiError> {
    let endpoint = visible(state, principal, id).await?;
    let now = Utc::now();
    let until = now + Duration::hours(ROTATION_OVERLAP_HOURS);
    let secret = generate_secret();
    let mut write = Write::begin(state, principal.into()).await?;
    db::webhooks::rotate_secret(write.db(), &endpoint, secret.clone(), until, now).await?;
    let rotated = webhook_endpoints::Model { secret: secret.clone(), ..endpoint.clone() };
    let change = Change::updated(
        EntityType::WebhookEndpoint,
        endpoint.id,
        Some(endpoint.organisation_id),
        &audited(&endpoint),
        &audited(&rotated),
    )
    .with_action(AuditAction::SecretRotated);
    write.record(change).await?;
    write.commit().await?;
    tracing::info!(endpoint_id = %endpoint.id, "webhook secret rotated");
    Ok(RotatedSecret { secret, previous_secret_valid_until: until })
}

/// Queues a `webhook.test` event to the endpoint; at most one waits per endpoint, so
/// test pings cannot be used to flood an address or the queue.
pub async fn send_test(state: &AppState, principal: &Principal, id: Uuid) -> Result<WebhookDelivery, ApiError> {
    let endpoint = visible(state, principal, id).await?;
    let mut write = Write::begin(state, principal.into()).await?;
    // Serialises concurrent pings for this endpoint (row lock; SQLite's write lock).
    db::webhooks::lock(write.db(), endpoint.id).await?;
    let marker = format!("\"event_type\":\"{}\"", WebhookEvent::WebhookTest.as_str());
    if db::outbox::has_unfinished(write.db(), endpoint.id, &marker).await? {
        return Err(ApiError::conflict(
            loket_api_types::ErrorCode::Conflict,
            "A test event for this endpoint is still waiting to be delivered; wait for its result.",
        ));
    }
    let data = serde_json::json!({ "endpoint_id": endpoint.id, "message": "Test from Loket" });
    let job_id = notifications::queue_webhook(state, write.db(), &endpoint, WebhookEvent::WebhookTest, data).await?;
    let change =
        Change::event(AuditAction::TestSent, EntityType::WebhookEndpoint, endpoint.id, Some(endpoint.organisation_id));
    write.record(change).await?;
    write.commit().await?;
    let job = db::outbox::find(&state.db, job_id).await?.ok_or(ApiError::NotFound)?;
    Ok(delivery_dto(&job)?)
}

pub fn delivery_dto(job: &crate::db::entities::outbox_jobs::Model) -> Result<WebhookDelivery, DbErr> {
    let event_type = match serde_json::from_str::<Payload>(&job.payload) {
        Ok(Payload::Webhook(message)) => message.event_type,
        _ => WebhookEvent::WebhookTest,
    };
    let status = db::stored(JobStatus::parse(&job.status), "outbox_jobs.status", &job.status)?;
    Ok(WebhookDelivery {
        id: job.id,
        event_type,
        status,
        attempts: job.attempts,
        last_http_status: job.last_http_status,
        last_error: job.last_error.clone(),
        next_attempt_at: status.is_due_kind().then(|| job.run_at.with_timezone(&Utc)),
        created_at: job.created_at.with_timezone(&Utc),
        delivered_at: job.sent_at.map(|t| t.with_timezone(&Utc)),
    })
}

pub async fn deliveries(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    query: DeliveryListQuery,
) -> Result<Page<WebhookDelivery>, ApiError> {
    let endpoint = visible(state, principal, id).await?;
    let page = PageRequest::<NewestFirst>::new(None, query.cursor.as_deref(), query.limit)?;
    let filter = JobFilter { reference: Some(endpoint.id), ..Default::default() };
    let (rows, next_cursor) = db::outbox::list(&state.db, &filter, &page).await?;
    Ok(Page { items: rows.iter().map(delivery_dto).collect::<Result<_, _>>()?, next_cursor })
}
