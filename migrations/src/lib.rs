//! Loket's database schema.
//!
//! The same migrations run on SQLite and PostgreSQL. They are the only source of the
//! schema: the sea-orm entities in `crates/api/src/db/entities` are generated from a
//! database migrated by them (`just entities`), and every test database is built by them.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_organisations;
mod m20261122_000002_create_users;
mod m20261122_000003_create_sessions_and_tokens;
mod m20261122_000004_create_api_keys;
mod m20261122_000005_create_server_secrets;
mod m20261122_000006_create_outbox;
mod m20261122_000007_create_webhook_endpoints;
mod m20261130_000008_create_audit_events;
mod m20261130_000009_check_stored_names;
mod m20261201_000010_create_tickets;
mod m20261202_000011_create_ticket_attachments;
mod m20261203_000012_search_tickets;
mod m20261204_000013_ticket_estimates;
mod m20261205_000014_access_requests;
mod m20261206_000015_support_settings;
mod m20261207_000016_search_documents;
mod m20261208_000017_idempotency_keys;
mod m20261209_000018_install_requests;
mod m20261210_000019_questionnaires;
mod m20261211_000020_contracts;
mod m20261212_000021_releases;
mod m20261213_000022_installations;
mod m20261214_000023_follow_ups;
mod m20261215_000024_permission_groups;
mod m20261216_000025_approval_duties;
mod m20261217_000026_approval_documents;
mod m20261218_000027_sms_codes;
mod m20261219_000028_client_imports;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_organisations::Migration),
            Box::new(m20261122_000002_create_users::Migration),
            Box::new(m20261122_000003_create_sessions_and_tokens::Migration),
            Box::new(m20261122_000004_create_api_keys::Migration),
            Box::new(m20261122_000005_create_server_secrets::Migration),
            Box::new(m20261122_000006_create_outbox::Migration),
            Box::new(m20261122_000007_create_webhook_endpoints::Migration),
            Box::new(m20261130_000008_create_audit_events::Migration),
            Box::new(m20261130_000009_check_stored_names::Migration),
            Box::new(m20261201_000010_create_tickets::Migration),
            Box::new(m20261202_000011_create_ticket_attachments::Migration),
            Box::new(m20261203_000012_search_tickets::Migration),
            Box::new(m20261204_000013_ticket_estimates::Migration),
            Box::new(m20261205_000014_access_requests::Migration),
            Box::new(m20261206_000015_support_settings::Migration),
            Box::new(m20261207_000016_search_documents::Migration),
            Box::new(m20261208_000017_idempotency_keys::Migration),
            Box::new(m20261209_000018_install_requests::Migration),
            Box::new(m20261210_000019_questionnaires::Migration),
            Box::new(m20261211_000020_contracts::Migration),
            Box::new(m20261212_000021_releases::Migration),
            Box::new(m20261213_000022_installations::Migration),
            Box::new(m20261214_000023_follow_ups::Migration),
            Box::new(m20261215_000024_permission_groups::Migration),
            Box::new(m20261216_000025_approval_duties::Migration),
            Box::new(m20261217_000026_approval_documents::Migration),
            Box::new(m20261218_000027_sms_codes::Migration),
            Box::new(m20261219_000028_client_imports::Migration),
        ]
    }
}
