//! One change, one transaction, one audit entry: a [`Write`] is the only way a use case
//! changes data. It carries its author from the start, records what changed inside the
//! transaction, and refuses to commit a change that recorded nothing, so "every change
//! is audited in its own transaction" holds by construction. A change that fails before
//! `commit` rolls back with its audit entry.
//!
//! On SQLite the transaction takes the write lock as its first step. A deferred SQLite
//! transaction that reads before it writes fails at its first write ("database is
//! locked", without waiting) when another connection (the outbox worker, say) wrote in
//! between; taking the lock up front makes it wait its turn instead, so a change may
//! read what it needs inside its own transaction on both databases.

use actix_web::http::StatusCode;
use sea_orm::DatabaseTransaction;
use serde::Serialize;

use crate::error::ApiError;
use crate::extract::Versioned;
use crate::services::audit::{self, Author, Change};
use crate::services::idempotency::{Once, Replay};
use crate::state::AppState;

pub struct Write {
    txn: DatabaseTransaction,
    author: Author,
    recorded: bool,
    once: Option<Once>,
}

/// How a creating change under an `Idempotency-Key` begins.
pub enum Begun {
    /// The change goes ahead; the key (if any) is claimed by it.
    Fresh(Write),
    /// The key answered this request before: nothing is changed, the first answer stands.
    Replay(Replay),
}

impl Write {
    /// Opens the transaction of a change made by `author`.
    pub async fn begin(state: &AppState, author: Author) -> Result<Self, ApiError> {
        let txn = crate::db::begin_writing(&state.db).await?;
        Ok(Self { txn, author, recorded: false, once: None })
    }

    /// Opens the transaction of a creating change that may carry an idempotency key
    /// (`services::idempotency`): the key is claimed first, inside the transaction.
    pub async fn begin_once(state: &AppState, author: Author, once: Option<Once>) -> Result<Begun, ApiError> {
        let mut write = Self::begin(state, author).await?;
        if let Some(once) = &once
            && let Some(replay) = once.claim(&write.txn).await?
        {
            return Ok(Begun::Replay(replay));
        }
        write.once = once;
        Ok(Begun::Fresh(write))
    }

    /// The connection to change data through.
    pub fn db(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Records `change` in the audit log, inside this transaction.
    pub async fn record(&mut self, change: Change) -> Result<(), ApiError> {
        audit::record(&self.txn, &self.author, change).await?;
        self.recorded = true;
        Ok(())
    }

    /// Records many changes at once (a bulk change: one entry per record it touched).
    pub async fn record_many(&mut self, changes: Vec<Change>) -> Result<(), ApiError> {
        self.recorded |= !changes.is_empty();
        audit::record_many(&self.txn, &self.author, changes).await
    }

    /// Commits the change and its audit entries.
    pub async fn commit(self) -> Result<(), ApiError> {
        if !self.recorded {
            return Err(ApiError::internal(anyhow::anyhow!("a change was about to commit without an audit entry")));
        }
        self.txn.commit().await?;
        Ok(())
    }

    /// Commits a creating change; under an idempotency key its answer (201 with
    /// `created`) is stored with it, for retries.
    pub async fn commit_created<T: Serialize + Versioned>(self, created: &T) -> Result<(), ApiError> {
        if let Some(once) = &self.once {
            once.answer(&self.txn, StatusCode::CREATED, created).await?;
        }
        self.commit().await
    }
}
