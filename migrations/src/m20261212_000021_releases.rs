//! The vendor's products and their releases (installer files in the file store, with
//! their SHA-256), the download links the installation instructions carry (expiring,
//! counted) and the one-time installation tokens (kept as hashes only).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261201_000010_create_tickets::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    Key,
    Name,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Releases {
    Table,
    Id,
    ProductId,
    ReleaseVersion,
    ReleasedOn,
    Notes,
    FileName,
    SizeBytes,
    Sha256,
    StorageKey,
    Withdrawn,
    CreatedAt,
    CreatedByName,
}

#[derive(DeriveIden)]
enum DownloadLinks {
    Table,
    Id,
    ReleaseId,
    RequestId,
    ExpiresAt,
    Downloads,
    LastDownloadAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InstallationTokens {
    Table,
    Id,
    RequestId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InstallRequests {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Products::Table)
                    .col(pk_uuid(Products::Id))
                    .col(string_len_uniq(Products::Key, 40))
                    .col(string_len(Products::Name, 120))
                    .col(timestamp_with_time_zone(Products::CreatedAt))
                    .col(timestamp_with_time_zone(Products::UpdatedAt))
                    .col(big_integer(Products::Version).default(1))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Releases::Table)
                    .col(pk_uuid(Releases::Id))
                    .col(uuid(Releases::ProductId))
                    .col(string_len(Releases::ReleaseVersion, 32))
                    .col(date(Releases::ReleasedOn))
                    .col(text(Releases::Notes))
                    .col(string_len(Releases::FileName, 200))
                    .col(big_integer(Releases::SizeBytes))
                    .col(string_len(Releases::Sha256, 64))
                    .col(string_len(Releases::StorageKey, 200))
                    .col(boolean(Releases::Withdrawn).default(false))
                    .col(timestamp_with_time_zone(Releases::CreatedAt))
                    .col(string_len(Releases::CreatedByName, 120))
                    .foreign_key(&mut fk(
                        "fk_releases_product",
                        (Releases::Table, Releases::ProductId),
                        (Products::Table, Products::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_releases_product_version")
                    .table(Releases::Table)
                    .col(Releases::ProductId)
                    .col(Releases::ReleaseVersion)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DownloadLinks::Table)
                    .col(pk_uuid(DownloadLinks::Id))
                    .col(uuid(DownloadLinks::ReleaseId))
                    .col(uuid_null(DownloadLinks::RequestId))
                    .col(timestamp_with_time_zone(DownloadLinks::ExpiresAt))
                    .col(big_integer(DownloadLinks::Downloads).default(0))
                    .col(timestamp_with_time_zone_null(DownloadLinks::LastDownloadAt))
                    .col(timestamp_with_time_zone(DownloadLinks::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_download_links_release",
                        (DownloadLinks::Table, DownloadLinks::ReleaseId),
                        (Releases::Table, Releases::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_download_links_request",
                        (DownloadLinks::Table, DownloadLinks::RequestId),
                        (InstallRequests::Table, InstallRequests::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InstallationTokens::Table)
                    .col(pk_uuid(InstallationTokens::Id))
                    .col(uuid(InstallationTokens::RequestId))
                    // SHA-256 of the token: the token itself is only ever in the e-mail.
                    .col(string_len_uniq(InstallationTokens::TokenHash, 64))
                    .col(timestamp_with_time_zone(InstallationTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(InstallationTokens::UsedAt))
                    .col(timestamp_with_time_zone_null(InstallationTokens::RevokedAt))
                    .col(timestamp_with_time_zone(InstallationTokens::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_installation_tokens_request",
                        (InstallationTokens::Table, InstallationTokens::RequestId),
                        (InstallRequests::Table, InstallRequests::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            InstallationTokens::Table.into_iden(),
            DownloadLinks::Table.into_iden(),
            Releases::Table.into_iden(),
            Products::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
