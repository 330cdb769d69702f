//! The vendor's products and their releases (seed 000 step 5). A vendor administrator
//! publishes a release by uploading its installer, which streams into the file store
//! while its SHA-256 is computed; only a complete upload gets a row. The current release
//! of a product is the highest version released by today and not withdrawn
//! ([`current_release`]). Installers leave through the helpdesk's own download and
//! through the signed links of installation instructions ([`super::downloads`]).

use actix_web::web::Bytes;
use chrono::{NaiveDate, Utc};
use futures_util::{Stream, StreamExt};
use loket_api_types::releases::{CreateProduct, Product, ProductList, Release, ReleaseList};
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::onboarding::releases::{ReleaseFacts, ReleaseVersion, current_release, product_key};
use loket_domain::policy::ReleaseAction;
use loket_domain::text::{self, TextKind};
use sea_orm::{ConnectionTrait, Set};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::Principal;
use crate::auth::tokens::hex;
use crate::db;
use crate::db::entities::{products, releases};
use crate::db::tz;
use crate::error::{ApiError, Problems};
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;
use loket_api_types::ErrorCode;

/// What a release is published with, besides its file.
#[derive(Debug, Default)]
pub struct ReleaseMeta {
    pub version: Option<String>,
    pub released_on: Option<String>,
    pub notes: Option<String>,
}

const MAX_NOTES: usize = 10_000;

fn facts(row: &releases::Model) -> Result<ReleaseFacts, ApiError> {
    let version = ReleaseVersion::parse(&row.release_version).map_err(|_| {
        ApiError::internal(anyhow::anyhow!("release {} has the version {:?}", row.id, row.release_version))
    })?;
    Ok(ReleaseFacts { version, released_on: row.released_on, withdrawn: row.withdrawn })
}

/// The current release among a product's `rows`.
pub(crate) fn current(rows: &[releases::Model], today: NaiveDate) -> Result<Option<&releases::Model>, ApiError> {
    let all = rows.iter().map(facts).collect::<Result<Vec<_>, _>>()?;
    Ok(current_release(&all, today).and_then(|i| rows.get(i)))
}

pub(crate) fn to_dto(row: &releases::Model, downloads: i64) -> Release {
    Release {
        id: row.id,
        product_id: row.product_id,
        version: row.release_version.clone(),
        released_on: row.released_on,
        notes: row.notes.clone(),
        file_name: row.file_name.clone(),
        size_bytes: row.size_bytes,
        sha256: row.sha256.clone(),
        withdrawn: row.withdrawn,
        downloads,
        created_at: row.created_at.with_timezone(&Utc),
        created_by: row.created_by_name.clone(),
    }
}

async fn dtos(db: &impl ConnectionTrait, rows: &[releases::Model]) -> Result<Vec<Release>, ApiError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let counts = db::releases::download_counts(db, &ids).await?;
    Ok(rows.iter().map(|r| to_dto(r, counts.get(&r.id).copied().unwrap_or(0))).collect())
}

/// Products with their current releases, from all their release rows at once.
async fn product_dtos(db: &impl ConnectionTrait, products: Vec<products::Model>) -> Result<Vec<Product>, ApiError> {
    let ids: Vec<Uuid> = products.iter().map(|p| p.id).collect();
    let rows = db::releases::releases_of(db, &ids).await?;
    let today = Utc::now().date_naive();
    let mut currents = Vec::new();
    for product in &products {
        let own: Vec<releases::Model> = rows.iter().filter(|r| r.product_id == product.id).cloned().collect();
        currents.push(current(&own, today)?.cloned());
    }
    let chosen: Vec<releases::Model> = currents.iter().flatten().cloned().collect();
    let mut current_dtos = dtos(db, &chosen).await?.into_iter();
    Ok(products
        .into_iter()
        .zip(currents)
        .map(|(product, current)| Product {
            id: product.id,
            key: product.key,
            name: product.name,
            current_release: current.and_then(|_| current_dtos.next()),
        })
        .collect())
}

pub async fn list_products(state: &AppState, principal: &Principal) -> Result<ProductList, ApiError> {
    principal.authorize(ReleaseAction::Read, &())?;
    let products = db::releases::products(&state.db).await?;
    Ok(ProductList { items: product_dtos(&state.db, products).await? })
}

