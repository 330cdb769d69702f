//! Documents for approval: `/organisations/{id}/documents` (a client's documents and
//! uploading one), `/documents/{id}` (one document, its PDF, deciding on it),
//! and `/me/approvals` (what awaits the caller, batch approval).

use actix_multipart::Multipart;
use actix_web::body::SizedStream;
use actix_web::web::{Data, Payload};
use actix_web::{HttpRequest, HttpResponse, get, post};
use futures_util::TryStreamExt;
use loket_api_types::documents::{ApprovalDocument, ApproveBatch, DecideDocument, UploadDocument};
use loket_api_types::ticket_attachments::FileContent;
use utoipa_actix_web::service_config::ServiceConfig;

use super::multipart::{file_name, not_multipart, text_part};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{Json, PathId};
use crate::services::documents::upload::DocumentMeta;
use crate::services::documents::{self, decide, upload};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_client_documents)
        .service(upload_document)
        .service(get_document)
        .service(download_document)
        .service(decide_document)
        .service(list_my_approvals)
        .service(approve_batch);
}

/// A client's documents for approval, the newest first. The firm that manages the
/// client and vendor staff see all of them; the client's people see those of the types
/// their rights cover (`approvals.<type>`: read) and those they are asked to approve.
#[utoipa::path(
    tag = "documents",
    operation_id = "list_client_documents",
    params(("id" = Uuid, Path, description = "The client's organisation id")),
    responses((status = 200, description = "The documents", body = Vec<ApprovalDocument>)),
    security(("bearer" = []))
)]
#[get("/organisations/{id}/documents")]
pub async fn list_client_documents(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(documents::list(&state, &principal, id.0).await?))
}

/// Upload a document for a client's approval (the managing firm and vendor staff), as
/// `multipart/form-data`: `document_type`, `title`, `period` and `due_on` (optional)
/// first, then the PDF in `file`. Its approvers are fixed from the client's duties now
/// and receive an e-mail; a type nobody approves is 422 on `document_type`.
#[utoipa::path(
    tag = "documents",
    operation_id = "upload_document",
    params(("id" = Uuid, Path, description = "The client's organisation id")),
    request_body(content = UploadDocument, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored and waiting for approval", body = ApprovalDocument),
        (status = 413, description = "Larger than a document may be", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not multipart, or not a PDF", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parts, each named", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organisations/{id}/documents")]
pub async fn upload_document(
    state: Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    id: PathId,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let mut form = Multipart::new(request.headers(), payload);
    let not_multipart = not_multipart("document_type, title, period, due_on, then file");
    let mut meta = DocumentMeta::default();
    while let Some(field) = form.try_next().await.map_err(&not_multipart)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "document_type" => meta.document_type = Some(text_part(field, "document_type").await?),
            "title" => meta.title = Some(text_part(field, "title").await?),
            "period" => meta.period = Some(text_part(field, "period").await?),
            "due_on" => meta.due_on = Some(text_part(field, "due_on").await?),
            "file" => {
                let file_name = file_name(&field);
                let saved = upload::upload(&state, &principal, id.0, meta, &file_name, field).await?;
                return Ok(HttpResponse::Created().json(saved));
            }
            other => {
                return Err(ApiError::field(
                    other,
                    "unknown",
                    "parts are document_type, title, period, due_on and file",
                ));
            }
        }
    }
    Err(ApiError::field("file", "required", "send the PDF in a part named `file`, after the other parts"))
}

/// One document for approval with its approvers, their decisions and who is still
/// awaited.
#[utoipa::path(
    tag = "documents",
    operation_id = "get_document",
    params(("id" = Uuid, Path, description = "Document id")),
    responses((status = 200, description = "The document", body = ApprovalDocument)),
    security(("bearer" = []))
)]
#[get("/documents/{id}")]
pub async fn get_document(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(documents::get(&state, &principal, id.0).await?))
}

/// The document's PDF, as an attachment; its SHA-256 is the document's `sha256`. It is
/// sent as `application/pdf`, or as `application/octet-stream` to a client whose
/// `Accept` asks for that and not for PDF.
#[utoipa::path(
    tag = "documents",
    operation_id = "download_document",
    params(("id" = Uuid, Path, description = "Document id")),
    responses((status = 200, description = "The PDF", content(
        (FileContent = "application/pdf"),
        (FileContent = "application/octet-stream"),
    ))),
    security(("bearer" = []))
)]
#[get("/documents/{id}/file")]
pub async fn download_document(
    state: Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let file = documents::download(&state, &principal, id.0).await?;
    let media_type = super::file_response::negotiated(&request, "application/pdf");
    Ok(super::file_response::attachment(&file.document.file_name, media_type)?
        .body(SizedStream::new(u64::try_from(file.document.size_bytes).unwrap_or(0), file.body)))
}

/// Approve or reject a document (its approvers), confirmed with the caller's PIN or the
/// one-time code last sent by `POST /me/approval-codes` (`pin` or `sms_code`, not both).
/// An approval names the SHA-256 of the bytes the caller saw: if the document changed
/// since it was uploaded, nothing is approved (409). A rejection needs a reason and ends
/// the round. Five wrong PINs in a row lock the PIN for 15 minutes (429); a code takes
/// five tries, works ten minutes and only once (each refusal 422 on `sms_code`).
#[utoipa::path(
    tag = "documents",
    operation_id = "decide_document",
    params(("id" = Uuid, Path, description = "Document id")),
    request_body = DecideDocument,
    responses(
        (status = 200, description = "Decided; the document as it stands now", body = ApprovalDocument),
        (status = 409, description = "Closed, decided already, or changed since it was uploaded", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 429, description = "The PIN is locked after wrong tries", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/documents/{id}/decisions")]
pub async fn decide_document(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<DecideDocument>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(decide::decide(&state, &principal, id.0, body.0).await?))
}

/// Everything awaiting the caller's approval, across every client it approves for; the
/// soonest due first.
#[utoipa::path(
    tag = "documents",
    operation_id = "list_my_approvals",
    responses((status = 200, description = "The documents awaiting the caller", body = Vec<ApprovalDocument>)),
    security(("bearer" = []))
)]
#[get("/me/approvals")]
pub async fn list_my_approvals(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(documents::awaiting(&state, &principal).await?))
}

/// Approve several documents under one PIN or SMS code: all of them, or — if any of them cannot be
/// approved — none, with the error naming it (`documents[i]`).
#[utoipa::path(
    tag = "documents",
    operation_id = "approve_batch",
    request_body = ApproveBatch,
    responses(
        (status = 200, description = "All approved; the documents as they stand now", body = Vec<ApprovalDocument>),
        (status = 409, description = "One of them is closed, decided already or changed", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 429, description = "The PIN is locked after wrong tries", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/approvals")]
pub async fn approve_batch(
    state: Data<AppState>,
    principal: Principal,
    body: Json<ApproveBatch>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(decide::approve_batch(&state, &principal, body.0).await?))
}
