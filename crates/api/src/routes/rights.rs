//! Rights per module: `/permission-groups` (with their members), `/users/{id}/rights`
//! and `/me/rights`.

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put};
use loket_api_types::rights::{
    AddGroupMember, CreatePermissionGroup, GroupMember, GroupMemberList, PermissionGroup, PermissionGroupList,
    PermissionGroupQuery, ReplaceGrants, UpdatePermissionGroup, UserRights,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, PathId, Query, path_uuid, versioned};
use crate::services::rights::{self, groups};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_permission_groups)
        .service(create_permission_group)
        .service(get_permission_group)
        .service(update_permission_group)
        .service(delete_permission_group)
        .service(list_group_members)
        .service(add_group_member)
        .service(remove_group_member)
        .service(get_user_rights)
        .service(replace_user_grants)
        .service(get_my_rights);
}

/// The permission groups of a partner (or the vendor), by name. Clients see none.
#[utoipa::path(
    tag = "rights",
    operation_id = "list_permission_groups",
    params(PermissionGroupQuery),
    responses((status = 200, description = "The groups", body = PermissionGroupList)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/permission-groups")]
pub async fn list_permission_groups(
    state: Data<AppState>,
    principal: Principal,
    query: Query<PermissionGroupQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(groups::list(&state, &principal, query.0.organisation_id).await?))
}

/// Create a group for the clients' users or for the own staff (partner administrators
/// not limited to a branch; vendor administrators for any partner).
#[utoipa::path(
    tag = "rights",
    operation_id = "create_permission_group",
    request_body = CreatePermissionGroup,
    responses(
        (status = 201, description = "Created", body = PermissionGroup, headers(("ETag" = String, description = "The version"))),
        (status = 409, description = "A group with this name exists", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/permission-groups")]
pub async fn create_permission_group(
    state: Data<AppState>,
    principal: Principal,
    body: Json<CreatePermissionGroup>,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::CREATED, &groups::create(&state, &principal, body.0).await?))
}

/// A group with its rights and member count.
#[utoipa::path(
    tag = "rights",
    operation_id = "get_permission_group",
    params(("id" = Uuid, Path, description = "Group id")),
    responses((status = 200, description = "The group", body = PermissionGroup, headers(("ETag" = String, description = "The version")))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/permission-groups/{id}")]
pub async fn get_permission_group(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &groups::get(&state, &principal, id.0).await?))
}

/// Rename, describe, or replace the rights of a group. Its members hold the new rights
/// at once. Requires `If-Match`.
#[utoipa::path(
    tag = "rights",
    operation_id = "update_permission_group",
    params(
        ("id" = Uuid, Path, description = "Group id"),
        ("If-Match" = String, Header, description = "The ETag of the version being changed, e.g. `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    request_body = UpdatePermissionGroup,
    responses(
        (status = 200, description = "Changed", body = PermissionGroup, headers(("ETag" = String, description = "The new version"))),
        (status = 412, description = "Changed meanwhile; `current` is the group as it is now", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/permission-groups/{id}")]
pub async fn update_permission_group(
    state: Data<AppState>,
    principal: Principal,
    if_match: IfMatch,
    id: PathId,
    body: Json<UpdatePermissionGroup>,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &groups::update(&state, &principal, id.0, if_match.0, body.0).await?))
}

/// Delete a group. Its members keep their own grants and other groups. Requires `If-Match`.
#[utoipa::path(
    tag = "rights",
    operation_id = "delete_permission_group",
    params(
        ("id" = Uuid, Path, description = "Group id"),
        ("If-Match" = String, Header, description = "The ETag of the version being deleted", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 412, description = "Changed meanwhile", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/permission-groups/{id}")]
pub async fn delete_permission_group(
    state: Data<AppState>,
    principal: Principal,
    if_match: IfMatch,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    groups::delete(&state, &principal, id.0, if_match.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The group's members the caller can see.
#[utoipa::path(
    tag = "rights",
    operation_id = "list_group_members",
    params(("id" = Uuid, Path, description = "Group id")),
    responses((status = 200, description = "The members", body = GroupMemberList)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/permission-groups/{id}/members")]
pub async fn list_group_members(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(groups::members(&state, &principal, id.0).await?))
}

/// Add a user to a group: one of the owner's staff for a staff group, a user of one of
/// its clients for a client group. Adding a member twice changes nothing.
#[utoipa::path(
    tag = "rights",
    operation_id = "add_group_member",
    params(("id" = Uuid, Path, description = "Group id")),
    request_body = AddGroupMember,
    responses((status = 200, description = "The member", body = GroupMember)),
    security(("bearer" = []))
)]
#[post("/permission-groups/{id}/members")]
pub async fn add_group_member(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<AddGroupMember>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(groups::add_member(&state, &principal, id.0, body.0).await?))
}

/// Take a user out of a group; its own grants and other groups stay.
#[utoipa::path(
    tag = "rights",
    operation_id = "remove_group_member",
    params(
        ("id" = Uuid, Path, description = "Group id"),
        ("user_id" = Uuid, Path, description = "The member's user id"),
    ),
    responses((status = 204, description = "Removed")),
    security(("bearer" = []))
)]
#[delete("/permission-groups/{id}/members/{user_id}")]
pub async fn remove_group_member(
    state: Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let user_id = path_uuid(&request, "user_id")?;
    groups::remove_member(&state, &principal, id.0, user_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// What a user may do per module and document type, and where each right comes from.
#[utoipa::path(
    tag = "rights",
    operation_id = "get_user_rights",
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "The user's rights", body = UserRights)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/users/{id}/rights")]
pub async fn get_user_rights(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(rights::user_rights(&state, &principal, id.0).await?))
}

/// Replace a user's own grants. Only within the granter's own rights, and never one's own.
#[utoipa::path(
    tag = "rights",
    operation_id = "replace_user_grants",
    params(("id" = Uuid, Path, description = "User id")),
    request_body = ReplaceGrants,
    responses((status = 200, description = "The user's rights now", body = UserRights)),
    security(("bearer" = []))
)]
#[put("/users/{id}/rights")]
pub async fn replace_user_grants(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<ReplaceGrants>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(rights::replace_grants(&state, &principal, id.0, body.0).await?))
}

/// The signed-in user's rights.
#[utoipa::path(
    tag = "me",
    operation_id = "get_my_rights",
    responses((status = 200, description = "Your rights", body = UserRights)),
    security(("bearer" = []))
)]
#[get("/me/rights")]
pub async fn get_my_rights(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(rights::my_rights(&state, &principal).await?))
}
