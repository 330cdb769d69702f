//! Rights per module (seed 002, "Cliënt- & kantoorgroepen"): a partner (or the vendor)
//! keeps groups for its clients' users and for its own staff, each with a permission set;
//! a user belongs to any number of groups and may hold grants of its own. A capability is
//! a module (`tickets`) or the approval of one document type (`approvals.vat_return`);
//! the domain checks the keys, the database the access levels.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PermissionGroups {
    Table,
    Id,
    OrganisationId,
    Audience,
    Name,
    Description,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum GroupPermissions {
    Table,
    GroupId,
    Capability,
    Access,
}

#[derive(DeriveIden)]
enum GroupMembers {
    Table,
    GroupId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UserPermissions {
    Table,
    UserId,
    Capability,
    Access,
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

fn cascade(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PermissionGroups::Table)
                    .col(pk_uuid(PermissionGroups::Id))
                    .col(uuid(PermissionGroups::OrganisationId))
                    .col(
                        string_len(PermissionGroups::Audience, 8)
                            .check(Expr::cust("audience IN ('clients', 'staff')"))
                            .to_owned(),
                    )
                    .col(string_len(PermissionGroups::Name, 80))
                    .col(string_len(PermissionGroups::Description, 500).default(""))
                    .col(timestamp_with_time_zone(PermissionGroups::CreatedAt))
                    .col(timestamp_with_time_zone(PermissionGroups::UpdatedAt))
                    .col(big_integer(PermissionGroups::Version).default(1))
                    .foreign_key(&mut cascade(
                        "fk_permission_groups_organisation",
                        (PermissionGroups::Table, PermissionGroups::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_permission_groups_organisation_name")
                    .table(PermissionGroups::Table)
                    .col(PermissionGroups::OrganisationId)
                    .col(PermissionGroups::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupPermissions::Table)
                    .col(uuid(GroupPermissions::GroupId))
                    .col(string_len(GroupPermissions::Capability, 40))
                    .col(
                        string_len(GroupPermissions::Access, 8)
                            .check(Expr::cust("access IN ('read', 'write')"))
                            .to_owned(),
                    )
                    .primary_key(Index::create().col(GroupPermissions::GroupId).col(GroupPermissions::Capability))
                    .foreign_key(&mut cascade(
                        "fk_group_permissions_group",
                        (GroupPermissions::Table, GroupPermissions::GroupId),
                        (PermissionGroups::Table, PermissionGroups::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupMembers::Table)
                    .col(uuid(GroupMembers::GroupId))
                    .col(uuid(GroupMembers::UserId))
                    .col(timestamp_with_time_zone(GroupMembers::CreatedAt))
                    .primary_key(Index::create().col(GroupMembers::GroupId).col(GroupMembers::UserId))
                    .foreign_key(&mut cascade(
                        "fk_group_members_group",
                        (GroupMembers::Table, GroupMembers::GroupId),
                        (PermissionGroups::Table, PermissionGroups::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_group_members_user",
                        (GroupMembers::Table, GroupMembers::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // A user's groups are looked up on every rights check.
        manager
            .create_index(
                Index::create()
                    .name("ix_group_members_user")
                    .table(GroupMembers::Table)
                    .col(GroupMembers::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UserPermissions::Table)
                    .col(uuid(UserPermissions::UserId))
                    .col(string_len(UserPermissions::Capability, 40))
                    .col(
                        string_len(UserPermissions::Access, 8)
                            .check(Expr::cust("access IN ('read', 'write')"))
                            .to_owned(),
                    )
                    .primary_key(Index::create().col(UserPermissions::UserId).col(UserPermissions::Capability))
                    .foreign_key(&mut cascade(
                        "fk_user_permissions_user",
                        (UserPermissions::Table, UserPermissions::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            UserPermissions::Table.into_iden(),
            GroupMembers::Table.into_iden(),
            GroupPermissions::Table.into_iden(),
            PermissionGroups::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
