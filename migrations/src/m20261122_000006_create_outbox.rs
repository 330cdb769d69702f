use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The transactional outbox: every notification (e-mail, SMS, webhook) is a row written
/// in the same transaction as the change that causes it, and delivered by a worker.
/// A worker holds a job by `locked_by` until `locked_until` (its lease).
#[derive(DeriveIden)]
enum OutboxJobs {
    Table,
    Id,
    Kind,
    Status,
    Payload,
    Summary,
    OrganisationId,
    Reference,
    Attempts,
    MaxAttempts,
    RunAt,
    LockedBy,
    LockedUntil,
    LastError,
    LastHttpStatus,
    CreatedAt,
    UpdatedAt,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OutboxJobs::Table)
                    .col(pk_uuid(OutboxJobs::Id))
                    .col(string_len(OutboxJobs::Kind, 16))
                    .col(string_len(OutboxJobs::Status, 16))
                    .col(text(OutboxJobs::Payload))
                    .col(string_len(OutboxJobs::Summary, 300))
                    .col(uuid_null(OutboxJobs::OrganisationId))
                    .col(uuid_null(OutboxJobs::Reference))
                    .col(integer(OutboxJobs::Attempts).default(0))
                    .col(integer(OutboxJobs::MaxAttempts))
                    .col(timestamp_with_time_zone(OutboxJobs::RunAt))
                    .col(string_len_null(OutboxJobs::LockedBy, 100))
                    .col(timestamp_with_time_zone_null(OutboxJobs::LockedUntil))
                    .col(text_null(OutboxJobs::LastError))
                    .col(integer_null(OutboxJobs::LastHttpStatus))
                    .col(timestamp_with_time_zone(OutboxJobs::CreatedAt))
                    .col(timestamp_with_time_zone(OutboxJobs::UpdatedAt))
                    .col(timestamp_with_time_zone_null(OutboxJobs::SentAt))
                    .to_owned(),
            )
            .await?;
        // The worker's claim: due jobs by time.
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_jobs_status_run_at")
                    .table(OutboxJobs::Table)
                    .col(OutboxJobs::Status)
                    .col(OutboxJobs::RunAt)
                    .to_owned(),
            )
            .await?;
        // A webhook endpoint's deliveries.
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_jobs_reference")
                    .table(OutboxJobs::Table)
                    .col(OutboxJobs::Reference)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OutboxJobs::Table).to_owned()).await
    }
}
