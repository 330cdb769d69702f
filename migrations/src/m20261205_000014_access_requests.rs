//! Self-service access (seed 003): the customer number printed on a client's invoices
//! and the consultant named on the client, both on the organisation; and the access
//! requests people make with that number before they have a login.
//!
//! A request never holds a secret in clear: the confirmation token is stored as its
//! SHA-256 (`token_hash`), made when the confirmation e-mail is sent.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_organisations::Organisations;
use crate::m20261122_000002_create_users::Users;
use crate::m20261201_000010_create_tickets::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Added {
    CustomerNumber,
    ConsultantName,
    ConsultantEmail,
    ConsultantPhone,
}

#[derive(DeriveIden)]
enum AccessRequests {
    Table,
    Id,
    CustomerNumber,
    OrganisationId,
    Email,
    Name,
    Language,
    Status,
    RoutedTo,
    TokenHash,
    TokenExpiresAt,
    ConfirmedAt,
    DeclineReason,
    DecidedById,
    DecidedAt,
    UserId,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        let columns = [
            string_len_null(Added::CustomerNumber, 20),
            string_len_null(Added::ConsultantName, 120),
            string_len_null(Added::ConsultantEmail, 254),
            string_len_null(Added::ConsultantPhone, 20),
        ];
        for column in columns {
            manager.alter_table(Table::alter().table(Organisations::Table).add_column(column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("uq_organisations_customer_number")
                    .table(Organisations::Table)
                    .col(Added::CustomerNumber)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AccessRequests::Table)
                    .col(pk_uuid(AccessRequests::Id))
                    .col(string_len(AccessRequests::CustomerNumber, 20))
                    .col(uuid_null(AccessRequests::OrganisationId))
                    .col(string_len(AccessRequests::Email, 254))
                    .col(string_len(AccessRequests::Name, 120))
                    .col(string_len(AccessRequests::Language, 2))
                    .col(string_len(AccessRequests::Status, 16))
                    .col(string_len_null(AccessRequests::RoutedTo, 8))
                    .col(string_len_null(AccessRequests::TokenHash, 64).unique_key())
                    .col(timestamp_with_time_zone_null(AccessRequests::TokenExpiresAt))
                    .col(timestamp_with_time_zone_null(AccessRequests::ConfirmedAt))
                    .col(text_null(AccessRequests::DeclineReason))
                    .col(uuid_null(AccessRequests::DecidedById))
                    .col(timestamp_with_time_zone_null(AccessRequests::DecidedAt))
                    .col(uuid_null(AccessRequests::UserId))
                    .col(timestamp_with_time_zone(AccessRequests::CreatedAt))
                    .col(timestamp_with_time_zone(AccessRequests::UpdatedAt))
                    .col(big_integer(AccessRequests::Version).default(1))
                    .check(Expr::cust("status IN ('unconfirmed', 'pending', 'approved', 'declined')"))
                    .check(Expr::cust("routed_to IS NULL OR routed_to IN ('client', 'vendor')"))
                    .check(Expr::cust("language IN ('nl', 'en')"))
                    .foreign_key(
                        fk(
                            "fk_access_requests_organisation",
                            (AccessRequests::Table, AccessRequests::OrganisationId),
                            (Organisations::Table, Organisations::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk(
                            "fk_access_requests_decided_by",
                            (AccessRequests::Table, AccessRequests::DecidedById),
                            (Users::Table, Users::Id),
                        )
                        .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        fk(
                            "fk_access_requests_user",
                            (AccessRequests::Table, AccessRequests::UserId),
                            (Users::Table, Users::Id),
                        )
                        .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_access_requests_status")
                    .table(AccessRequests::Table)
                    .col(AccessRequests::Status)
                    .col(AccessRequests::OrganisationId)
                    .col(AccessRequests::Id)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AccessRequests::Table).to_owned()).await?;
        manager
            .drop_index(Index::drop().name("uq_organisations_customer_number").table(Organisations::Table).to_owned())
            .await?;
        for column in [Added::CustomerNumber, Added::ConsultantName, Added::ConsultantEmail, Added::ConsultantPhone] {
            manager.alter_table(Table::alter().table(Organisations::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
