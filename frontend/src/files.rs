//! File transfer. Uploads go as `multipart/form-data`; downloads come as blobs behind
//! object URLs, because the access token travels in a header and an `<img src>` or a
//! link straight to the API could not carry it.

use gloo_timers::callback::Timeout;
use loket_api_types::documents::ApprovalDocument;
use loket_api_types::ticket_attachments::TicketAttachment;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File, FormData, HtmlAnchorElement, Url};

use crate::api::{ApiError, Body, Method, body_of, decode, failure, respond};
use crate::session::Session;

/// Uploads `file` to ticket `ticket`; with `internal`, for the helpdesk's notes.
pub async fn upload(session: Session, ticket: Uuid, file: &File, internal: bool) -> Result<TicketAttachment, ApiError> {
    let form = FormData::new().map_err(|_| ApiError::network())?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| ApiError::network())?;
    let path = format!("/tickets/{ticket}/attachments{}", if internal { "?internal=true" } else { "" });
    decode(body_of(respond(session, Method::Post, path, Body::Form(form), None).await?).await)
}

/// An object URL for the bytes of `file`; give it back with [`revoke`].
pub async fn object_url(session: Session, file: &TicketAttachment) -> Result<String, ApiError> {
    object_url_at(session, format!("/tickets/{}/attachments/{}", file.ticket_id, file.id)).await
}

/// An object URL for the bytes the API serves at `path`.
async fn object_url_at(session: Session, path: String) -> Result<String, ApiError> {
    object_url_of(session, Method::Get, path, Body::Empty).await
}

/// An object URL for the bytes the API answers `method` on `path` with.
async fn object_url_of(session: Session, method: Method, path: String, body: Body) -> Result<String, ApiError> {
    let response = respond(session, method, path, body, None).await?;
    if !response.ok() {
        return Err(failure(response).await);
    }
    let raw: web_sys::Response = response.into();
    let promise = raw.blob().map_err(|_| ApiError::network())?;
    let blob: Blob = JsFuture::from(promise).await.map_err(|_| ApiError::network())?.unchecked_into();
    Url::create_object_url_with_blob(&blob).map_err(|_| ApiError::network())
}

pub fn revoke(url: &str) {
    let _ = Url::revoke_object_url(url);
}

/// Saves `file` under its name through a temporary link.
pub async fn save(session: Session, file: &TicketAttachment) -> Result<(), ApiError> {
    save_from(session, format!("/tickets/{}/attachments/{}", file.ticket_id, file.id), &file.file_name).await
}

/// Saves the PDF of a document for approval under its name.
pub async fn save_document(session: Session, document: &ApprovalDocument) -> Result<(), ApiError> {
    save_from(session, format!("/documents/{}/file", document.id), &document.file_name).await
}

/// Uploads a client list for the signed-in partner's firm.
pub async fn upload_client_file(
    session: Session,
    file: &File,
) -> Result<loket_api_types::client_imports::ClientImport, ApiError> {
    let form = FormData::new().map_err(|_| ApiError::network())?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| ApiError::network())?;
    decode(body_of(respond(session, Method::Post, "/client-imports".into(), Body::Form(form), None).await?).await)
}

/// Saves what the API serves at `path` (a template, a report) as `file_name`.
pub async fn save_from(session: Session, path: String, file_name: &str) -> Result<(), ApiError> {
    save_url(object_url_at(session, path).await?, file_name)
}

/// Saves the file the API answers a POST of `request` to `path` with (PIN letters).
pub async fn save_posted<T: serde::Serialize>(
    session: Session,
    path: String,
    request: &T,
    file_name: &str,
) -> Result<(), ApiError> {
    let body = Body::from(crate::api::json(request));
    save_url(object_url_of(session, Method::Post, path, body).await?, file_name)
}

fn save_url(url: String, file_name: &str) -> Result<(), ApiError> {
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok())
        .ok_or_else(ApiError::network)?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The browser has taken the bytes long before this.
    Timeout::new(60_000, move || revoke(&url)).forget();
    Ok(())
}

/// "12 KB", "3.4 MB".
pub fn size(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KB", (b + 1023) / 1024),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Publishes a release of `product`: the text parts first, the installer last.
pub async fn upload_release(
    session: Session,
    product: Uuid,
    version: &str,
    released_on: &str,
    notes: &str,
    file: &File,
) -> Result<loket_api_types::releases::Release, ApiError> {
    let form = FormData::new().map_err(|_| ApiError::network())?;
    form.append_with_str("version", version).map_err(|_| ApiError::network())?;
    if !released_on.is_empty() {
        form.append_with_str("released_on", released_on).map_err(|_| ApiError::network())?;
    }
    form.append_with_str("notes", notes).map_err(|_| ApiError::network())?;
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| ApiError::network())?;
    let path = format!("/products/{product}/releases");
    decode(body_of(respond(session, Method::Post, path, Body::Form(form), None).await?).await)
}

/// The text parts of a document for approval.
pub struct DocumentParts<'a> {
    pub document_type: &'a str,
    pub title: &'a str,
    pub period: &'a str,
    pub due_on: &'a str,
}

/// Uploads a PDF for `client`'s approval: the text parts first, the file last.
pub async fn upload_document(
    session: Session,
    client: Uuid,
    parts: DocumentParts<'_>,
    file: &File,
) -> Result<ApprovalDocument, ApiError> {
    let form = FormData::new().map_err(|_| ApiError::network())?;
    for (name, value) in [
        ("document_type", parts.document_type),
        ("title", parts.title),
        ("period", parts.period),
        ("due_on", parts.due_on),
    ] {
        if !value.is_empty() {
            form.append_with_str(name, value).map_err(|_| ApiError::network())?;
        }
    }
    form.append_with_blob_and_filename("file", file, &file.name()).map_err(|_| ApiError::network())?;
    let path = format!("/organisations/{client}/documents");
    decode(body_of(respond(session, Method::Post, path, Body::Form(form), None).await?).await)
}
