//! What the caller confirms approvals with: `/me/pin`, `/me/mobile` (its verified mobile
//! number, changed with its PIN and a code sent to the new number) and
//! `/me/approval-codes` (a one-time code by SMS).

use actix_web::web::Data;
use actix_web::{HttpResponse, get, post, put};
use loket_api_types::documents::{PinStatus, SetPin};
use loket_api_types::mobile::{ChangeMobile, CodeSent, ConfirmMobile, MobileStatus};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::Json;
use crate::services::{mobile, pins};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_my_pin)
        .service(set_my_pin)
        .service(get_my_mobile)
        .service(change_my_mobile)
        .service(confirm_my_mobile)
        .service(send_approval_code);
}

/// Whether the caller has a PIN, and whether wrong tries locked it.
#[utoipa::path(
    tag = "me",
    operation_id = "get_my_pin",
    responses((status = 200, description = "The PIN's state (never the PIN)", body = PinStatus)),
    security(("bearer" = []))
)]
#[get("/me/pin")]
pub async fn get_my_pin(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(pins::status(&state, &principal).await?))
}

/// Set or change the caller's PIN (six digits), confirmed with its password; it is kept
/// only as a hash and unlocks at once.
#[utoipa::path(
    tag = "me",
    operation_id = "set_my_pin",
    request_body = SetPin,
    responses(
        (status = 200, description = "The PIN's state now", body = PinStatus),
        (status = 429, description = "Too many wrong current passwords; wait `Retry-After` seconds", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/me/pin")]
pub async fn set_my_pin(
    state: Data<AppState>,
    principal: Principal,
    body: Json<SetPin>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(pins::set(&state, &principal, body.0).await?))
}

/// The caller's verified mobile number, and a new one waiting for its code.
#[utoipa::path(
    tag = "me",
    operation_id = "get_my_mobile",
    responses((status = 200, description = "The verified number and any change under way", body = MobileStatus)),
    security(("bearer" = []))
)]
#[get("/me/mobile")]
pub async fn get_my_mobile(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(mobile::status(&state, &principal).await?))
}

/// Set or change the caller's mobile number, confirmed with its PIN: a six-digit code
/// goes by SMS to the new number, which replaces the old once the code is given back
/// (`POST /me/mobile/confirmation`). One code a minute at most (429).
#[utoipa::path(
    tag = "me",
    operation_id = "change_my_mobile",
    request_body = ChangeMobile,
    responses(
        (status = 202, description = "A code is on its way to the new number", body = CodeSent),
        (status = 429, description = "The PIN is locked, or a code was sent less than a minute ago; wait `Retry-After` seconds", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/me/mobile")]
pub async fn change_my_mobile(
    state: Data<AppState>,
    principal: Principal,
    body: Json<ChangeMobile>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Accepted().json(mobile::change(&state, &principal, body.0).await?))
}

/// Give back the code sent to the new number: it becomes the caller's verified number.
/// A code works ten minutes, once, and takes five tries (each refusal 422 on `code`).
#[utoipa::path(
    tag = "me",
    operation_id = "confirm_my_mobile",
    request_body = ConfirmMobile,
    responses((status = 200, description = "The number is verified", body = MobileStatus)),
    security(("bearer" = []))
)]
#[post("/me/mobile/confirmation")]
pub async fn confirm_my_mobile(
    state: Data<AppState>,
    principal: Principal,
    body: Json<ConfirmMobile>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(mobile::confirm(&state, &principal, body.0).await?))
}

/// Send the caller a one-time code by SMS to its verified number, to confirm approvals
/// with (`sms_code` on a decision or a batch). Each new code replaces the last; one a
/// minute at most (429).
#[utoipa::path(
    tag = "me",
    operation_id = "send_approval_code",
    responses(
        (status = 202, description = "A code is on its way", body = CodeSent),
        (status = 409, description = "The caller has no verified mobile number", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 429, description = "A code was sent less than a minute ago; wait `Retry-After` seconds", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/approval-codes")]
pub async fn send_approval_code(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Accepted().json(mobile::send_approval_code(&state, &principal).await?))
}
