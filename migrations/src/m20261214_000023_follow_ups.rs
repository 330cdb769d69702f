//! Stalled installations (seed 000 steps 6–7): the vendor sets after how many business
//! days without a successful upload a case is stalled, and the helpdesk's follow-ups
//! (phone call, remote session, note) go on the case's timeline, each optionally
//! scheduling the day to look again.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SupportSettings {
    Table,
    StallAfterDays,
}

#[derive(DeriveIden)]
enum InstallRequestEvents {
    Table,
    FollowUp,
    NextCheckOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SupportSettings::Table)
                    .add_column(
                        integer(SupportSettings::StallAfterDays)
                            .default(5)
                            .check(Expr::cust("stall_after_days BETWEEN 0 AND 60"))
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        // SQLite adds one column per statement.
        let columns = [
            string_len_null(InstallRequestEvents::FollowUp, 16)
                .check(Expr::cust("follow_up IN ('phone_call', 'remote_session', 'note')"))
                .to_owned(),
            date_null(InstallRequestEvents::NextCheckOn),
        ];
        for column in columns {
            manager
                .alter_table(Table::alter().table(InstallRequestEvents::Table).add_column(column).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [InstallRequestEvents::FollowUp, InstallRequestEvents::NextCheckOn] {
            manager
                .alter_table(Table::alter().table(InstallRequestEvents::Table).drop_column(column).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter().table(SupportSettings::Table).drop_column(SupportSettings::StallAfterDays).to_owned(),
            )
            .await
    }
}
