//! `/api/v1/webhooks`: partners' webhook endpoints and their deliveries.

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpResponse, delete, get, patch, post};
use loket_api_types::pagination::Page;
use loket_api_types::webhooks::{
    CreateWebhookRequest, CreatedWebhook, DeliveryListQuery, RotatedSecret, UpdateWebhookRequest, WebhookDelivery,
    WebhookEndpoint, WebhookListQuery,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, PathId, Query, Versioned, versioned};
use crate::services;
use crate::state::AppState;

/// Registers this module's handlers (and so their OpenAPI operations).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_webhooks)
        .service(create_webhook)
        .service(get_webhook)
        .service(update_webhook)
        .service(delete_webhook)
        .service(rotate_webhook_secret)
        .service(test_webhook)
        .service(list_webhook_deliveries);
}

impl Versioned for WebhookEndpoint {
    fn version(&self) -> i64 {
        self.version
    }
}

/// The caller's webhook endpoints (all of them for vendor admins).
#[utoipa::path(
    tag = "webhooks",
    operation_id = "list_webhooks",
    params(WebhookListQuery),
    responses((status = 200, description = "A page of endpoints", body = Page<WebhookEndpoint>)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    state: Data<AppState>,
    principal: Principal,
    query: Query<WebhookListQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::webhooks::list(&state, &principal, query.0).await?))
}

/// Register an endpoint. The signing secret is in this response only: store it now.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "create_webhook",
    request_body = CreateWebhookRequest,
    responses((status = 201, description = "Registered; `secret` is shown only now", body = CreatedWebhook)),
    security(("bearer" = []), ("api_key" = []))
)]
#[post("/webhooks")]
pub async fn create_webhook(
    state: Data<AppState>,
    principal: Principal,
    body: Json<CreateWebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = services::webhooks::create(&state, &principal, body.0).await?;
    Ok(HttpResponse::Created().insert_header(("Cache-Control", "no-store")).json(created))
}

/// One endpoint, with the status of its last delivery.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "get_webhook",
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses((status = 200, description = "The endpoint", body = WebhookEndpoint, headers(("ETag" = String, description = "The version to send in If-Match")))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    let endpoint = services::webhooks::get(&state, &principal, id.0).await?;
    Ok(versioned(StatusCode::OK, &endpoint))
}

/// Change an endpoint's URL, description or events, or pause and resume it. Requires `If-Match`.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "update_webhook",
    params(
        ("id" = Uuid, Path, description = "Endpoint id"),
        ("If-Match" = String, Header, description = "The ETag of the version being changed, e.g. `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    request_body = UpdateWebhookRequest,
    responses((status = 200, description = "The changed endpoint", body = WebhookEndpoint, headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []), ("api_key" = []))
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    state: Data<AppState>,
    principal: Principal,
    if_match: IfMatch,
    id: PathId,
    body: Json<UpdateWebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    let endpoint = services::webhooks::update(&state, &principal, id.0, if_match.0, body.0).await?;
    Ok(versioned(StatusCode::OK, &endpoint))
}

/// Delete an endpoint; nothing more is sent to it.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "delete_webhook",
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []), ("api_key" = []))
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    services::webhooks::delete(&state, &principal, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rotate the signing secret. For 24 hours deliveries carry signatures with both secrets.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "rotate_webhook_secret",
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses((status = 200, description = "The new secret, shown only now", body = RotatedSecret)),
    security(("bearer" = []), ("api_key" = []))
)]
#[post("/webhooks/{id}/secret")]
pub async fn rotate_webhook_secret(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let rotated = services::webhooks::rotate_secret(&state, &principal, id.0).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(rotated))
}

/// Send a `webhook.test` event to the endpoint.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "test_webhook",
    params(("id" = Uuid, Path, description = "Endpoint id")),
    responses(
        (status = 202, description = "Queued", body = WebhookDelivery),
        (status = 409, description = "A test event for this endpoint is still waiting", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[post("/webhooks/{id}/test")]
pub async fn test_webhook(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Accepted().json(services::webhooks::send_test(&state, &principal, id.0).await?))
}

/// The endpoint's deliveries, newest first, with status, attempts and last error.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "list_webhook_deliveries",
    params(("id" = Uuid, Path, description = "Endpoint id"), DeliveryListQuery),
    responses((status = 200, description = "A page of deliveries", body = Page<WebhookDelivery>)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    query: Query<DeliveryListQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::webhooks::deliveries(&state, &principal, id.0, query.0).await?))
}