pub async fn create_product(state: &AppState, principal: &Principal, body: CreateProduct) -> Result<Product, ApiError> {
    principal.authorize(ReleaseAction::Manage, &())?;
    let mut problems = Problems::default();
    let key = problems.take("key", "invalid", product_key(&body.key), String::new());
    let name = body.name.trim().to_owned();
    if name.is_empty() {
        problems.add("name", "required", "give the product a name");
    }
    problems.check()?;
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = db::releases::insert_product(write.db(), key, name, Utc::now()).await?;
    let snapshot = Snapshot::new().field("key", &saved.key).field("name", &saved.name);
    write.record(Change::created(EntityType::Product, saved.id, None, &snapshot)).await?;
    write.commit().await?;
    product_dtos(&state.db, vec![saved])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("a saved product went missing")))
}

async fn product(db: &impl ConnectionTrait, id: Uuid) -> Result<products::Model, ApiError> {
    db::releases::product(db, id).await?.ok_or(ApiError::NotFound)
}

/// A product's releases, highest version first.
pub async fn list_releases(state: &AppState, principal: &Principal, product_id: Uuid) -> Result<ReleaseList, ApiError> {
    principal.authorize(ReleaseAction::Read, &())?;
    let product = product(&state.db, product_id).await?;
    let mut rows = db::releases::releases_of(&state.db, &[product.id]).await?;
    let mut keyed = rows.drain(..).map(|row| Ok((facts(&row)?.version, row))).collect::<Result<Vec<_>, ApiError>>()?;
    keyed.sort_by(|a, b| b.0.cmp(&a.0));
    let rows: Vec<releases::Model> = keyed.into_iter().map(|(_, row)| row).collect();
    Ok(ReleaseList { items: dtos(&state.db, &rows).await? })
}

/// The checked text parts of a new release.
struct Checked {
    version: String,
    released_on: NaiveDate,
    notes: String,
}

fn check_meta(meta: ReleaseMeta) -> Result<Checked, ApiError> {
    let mut problems = Problems::default();
    let version = match meta.version.as_deref().map(ReleaseVersion::parse) {
        Some(Ok(version)) => version.to_string(),
        Some(Err(e)) => {
            problems.add("version", "invalid", e.to_string());
            String::new()
        }
        None => {
            problems.add("version", "required", "give the release's version, such as 4.2.0");
            String::new()
        }
    };
    let released_on = match meta.released_on.as_deref().filter(|d| !d.is_empty()) {
        None => Utc::now().date_naive(),
        Some(raw) => {
            let shaped = raw.len() == 10;
            match raw.parse::<NaiveDate>() {
                Ok(day) if shaped => day,
                _ => {
                    problems.add("released_on", "invalid", "a date such as 2027-01-15");
                    Utc::now().date_naive()
                }
            }
        }
    };
    let notes = meta.notes.unwrap_or_default();
    if let Err(e) = text::check_with_max(&notes, TextKind::MultiLine, MAX_NOTES) {
        problems.add("notes", "invalid", e.to_string());
    }
    problems.check()?;
    Ok(Checked { version, released_on, notes: notes.trim().to_owned() })
}

fn store_error(error: object_store::Error) -> ApiError {
    ApiError::internal(anyhow::anyhow!("file store: {error}"))
}

fn too_large(max: u64) -> ApiError {
    ApiError::BadRequest {
        status: actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
        code: ErrorCode::PayloadTooLarge,
        detail: format!("An installer may hold at most {} MiB.", max / (1024 * 1024)),
    }
}

