//! Client import (seed 002, "Importeren en aanmaken cliënten").
//!
//! `client_records` keeps what a partner's own administration says about each of its
//! clients: its number there (`external_id`; a re-import updates by it, compared in
//! lower case through `external_key`, unique per partner), address and contact. An
//! import is a job (`client_imports`): the file is read and every row checked and kept
//! in `client_import_rows` for the preview; committing writes the chosen rows in one
//! transaction. The job row carries its own lease, so a worker that dies leaves it to be
//! picked up again instead of stuck.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261201_000010_create_tickets::{fk, one_of};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ClientRecords {
    Table,
    ClientId,
    PartnerId,
    ExternalId,
    ExternalKey,
    Street,
    HouseNumber,
    Postcode,
    City,
    Country,
    Email,
    Phone,
    ContactName,
    GroupId,
    ImportId,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ClientImports {
    Table,
    Id,
    OwnerId,
    CreatedBy,
    CommittedBy,
    FileName,
    FileKey,
    Format,
    Status,
    TotalRows,
    ProcessedRows,
    ValidRows,
    ErrorRows,
    NewRows,
    UpdateRows,
    Selection,
    GroupId,
    CreatedCount,
    UpdatedCount,
    Failure,
    Attempts,
    LeaseUntil,
    CreatedAt,
    UpdatedAt,
    CommittedAt,
}

#[derive(DeriveIden)]
enum ClientImportRows {
    Table,
    ImportId,
    Line,
    Cells,
    Record,
    Errors,
    ExistingId,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PermissionGroups {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ClientImports::Table)
                    .col(pk_uuid(ClientImports::Id))
                    .col(uuid(ClientImports::OwnerId))
                    .col(uuid(ClientImports::CreatedBy))
                    .col(uuid_null(ClientImports::CommittedBy))
                    .col(string_len(ClientImports::FileName, 255))
                    .col(string_len(ClientImports::FileKey, 255))
                    .col(string_len(ClientImports::Format, 8).check(one_of("format", "'csv', 'xlsx'")).to_owned())
                    .col(
                        string_len(ClientImports::Status, 16)
                            .check(one_of(
                                "status",
                                "'queued', 'reading', 'ready', 'committing', 'committed', 'failed', 'cancelled'",
                            ))
                            .to_owned(),
                    )
                    .col(integer(ClientImports::TotalRows).default(0))
                    .col(integer(ClientImports::ProcessedRows).default(0))
                    .col(integer(ClientImports::ValidRows).default(0))
                    .col(integer(ClientImports::ErrorRows).default(0))
                    .col(integer(ClientImports::NewRows).default(0))
                    .col(integer(ClientImports::UpdateRows).default(0))
                    .col(text_null(ClientImports::Selection))
                    .col(uuid_null(ClientImports::GroupId))
                    .col(integer(ClientImports::CreatedCount).default(0))
                    .col(integer(ClientImports::UpdatedCount).default(0))
                    .col(string_len_null(ClientImports::Failure, 255))
                    .col(integer(ClientImports::Attempts).default(0))
                    .col(timestamp_with_time_zone_null(ClientImports::LeaseUntil))
                    .col(timestamp_with_time_zone(ClientImports::CreatedAt))
                    .col(timestamp_with_time_zone(ClientImports::UpdatedAt))
                    .col(timestamp_with_time_zone_null(ClientImports::CommittedAt))
                    .foreign_key(
                        fk(
                            "fk_client_imports_owner",
                            (ClientImports::Table, ClientImports::OwnerId),
                            (Organisations::Table, Organisations::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut fk(
                        "fk_client_imports_creator",
                        (ClientImports::Table, ClientImports::CreatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_client_imports_committer",
                        (ClientImports::Table, ClientImports::CommittedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(
                        fk(
                            "fk_client_imports_group",
                            (ClientImports::Table, ClientImports::GroupId),
                            (PermissionGroups::Table, PermissionGroups::Id),
                        )
                        .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_client_imports_owner")
                    .table(ClientImports::Table)
                    .col(ClientImports::OwnerId)
                    .col(ClientImports::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_client_imports_status")
                    .table(ClientImports::Table)
                    .col(ClientImports::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ClientImportRows::Table)
                    .col(uuid(ClientImportRows::ImportId))
                    .col(integer(ClientImportRows::Line))
                    .col(text(ClientImportRows::Cells))
                    .col(text_null(ClientImportRows::Record))
                    .col(text_null(ClientImportRows::Errors))
                    .col(uuid_null(ClientImportRows::ExistingId))
                    .primary_key(Index::create().col(ClientImportRows::ImportId).col(ClientImportRows::Line))
                    .foreign_key(
                        fk(
                            "fk_client_import_rows_import",
                            (ClientImportRows::Table, ClientImportRows::ImportId),
                            (ClientImports::Table, ClientImports::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ClientRecords::Table)
                    .col(uuid(ClientRecords::ClientId).primary_key())
                    .col(uuid(ClientRecords::PartnerId))
                    .col(string_len(ClientRecords::ExternalId, 40))
                    .col(string_len(ClientRecords::ExternalKey, 40))
                    .col(string_len_null(ClientRecords::Street, 100))
                    .col(string_len_null(ClientRecords::HouseNumber, 20))
                    .col(string_len_null(ClientRecords::Postcode, 8))
                    .col(string_len_null(ClientRecords::City, 100))
                    .col(string_len(ClientRecords::Country, 2).check(one_of("country", "'NL', 'BE'")).to_owned())
                    .col(string_len_null(ClientRecords::Email, 254))
                    .col(string_len_null(ClientRecords::Phone, 32))
                    .col(string_len_null(ClientRecords::ContactName, 120))
                    .col(uuid_null(ClientRecords::GroupId))
                    .col(uuid_null(ClientRecords::ImportId))
                    .col(timestamp_with_time_zone(ClientRecords::UpdatedAt))
                    .foreign_key(
                        fk(
                            "fk_client_records_client",
                            (ClientRecords::Table, ClientRecords::ClientId),
                            (Organisations::Table, Organisations::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk(
                            "fk_client_records_partner",
                            (ClientRecords::Table, ClientRecords::PartnerId),
                            (Organisations::Table, Organisations::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk(
                            "fk_client_records_group",
                            (ClientRecords::Table, ClientRecords::GroupId),
                            (PermissionGroups::Table, PermissionGroups::Id),
                        )
                        .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        fk(
                            "fk_client_records_import",
                            (ClientRecords::Table, ClientRecords::ImportId),
                            (ClientImports::Table, ClientImports::Id),
                        )
                        .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_client_records_partner_key")
                    .table(ClientRecords::Table)
                    .col(ClientRecords::PartnerId)
                    .col(ClientRecords::ExternalKey)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ClientRecords::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ClientImportRows::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ClientImports::Table).to_owned()).await
    }
}
