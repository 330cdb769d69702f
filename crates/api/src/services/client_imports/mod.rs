//! Client import (issue 11, seed 002 "Importeren en aanmaken cliënten"): a partner's
//! client list from CSV or Excel, checked row by row, previewed, and committed at once.
//!
//! The upload reads the file at once, so a file that is no client list (not a
//! spreadsheet, wrong columns, a zip bomb, too many rows) is refused in the answer;
//! checking every row against the rules and the partner's known clients, and writing
//! the chosen rows, are jobs for the worker (`jobs::client_imports`), whose progress the
//! import row shows.

pub mod check;
pub mod commit;
pub mod read;
pub mod report;
pub mod selection;
pub mod template;

use actix_web::http::StatusCode;
use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_api_types::client_imports::{
    CellProblem, ClientImport, CommitImport, ImportRow, ImportRowPage, ImportRowsQuery, RowAction, RowFilter,
};
use loket_domain::OrganisationKind;
use loket_domain::approvals::rights::GroupAudience;
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::clients::ImportStatus;
use loket_domain::policy::{ClientImportAction, Policy};
use loket_domain::support::attachments;
use sea_orm::Set;
use uuid::Uuid;

use self::read::FileError;
use crate::auth::Principal;
use crate::db;
use crate::db::entities::{client_imports, organisations};
use crate::error::{ApiError, Problems};
use crate::services::access;
use crate::services::audit::Change;
use crate::services::uploads::store_error;
use crate::services::write::Write;
use crate::state::AppState;

/// The most bytes an uploaded client file may have.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

pub fn to_dto(model: &client_imports::Model) -> ClientImport {
    ClientImport {
        id: model.id,
        status: ImportStatus::parse(&model.status).unwrap_or(ImportStatus::Failed),
        file_name: model.file_name.clone(),
        format: model.format.clone(),
        total_rows: model.total_rows,
        processed_rows: model.processed_rows,
        valid_rows: model.valid_rows,
        error_rows: model.error_rows,
        new_rows: model.new_rows,
        update_rows: model.update_rows,
        created_count: model.created_count,
        updated_count: model.updated_count,
        group_id: model.group_id,
        failure: model.failure.clone(),
        created_at: model.created_at.into(),
        committed_at: model.committed_at.map(Into::into),
    }
}

fn snapshot(model: &client_imports::Model) -> Snapshot {
    Snapshot::new()
        .field("file_name", &model.file_name)
        .field("status", &model.status)
        .field("total_rows", model.total_rows)
        .field("group_id", model.group_id)
}

/// The partner the caller imports for: its own firm.
async fn own_firm(
    state: &AppState,
    principal: &Principal,
    action: ClientImportAction,
) -> Result<organisations::Model, ApiError> {
    if principal.actor.organisation_kind != OrganisationKind::Partner {
        return Err(ApiError::forbidden("Client imports are a firm's: only partners import clients."));
    }
    access::organisation_for(state, principal, action, principal.actor.organisation_id).await
}

