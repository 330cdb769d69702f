//! Full-text search over tickets: title, description and error message of the ticket,
//! and the text of every message (internal notes marked, so only the helpdesk finds
//! them).
//!
//! PostgreSQL: GIN indexes on expressions that join the Dutch configuration (stems:
//! "facturen" finds "factuur") and the simple one (literal words: error codes such as
//! "E1042"); `db::ticket_search` queries with the same expressions. SQLite: an FTS5
//! table kept by triggers, one row per ticket and per message.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The searchable text of a ticket and of a message, as `db::ticket_search` repeats it.
pub const PG_TICKET_DOCUMENT: &str = "(setweight(to_tsvector('dutch', title), 'A') || \
     setweight(to_tsvector('simple', title), 'A') || \
     to_tsvector('dutch', description || ' ' || coalesce(error_message, '')) || \
     to_tsvector('simple', description || ' ' || coalesce(error_message, '')))";
pub const PG_MESSAGE_DOCUMENT: &str = "(to_tsvector('dutch', body) || to_tsvector('simple', body))";

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE ticket_search USING fts5(title, body, ticket_id UNINDEXED, message_id UNINDEXED, \
     internal UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')",
    // Ranking: bm25 with the title counting four times the body.
    "INSERT INTO ticket_search (ticket_search, rank) VALUES ('rank', 'bm25(4.0, 1.0)')",
    "CREATE TRIGGER ticket_search_ticket_added AFTER INSERT ON tickets BEGIN \
     INSERT INTO ticket_search (title, body, ticket_id, message_id, internal) \
     VALUES (new.title, new.description || ' ' || coalesce(new.error_message, ''), new.id, NULL, 0); END",
    "CREATE TRIGGER ticket_search_ticket_changed AFTER UPDATE OF title, description, error_message ON tickets BEGIN \
     DELETE FROM ticket_search WHERE ticket_id = old.id AND message_id IS NULL; \
     INSERT INTO ticket_search (title, body, ticket_id, message_id, internal) \
     VALUES (new.title, new.description || ' ' || coalesce(new.error_message, ''), new.id, NULL, 0); END",
    "CREATE TRIGGER ticket_search_message_added AFTER INSERT ON ticket_messages BEGIN \
     INSERT INTO ticket_search (title, body, ticket_id, message_id, internal) \
     VALUES ('', new.body, new.ticket_id, new.id, new.internal); END",
    "CREATE TRIGGER ticket_search_message_removed AFTER DELETE ON ticket_messages BEGIN \
     DELETE FROM ticket_search WHERE message_id = old.id; END",
    // What existed before the index.
    "INSERT INTO ticket_search (title, body, ticket_id, message_id, internal) \
     SELECT title, description || ' ' || coalesce(error_message, ''), id, NULL, 0 FROM tickets",
    "INSERT INTO ticket_search (title, body, ticket_id, message_id, internal) \
     SELECT '', body, ticket_id, id, internal FROM ticket_messages",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS ticket_search_ticket_added",
    "DROP TRIGGER IF EXISTS ticket_search_ticket_changed",
    "DROP TRIGGER IF EXISTS ticket_search_message_added",
    "DROP TRIGGER IF EXISTS ticket_search_message_removed",
    "DROP TABLE IF EXISTS ticket_search",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "CREATE INDEX idx_tickets_search ON tickets USING GIN ({PG_TICKET_DOCUMENT})"
                ))
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE INDEX idx_ticket_messages_search ON ticket_messages USING GIN ({PG_MESSAGE_DOCUMENT})"
                ))
                .await?;
            }
            _ => {
                for statement in SQLITE_UP {
                    db.execute_unprepared(statement).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("DROP INDEX IF EXISTS idx_tickets_search").await?;
                db.execute_unprepared("DROP INDEX IF EXISTS idx_ticket_messages_search").await?;
            }
            _ => {
                for statement in SQLITE_DOWN {
                    db.execute_unprepared(statement).await?;
                }
            }
        }
        Ok(())
    }
}
