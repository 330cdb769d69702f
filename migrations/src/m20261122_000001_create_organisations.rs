use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Organisations {
    Table,
    Id,
    Kind,
    Name,
    PartnerKind,
    CocNumber,
    VatNumber,
    ManagingPartnerId,
    SearchText,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
pub enum Branches {
    Table,
    Id,
    OrganisationId,
    Name,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .col(pk_uuid(Organisations::Id))
                    .col(string_len(Organisations::Kind, 16))
                    .col(string_len(Organisations::Name, 200))
                    .col(string_len_null(Organisations::PartnerKind, 16))
                    .col(string_len_null(Organisations::CocNumber, 20))
                    .col(string_len_null(Organisations::VatNumber, 20))
                    .col(uuid_null(Organisations::ManagingPartnerId))
                    .col(text(Organisations::SearchText))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                    .col(big_integer(Organisations::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisations_managing_partner")
                            .from(Organisations::Table, Organisations::ManagingPartnerId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisations_managing_partner")
                    .table(Organisations::Table)
                    .col(Organisations::ManagingPartnerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisations_kind_name")
                    .table(Organisations::Table)
                    .col(Organisations::Kind)
                    .col(Organisations::Name)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Branches::Table)
                    .col(pk_uuid(Branches::Id))
                    .col(uuid(Branches::OrganisationId))
                    .col(string_len(Branches::Name, 200))
                    .col(timestamp_with_time_zone(Branches::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_branches_organisation")
                            .from(Branches::Table, Branches::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_branches_organisation_name")
                    .table(Branches::Table)
                    .col(Branches::OrganisationId)
                    .col(Branches::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;

        // A client's branch references `branches`, which references `organisations`: the
        // column is added once both tables exist. SQLite cannot add a foreign key with
        // ALTER TABLE ... ADD CONSTRAINT, but it can add a column with a REFERENCES clause.
        let sql = match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "ALTER TABLE organisations ADD COLUMN branch_id uuid NULL \
                 CONSTRAINT fk_organisations_branch REFERENCES branches (id) ON DELETE SET NULL"
            }
            _ => {
                "ALTER TABLE organisations ADD COLUMN branch_id uuid_text NULL \
                 CONSTRAINT fk_organisations_branch REFERENCES branches (id) ON DELETE SET NULL"
            }
        };
        manager.get_connection().execute_unprepared(sql).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("ALTER TABLE organisations DROP COLUMN branch_id").await?;
        manager.drop_table(Table::drop().table(Branches::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Organisations::Table).to_owned()).await
    }
}
