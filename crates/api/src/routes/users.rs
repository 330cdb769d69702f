//! `/api/v1/users`.

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpResponse, get, patch, post};
use loket_api_types::pagination::Page;
use loket_api_types::users::{CreateUserRequest, UpdateUserRequest, User, UserListQuery};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IdempotencyKey, IfMatch, Json, PathId, Query, Versioned, versioned};
use crate::services;
use crate::services::idempotency::Once;
use crate::state::AppState;

/// Registers this module's handlers (and so their OpenAPI operations).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_users).service(create_user).service(get_user).service(update_user).service(resend_invitation);
}

impl Versioned for User {
    fn version(&self) -> i64 {
        self.version
    }
}

/// List the users the caller can see.
#[utoipa::path(
    tag = "users",
    operation_id = "list_users",
    params(UserListQuery),
    responses((status = 200, description = "A page of users", body = Page<User>)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/users")]
pub async fn list_users(
    state: Data<AppState>,
    principal: Principal,
    query: Query<UserListQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::users::list(&state, &principal, query.0).await?))
}

/// Create a user; they receive an invitation e-mail to choose a password.
#[utoipa::path(
    tag = "users",
    operation_id = "create_user",
    params(IdempotencyKey),
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "Created and invited (or, for a repeated `Idempotency-Key`, the first answer again)", body = User, headers(("ETag" = String, description = "The version"), ("Idempotent-Replayed" = String, description = "`true` when this is the first answer to the key, replayed"))),
        (status = 422, description = "Invalid fields, or the `Idempotency-Key` was used for another request", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail address is in use", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[post("/users")]
pub async fn create_user(
    state: Data<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    body: Json<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let once = Once::new(&principal, key, "POST /api/v1/users", &body.0)?;
    Ok(services::users::create(&state, &principal, body.0, once).await?.response())
}

/// One user.
#[utoipa::path(
    tag = "users",
    operation_id = "get_user",
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "The user", body = User, headers(("ETag" = String, description = "The version to send in If-Match")))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/users/{id}")]
pub async fn get_user(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    let user = services::users::get(&state, &principal, id.0).await?;
    Ok(versioned(StatusCode::OK, &user))
}

/// Change a user: profile, role, flags, branches, or (de)activate. Requires `If-Match`.
#[utoipa::path(
    tag = "users",
    operation_id = "update_user",
    params(
        ("id" = Uuid, Path, description = "User id"),
        ("If-Match" = String, Header, description = "The ETag of the version being changed, e.g. `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    request_body = UpdateUserRequest,
    responses((status = 200, description = "The changed user", body = User, headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []), ("api_key" = []))
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: Data<AppState>,
    principal: Principal,
    if_match: IfMatch,
    id: PathId,
    body: Json<UpdateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let user = services::users::update(&state, &principal, id.0, if_match.0, body.0).await?;
    Ok(versioned(StatusCode::OK, &user))
}

/// Send the invitation e-mail again (only while the user has not accepted it).
#[utoipa::path(
    tag = "users",
    operation_id = "resend_invitation",
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 202, description = "A new invitation is on its way; earlier links stop working"),
        (status = 409, description = "The user is already active or deactivated", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[post("/users/{id}/invitation")]
pub async fn resend_invitation(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    services::users::resend_invitation(&state, &principal, id.0).await?;
    Ok(HttpResponse::Accepted().finish())
}
