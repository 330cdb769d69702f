//! Rights per module: permission groups with their members, and a user's own grants.

use loket_api_types::rights::{
    AddGroupMember, CreatePermissionGroup, GroupMember, GroupMemberList, PermissionGroup, PermissionGroupList,
    ReplaceGrants, UpdatePermissionGroup, UserRights,
};
use uuid::Uuid;

use super::{ApiError, Method, call, json};
use crate::session::Session;

pub async fn groups(session: Session) -> Result<PermissionGroupList, ApiError> {
    call(session, Method::Get, "/permission-groups", None, None).await
}

pub async fn create_group(session: Session, request: &CreatePermissionGroup) -> Result<PermissionGroup, ApiError> {
    call(session, Method::Post, "/permission-groups", json(request), None).await
}

pub async fn update_group(
    session: Session,
    id: Uuid,
    version: i64,
    request: &UpdatePermissionGroup,
) -> Result<PermissionGroup, ApiError> {
    call(session, Method::Patch, &format!("/permission-groups/{id}"), json(request), Some(version)).await
}

pub async fn delete_group(session: Session, id: Uuid, version: i64) -> Result<(), ApiError> {
    call(session, Method::Delete, &format!("/permission-groups/{id}"), None, Some(version)).await
}

pub async fn members(session: Session, id: Uuid) -> Result<GroupMemberList, ApiError> {
    call(session, Method::Get, &format!("/permission-groups/{id}/members"), None, None).await
}

pub async fn add_member(session: Session, id: Uuid, user_id: Uuid) -> Result<GroupMember, ApiError> {
    call(session, Method::Post, &format!("/permission-groups/{id}/members"), json(&AddGroupMember { user_id }), None)
        .await
}

pub async fn remove_member(session: Session, id: Uuid, user_id: Uuid) -> Result<(), ApiError> {
    call(session, Method::Delete, &format!("/permission-groups/{id}/members/{user_id}"), None, None).await
}

pub async fn user_rights(session: Session, user_id: Uuid) -> Result<UserRights, ApiError> {
    call(session, Method::Get, &format!("/users/{user_id}/rights"), None, None).await
}

pub async fn replace_grants(session: Session, user_id: Uuid, request: &ReplaceGrants) -> Result<UserRights, ApiError> {
    call(session, Method::Put, &format!("/users/{user_id}/rights"), json(request), None).await
}

pub async fn group(session: Session, id: Uuid) -> Result<PermissionGroup, ApiError> {
    call(session, Method::Get, &format!("/permission-groups/{id}"), None, None).await
}
