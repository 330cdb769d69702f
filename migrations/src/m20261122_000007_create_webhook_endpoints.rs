use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_organisations::Organisations;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Partners' webhook endpoints. The signing secret must be available to sign each
/// delivery, so it is kept (like an SMTP password) rather than hashed; after rotation the
/// previous secret keeps signing alongside the new one until `previous_secret_expires_at`.
#[derive(DeriveIden)]
enum WebhookEndpoints {
    Table,
    Id,
    OrganisationId,
    Url,
    Description,
    EventTypes,
    Secret,
    PreviousSecret,
    PreviousSecretExpiresAt,
    Enabled,
    DisabledReason,
    LastDeliveryAt,
    LastDeliveryStatus,
    LastHttpStatus,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookEndpoints::Table)
                    .col(pk_uuid(WebhookEndpoints::Id))
                    .col(uuid(WebhookEndpoints::OrganisationId))
                    .col(string_len(WebhookEndpoints::Url, 2000))
                    .col(string_len(WebhookEndpoints::Description, 200))
                    .col(string_len(WebhookEndpoints::EventTypes, 500))
                    .col(string_len(WebhookEndpoints::Secret, 100))
                    .col(string_len_null(WebhookEndpoints::PreviousSecret, 100))
                    .col(timestamp_with_time_zone_null(WebhookEndpoints::PreviousSecretExpiresAt))
                    .col(boolean(WebhookEndpoints::Enabled).default(true))
                    .col(string_len_null(WebhookEndpoints::DisabledReason, 200))
                    .col(timestamp_with_time_zone_null(WebhookEndpoints::LastDeliveryAt))
                    .col(string_len_null(WebhookEndpoints::LastDeliveryStatus, 16))
                    .col(integer_null(WebhookEndpoints::LastHttpStatus))
                    .col(timestamp_with_time_zone(WebhookEndpoints::CreatedAt))
                    .col(timestamp_with_time_zone(WebhookEndpoints::UpdatedAt))
                    .col(big_integer(WebhookEndpoints::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_endpoints_organisation")
                            .from(WebhookEndpoints::Table, WebhookEndpoints::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_endpoints_organisation")
                    .table(WebhookEndpoints::Table)
                    .col(WebhookEndpoints::OrganisationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(WebhookEndpoints::Table).to_owned()).await
    }
}
