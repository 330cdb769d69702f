//! PostgreSQL keeps each ticket's and each message's text-search document in a table of
//! its own, made by triggers when the text is written, instead of GIN indexes on
//! expressions. Ranking needs the document of every match: from an expression index it
//! is computed again (four `to_tsvector` calls per ticket, two per message of every
//! matching ticket), which at a million tickets cost more than the search itself
//! (bench/tickets: 165 ms for a common word and an error code, 50 ms with stored
//! documents). The documents are the same expressions as before
//! (`PG_TICKET_DOCUMENT`, `PG_MESSAGE_DOCUMENT`). SQLite keeps its FTS5 table.
//!
//! Separate tables rather than generated columns: adding them rewrites no ticket or
//! message row, and only `db::ticket_search` reads them (their entities ignore the
//! `tsvector`, which has no Rust type).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::m20261203_000012_search_tickets::{PG_MESSAGE_DOCUMENT, PG_TICKET_DOCUMENT};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn up_statements() -> Vec<String> {
    vec![
        "CREATE TABLE ticket_search_documents (\
         ticket_id uuid PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE, \
         document tsvector NOT NULL)"
            .to_owned(),
        "CREATE TABLE ticket_message_documents (\
         message_id uuid PRIMARY KEY REFERENCES ticket_messages (id) ON DELETE CASCADE, \
         ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE, \
         internal boolean NOT NULL, \
         document tsvector NOT NULL)"
            .to_owned(),
        // The documents of the text as written, through the same expressions.
        format!(
            "CREATE FUNCTION ticket_search_document() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             INSERT INTO ticket_search_documents (ticket_id, document) \
             SELECT NEW.id, {PG_TICKET_DOCUMENT} FROM (SELECT NEW.title AS title, NEW.description AS description, \
             NEW.error_message AS error_message) AS text \
             ON CONFLICT (ticket_id) DO UPDATE SET document = excluded.document; RETURN NULL; END $$"
        ),
        format!(
            "CREATE FUNCTION ticket_message_document() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             INSERT INTO ticket_message_documents (message_id, ticket_id, internal, document) \
             SELECT NEW.id, NEW.ticket_id, NEW.internal, {PG_MESSAGE_DOCUMENT} FROM (SELECT NEW.body AS body) AS text \
             ON CONFLICT (message_id) DO UPDATE SET internal = excluded.internal, document = excluded.document; \
             RETURN NULL; END $$"
        ),
        "CREATE TRIGGER ticket_search_document AFTER INSERT OR UPDATE OF title, description, error_message \
         ON tickets FOR EACH ROW EXECUTE FUNCTION ticket_search_document()"
            .to_owned(),
        "CREATE TRIGGER ticket_message_document AFTER INSERT OR UPDATE OF body, internal \
         ON ticket_messages FOR EACH ROW EXECUTE FUNCTION ticket_message_document()"
            .to_owned(),
        // What was written before.
        format!(
            "INSERT INTO ticket_search_documents (ticket_id, document) SELECT id, {PG_TICKET_DOCUMENT} FROM tickets"
        ),
        format!(
            "INSERT INTO ticket_message_documents (message_id, ticket_id, internal, document) \
             SELECT id, ticket_id, internal, {PG_MESSAGE_DOCUMENT} FROM ticket_messages"
        ),
        "CREATE INDEX idx_ticket_search_documents ON ticket_search_documents USING GIN (document)".to_owned(),
        "CREATE INDEX idx_ticket_message_documents ON ticket_message_documents USING GIN (document)".to_owned(),
        "CREATE INDEX idx_ticket_message_documents_ticket ON ticket_message_documents (ticket_id)".to_owned(),
        "DROP INDEX IF EXISTS idx_tickets_search".to_owned(),
        "DROP INDEX IF EXISTS idx_ticket_messages_search".to_owned(),
    ]
}

fn down_statements() -> Vec<String> {
    vec![
        format!("CREATE INDEX idx_tickets_search ON tickets USING GIN ({PG_TICKET_DOCUMENT})"),
        format!("CREATE INDEX idx_ticket_messages_search ON ticket_messages USING GIN ({PG_MESSAGE_DOCUMENT})"),
        "DROP TRIGGER IF EXISTS ticket_message_document ON ticket_messages".to_owned(),
        "DROP TRIGGER IF EXISTS ticket_search_document ON tickets".to_owned(),
        "DROP FUNCTION IF EXISTS ticket_message_document()".to_owned(),
        "DROP FUNCTION IF EXISTS ticket_search_document()".to_owned(),
        "DROP TABLE IF EXISTS ticket_message_documents".to_owned(),
        "DROP TABLE IF EXISTS ticket_search_documents".to_owned(),
    ]
}

async fn run(manager: &SchemaManager<'_>, statements: Vec<String>) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let db = manager.get_connection();
    for statement in statements {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, up_statements()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, down_statements()).await
    }
}
