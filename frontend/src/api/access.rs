//! Self-service access: asking for a login (signed out) and the approvers' side.

use loket_api_types::access_requests::{
    AccessRequest, AccessRequestReceived, ApproveAccessRequest, ConfirmAccessRequest, CreateAccessRequest,
    DeclineAccessRequest,
};
use loket_api_types::pagination::Page;
use uuid::Uuid;

use super::{ApiError, Method, anonymous, call, decode, json};
use crate::session::Session;

pub async fn request_access(request: &CreateAccessRequest) -> Result<AccessRequestReceived, ApiError> {
    decode(anonymous(Method::Post, "/access-requests", json(request)).await)
}

pub async fn confirm_access(request: &ConfirmAccessRequest) -> Result<AccessRequestReceived, ApiError> {
    decode(anonymous(Method::Post, "/access-confirmations", json(request)).await)
}

pub async fn list_access_requests(session: Session, query_string: &str) -> Result<Page<AccessRequest>, ApiError> {
    call(session, Method::Get, &format!("/access-requests{query_string}"), None, None).await
}

pub async fn approve_access_request(
    session: Session,
    id: Uuid,
    request: &ApproveAccessRequest,
) -> Result<AccessRequest, ApiError> {
    call(session, Method::Post, &format!("/access-requests/{id}/approve"), json(request), None).await
}

pub async fn decline_access_request(
    session: Session,
    id: Uuid,
    request: &DeclineAccessRequest,
) -> Result<AccessRequest, ApiError> {
    call(session, Method::Post, &format!("/access-requests/{id}/decline"), json(request), None).await
}
