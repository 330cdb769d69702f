//! Client import: `/client-imports` (the firm's imports, uploading a file), the
//! template (`/client-import-template`), one import, its preview rows, committing and cancelling it.

use actix_multipart::Multipart;
use actix_web::web::{Data, Payload};
use actix_web::{HttpRequest, HttpResponse, delete, get, post};
use futures_util::{StreamExt, TryStreamExt};
use loket_api_types::client_imports::{
    ClientImport, CommitImport, ImportRowPage, ImportRowsQuery, ReportQuery, TemplateFormat, TemplateQuery,
    UploadClientFile,
};
use loket_api_types::ticket_attachments::FileContent;
use utoipa_actix_web::service_config::ServiceConfig;

use super::multipart::{file_name, not_multipart};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{Json, PathId, Query};
use crate::services::client_imports::{self, MAX_FILE_BYTES, template};
use crate::services::uploads::{size_text, too_large};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(download_template)
        .service(list_client_imports)
        .service(upload_client_file)
        .service(get_client_import)
        .service(list_import_rows)
        .service(download_error_report)
        .service(commit_client_import)
        .service(cancel_client_import);
}

/// The import template with its header row, in Dutch (default) or English: an Excel
/// workbook whose columns are formatted as text (so numbers keep their leading zeros),
/// or CSV (UTF-8, `;`-separated in Dutch, `,` in English). Anyone signed in may have it.
#[utoipa::path(
    tag = "client-imports",
    operation_id = "download_client_import_template",
    params(TemplateQuery),
    responses((status = 200, description = "The template", content(
        (FileContent = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (FileContent = "text/csv"),
    ))),
    security(("bearer" = []))
)]
#[get("/client-import-template")]
pub async fn download_template(_principal: Principal, query: Query<TemplateQuery>) -> Result<HttpResponse, ApiError> {
    let language = query.0.language.unwrap_or_default();
    let (bytes, media_type, extension) = match query.0.format.unwrap_or_default() {
        TemplateFormat::Xlsx => (
            template::xlsx(language).map_err(ApiError::internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        TemplateFormat::Csv => (template::csv(language), "text/csv; charset=utf-8", "csv"),
    };
    let name = match language {
        loket_domain::Language::Nl => format!("clienten-sjabloon.{extension}"),
        loket_domain::Language::En => format!("client-template.{extension}"),
    };
    Ok(super::file_response::attachment(&name, media_type)?.body(bytes))
}

/// The firm's client imports, newest first (the last 50). The firm's administrators and
/// vendor staff.
#[utoipa::path(
    tag = "client-imports",
    operation_id = "list_client_imports",
    responses((status = 200, description = "The imports", body = Vec<ClientImport>)),
    security(("bearer" = []))
)]
#[get("/client-imports")]
pub async fn list_client_imports(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(client_imports::list(&state, &principal).await?))
}

/// Upload a client list (`multipart/form-data`, the file in `file`) for the caller's
/// firm (its firm-wide administrator). The file is read at once: not a spreadsheet or an
/// old `.xls` is 415; no header row, wrong columns (each missing, unknown or repeated
/// one named), more than 20,000 filled rows, a damaged file or one that unpacks to more
/// than 64 MB is 422 on `file`. Then every row is checked in the background: follow the
/// import until it is `ready`, then read its rows.
#[utoipa::path(
    tag = "client-imports",
    operation_id = "upload_client_file",
    request_body(content = UploadClientFile, content_type = "multipart/form-data"),
    responses(
        (status = 202, description = "Taken; rows are being checked", body = ClientImport),
        (status = 413, description = "Larger than 10 MiB", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not multipart, or not a spreadsheet", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a client list, with the reason", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/client-imports")]
pub async fn upload_client_file(
    state: Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let mut form = Multipart::new(request.headers(), payload);
    let not_multipart = not_multipart("the client list in a part named `file`");
    let Some(mut field) = form.try_next().await.map_err(&not_multipart)? else {
        return Err(ApiError::field("file", "required", "send the client list in a part named `file`"));
    };
    if field.name() != Some("file") {
        let other = field.name().unwrap_or_default().to_owned();
        return Err(ApiError::field(&other, "unknown", "the only part is `file`"));
    }
    let name = file_name(&field);
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request(format!("The upload could not be read: {e}")))?;
        if bytes.len() + chunk.len() > MAX_FILE_BYTES {
            let limit = size_text(MAX_FILE_BYTES as u64);
            return Err(too_large(format!("A client list may be at most {limit}; split it into several imports.")));
        }
        bytes.extend_from_slice(&chunk);
    }
    if bytes.is_empty() {
        return Err(ApiError::field("file", "empty", "the file is empty"));
    }
    let import = client_imports::upload(&state, &principal, &name, bytes).await?;
    Ok(HttpResponse::Accepted().json(import))
}

