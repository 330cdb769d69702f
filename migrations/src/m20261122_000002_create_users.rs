use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_organisations::{Branches, Organisations};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    OrganisationId,
    Email,
    Name,
    Phone,
    Language,
    Role,
    IsContactPerson,
    IsTechnicalContact,
    Status,
    PasswordHash,
    PasswordChangedAt,
    LastLoginAt,
    SearchText,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum UserBranches {
    Table,
    UserId,
    BranchId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    .col(uuid(Users::OrganisationId))
                    .col(string_len_uniq(Users::Email, 254))
                    .col(string_len(Users::Name, 120))
                    .col(string_len_null(Users::Phone, 32))
                    .col(string_len(Users::Language, 8))
                    .col(string_len(Users::Role, 32))
                    .col(boolean(Users::IsContactPerson).default(false))
                    .col(boolean(Users::IsTechnicalContact).default(false))
                    .col(string_len(Users::Status, 16))
                    .col(text_null(Users::PasswordHash))
                    .col(timestamp_with_time_zone_null(Users::PasswordChangedAt))
                    .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                    .col(text(Users::SearchText))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .col(big_integer(Users::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_organisation")
                            .from(Users::Table, Users::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_organisation_name")
                    .table(Users::Table)
                    .col(Users::OrganisationId)
                    .col(Users::Name)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserBranches::Table)
                    .col(uuid(UserBranches::UserId))
                    .col(uuid(UserBranches::BranchId))
                    .primary_key(Index::create().col(UserBranches::UserId).col(UserBranches::BranchId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_branches_user")
                            .from(UserBranches::Table, UserBranches::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_branches_branch")
                            .from(UserBranches::Table, UserBranches::BranchId)
                            .to(Branches::Table, Branches::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(UserBranches::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Users::Table).to_owned()).await
    }
}
