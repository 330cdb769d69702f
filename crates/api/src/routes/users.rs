//! `/api/v1/users`.

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get, http::header, patch, post};
use loket_api_types::pagination::Page;
use loket_api_types::users::{CreateUserRequest, UpdateUserRequest, User, UserListQuery};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{Json, PathId, Query, etag, if_match_version};
use crate::services;
use crate::state::AppState;

fn with_etag(status: StatusCode, user: &User) -> HttpResponse {
    HttpResponse::build(status).insert_header((header::ETAG, etag(user.version))).json(user)
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
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "Created and invited", body = User, headers(("ETag" = String, description = "The version"))),
        (status = 409, description = "The e-mail address is in use", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[post("/users")]
pub async fn create_user(
    state: Data<AppState>,
    principal: Principal,
    body: Json<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let user = services::users::create(&state, &principal, body.0).await?;
    Ok(with_etag(StatusCode::CREATED, &user))
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
    Ok(with_etag(StatusCode::OK, &user))
}

/// Change a user: profile, role, flags, branches, or (de)activate. Requires `If-Match`.
#[utoipa::path(
    tag = "users",
    operation_id = "update_user",
    params(
        ("id" = Uuid, Path, description = "User id"),
        ("If-Match" = String, Header, description = "The ETag of the version being changed, e.g. `\"3\"`"),
    ),
    request_body = UpdateUserRequest,
    responses((status = 200, description = "The changed user", body = User, headers(("ETag" = String, description = "The new version")))),
    security(("bearer" = []), ("api_key" = []))
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: PathId,
    body: Json<UpdateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let version = if_match_version(&req)?;
    let user = services::users::update(&state, &principal, id.0, version, body.0).await?;
    Ok(with_etag(StatusCode::OK, &user))
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
