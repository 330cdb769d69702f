//! Persistence: the connection, migrations and the repositories.
//!
//! Repositories are the only code that queries tenant data, and every function that
//! reads or changes a tenant's rows takes the caller's [`loket_domain::policy::Visibility`]
//! so that a handler cannot forget the tenant boundary. The few lookups that must run
//! before anyone is known (sign-in, token links) live in [`auth_lookup`] and are named so.

pub mod access_requests;
pub mod api_keys;
pub mod approvals;
pub mod audit;
pub mod auth_lookup;
pub mod branches;
pub mod client_imports;
pub mod contracts;
pub mod documents;
pub mod entities;
pub mod idempotency;
pub mod install_requests;
pub mod installations;
pub mod intake_settings;
pub mod numbers;
pub mod organisations;
pub mod outbox;
pub mod pagination;
pub mod pins;
pub mod questionnaires;
pub mod releases;
pub mod rights;
pub mod second_factor;
pub mod secrets;
pub mod sessions;
pub mod sms_codes;
pub mod support_settings;
pub mod throttle;
pub mod ticket_attachments;
pub mod ticket_messages;
pub mod ticket_search;
pub mod ticket_stats;
pub mod tickets;
pub mod tokens;
pub mod users;
pub mod versioned;
pub mod webhooks;

use std::time::Duration;

use loket_migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    TransactionTrait,
};

/// Rows per multi-row INSERT or `IN` list of a bulk write: well under SQLite's 32,766
/// and PostgreSQL's 65,535 bound parameters for tables of up to ~60 columns.
pub const BULK_ROWS: usize = 500;

/// A UTC moment in the form the entities store (`timestamp with time zone`).
pub fn tz(moment: chrono::DateTime<chrono::Utc>) -> sea_orm::prelude::DateTimeWithTimeZone {
    moment.into()
}

/// A name read back from a text column (a role, a kind, a status). An unknown one is a
/// broken database, reported as such, never read as some default; the database's own
/// checks (migration `check_stored_names`) keep it from being written in the first place.
pub fn stored<T>(parsed: Option<T>, column: &str, value: &str) -> Result<T, DbErr> {
    parsed.ok_or_else(|| DbErr::Custom(format!("{column} holds the unknown value {value:?}")))
}

/// Opens the connection pool. For SQLite the database file's folder is created, and
/// foreign keys are enforced.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_file_path(url)
        && let Some(parent) = std::path::Path::new(&path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| DbErr::Custom(format!("cannot create {parent:?}: {e}")))?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.foreign_keys(true).journal_mode(sqlx_sqlite_journal_wal()).busy_timeout(Duration::from_secs(10))
        });
    Database::connect(options).await
}

fn sqlx_sqlite_journal_wal() -> sea_orm::sqlx::sqlite::SqliteJournalMode {
    sea_orm::sqlx::sqlite::SqliteJournalMode::Wal
}

/// Applies every pending migration.
/// Opens a transaction that will write. On SQLite it takes the write lock first (a write
/// that changes nothing): a transaction that reads and then writes would otherwise fail
/// at once with "database is locked" when another connection wrote in between, which
/// waiting cannot cure. PostgreSQL needs nothing of the kind.
pub async fn begin_writing(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared("DELETE FROM audit_events WHERE 0 = 1").await?;
    }
    Ok(txn)
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Whether the database answers.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_unprepared("SELECT 1").await.is_ok()
}

/// Connections in use and idle, for `/metrics`.
pub fn pool_stats(db: &DatabaseConnection) -> (u32, usize) {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    }
}

fn sqlite_file_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths_are_found() {
        assert_eq!(sqlite_file_path("sqlite://./data/loket.db?mode=rwc").as_deref(), Some("./data/loket.db"));
        assert_eq!(sqlite_file_path("sqlite:/tmp/x.db").as_deref(), Some("/tmp/x.db"));
        assert_eq!(sqlite_file_path("sqlite::memory:"), None);
        assert_eq!(sqlite_file_path("postgres://localhost/loket"), None);
    }
}
