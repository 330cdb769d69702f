//! `/api/v1/outbox`: the notification queue, for vendor administrators.

use actix_web::web::Data;
use actix_web::{HttpResponse, get, post};
use loket_api_types::outbox::{OutboxCounts, OutboxJob, OutboxListQuery};
use loket_api_types::pagination::Page;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{PathId, Query};
use crate::services;
use crate::state::AppState;

/// Registers this module's handlers (and so their OpenAPI operations).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_outbox_jobs).service(count_outbox_jobs).service(get_outbox_job).service(retry_outbox_job);
}

/// Notifications by state (pending, failed, dead, sent), newest first.
#[utoipa::path(
    tag = "outbox",
    operation_id = "list_outbox_jobs",
    params(OutboxListQuery),
    responses((status = 200, description = "A page of jobs", body = Page<OutboxJob>)),
    security(("bearer" = []))
)]
#[get("/outbox")]
pub async fn list_outbox_jobs(
    state: Data<AppState>,
    principal: Principal,
    query: Query<OutboxListQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::outbox::list(&state, &principal, query.0).await?))
}

/// How many notifications are in each state.
#[utoipa::path(
    tag = "outbox",
    operation_id = "count_outbox_jobs",
    responses((status = 200, description = "Counts per state", body = OutboxCounts)),
    security(("bearer" = []))
)]
#[get("/outbox/counts")]
pub async fn count_outbox_jobs(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::outbox::counts(&state, &principal).await?))
}

/// One notification, with its last error.
#[utoipa::path(
    tag = "outbox",
    operation_id = "get_outbox_job",
    params(("id" = Uuid, Path, description = "Job id")),
    responses((status = 200, description = "The job", body = OutboxJob)),
    security(("bearer" = []))
)]
#[get("/outbox/{id}")]
pub async fn get_outbox_job(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::outbox::get(&state, &principal, id.0).await?))
}

/// Try a dead or failed notification again, now, with its attempts reset.
#[utoipa::path(
    tag = "outbox",
    operation_id = "retry_outbox_job",
    params(("id" = Uuid, Path, description = "Job id")),
    responses(
        (status = 200, description = "Queued again", body = OutboxJob),
        (status = 409, description = "The job is pending or already sent", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/outbox/{id}/retry")]
pub async fn retry_outbox_job(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::outbox::retry(&state, &principal, id.0).await?))
}
