//! Cost estimates on change requests: the current estimate of a ticket lives on the
//! ticket (its earlier ones in the audit log, as every change does).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261201_000010_create_tickets::Tickets;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Added {
    #[sea_orm(iden = "estimate_minutes")]
    Minutes,
    #[sea_orm(iden = "estimate_amount_cents")]
    AmountCents,
    #[sea_orm(iden = "estimate_description")]
    Description,
    #[sea_orm(iden = "estimate_status")]
    Status,
    #[sea_orm(iden = "estimate_reason")]
    Reason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        let columns = [
            integer_null(Added::Minutes).check(Expr::cust("estimate_minutes > 0")).to_owned(),
            big_integer_null(Added::AmountCents).check(Expr::cust("estimate_amount_cents >= 0")).to_owned(),
            text_null(Added::Description),
            string_len_null(Added::Status, 16)
                .check(Expr::cust("estimate_status IN ('pending', 'accepted', 'declined')"))
                .to_owned(),
            text_null(Added::Reason),
        ];
        for column in columns {
            manager.alter_table(Table::alter().table(Tickets::Table).add_column(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Added::Minutes, Added::AmountCents, Added::Description, Added::Status, Added::Reason] {
            manager.alter_table(Table::alter().table(Tickets::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
