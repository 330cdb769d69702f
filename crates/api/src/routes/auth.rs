//! `/api/v1/auth`: signing in and out, invitations and password resets.

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, post};
use loket_api_types::Problem;
use loket_api_types::auth::{
    AcceptInvitationRequest, InspectTokenRequest, LoginRequest, PasswordResetConfirm, PasswordResetRequest,
    SecondFactorRequired, TokenInfo, TokenResponse,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::origin::RequestOrigin;
use crate::error::ApiError;
use crate::extract::Json;
use crate::services;
use crate::services::account_links::Purpose;
use crate::services::auth::{Issued, SignIn};
use crate::state::AppState;

/// Registers this module's handlers (and so their OpenAPI operations).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(inspect_invitation)
        .service(accept_invitation)
        .service(request_password_reset)
        .service(inspect_password_reset)
        .service(confirm_password_reset);
}

pub const REFRESH_COOKIE: &str = "loket_refresh";
pub const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

fn refresh_cookie(value: String, max_age_secs: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::seconds(max_age_secs.max(0)))
        .finish()
}

pub(crate) fn issued_response(issued: Issued) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .cookie(refresh_cookie(issued.refresh_token, issued.refresh_max_age_secs))
        .json(issued.body)
}

/// The cookie-authenticated endpoints accept requests only from Loket's own pages: a
/// browser names the page's origin in `Origin` (and `Sec-Fetch-Site`); another site's
/// page must not be able to rotate or end a session (login CSRF, forced sign-out).
/// Requests without either header do not come from a browser page and carry no
/// ambient cookie risk.
fn check_same_origin(req: &HttpRequest, settings: &crate::config::Settings) -> Result<(), ApiError> {
    let headers = req.headers();
    // `same-site` is the dev server on another loopback port; in production only the
    // exact origin counts.
    let site_allowed = |site: &str| match site {
        "same-origin" | "none" => true,
        "same-site" => !settings.is_production(),
        _ => false,
    };
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !site_allowed(site)
    {
        return Err(cross_site());
    }
    let Some(origin) = headers.get(actix_web::http::header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().map_err(|_| cross_site())?;
    if origin == settings.public_origin() || (!settings.is_production() && is_loopback_origin(origin)) {
        Ok(())
    } else {
        Err(cross_site())
    }
}

/// In development the app may be served by `trunk serve` on another loopback port.
fn is_loopback_origin(origin: &str) -> bool {
    let host = origin.strip_prefix("http://").unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

fn cross_site() -> ApiError {
    ApiError::forbidden("This request must come from Loket's own pages.")
}

fn presented_refresh_token(req: &HttpRequest) -> Option<String> {
    req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned())
}

/// Sign in with e-mail address and password.
///
/// Returns a short-lived access token and sets the `loket_refresh` cookie (httpOnly,
/// Secure, SameSite=Strict, path `/api/v1/auth`). An account that signs in with a code
/// by SMS as well (its own choice, or a group's rule) gets 202 instead: the code is on
/// its way, and `POST /auth/login/second-factor` finishes the sign-in. After repeated
/// failures further attempts wait for a growing delay (429 with `Retry-After`).
#[utoipa::path(
    tag = "auth",
    operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse,
            headers(("Set-Cookie" = String, description = "The refresh token cookie"))),
        (status = 202, description = "The password is right; a code went by SMS for the second step", body = SecondFactorRequired),
        (status = 401, description = "Wrong e-mail address or password (also for a deactivated account)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "Password checking is at capacity; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: Data<AppState>,
    origin: RequestOrigin,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(match services::auth::login(&state, body.0, origin).await? {
        SignIn::Issued(issued) => issued_response(issued),
        SignIn::SecondFactor(challenge) => {
            HttpResponse::Accepted().insert_header(("Cache-Control", "no-store")).json(challenge)
        }
    })
}

