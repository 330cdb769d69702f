//! The second step of signing in (`/auth/login/second-factor`) and the caller's own
//! settings for it (`/me/second-factor`, `/me/recovery-codes`).

use actix_web::web::Data;
use actix_web::{HttpResponse, get, post, put};
use loket_api_types::Problem;
use loket_api_types::auth::{ResendSignInCode, SecondFactorLogin, TokenResponse};
use loket_api_types::mobile::{CodeSent, NewRecoveryCodes, RecoveryCodes, SecondFactorStatus, SetSecondFactor};
use utoipa_actix_web::service_config::ServiceConfig;

use super::auth::issued_response;
use crate::auth::Principal;
use crate::auth::origin::RequestOrigin;
use crate::error::ApiError;
use crate::extract::Json;
use crate::services::second_factor;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(complete_sign_in)
        .service(resend_sign_in_code)
        .service(get_my_second_factor)
        .service(set_my_second_factor)
        .service(new_recovery_codes);
}

/// Finish a sign-in that asked for a code: the challenge from `POST /auth/login` with
/// the code from the SMS or one of the user's recovery codes. Sets the `loket_refresh`
/// cookie like a sign-in. A code takes five tries and works ten minutes, once (each
/// refusal 422 on `code`); five wrong recovery codes end the challenge.
#[utoipa::path(
    tag = "auth",
    operation_id = "complete_sign_in",
    request_body = SecondFactorLogin,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse,
            headers(("Set-Cookie" = String, description = "The refresh token cookie"))),
        (status = 401, description = "The challenge is unknown, used or expired: sign in again", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login/second-factor")]
pub async fn complete_sign_in(
    state: Data<AppState>,
    origin: RequestOrigin,
    body: Json<SecondFactorLogin>,
) -> Result<HttpResponse, ApiError> {
    Ok(issued_response(second_factor::complete(&state, body.0, &origin).await?))
}

/// Send a new code for the sign-in under way (the last one stops working); one a minute
/// at most (429).
#[utoipa::path(
    tag = "auth",
    operation_id = "resend_sign_in_code",
    request_body = ResendSignInCode,
    responses(
        (status = 202, description = "A new code is on its way", body = CodeSent),
        (status = 401, description = "The challenge is unknown, used or expired: sign in again", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A code was sent less than a minute ago; wait `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login/second-factor/code")]
pub async fn resend_sign_in_code(
    state: Data<AppState>,
    origin: RequestOrigin,
    body: Json<ResendSignInCode>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Accepted().json(second_factor::resend(&state, body.0, &origin).await?))
}

/// Whether the caller signs in with a code by SMS, whether a group requires it, and how
/// many recovery codes it has left.
#[utoipa::path(
    tag = "me",
    operation_id = "get_my_second_factor",
    responses((status = 200, description = "The caller's second factor", body = SecondFactorStatus)),
    security(("bearer" = []))
)]
#[get("/me/second-factor")]
pub async fn get_my_second_factor(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(second_factor::status(&state, &principal).await?))
}

/// Switch signing in with a code by SMS on or off, with the PIN. Switching on needs a
/// verified mobile number (409); a group's requirement cannot be switched off (409).
#[utoipa::path(
    tag = "me",
    operation_id = "set_my_second_factor",
    request_body = SetSecondFactor,
    responses(
        (status = 200, description = "The caller's second factor now", body = SecondFactorStatus),
        (status = 409, description = "No verified mobile number, or a group requires the code", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The PIN is locked after wrong tries", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/me/second-factor")]
pub async fn set_my_second_factor(
    state: Data<AppState>,
    principal: Principal,
    body: Json<SetSecondFactor>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(second_factor::set(&state, &principal, body.0).await?))
}

/// Make ten new recovery codes, with the PIN; the old ones stop working. They are shown
/// in this answer only: Loket keeps their hashes.
#[utoipa::path(
    tag = "me",
    operation_id = "new_recovery_codes",
    request_body = NewRecoveryCodes,
    responses(
        (status = 201, description = "The new codes, shown once", body = RecoveryCodes),
        (status = 429, description = "The PIN is locked after wrong tries", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/recovery-codes")]
pub async fn new_recovery_codes(
    state: Data<AppState>,
    principal: Principal,
    body: Json<NewRecoveryCodes>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(second_factor::new_recovery_codes(&state, &principal, body.0).await?))
}
