//! The contracts of an install case (seed 000 step 5): one per company of the client
//! that will send data, numbered by the vendor's contract administration, with the
//! partner that receives the data, a start date and a status. A company has at most one
//! contract that is not ended per case.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261201_000010_create_tickets::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Contracts {
    Table,
    Id,
    RequestId,
    Number,
    CompanyName,
    CocNumber,
    PartnerId,
    StartDate,
    Status,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum InstallRequests {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Contracts::Table)
                    .col(pk_uuid(Contracts::Id))
                    .col(uuid(Contracts::RequestId))
                    .col(string_len(Contracts::Number, 30))
                    .col(string_len(Contracts::CompanyName, 120))
                    .col(string_len(Contracts::CocNumber, 10))
                    .col(uuid(Contracts::PartnerId))
                    .col(date(Contracts::StartDate))
                    .col(string_len(Contracts::Status, 10))
                    .col(timestamp_with_time_zone(Contracts::CreatedAt))
                    .col(timestamp_with_time_zone(Contracts::UpdatedAt))
                    .col(big_integer(Contracts::Version).default(1))
                    .check(Expr::cust("status IN ('draft', 'active', 'ended')"))
                    .foreign_key(&mut fk(
                        "fk_contracts_request",
                        (Contracts::Table, Contracts::RequestId),
                        (InstallRequests::Table, InstallRequests::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_contracts_partner",
                        (Contracts::Table, Contracts::PartnerId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_contracts_number")
                    .table(Contracts::Table)
                    .col(Contracts::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_contracts_request")
                    .table(Contracts::Table)
                    .col(Contracts::RequestId)
                    .to_owned(),
            )
            .await?;
        // A partial unique index, which both PostgreSQL and SQLite write the same way.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_contracts_open_company ON contracts (request_id, coc_number) \
                 WHERE status <> 'ended'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Contracts::Table).to_owned()).await
    }
}
