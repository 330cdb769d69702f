//! Who must approve (seed 002, "Moet accorderen"): per client and document type the
//! firm names the client users who must all approve. Who may approve comes from the
//! users' rights (`approvals.<type>`, by group or own grant); with must-approvers for a
//! type, only they approve it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApprovalDuties {
    Table,
    ClientId,
    DocumentType,
    UserId,
    CreatedAt,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApprovalDuties::Table)
                    .col(uuid(ApprovalDuties::ClientId))
                    .col(
                        string_len(ApprovalDuties::DocumentType, 32)
                            .check(Expr::cust(
                                "document_type IN ('annual_accounts', 'vat_return', 'income_tax_return', \
                                 'corporate_tax_return', 'other')",
                            ))
                            .to_owned(),
                    )
                    .col(uuid(ApprovalDuties::UserId))
                    .col(timestamp_with_time_zone(ApprovalDuties::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(ApprovalDuties::ClientId)
                            .col(ApprovalDuties::DocumentType)
                            .col(ApprovalDuties::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_approval_duties_client")
                            .from(ApprovalDuties::Table, ApprovalDuties::ClientId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_approval_duties_user")
                            .from(ApprovalDuties::Table, ApprovalDuties::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ApprovalDuties::Table).to_owned()).await
    }
}