/// Publishes a release: checks its parts, streams the installer into the file store
/// with its digest, then records it (or removes the file if that fails).
pub async fn publish<S, E>(
    state: &AppState,
    principal: &Principal,
    product_id: Uuid,
    meta: ReleaseMeta,
    uploaded_name: &str,
    body: S,
) -> Result<Release, ApiError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    principal.authorize(ReleaseAction::Manage, &())?;
    let product = product(&state.db, product_id).await?;
    let checked = check_meta(meta)?;
    let existing = db::releases::releases_of(&state.db, &[product.id]).await?;
    if existing.iter().any(|r| r.release_version == checked.version) {
        return Err(ApiError::taken("version", "this product has a release with this version"));
    }
    let id = Uuid::now_v7();
    let key = format!("releases/{}/{id}", product.id);
    let max = state.settings.installer_max_bytes;
    let mut body = body;
    let mut upload = state.files.writer(&key).await.map_err(store_error)?;
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let streamed: Result<(), ApiError> = async {
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| ApiError::bad_request(format!("The upload could not be read: {e}")))?;
            size += chunk.len() as u64;
            if size > max {
                return Err(too_large(max));
            }
            hasher.update(&chunk);
            upload.write(&chunk).await.map_err(store_error)?;
        }
        if size == 0 {
            return Err(ApiError::field("file", "empty", "the installer is empty"));
        }
        Ok(())
    }
    .await;
    if let Err(error) = streamed {
        upload.abort().await;
        return Err(error);
    }
    upload.finish().await.map_err(store_error)?;
    let cleaned = loket_domain::support::attachments::clean_name(uploaded_name);
    let file_name: String = if cleaned.is_empty() {
        format!("{}-{}-setup.exe", product.key, checked.version)
    } else {
        cleaned.chars().take(200).collect()
    };
    let row = releases::ActiveModel {
        id: Set(id),
        product_id: Set(product.id),
        release_version: Set(checked.version),
        released_on: Set(checked.released_on),
        notes: Set(checked.notes),
        file_name: Set(file_name),
        size_bytes: Set(i64::try_from(size).map_err(ApiError::internal)?),
        sha256: Set(hex(&hasher.finalize())),
        storage_key: Set(key.clone()),
        withdrawn: Set(false),
        created_at: Set(tz(Utc::now())),
        created_by_name: Set(principal.name.chars().take(120).collect()),
    };
    let kept = record_release(state, principal, row).await;
    if kept.is_err()
        && let Err(error) = state.files.delete(&key).await
    {
        tracing::warn!(%error, key, "a refused installer stayed in the file store");
    }
    let saved = kept?;
    Ok(to_dto(&saved, 0))
}

async fn record_release(
    state: &AppState,
    principal: &Principal,
    row: releases::ActiveModel,
) -> Result<releases::Model, ApiError> {
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = db::releases::insert_release(write.db(), row).await?;
    let snapshot = Snapshot::new()
        .field("version", &saved.release_version)
        .field("released_on", saved.released_on)
        .field("file_name", &saved.file_name)
        .field("size_bytes", saved.size_bytes)
        .field("sha256", &saved.sha256);
    write.record(Change::created(EntityType::Release, saved.id, None, &snapshot)).await?;
    write.commit().await?;
    Ok(saved)
}

/// Withdraws a release: never current again, its links stop working.
pub async fn withdraw(state: &AppState, principal: &Principal, id: Uuid) -> Result<Release, ApiError> {
    principal.authorize(ReleaseAction::Manage, &())?;
    let mut write = Write::begin(state, principal.into()).await?;
    let release = db::releases::release(write.db(), id).await?.ok_or(ApiError::NotFound)?;
    if db::releases::withdraw(write.db(), id).await? {
        let before = Snapshot::new().field("withdrawn", false);
        let after = Snapshot::new().field("withdrawn", true);
        let change =
            Change::updated(EntityType::Release, id, None, &before, &after).with_action(AuditAction::Deactivated);
        write.record(change).await?;
        write.commit().await?;
    }
    let saved = db::releases::release(&state.db, release.id).await?.ok_or(ApiError::NotFound)?;
    Ok(dtos(&state.db, std::slice::from_ref(&saved)).await?.pop().unwrap_or_else(|| to_dto(&saved, 0)))
}

/// An installer to send: its row and its bytes.
pub struct Installer {
    pub release: releases::Model,
    pub body: futures_util::stream::BoxStream<'static, std::io::Result<Bytes>>,
}

pub(crate) async fn open(state: &AppState, release: releases::Model) -> Result<Installer, ApiError> {
    let body = state.files.read(&release.storage_key).await.map_err(store_error)?;
    Ok(Installer { release, body })
}

/// The helpdesk's own download of an installer (withdrawn ones too, for support).
pub async fn download(state: &AppState, principal: &Principal, id: Uuid) -> Result<Installer, ApiError> {
    principal.authorize(ReleaseAction::Read, &())?;
    let release = db::releases::release(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    open(state, release).await
}