/// Get a new access token with the refresh cookie. The cookie is rotated: the old refresh
/// token stops working, and presenting it again ends the session.
#[utoipa::path(
    tag = "auth",
    operation_id = "refresh",
    params(("loket_refresh" = Option<String>, Cookie, description = "The refresh token, set by login")),
    responses(
        (status = 200, description = "A new access token; the cookie is replaced", body = TokenResponse,
            headers(("Set-Cookie" = String, description = "The next refresh token cookie"))),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Sent from another site (`Origin` or `Sec-Fetch-Site`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(state: Data<AppState>, req: HttpRequest, origin: RequestOrigin) -> Result<HttpResponse, ApiError> {
    check_same_origin(&req, &state.settings)?;
    match services::auth::refresh(&state, presented_refresh_token(&req), &origin).await {
        Ok(issued) => Ok(issued_response(issued)),
        Err(error) => {
            let mut response = actix_web::ResponseError::error_response(&error);
            response.add_cookie(&refresh_cookie(String::new(), 0)).ok();
            Ok(response)
        }
    }
}

/// Sign out: ends the session of the refresh cookie and clears the cookie.
#[utoipa::path(
    tag = "auth",
    operation_id = "logout",
    params(("loket_refresh" = Option<String>, Cookie, description = "The refresh token, set by login")),
    responses(
        (status = 204, description = "Signed out"),
        (status = 403, description = "Sent from another site (`Origin` or `Sec-Fetch-Site`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(state: Data<AppState>, req: HttpRequest, origin: RequestOrigin) -> Result<HttpResponse, ApiError> {
    check_same_origin(&req, &state.settings)?;
    services::auth::logout(&state, presented_refresh_token(&req), &origin).await?;
    Ok(HttpResponse::NoContent().cookie(refresh_cookie(String::new(), 0)).finish())
}

/// Show whom an invitation link is for, without using it.
#[utoipa::path(
    tag = "auth",
    operation_id = "inspect_invitation",
    request_body = InspectTokenRequest,
    responses(
        (status = 200, description = "The invitation is valid", body = TokenInfo),
        (status = 401, description = "The link is unknown, used or expired", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/invitations/inspect")]
pub async fn inspect_invitation(
    state: Data<AppState>,
    body: Json<InspectTokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let info = services::account_links::inspect(&state, Purpose::Invitation, &body.0.token).await?;
    Ok(HttpResponse::Ok().json(info))
}

/// Accept an invitation: choose the first password. Then sign in.
#[utoipa::path(
    tag = "auth",
    operation_id = "accept_invitation",
    request_body = AcceptInvitationRequest,
    responses(
        (status = 204, description = "The password is set; the account is active"),
        (status = 401, description = "The link is unknown, used or expired", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/invitations/accept")]
pub async fn accept_invitation(
    state: Data<AppState>,
    origin: RequestOrigin,
    body: Json<AcceptInvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    services::account_links::accept_invitation(&state, body.0, &origin).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ask for a password-reset e-mail. The answer is always 202, whether or not the address
/// has an account.
#[utoipa::path(
    tag = "auth",
    operation_id = "request_password_reset",
    request_body = PasswordResetRequest,
    responses((status = 202, description = "If the address has an active account, a link is on its way"))
)]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    state: Data<AppState>,
    body: Json<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    services::account_links::request_password_reset(&state, body.0).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Show whom a password-reset link is for, without using it.
#[utoipa::path(
    tag = "auth",
    operation_id = "inspect_password_reset",
    request_body = InspectTokenRequest,
    responses(
        (status = 200, description = "The link is valid", body = TokenInfo),
        (status = 401, description = "The link is unknown, used or expired", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/password-reset/inspect")]
pub async fn inspect_password_reset(
    state: Data<AppState>,
    body: Json<InspectTokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let info = services::account_links::inspect(&state, Purpose::PasswordReset, &body.0.token).await?;
    Ok(HttpResponse::Ok().json(info))
}

/// Choose a new password with a reset link. Every session of the account ends.
#[utoipa::path(
    tag = "auth",
    operation_id = "confirm_password_reset",
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "The new password is set"),
        (status = 401, description = "The link is unknown, used or expired", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    state: Data<AppState>,
    origin: RequestOrigin,
    body: Json<PasswordResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    services::account_links::confirm_password_reset(&state, body.0, &origin).await?;
    Ok(HttpResponse::NoContent().finish())
}
