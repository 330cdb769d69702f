//! The helpdesk's settings, kept by the vendor administrator: one row of opening hours,
//! SLA targets per priority and the reopen window (absent until first saved: the
//! standard settings apply), and the dates on which the administrator overrides the
//! computed holiday calendar.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SupportSettings {
    Table,
    Id,
    /// JSON: `[{"weekday":"mon","opens":"08:30","closes":"17:00"}, …]`.
    OpeningHours,
    FirstResponseLow,
    FirstResponseNormal,
    FirstResponseHigh,
    FirstResponseUrgent,
    ResolutionLow,
    ResolutionNormal,
    ResolutionHigh,
    ResolutionUrgent,
    ReopenDays,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum SupportClosingDays {
    Table,
    Day,
    Closed,
    Name,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SupportSettings::Table)
                    .col(pk_uuid(SupportSettings::Id))
                    .col(text(SupportSettings::OpeningHours))
                    .col(integer(SupportSettings::FirstResponseLow))
                    .col(integer(SupportSettings::FirstResponseNormal))
                    .col(integer(SupportSettings::FirstResponseHigh))
                    .col(integer(SupportSettings::FirstResponseUrgent))
                    .col(integer(SupportSettings::ResolutionLow))
                    .col(integer(SupportSettings::ResolutionNormal))
                    .col(integer(SupportSettings::ResolutionHigh))
                    .col(integer(SupportSettings::ResolutionUrgent))
                    .col(integer(SupportSettings::ReopenDays))
                    .col(timestamp_with_time_zone(SupportSettings::UpdatedAt))
                    .col(big_integer(SupportSettings::Version).default(1))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SupportClosingDays::Table)
                    .col(date(SupportClosingDays::Day).primary_key())
                    .col(boolean(SupportClosingDays::Closed))
                    .col(string_len(SupportClosingDays::Name, 100))
                    .col(timestamp_with_time_zone(SupportClosingDays::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SupportClosingDays::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(SupportSettings::Table).to_owned()).await
    }
}
