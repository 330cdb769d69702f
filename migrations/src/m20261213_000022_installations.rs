//! The installed software of a case (seed 000 steps 5–7): an installation is made when
//! the software exchanges its one-time installation token; it authenticates with its
//! installation key (kept as a hash only), registers its machine and version, beats its
//! heart and reports every upload to the partner. The first successful upload completes
//! the case.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261201_000010_create_tickets::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Installations {
    Table,
    Id,
    RequestId,
    KeyHash,
    KeyPrefix,
    MachineName,
    SoftwareVersion,
    LastHeartbeatAt,
    LastUploadAt,
    LastUploadSucceeded,
    LastUploadError,
    FirstSuccessAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InstallationUploads {
    Table,
    Id,
    InstallationId,
    RequestId,
    At,
    Succeeded,
    Records,
    Bytes,
    Error,
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
                    .table(Installations::Table)
                    .col(pk_uuid(Installations::Id))
                    .col(uuid(Installations::RequestId))
                    // SHA-256 of the key; the key itself is answered once, to the software.
                    .col(string_len_uniq(Installations::KeyHash, 64))
                    .col(string_len(Installations::KeyPrefix, 12))
                    .col(string_len(Installations::MachineName, 120))
                    .col(string_len(Installations::SoftwareVersion, 40))
                    .col(timestamp_with_time_zone_null(Installations::LastHeartbeatAt))
                    .col(timestamp_with_time_zone_null(Installations::LastUploadAt))
                    .col(boolean_null(Installations::LastUploadSucceeded))
                    .col(text_null(Installations::LastUploadError))
                    .col(timestamp_with_time_zone_null(Installations::FirstSuccessAt))
                    .col(timestamp_with_time_zone_null(Installations::RevokedAt))
                    .col(timestamp_with_time_zone(Installations::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_installations_request",
                        (Installations::Table, Installations::RequestId),
                        (InstallRequests::Table, InstallRequests::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_installations_request")
                    .table(Installations::Table)
                    .col(Installations::RequestId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InstallationUploads::Table)
                    .col(pk_uuid(InstallationUploads::Id))
                    .col(uuid(InstallationUploads::InstallationId))
                    .col(uuid(InstallationUploads::RequestId))
                    .col(timestamp_with_time_zone(InstallationUploads::At))
                    .col(boolean(InstallationUploads::Succeeded))
                    .col(big_integer(InstallationUploads::Records))
                    .col(big_integer(InstallationUploads::Bytes))
                    .col(text_null(InstallationUploads::Error))
                    .foreign_key(&mut fk(
                        "fk_installation_uploads_installation",
                        (InstallationUploads::Table, InstallationUploads::InstallationId),
                        (Installations::Table, Installations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_installation_uploads_request_at")
                    .table(InstallationUploads::Table)
                    .col(InstallationUploads::RequestId)
                    .col(InstallationUploads::At)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(InstallationUploads::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Installations::Table).to_owned()).await
    }
}
