//! The database refuses a stored name the code does not know: roles, statuses, kinds,
//! languages and purposes are kept as text, and a typo or a half-deployed release must
//! fail the write instead of being read back as some default.
//!
//! PostgreSQL gets CHECK constraints. SQLite cannot add a constraint to an existing
//! table, so it gets triggers that abort the same writes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, column, allowed values, nullable). The lists are frozen here: a release that
/// adds a value adds a migration that widens its list.
const RULES: &[(&str, &str, &[&str], bool)] = &[
    ("organisations", "kind", &["vendor", "partner", "client"], false),
    ("organisations", "partner_kind", &["bank", "factoring", "accountancy", "reseller"], true),
    (
        "users",
        "role",
        &["vendor_admin", "agent", "partner_admin", "partner_user", "client_superuser", "client_user"],
        false,
    ),
    ("users", "status", &["invited", "active", "deactivated"], false),
    ("users", "language", &["nl", "en"], false),
    ("account_tokens", "purpose", &["invitation", "password_reset"], false),
    ("outbox_jobs", "kind", &["email", "sms", "webhook"], false),
    ("outbox_jobs", "status", &["pending", "failed", "sent", "dead"], false),
];

fn allowed_list(values: &[&str]) -> String {
    values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ")
}

fn condition(column: &str, values: &[&str], nullable: bool, row: &str) -> String {
    let list = allowed_list(values);
    let prefix = if row.is_empty() { String::new() } else { format!("{row}.") };
    if nullable {
        format!("{prefix}{column} IS NULL OR {prefix}{column} IN ({list})")
    } else {
        format!("{prefix}{column} IN ({list})")
    }
}

fn statements(backend: DbBackend, up: bool) -> Vec<String> {
    let mut sql = Vec::new();
    for (table, column, values, nullable) in RULES {
        let name = format!("ck_{table}_{column}");
        match (backend, up) {
            (DbBackend::Sqlite, true) => {
                let bad = condition(column, values, *nullable, "NEW");
                for (event, when) in [("INSERT", "INSERT"), ("UPDATE", &*format!("UPDATE OF {column}"))] {
                    sql.push(format!(
                        "CREATE TRIGGER {name}_{} BEFORE {when} ON {table} FOR EACH ROW WHEN NOT ({bad}) \
                         BEGIN SELECT RAISE(ABORT, '{table}.{column} holds an unknown value'); END",
                        event.to_lowercase()
                    ));
                }
            }
            (DbBackend::Sqlite, false) => {
                sql.push(format!("DROP TRIGGER IF EXISTS {name}_insert"));
                sql.push(format!("DROP TRIGGER IF EXISTS {name}_update"));
            }
            (_, true) => sql.push(format!(
                "ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({})",
                condition(column, values, *nullable, "")
            )),
            (_, false) => sql.push(format!("ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")),
        }
    }
    sql
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for statement in statements(manager.get_database_backend(), true) {
            manager.get_connection().execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for statement in statements(manager.get_database_backend(), false) {
            manager.get_connection().execute_unprepared(&statement).await?;
        }
        Ok(())
    }
}