/// One import: its status, progress (`processed_rows` of `total_rows`) and counts.
#[utoipa::path(
    tag = "client-imports",
    operation_id = "get_client_import",
    params(("id" = Uuid, Path, description = "Import id")),
    responses((status = 200, description = "The import", body = ClientImport)),
    security(("bearer" = []))
)]
#[get("/client-imports/{id}")]
pub async fn get_client_import(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(client_imports::get(&state, &principal, id.0).await?))
}

/// The preview: the file's filled rows in line order with each cell's problems, and
/// for valid rows whether they create a client or update a known one.
#[utoipa::path(
    tag = "client-imports",
    operation_id = "list_import_rows",
    params(("id" = Uuid, Path, description = "Import id"), ImportRowsQuery),
    responses((status = 200, description = "A page of rows", body = ImportRowPage)),
    security(("bearer" = []))
)]
#[get("/client-imports/{id}/rows")]
pub async fn list_import_rows(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    query: Query<ImportRowsQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(client_imports::rows(&state, &principal, id.0, query.0).await?))
}

/// The rows with problems as CSV (UTF-8; `;`-separated in Dutch, `,` in English): the
/// line, the template's columns as written and what is wrong, in the chosen language —
/// to correct in the spreadsheet and upload again.
#[utoipa::path(
    tag = "client-imports",
    operation_id = "download_import_error_report",
    params(("id" = Uuid, Path, description = "Import id"), ReportQuery),
    responses((status = 200, description = "The report", content((FileContent = "text/csv")))),
    security(("bearer" = []))
)]
#[get("/client-imports/{id}/error-report")]
pub async fn download_error_report(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    query: Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let language = query.0.language.unwrap_or_default();
    let (name, bytes) = client_imports::report::error_report(&state, &principal, id.0, language).await?;
    Ok(super::file_response::attachment(&name, "text/csv; charset=utf-8")?.body(bytes))
}

/// Commit a checked import (status `ready`): the chosen valid lines (all valid rows
/// when `lines` is absent) are written in one transaction, new clients placed in the
/// chosen client group. 202: follow the import until `committed` (or `failed`, with
/// nothing written). Another status is 409; a line that is not a valid row, or a group
/// that is not one of the firm's client groups, is 422.
#[utoipa::path(
    tag = "client-imports",
    operation_id = "commit_client_import",
    params(("id" = Uuid, Path, description = "Import id")),
    request_body = CommitImport,
    responses(
        (status = 202, description = "Being committed", body = ClientImport),
        (status = 409, description = "Not ready (still being checked, committed or given up)", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/client-imports/{id}/commit")]
pub async fn commit_client_import(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<CommitImport>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Accepted().json(client_imports::commit(&state, &principal, id.0, body.0).await?))
}

/// Cancel an import that is not committed (nor being committed: 409); its checked rows
/// and file are removed.
#[utoipa::path(
    tag = "client-imports",
    operation_id = "cancel_client_import",
    params(("id" = Uuid, Path, description = "Import id")),
    responses(
        (status = 204, description = "Cancelled"),
        (status = 409, description = "Committed or being committed", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/client-imports/{id}")]
pub async fn cancel_client_import(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    client_imports::cancel(&state, &principal, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