pub(super) async fn import_for(
    state: &AppState,
    principal: &Principal,
    action: ClientImportAction,
    id: Uuid,
) -> Result<client_imports::Model, ApiError> {
    let import = db::client_imports::find(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    access::organisation_for(state, principal, action, import.owner_id).await?;
    Ok(import)
}

/// How a file that is no client list is answered.
fn file_refused(error: FileError) -> ApiError {
    match error {
        FileError::NotSpreadsheet | FileError::LegacyExcel => ApiError::BadRequest {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: ErrorCode::FileTypeNotAccepted,
            detail: error.to_string(),
        },
        FileError::Headers(headers) => {
            let mut problems = Problems::default();
            let names = |columns: &[loket_domain::clients::Column]| {
                columns.iter().map(|c| c.header(loket_domain::Language::En)).collect::<Vec<_>>().join(", ")
            };
            if !headers.missing.is_empty() {
                problems.add(
                    "file",
                    "missing_columns",
                    format!("the file lacks the columns {}", names(&headers.missing)),
                );
            }
            if !headers.unknown.is_empty() {
                problems.add(
                    "file",
                    "unknown_columns",
                    format!("the template has no columns {}", headers.unknown.join(", ")),
                );
            }
            if !headers.repeated.is_empty() {
                problems.add(
                    "file",
                    "repeated_columns",
                    format!("these columns appear twice: {}", names(&headers.repeated)),
                );
            }
            problems.check().err().unwrap_or_else(|| ApiError::field("file", "columns", "check the header row"))
        }
        FileError::Empty => ApiError::field("file", "empty", error.to_string()),
        FileError::Damaged => ApiError::field("file", "damaged", error.to_string()),
        FileError::Unpacked => ApiError::field("file", "too_large_unpacked", error.to_string()),
        FileError::TooManyRows => ApiError::field("file", "too_many_rows", error.to_string()),
    }
}

/// Takes a client file: read at once (refused with the reason when it is no client
/// list), kept in the file store, and queued for checking.
pub async fn upload(
    state: &AppState,
    principal: &Principal,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<ClientImport, ApiError> {
    let firm = own_firm(state, principal, ClientImportAction::Manage).await?;
    let user_id = principal.actor.user_id().ok_or_else(|| ApiError::forbidden(ClientImportAction::Manage.refusal()))?;
    let (bytes, sheet) = tokio::task::spawn_blocking(move || {
        let sheet = read::read(&bytes);
        (bytes, sheet.map(|sheet| (sheet.format, sheet.rows.len())))
    })
    .await
    .map_err(ApiError::internal)?;
    let (format, rows) = sheet.map_err(file_refused)?;
    if rows == 0 {
        return Err(ApiError::field("file", "no_rows", "the file has a header row but no clients under it"));
    }
    let now = Utc::now();
    let id = Uuid::now_v7();
    let name = match attachments::clean_name(file_name) {
        name if name.is_empty() => format!("clients.{}", format.as_str()),
        name => name.chars().take(200).collect(),
    };
    let key = format!("client-imports/{}/{id}.{}", firm.id, format.as_str());
    let mut stored = state.files.writer(&key).await.map_err(store_error)?;
    stored.write(&bytes).await.map_err(store_error)?;
    stored.finish().await.map_err(store_error)?;
    let model = client_imports::Model {
        id,
        owner_id: firm.id,
        created_by: user_id,
        committed_by: None,
        file_name: name,
        file_key: key.clone(),
        format: format.as_str().to_owned(),
        status: ImportStatus::Queued.as_str().to_owned(),
        total_rows: i32::try_from(rows).unwrap_or(i32::MAX),
        processed_rows: 0,
        valid_rows: 0,
        error_rows: 0,
        new_rows: 0,
        update_rows: 0,
        selection: None,
        group_id: None,
        created_count: 0,
        updated_count: 0,
        failure: None,
        attempts: 0,
        lease_until: None,
        created_at: now.into(),
        updated_at: now.into(),
        committed_at: None,
    };
    let written: Result<(), ApiError> = async {
        let mut write = Write::begin(state, principal.into()).await?;
        db::client_imports::insert(write.db(), model.clone()).await?;
        write.record(Change::created(EntityType::ClientImport, id, Some(firm.id), &snapshot(&model))).await?;
        write.commit().await
    }
    .await;
    if let Err(error) = written {
        let _ = state.files.delete(&key).await;
        return Err(error);
    }
    state.imports_waiting.notify_one();
    Ok(to_dto(&model))
}

/// The firm's imports, newest first (the last 50).
pub async fn list(state: &AppState, principal: &Principal) -> Result<Vec<ClientImport>, ApiError> {
    let firm = own_firm(state, principal, ClientImportAction::Read).await?;
    let models = db::client_imports::list(&state.db, firm.id, 50).await?;
    Ok(models.iter().map(to_dto).collect())
}

pub async fn get(state: &AppState, principal: &Principal, id: Uuid) -> Result<ClientImport, ApiError> {
    Ok(to_dto(&import_for(state, principal, ClientImportAction::Read, id).await?))
}

/// A page of the preview.
pub async fn rows(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    query: ImportRowsQuery,
) -> Result<ImportRowPage, ApiError> {
    let import = import_for(state, principal, ClientImportAction::Read, id).await?;
    let limit = u64::from(query.limit.unwrap_or(100));
    let valid = match query.only.unwrap_or_default() {
        RowFilter::All => None,
        RowFilter::Valid => Some(true),
        RowFilter::Errors => Some(false),
    };
    let models = db::client_imports::rows(&state.db, import.id, valid, query.after.unwrap_or(0), limit + 1).await?;
    let more = models.len() as u64 > limit;
    let items: Vec<ImportRow> = models.into_iter().take(limit as usize).map(row_dto).collect();
    let next_after = if more { items.last().map(|row| row.line) } else { None };
    Ok(ImportRowPage { items, next_after })
}

fn row_dto(model: db::entities::client_import_rows::Model) -> ImportRow {
    let cells = serde_json::from_str(&model.cells).unwrap_or_default();
    let kept: Vec<check::KeptProblem> =
        model.errors.as_deref().and_then(|errors| serde_json::from_str(errors).ok()).unwrap_or_default();
    let problems =
        kept.into_iter().map(|p| CellProblem { column: p.column, code: p.code, message: p.en }).collect::<Vec<_>>();
    let action =
        model.record.as_ref().map(|_| if model.existing_id.is_some() { RowAction::Update } else { RowAction::Create });
    ImportRow { line: model.line, cells, problems, action, existing_id: model.existing_id }
}

/// Starts committing the chosen valid rows (all when none are named): 202, the worker
/// writes them in one transaction.
pub async fn commit(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    request: CommitImport,
) -> Result<ClientImport, ApiError> {
    let import = import_for(state, principal, ClientImportAction::Manage, id).await?;
    let status = ImportStatus::parse(&import.status).unwrap_or(ImportStatus::Failed);
    if !status.can_commit() {
        return Err(ApiError::conflict(
            ErrorCode::InvalidTransition,
            format!("An import that is {} cannot be committed; only a checked import (ready) can.", status.as_str()),
        ));
    }
    let mut problems = Problems::default();
    let chosen = selection::check(state, import.id, import.valid_rows, &request, &mut problems).await?;
    if let Some(group_id) = request.group_id {
        let group = db::rights::group(&state.db, group_id).await?;
        let fits = group.is_some_and(|group| {
            group.organisation_id == import.owner_id && group.audience == GroupAudience::Clients.as_str()
        });
        if !fits {
            problems.add("group_id", "invalid", "choose one of the firm's client groups");
        }
    }
    problems.check()?;
    let selection = chosen.and_then(|chosen| serde_json::to_string(&chosen).ok());
    let now = Utc::now();
    let mut write = Write::begin(state, principal.into()).await?;
    let changes = client_imports::ActiveModel {
        selection: Set(selection),
        group_id: Set(request.group_id),
        committed_by: Set(principal.actor.user_id()),
        attempts: Set(0),
        lease_until: Set(None),
        ..Default::default()
    };
    let moved = db::client_imports::transition(
        write.db(),
        import.id,
        &[ImportStatus::Ready],
        ImportStatus::Committing,
        changes,
        now,
    )
    .await?;
    if !moved {
        return Err(ApiError::conflict(ErrorCode::InvalidTransition, "The import changed meanwhile; reload it."));
    }
    let after = db::client_imports::find(write.db(), import.id).await?.ok_or(ApiError::NotFound)?;
    write
        .record(Change::updated(
            EntityType::ClientImport,
            import.id,
            Some(import.owner_id),
            &snapshot(&import),
            &snapshot(&after),
        ))
        .await?;
    write.commit().await?;
    state.imports_waiting.notify_one();
    Ok(to_dto(&after))
}

/// Gives an import up before it is committed; its checked rows go.
pub async fn cancel(state: &AppState, principal: &Principal, id: Uuid) -> Result<(), ApiError> {
    let import = import_for(state, principal, ClientImportAction::Manage, id).await?;
    let status = ImportStatus::parse(&import.status).unwrap_or(ImportStatus::Failed);
    if !status.can_cancel() {
        return Err(ApiError::conflict(
            ErrorCode::InvalidTransition,
            format!("An import that is {} cannot be cancelled.", status.as_str()),
        ));
    }
    let now = Utc::now();
    let mut write = Write::begin(state, principal.into()).await?;
    let cancellable = [ImportStatus::Queued, ImportStatus::Reading, ImportStatus::Ready];
    let changes = client_imports::ActiveModel { lease_until: Set(None), ..Default::default() };
    if !db::client_imports::transition(write.db(), import.id, &cancellable, ImportStatus::Cancelled, changes, now)
        .await?
    {
        return Err(ApiError::conflict(ErrorCode::InvalidTransition, "The import is being committed already."));
    }
    db::client_imports::clear_rows(write.db(), import.id).await?;
    write
        .record(Change::event(AuditAction::Cancelled, EntityType::ClientImport, import.id, Some(import.owner_id)))
        .await?;
    write.commit().await?;
    let _ = state.files.delete(&import.file_key).await;
    Ok(())
}
