//! Idempotency keys (DESIGN "API"): a creating `POST` a partner system calls may carry
//! an `Idempotency-Key`; the first successful answer is kept under the caller and the
//! key, with the SHA-256 of the request it answered, so a retry gets the same answer
//! and never a second record.
//!
//! The row is written in the same transaction as the record it answers for: a request
//! that fails leaves no key behind, and a concurrent request with the same key waits on
//! the key's unique index until the first one commits, then replays its answer.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Caller,
    Key,
    Fingerprint,
    Status,
    Etag,
    Body,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    // `user:<uuid>` or `api_key:<uuid>`: a key is the caller's own.
                    .col(string_len(IdempotencyKeys::Caller, 48))
                    .col(string_len(IdempotencyKeys::Key, 255))
                    // SHA-256 (hex) of the method, path and canonical body answered.
                    .col(string_len(IdempotencyKeys::Fingerprint, 64))
                    // The answer, set before the transaction that claimed the key commits.
                    .col(small_integer_null(IdempotencyKeys::Status))
                    .col(string_len_null(IdempotencyKeys::Etag, 32))
                    .col(text_null(IdempotencyKeys::Body))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .primary_key(Index::create().col(IdempotencyKeys::Caller).col(IdempotencyKeys::Key))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_idempotency_keys_created_at")
                    .table(IdempotencyKeys::Table)
                    .col(IdempotencyKeys::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(IdempotencyKeys::Table).to_owned()).await
    }
}
