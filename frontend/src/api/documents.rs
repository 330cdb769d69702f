//! Documents for approval: a client's documents, one document, deciding with a PIN,
//! what awaits the signed-in user, and its PIN.

use loket_api_types::documents::{ApprovalDocument, ApproveBatch, DecideDocument, PinStatus, SetPin};
use uuid::Uuid;

use super::{ApiError, Method, call, json};
use crate::session::Session;

pub async fn for_client(session: Session, client: Uuid) -> Result<Vec<ApprovalDocument>, ApiError> {
    call(session, Method::Get, &format!("/organisations/{client}/documents"), None, None).await
}

pub async fn get(session: Session, id: Uuid) -> Result<ApprovalDocument, ApiError> {
    call(session, Method::Get, &format!("/documents/{id}"), None, None).await
}

pub async fn decide(session: Session, id: Uuid, request: &DecideDocument) -> Result<ApprovalDocument, ApiError> {
    call(session, Method::Post, &format!("/documents/{id}/decisions"), json(request), None).await
}

pub async fn awaiting(session: Session) -> Result<Vec<ApprovalDocument>, ApiError> {
    call(session, Method::Get, "/me/approvals", None, None).await
}

pub async fn approve_batch(session: Session, request: &ApproveBatch) -> Result<Vec<ApprovalDocument>, ApiError> {
    call(session, Method::Post, "/me/approvals", json(request), None).await
}

pub async fn pin(session: Session) -> Result<PinStatus, ApiError> {
    call(session, Method::Get, "/me/pin", None, None).await
}

pub async fn set_pin(session: Session, request: &SetPin) -> Result<PinStatus, ApiError> {
    call(session, Method::Put, "/me/pin", json(request), None).await
}
