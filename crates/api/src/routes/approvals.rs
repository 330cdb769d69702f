//! Approval of documents: `/organisations/{id}/approval-duties` — who must and who may
//! approve each type of document for a client.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get, put};
use loket_api_types::approvals::{ApprovalDuties, DocumentType, SetMustApprovers};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{Json, PathId};
use crate::services::approvals;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_approval_duties).service(set_must_approvers);
}

/// Who approves each type of document for a client: the users the firm named as
/// must-approvers, and those whose rights include approving the type.
#[utoipa::path(
    tag = "approvals",
    operation_id = "get_approval_duties",
    params(("id" = Uuid, Path, description = "The client's organisation id")),
    responses((status = 200, description = "The duties per document type", body = ApprovalDuties)),
    security(("bearer" = []))
)]
#[get("/organisations/{id}/approval-duties")]
pub async fn get_approval_duties(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(approvals::duties(&state, &principal, id.0).await?))
}

/// Name the client users who must all approve a type of document (the managing firm and
/// vendor staff). With must-approvers, users who may approve have no right on the type.
#[utoipa::path(
    tag = "approvals",
    operation_id = "set_must_approvers",
    params(
        ("id" = Uuid, Path, description = "The client's organisation id"),
        ("document_type" = DocumentType, Path, description = "The type of document"),
    ),
    request_body = SetMustApprovers,
    responses((status = 200, description = "The duties per document type now", body = ApprovalDuties)),
    security(("bearer" = []))
)]
#[put("/organisations/{id}/approval-duties/{document_type}")]
pub async fn set_must_approvers(
    state: Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    id: PathId,
    body: Json<SetMustApprovers>,
) -> Result<HttpResponse, ApiError> {
    let raw = request.match_info().get("document_type").unwrap_or_default();
    let kind = DocumentType::parse(raw).ok_or_else(|| {
        ApiError::bad_request("The path parameter `document_type` must be one of annual_accounts, vat_return, income_tax_return, corporate_tax_return, other.")
    })?;
    Ok(HttpResponse::Ok().json(approvals::set_must(&state, &principal, id.0, kind, body.0).await?))
}
