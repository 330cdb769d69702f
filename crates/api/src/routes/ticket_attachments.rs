//! `/api/v1/tickets/{id}/attachments`: files on tickets and their messages.

use actix_multipart::Multipart;
use actix_web::body::SizedStream;
use actix_web::web::{Data, Payload};
use actix_web::{HttpRequest, HttpResponse, get, post};
use futures_util::TryStreamExt;
use loket_api_types::ticket_attachments::{
    FileContent, TicketAttachment, UploadAttachmentQuery, UploadTicketAttachment,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{PathId, Query, path_uuid};
use crate::services::tickets::attachments;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_ticket_attachments).service(upload_ticket_attachment).service(download_ticket_attachment);
}

/// The ticket's files, oldest first: those filed with the ticket (`message_id` empty)
/// and those on messages. The helpdesk also gets the files of internal notes.
#[utoipa::path(
    tag = "tickets",
    operation_id = "list_ticket_attachments",
    params(("id" = Uuid, Path, description = "Ticket id")),
    responses((status = 200, description = "The files", body = Vec<TicketAttachment>)),
    security(("bearer" = []))
)]
#[get("/tickets/{id}/attachments")]
pub async fn list_ticket_attachments(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(attachments::list(&state, &principal, id.0).await?))
}

/// Upload one file to a ticket, as `multipart/form-data` with one part named `file`.
/// The file's kind is judged by its bytes (images, PDF, zip, UTF-8 text; anything else
/// is 415), its size by the per-file and per-ticket limits (413). It belongs to the
/// ticket until a message names it in `attachment_ids`.
#[utoipa::path(
    tag = "tickets",
    operation_id = "upload_ticket_attachment",
    params(("id" = Uuid, Path, description = "Ticket id"), UploadAttachmentQuery),
    request_body(content = UploadTicketAttachment, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = TicketAttachment),
        (status = 409, description = "The ticket is closed or declined", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than an attachment, or than what is left of the ticket's allowance", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not multipart, or a kind of file that is not accepted", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/tickets/{id}/attachments")]
pub async fn upload_ticket_attachment(
    state: Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    id: PathId,
    query: Query<UploadAttachmentQuery>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let mut form = Multipart::new(request.headers(), payload);
    let not_multipart = |error: actix_multipart::MultipartError| ApiError::BadRequest {
        status: actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
        code: loket_api_types::ErrorCode::UnsupportedMediaType,
        detail: format!("Send the file as multipart/form-data with one part named `file` ({error})."),
    };
    let Some(field) = form.try_next().await.map_err(not_multipart)? else {
        return Err(ApiError::field("file", "required", "attach a file in a part named `file`"));
    };
    if field.name() != Some("file") {
        return Err(ApiError::field("file", "required", "send the file in a part named `file`, and nothing else"));
    }
    let name = field.content_disposition().and_then(|d| d.get_filename()).unwrap_or_default().to_owned();
    let internal = query.0.internal.unwrap_or(false);
    let stored = attachments::upload(&state, &principal, id.0, internal, &name, field).await?;
    Ok(HttpResponse::Created().json(stored))
}

/// The bytes of one file, as an attachment (`Content-Disposition`) of the type found in
/// them; never rendered by the browser as a page.
#[utoipa::path(
    tag = "tickets",
    operation_id = "download_ticket_attachment",
    params(
        ("id" = Uuid, Path, description = "Ticket id"),
        ("attachment_id" = Uuid, Path, description = "Attachment id"),
    ),
    responses((status = 200, description = "The file, of the type found in its bytes", content(
        (FileContent = "image/png"),
        (FileContent = "image/jpeg"),
        (FileContent = "image/gif"),
        (FileContent = "image/webp"),
        (FileContent = "application/pdf"),
        (FileContent = "application/zip"),
        (FileContent = "text/plain"),
    ))),
    security(("bearer" = []))
)]
#[get("/tickets/{id}/attachments/{attachment_id}")]
pub async fn download_ticket_attachment(
    state: Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let attachment_id = path_uuid(&request, "attachment_id")?;
    let file = attachments::download(&state, &principal, id.0, attachment_id).await?;
    Ok(super::file_response::attachment(&file.attachment.file_name, &file.attachment.media_type)?
        .body(SizedStream::new(u64::try_from(file.attachment.size_bytes).unwrap_or(0), file.body)))
}
