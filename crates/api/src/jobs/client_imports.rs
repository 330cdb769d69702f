//! The import worker: takes one import with work at a time (reading and checking an
//! uploaded file, or committing the chosen rows) under a lease, so an import whose
//! worker died is taken up again, and given up as failed after
//! [`loket_domain::clients::job::MAX_ATTEMPTS`] starts. Woken at once by an upload or a
//! commit in this process, and every few seconds in any case (for a separate worker).

use std::time::Duration;

use chrono::Utc;
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::clients::ImportStatus;
use sea_orm::Set;

use crate::db;
use crate::db::entities::client_imports;
use crate::services::audit::{Author, Change};
use crate::services::client_imports::check::{self, ReadFailure};
use crate::services::client_imports::commit;
use crate::services::write::Write;
use crate::state::AppState;

/// How long a worker holds an import before another may take it up.
const LEASE_MINUTES: i64 = 10;

pub async fn run(state: AppState) {
    loop {
        match run_once(&state).await {
            Ok(true) => continue,
            Ok(false) => {}
            Err(error) => tracing::error!(error = ?error, "client import worker"),
        }
        tokio::select! {
            () = state.imports_waiting.notified() => {}
            () = tokio::time::sleep(Duration::from_secs(3)) => {}
        }
    }
}

/// Does the work of one import; false when there was none.
pub async fn run_once(state: &AppState) -> anyhow::Result<bool> {
    let now = Utc::now();
    let given_up = db::client_imports::fail_exhausted(&state.db, now).await?;
    if given_up > 0 {
        tracing::warn!(imports = given_up, "client imports given up after their workers stopped");
    }
    let Some(import) = db::client_imports::claim(&state.db, chrono::Duration::minutes(LEASE_MINUTES), now).await?
    else {
        return Ok(false);
    };
    match ImportStatus::parse(&import.status) {
        Some(ImportStatus::Queued | ImportStatus::Reading) => match check::read_and_check(state, &import).await {
            Ok(()) => tracing::info!(import_id = %import.id, "client import checked"),
            Err(ReadFailure::Cancelled) => tracing::info!(import_id = %import.id, "client import cancelled while read"),
            Err(ReadFailure::File(reason)) => fail(state, &import, ImportStatus::Reading, &reason).await?,
            Err(ReadFailure::Db(error)) => {
                // Left leased: taken up again once the lease passes, or given up.
                tracing::error!(import_id = %import.id, error = ?error, "client import reading failed");
            }
        },
        Some(ImportStatus::Committing) => match commit::commit(state, &import).await {
            Ok((created, updated)) => {
                tracing::info!(import_id = %import.id, created, updated, "client import committed")
            }
            Err(error) => {
                tracing::error!(import_id = %import.id, error = ?error, "client import commit failed; nothing written");
                fail(state, &import, ImportStatus::Committing, "the clients could not be saved; nothing was written")
                    .await?;
            }
        },
        _ => {}
    }
    Ok(true)
}

/// Marks the import failed with the reason people read.
async fn fail(
    state: &AppState,
    import: &client_imports::Model,
    from: ImportStatus,
    reason: &str,
) -> anyhow::Result<()> {
    let reason: String = reason.chars().take(250).collect();
    let mut write = Write::begin(state, Author::system("client import")).await?;
    let changes = client_imports::ActiveModel {
        failure: Set(Some(reason.clone())),
        lease_until: Set(None),
        ..Default::default()
    };
    let from_statuses = [from, ImportStatus::Queued];
    if db::client_imports::transition(write.db(), import.id, &from_statuses, ImportStatus::Failed, changes, Utc::now())
        .await?
    {
        db::client_imports::clear_rows(write.db(), import.id).await?;
        let before = Snapshot::new().field("status", from.as_str());
        let after = Snapshot::new().field("status", ImportStatus::Failed.as_str()).field("failure", &reason);
        write
            .record(Change::updated(EntityType::ClientImport, import.id, Some(import.owner_id), &before, &after))
            .await?;
        write.commit().await?;
    }
    Ok(())
}
