//! Checking the rows of an uploaded file (the worker's first job): every row against
//! the rules of `loket_domain::clients`, duplicates within the file, and the partner's
//! known clients, kept for the preview in chunks with the progress between them.

use std::collections::BTreeMap;

use chrono::Utc;
use futures_util::StreamExt;
use loket_domain::Language;
use loket_domain::clients::import::check_row;
use loket_domain::clients::{ClientRecord, Column, DuplicateCheck, ImportStatus};
use sea_orm::Set;
use serde::{Deserialize, Serialize};

use super::read::{self, Sheet};
use crate::db;
use crate::db::entities::{client_import_rows, client_imports};
use crate::state::AppState;

/// A cell's problem as kept with its row: in both languages, for the preview (English,
/// the app translates by code) and the error report (the reader's language).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeptProblem {
    pub column: Column,
    pub code: String,
    pub en: String,
    pub nl: String,
}

/// A row as checked, before it is kept.
struct Checked {
    line: i32,
    cells: BTreeMap<String, String>,
    outcome: Result<ClientRecord, Vec<KeptProblem>>,
}

fn check_sheet(sheet: &Sheet) -> Vec<Checked> {
    let mut duplicates = DuplicateCheck::default();
    sheet
        .rows
        .iter()
        .map(|(line, cells)| {
            let shown = cells
                .iter()
                .enumerate()
                .filter_map(|(index, cell)| {
                    let column = sheet.headers.column_at(index)?;
                    (!cell.text.is_empty()).then(|| (column.key().to_owned(), cell.text.chars().take(300).collect()))
                })
                .collect();
            let outcome = check_row(&sheet.headers, cells).and_then(|record| match duplicates.note(*line, &record) {
                repeated if repeated.is_empty() => Ok(record),
                repeated => Err(repeated),
            });
            let outcome = outcome.map_err(|errors| {
                errors
                    .into_iter()
                    .map(|error| KeptProblem {
                        column: error.column,
                        code: error.problem.code().to_owned(),
                        en: error.problem.message(Language::En),
                        nl: error.problem.message(Language::Nl),
                    })
                    .collect()
            });
            Checked { line: i32::try_from(*line).unwrap_or(i32::MAX), cells: shown, outcome }
        })
        .collect()
}

/// Why reading stopped short.
#[derive(Debug, thiserror::Error)]
pub enum ReadFailure {
    /// The import was cancelled meanwhile; nothing more to do.
    #[error("cancelled")]
    Cancelled,
    /// The stored file could not be read back or is no client list any more.
    #[error("{0}")]
    File(String),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

async fn stored_bytes(state: &AppState, key: &str) -> Result<Vec<u8>, ReadFailure> {
    let mut body = state.files.read(key).await.map_err(|error| ReadFailure::File(format!("file store: {error}")))?;
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|error| ReadFailure::File(format!("file store: {error}")))?;
        if bytes.len() + chunk.len() > super::MAX_FILE_BYTES {
            return Err(ReadFailure::File("the stored file is larger than an upload may be".into()));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Reads and checks the import's file, keeping each row for the preview; the import is
/// `ready` afterwards with its counts.
pub async fn read_and_check(state: &AppState, import: &client_imports::Model) -> Result<(), ReadFailure> {
    let now = Utc::now();
    let starting = client_imports::ActiveModel { processed_rows: Set(0), ..Default::default() };
    let from = [ImportStatus::Queued, ImportStatus::Reading];
    if !db::client_imports::transition(&state.db, import.id, &from, ImportStatus::Reading, starting, now).await? {
        return Err(ReadFailure::Cancelled);
    }
    // A worker that died half-way left rows behind: start over.
    db::client_imports::clear_rows(&state.db, import.id).await?;
    let bytes = stored_bytes(state, &import.file_key).await?;
    let checked = tokio::task::spawn_blocking(move || read::read(&bytes).map(|sheet| check_sheet(&sheet)))
        .await
        .map_err(|error| ReadFailure::File(format!("checking stopped: {error}")))?
        .map_err(|error| ReadFailure::File(error.to_string()))?;

    let known = db::client_imports::known_clients(&state.db, import.owner_id).await?;
    let (mut valid, mut errors, mut new, mut updates) = (0, 0, 0, 0);
    let mut processed = 0;
    let total = i32::try_from(checked.len()).unwrap_or(i32::MAX);
    let mut rows = checked.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<client_import_rows::Model> = rows
            .by_ref()
            .take(db::BULK_ROWS)
            .map(|row| {
                let cells = serde_json::to_string(&row.cells).unwrap_or_else(|_| "{}".into());
                match row.outcome {
                    Ok(record) => {
                        let existing_id = known.get(&ClientRecord::match_key(&record.external_id)).copied();
                        valid += 1;
                        if existing_id.is_some() {
                            updates += 1;
                        } else {
                            new += 1;
                        }
                        client_import_rows::Model {
                            import_id: import.id,
                            line: row.line,
                            cells,
                            record: serde_json::to_string(&record).ok(),
                            errors: None,
                            existing_id,
                        }
                    }
                    Err(problems) => {
                        errors += 1;
                        client_import_rows::Model {
                            import_id: import.id,
                            line: row.line,
                            cells,
                            record: None,
                            errors: serde_json::to_string(&problems).ok(),
                            existing_id: None,
                        }
                    }
                }
            })
            .collect();
        processed += i32::try_from(chunk.len()).unwrap_or(0);
        let txn = db::begin_writing(&state.db).await?;
        db::client_imports::insert_rows(&txn, chunk).await?;
        if !db::client_imports::progress(&txn, import.id, processed, Utc::now()).await? {
            txn.rollback().await?;
            db::client_imports::clear_rows(&state.db, import.id).await?;
            return Err(ReadFailure::Cancelled);
        }
        txn.commit().await?;
    }
    let done = client_imports::ActiveModel {
        total_rows: Set(total),
        processed_rows: Set(processed),
        valid_rows: Set(valid),
        error_rows: Set(errors),
        new_rows: Set(new),
        update_rows: Set(updates),
        lease_until: Set(None),
        ..Default::default()
    };
    if !db::client_imports::transition(
        &state.db,
        import.id,
        &[ImportStatus::Reading],
        ImportStatus::Ready,
        done,
        Utc::now(),
    )
    .await?
    {
        db::client_imports::clear_rows(&state.db, import.id).await?;
        return Err(ReadFailure::Cancelled);
    }
    Ok(())
}
