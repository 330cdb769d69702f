//! Approval of documents: who approves each type for a client.

use loket_api_types::approvals::{ApprovalDuties, DocumentType, SetMustApprovers};
use uuid::Uuid;

use super::{ApiError, Method, call, json};
use crate::session::Session;

pub async fn duties(session: Session, client: Uuid) -> Result<ApprovalDuties, ApiError> {
    call(session, Method::Get, &format!("/organisations/{client}/approval-duties"), None, None).await
}

pub async fn set_must(
    session: Session,
    client: Uuid,
    kind: DocumentType,
    request: &SetMustApprovers,
) -> Result<ApprovalDuties, ApiError> {
    let path = format!("/organisations/{client}/approval-duties/{}", kind.as_str());
    call(session, Method::Put, &path, json(request), None).await
}
