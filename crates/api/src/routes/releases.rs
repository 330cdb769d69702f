//! `/products`, `/releases` and `/downloads`: the vendor's products and releases, and the
//! signed download links of installation instructions.

use actix_multipart::Multipart;
use actix_web::body::SizedStream;
use actix_web::web::{Data, Payload};
use actix_web::{HttpRequest, HttpResponse, get, post};
use base64::Engine;
use futures_util::TryStreamExt;
use loket_api_types::releases::{
    CreateProduct, DownloadQuery, Product, ProductList, Release, ReleaseList, UploadRelease,
};
use loket_api_types::ticket_attachments::FileContent;
use utoipa_actix_web::service_config::ServiceConfig;

use super::multipart::{file_name, not_multipart, text_part};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{Json, PathId, Query};
use crate::services::downloads;
use crate::services::releases::{self, Installer, ReleaseMeta};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_products)
        .service(create_product)
        .service(list_releases)
        .service(publish_release)
        .service(withdraw_release)
        .service(download_release)
        .service(download_by_link);
}

/// The vendor's products, each with its current release (the helpdesk).
#[utoipa::path(
    tag = "releases",
    operation_id = "list_products",
    responses((status = 200, description = "The products", body = ProductList)),
    security(("bearer" = []))
)]
#[get("/products")]
pub async fn list_products(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(releases::list_products(&state, &principal).await?))
}

/// Add a product (vendor administrators). The key is unique.
#[utoipa::path(
    tag = "releases",
    operation_id = "create_product",
    request_body = CreateProduct,
    responses(
        (status = 201, description = "Added", body = Product),
        (status = 409, description = "A product has this key", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/products")]
pub async fn create_product(
    state: Data<AppState>,
    principal: Principal,
    body: Json<CreateProduct>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(releases::create_product(&state, &principal, body.0).await?))
}

/// A product's releases, highest version first (the helpdesk).
#[utoipa::path(
    tag = "releases",
    operation_id = "list_releases",
    params(("id" = Uuid, Path, description = "Product id")),
    responses((status = 200, description = "The releases", body = ReleaseList)),
    security(("bearer" = []))
)]
#[get("/products/{id}/releases")]
pub async fn list_releases(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(releases::list_releases(&state, &principal, id.0).await?))
}

/// Publish a release (vendor administrators), as `multipart/form-data`: the parts
/// `version`, `released_on` (optional) and `notes` (optional) first, then the installer
/// in `file`. The installer streams into the file store while its SHA-256 is computed.
#[utoipa::path(
    tag = "releases",
    operation_id = "publish_release",
    params(("id" = Uuid, Path, description = "Product id")),
    request_body(content = UploadRelease, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Published", body = Release),
        (status = 409, description = "The product has a release with this version", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than an installer may be", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not multipart", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parts, each named", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/products/{id}/releases")]
pub async fn publish_release(
    state: Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    id: PathId,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    principal.authorize(loket_domain::policy::ReleaseAction::Manage, &())?;
    let mut form = Multipart::new(request.headers(), payload);
    let not_multipart = not_multipart("version, released_on, notes, then file");
    let mut meta = ReleaseMeta::default();
    while let Some(field) = form.try_next().await.map_err(&not_multipart)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "version" => meta.version = Some(text_part(field, "version").await?),
            "released_on" => meta.released_on = Some(text_part(field, "released_on").await?),
            "notes" => meta.notes = Some(text_part(field, "notes").await?),
            "file" => {
                let file_name = file_name(&field);
                let saved = releases::publish(&state, &principal, id.0, meta, &file_name, field).await?;
                return Ok(HttpResponse::Created().json(saved));
            }
            other => {
                return Err(ApiError::field(other, "unknown", "parts are version, released_on, notes and file"));
            }
        }
    }
    Err(ApiError::field("file", "required", "send the installer in a part named `file`, after the other parts"))
}

/// Withdraw a release (vendor administrators): it is never current again and its
/// download links stop working (410). Withdrawing twice changes nothing.
#[utoipa::path(
    tag = "releases",
    operation_id = "withdraw_release",
    params(("id" = Uuid, Path, description = "Release id")),
    responses((status = 200, description = "Withdrawn", body = Release)),
    security(("bearer" = []))
)]
#[post("/releases/{id}/withdraw")]
pub async fn withdraw_release(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(releases::withdraw(&state, &principal, id.0).await?))
}

/// The installer as a download, with its SHA-256 in `Repr-Digest` (RFC 9530).
fn installer_response(installer: Installer) -> Result<HttpResponse, ApiError> {
    let release = &installer.release;
    let digest = hex_to_base64(&release.sha256)?;
    Ok(super::file_response::attachment(&release.file_name, "application/octet-stream")?
        .insert_header(("repr-digest", format!("sha-256=:{digest}:")))
        .body(SizedStream::new(u64::try_from(release.size_bytes).unwrap_or(0), installer.body)))
}

fn hex_to_base64(hex: &str) -> Result<String, ApiError> {
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| hex.get(i..i + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()))
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("a stored SHA-256 is not hex")))?;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// A release's installer (the helpdesk; withdrawn releases too).
#[utoipa::path(
    tag = "releases",
    operation_id = "download_release",
    params(("id" = Uuid, Path, description = "Release id")),
    responses((status = 200, description = "The installer", content((FileContent = "application/octet-stream")))),
    security(("bearer" = []))
)]
#[get("/releases/{id}/file")]
pub async fn download_release(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    installer_response(releases::download(&state, &principal, id.0).await?)
}

/// The installer behind a download link of installation instructions. No login: the
/// signature and expiry in the link are the permission. A link that is not ours is 404;
/// an expired one, or one for a withdrawn release, 410 `link_expired`. Every download is
/// counted.
#[utoipa::path(
    tag = "releases",
    operation_id = "download_by_link",
    params(("id" = Uuid, Path, description = "Download link id"), DownloadQuery),
    responses(
        (status = 200, description = "The installer", content((FileContent = "application/octet-stream"))),
        (status = 404, description = "No such link", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link expired, or its release was withdrawn", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/downloads/{id}")]
pub async fn download_by_link(
    state: Data<AppState>,
    id: PathId,
    query: Query<DownloadQuery>,
) -> Result<HttpResponse, ApiError> {
    installer_response(downloads::download(&state, id.0, query.0.expires, &query.0.signature).await?)
}
