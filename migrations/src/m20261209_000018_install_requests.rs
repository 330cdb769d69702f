//! Partner intake (seed 000, issue 10): install requests, the vendor's list of
//! accounting packages, the fields each partner's requests carry, every submitted
//! version of a request and its timeline.
//!
//! Numbers (`T-2026-000123`, `A-2026-000007`) come from one counter table for every
//! series now (`number_counters`); the tickets' counters move into it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_organisations::{Branches, Organisations};
use crate::m20261201_000010_create_tickets::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NumberCounters {
    Table,
    Series,
    Year,
    LastNumber,
}

#[derive(DeriveIden)]
enum TicketCounters {
    Table,
}

#[derive(DeriveIden)]
enum AccountingPackages {
    Table,
    Id,
    Name,
    Active,
    Position,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum PartnerFields {
    Table,
    Id,
    OrganisationId,
    Key,
    Label,
    FieldType,
    Required,
    Position,
}

#[derive(DeriveIden)]
enum InstallRequests {
    Table,
    Id,
    Number,
    PartnerId,
    BranchId,
    Step,
    CompanyName,
    CocNumber,
    VatNumber,
    Street,
    HouseNumber,
    Postcode,
    City,
    Country,
    GeneralName,
    GeneralEmail,
    GeneralPhone,
    TechnicalName,
    TechnicalEmail,
    TechnicalPhone,
    AccountingPackageId,
    AccountingPackageOther,
    PartnerFields,
    Remarks,
    Revision,
    FiledByName,
    FiledByUserId,
    ClientId,
    SubmittedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum InstallRequestRevisions {
    Table,
    RequestId,
    Revision,
    Snapshot,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum InstallRequestEvents {
    Table,
    Id,
    RequestId,
    At,
    Kind,
    FromStep,
    ToStep,
    ActorName,
    ActorParty,
    Message,
    Items,
    Revision,
}

/// The steps of the install flow (`loket_domain::onboarding::install_flow`).
const STEPS: &str =
    "'submitted', 'returned', 'rejected', 'questionnaire', 'contracts', 'instructions', 'installing', 'completed'";

fn one_of(column: &str, values: &str) -> SimpleExpr {
    Expr::cust(format!("{column} IN ({values})"))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NumberCounters::Table)
                    .col(string_len(NumberCounters::Series, 8))
                    .col(integer(NumberCounters::Year))
                    .col(big_integer(NumberCounters::LastNumber))
                    .primary_key(Index::create().col(NumberCounters::Series).col(NumberCounters::Year))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO number_counters (series, year, last_number) SELECT 'T', year, last_number FROM ticket_counters",
            )
            .await?;
        manager.drop_table(Table::drop().table(TicketCounters::Table).to_owned()).await?;

