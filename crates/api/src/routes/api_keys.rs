//! `/api/v1/api-keys`.

use actix_web::web::Data;
use actix_web::{HttpResponse, delete, get, post};
use loket_api_types::api_keys::{ApiKey, ApiKeyListQuery, CreateApiKeyRequest, CreatedApiKey};
use loket_api_types::pagination::Page;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{Json, PathId, Query};
use crate::services;
use crate::state::AppState;

/// Registers this module's handlers (and so their OpenAPI operations).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_api_keys).service(create_api_key).service(get_api_key).service(revoke_api_key);
}

/// List API keys: all for vendor admins, the own organisation's for partner admins.
#[utoipa::path(
    tag = "api-keys",
    operation_id = "list_api_keys",
    params(ApiKeyListQuery),
    responses((status = 200, description = "A page of API keys (without secrets)", body = Page<ApiKey>)),
    security(("bearer" = []))
)]
#[get("/api-keys")]
pub async fn list_api_keys(
    state: Data<AppState>,
    principal: Principal,
    query: Query<ApiKeyListQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::api_keys::list(&state, &principal, query.0).await?))
}

/// Create an API key. The secret is in this response only: store it now.
#[utoipa::path(
    tag = "api-keys",
    operation_id = "create_api_key",
    request_body = CreateApiKeyRequest,
    responses((status = 201, description = "Created; `secret` is shown only now", body = CreatedApiKey)),
    security(("bearer" = []))
)]
#[post("/api-keys")]
pub async fn create_api_key(
    state: Data<AppState>,
    principal: Principal,
    body: Json<CreateApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = services::api_keys::create(&state, &principal, body.0).await?;
    Ok(HttpResponse::Created().insert_header(("Cache-Control", "no-store")).json(created))
}

/// One API key (without its secret).
#[utoipa::path(
    tag = "api-keys",
    operation_id = "get_api_key",
    params(("id" = Uuid, Path, description = "API key id")),
    responses((status = 200, description = "The API key", body = ApiKey)),
    security(("bearer" = []))
)]
#[get("/api-keys/{id}")]
pub async fn get_api_key(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::api_keys::get(&state, &principal, id.0).await?))
}

/// Revoke an API key; it stops working at once. Revoking twice is harmless.
#[utoipa::path(
    tag = "api-keys",
    operation_id = "revoke_api_key",
    params(("id" = Uuid, Path, description = "API key id")),
    responses((status = 204, description = "Revoked")),
    security(("bearer" = []))
)]
#[delete("/api-keys/{id}")]
pub async fn revoke_api_key(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    services::api_keys::revoke(&state, &principal, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
