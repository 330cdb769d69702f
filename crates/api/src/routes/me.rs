//! `/api/v1/me`: the signed-in user's own account.

use actix_web::web::Data;
use actix_web::{HttpResponse, get, patch, post};
use loket_api_types::me::{ChangePasswordRequest, Me, UpdateMeRequest};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::Json;
use crate::services;
use crate::state::AppState;

/// Registers this module's handlers (and so their OpenAPI operations).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_me).service(update_me).service(change_password);
}

/// The signed-in user and their organisation.
#[utoipa::path(
    tag = "me",
    operation_id = "get_me",
    responses((status = 200, description = "The signed-in user", body = Me)),
    security(("bearer" = []))
)]
#[get("/me")]
pub async fn get_me(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::profile::get(&state, &principal).await?))
}

/// Change one's own name, phone number or language.
#[utoipa::path(
    tag = "me",
    operation_id = "update_me",
    request_body = UpdateMeRequest,
    responses((status = 200, description = "The updated profile", body = Me)),
    security(("bearer" = []))
)]
#[patch("/me")]
pub async fn update_me(
    state: Data<AppState>,
    principal: Principal,
    body: Json<UpdateMeRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::profile::update(&state, &principal, body.0).await?))
}

/// Change one's own password. Other sessions are signed out; this one stays.
#[utoipa::path(
    tag = "me",
    operation_id = "change_password",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "The password has been changed"),
        (status = 429, description = "Too many wrong current passwords; wait `Retry-After` seconds", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Password checking is at capacity; retry after `Retry-After` seconds", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/password")]
pub async fn change_password(
    state: Data<AppState>,
    principal: Principal,
    body: Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    services::profile::change_password(&state, &principal, body.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