        manager
            .create_table(
                Table::create()
                    .table(AccountingPackages::Table)
                    .col(pk_uuid(AccountingPackages::Id))
                    .col(string_len_uniq(AccountingPackages::Name, 100))
                    .col(boolean(AccountingPackages::Active).default(true))
                    .col(integer(AccountingPackages::Position))
                    .col(timestamp_with_time_zone(AccountingPackages::CreatedAt))
                    .col(timestamp_with_time_zone(AccountingPackages::UpdatedAt))
                    .col(big_integer(AccountingPackages::Version).default(1))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PartnerFields::Table)
                    .col(pk_uuid(PartnerFields::Id))
                    .col(uuid(PartnerFields::OrganisationId))
                    .col(string_len(PartnerFields::Key, 40))
                    .col(string_len(PartnerFields::Label, 100))
                    .col(string_len(PartnerFields::FieldType, 10))
                    .col(boolean(PartnerFields::Required))
                    .col(integer(PartnerFields::Position))
                    .check(one_of("field_type", "'text', 'number', 'date', 'yes_no'"))
                    .foreign_key(&mut fk(
                        "fk_partner_fields_organisation",
                        (PartnerFields::Table, PartnerFields::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_partner_fields_organisation_key")
                    .table(PartnerFields::Table)
                    .col(PartnerFields::OrganisationId)
                    .col(PartnerFields::Key)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(InstallRequests::Table)
                    .col(pk_uuid(InstallRequests::Id))
                    .col(string_len_uniq(InstallRequests::Number, 20))
                    .col(uuid(InstallRequests::PartnerId))
                    .col(uuid_null(InstallRequests::BranchId))
                    .col(string_len(InstallRequests::Step, 16))
                    .col(string_len(InstallRequests::CompanyName, 120))
                    .col(string_len(InstallRequests::CocNumber, 10))
                    .col(string_len_null(InstallRequests::VatNumber, 14))
                    .col(string_len(InstallRequests::Street, 120))
                    .col(string_len(InstallRequests::HouseNumber, 20))
                    .col(string_len(InstallRequests::Postcode, 7))
                    .col(string_len(InstallRequests::City, 80))
                    .col(string_len(InstallRequests::Country, 2))
                    .col(string_len(InstallRequests::GeneralName, 120))
                    .col(string_len(InstallRequests::GeneralEmail, 254))
                    .col(string_len(InstallRequests::GeneralPhone, 20))
                    .col(string_len(InstallRequests::TechnicalName, 120))
                    .col(string_len(InstallRequests::TechnicalEmail, 254))
                    .col(string_len(InstallRequests::TechnicalPhone, 20))
                    .col(uuid_null(InstallRequests::AccountingPackageId))
                    .col(string_len_null(InstallRequests::AccountingPackageOther, 100))
                    // The partner's own fields, as a JSON object of key to written value.
                    .col(text(InstallRequests::PartnerFields))
                    .col(text_null(InstallRequests::Remarks))
                    // 1 for the first submission; each resubmission adds one.
                    .col(integer(InstallRequests::Revision))
                    .col(string_len(InstallRequests::FiledByName, 120))
                    // The person who filed it (none for a partner system), told of every move.
                    .col(uuid_null(InstallRequests::FiledByUserId))
                    .col(uuid_null(InstallRequests::ClientId))
                    .col(timestamp_with_time_zone(InstallRequests::SubmittedAt))
                    .col(timestamp_with_time_zone(InstallRequests::CreatedAt))
                    .col(timestamp_with_time_zone(InstallRequests::UpdatedAt))
                    .col(big_integer(InstallRequests::Version).default(1))
                    .check(one_of("step", STEPS))
                    .check(one_of("country", "'NL', 'BE'"))
                    .check(Expr::cust("(accounting_package_id IS NULL) <> (accounting_package_other IS NULL)"))
                    .foreign_key(&mut fk(
                        "fk_install_requests_partner",
                        (InstallRequests::Table, InstallRequests::PartnerId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_install_requests_branch",
                        (InstallRequests::Table, InstallRequests::BranchId),
                        (Branches::Table, Branches::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_install_requests_package",
                        (InstallRequests::Table, InstallRequests::AccountingPackageId),
                        (AccountingPackages::Table, AccountingPackages::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_install_requests_client",
                        (InstallRequests::Table, InstallRequests::ClientId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_install_requests_partner", vec![InstallRequests::PartnerId, InstallRequests::Id]),
            ("idx_install_requests_step", vec![InstallRequests::Step, InstallRequests::Id]),
            ("idx_install_requests_coc", vec![InstallRequests::CocNumber]),
        ] {
            let mut index = Index::create().name(name).table(InstallRequests::Table).to_owned();
            for column in columns {
                index.col(column);
            }
            manager.create_index(index).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(InstallRequestRevisions::Table)
                    .col(uuid(InstallRequestRevisions::RequestId))
                    .col(integer(InstallRequestRevisions::Revision))
                    // The request's data as submitted (the API's `InstallRequestData`).
                    .col(text(InstallRequestRevisions::Snapshot))
                    .col(timestamp_with_time_zone(InstallRequestRevisions::SubmittedAt))
                    .primary_key(
                        Index::create().col(InstallRequestRevisions::RequestId).col(InstallRequestRevisions::Revision),
                    )
                    .foreign_key(&mut fk(
                        "fk_install_request_revisions_request",
                        (InstallRequestRevisions::Table, InstallRequestRevisions::RequestId),
                        (InstallRequests::Table, InstallRequests::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InstallRequestEvents::Table)
                    .col(pk_uuid(InstallRequestEvents::Id))
                    .col(uuid(InstallRequestEvents::RequestId))
                    .col(timestamp_with_time_zone(InstallRequestEvents::At))
                    .col(string_len(InstallRequestEvents::Kind, 24))
                    .col(string_len_null(InstallRequestEvents::FromStep, 16))
                    .col(string_len_null(InstallRequestEvents::ToStep, 16))
                    .col(string_len(InstallRequestEvents::ActorName, 120))
                    .col(string_len(InstallRequestEvents::ActorParty, 16))
                    .col(text_null(InstallRequestEvents::Message))
                    // What the helpdesk found missing, as a JSON array of text.
                    .col(text_null(InstallRequestEvents::Items))
                    .col(integer_null(InstallRequestEvents::Revision))
                    .check(one_of("actor_party", "'partner', 'helpdesk', 'client', 'software', 'system'"))
                    .foreign_key(&mut fk(
                        "fk_install_request_events_request",
                        (InstallRequestEvents::Table, InstallRequestEvents::RequestId),
                        (InstallRequests::Table, InstallRequests::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_install_request_events_request")
                    .table(InstallRequestEvents::Table)
                    .col(InstallRequestEvents::RequestId)
                    .col(InstallRequestEvents::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            InstallRequestEvents::Table.into_iden(),
            InstallRequestRevisions::Table.into_iden(),
            InstallRequests::Table.into_iden(),
            PartnerFields::Table.into_iden(),
            AccountingPackages::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(TicketCounters::Table)
                    .col(integer(Alias::new("year")).primary_key())
                    .col(big_integer(Alias::new("last_number")))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO ticket_counters (year, last_number) SELECT year, last_number FROM number_counters WHERE series = 'T'",
            )
            .await?;
        manager.drop_table(Table::drop().table(NumberCounters::Table).to_owned()).await
    }
}
