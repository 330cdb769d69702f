//! The support desk's tickets: the ticket, its messages (public and internal), its
//! status history (the input of the SLA clocks) and the per-year number counter.
//!
//! Stored names are checked by the database as in `check_stored_names`: CHECK
//! constraints declared with the tables, on both databases.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_organisations::Organisations;
use crate::m20261122_000002_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Tickets {
    Table,
    Id,
    Number,
    OrganisationId,
    RequesterId,
    Title,
    Description,
    TicketType,
    Status,
    Priority,
    AssigneeId,
    Module,
    AffectedUser,
    Company,
    ErrorMessage,
    StepsBefore,
    OutOfContractReason,
    DeclineReason,
    DecidedById,
    ReachedHelpdeskAt,
    FirstResponseAt,
    ClosedAt,
    SlaSort,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
pub enum TicketMessages {
    Table,
    Id,
    TicketId,
    AuthorId,
    AuthorName,
    FromStaff,
    Internal,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TicketStatusPeriods {
    Table,
    Id,
    TicketId,
    Status,
    StartedAt,
}

#[derive(DeriveIden)]
enum TicketCounters {
    Table,
    Year,
    LastNumber,
}

const STATUSES: &str = "'awaiting_approval', 'new', 'open', 'waiting_on_customer', 'closed', 'declined'";

pub(crate) fn one_of(column: &str, values: &str) -> SimpleExpr {
    Expr::cust(format!("{column} IN ({values})"))
}

/// A named foreign key (shared with the migrations that extend the support desk).
pub(crate) fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TicketCounters::Table)
                    .col(integer(TicketCounters::Year).primary_key())
                    .col(big_integer(TicketCounters::LastNumber))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Tickets::Table)
                    .col(pk_uuid(Tickets::Id))
                    .col(string_len_uniq(Tickets::Number, 20))
                    .col(uuid(Tickets::OrganisationId))
                    .col(uuid(Tickets::RequesterId))
                    .col(string_len(Tickets::Title, 200))
                    .col(text(Tickets::Description))
                    .col(string_len(Tickets::TicketType, 16))
                    .col(string_len(Tickets::Status, 24))
                    .col(string_len(Tickets::Priority, 16))
                    .col(uuid_null(Tickets::AssigneeId))
                    .col(string_len_null(Tickets::Module, 200))
                    .col(string_len_null(Tickets::AffectedUser, 200))
                    .col(string_len_null(Tickets::Company, 200))
                    .col(text_null(Tickets::ErrorMessage))
                    .col(text_null(Tickets::StepsBefore))
                    .col(text_null(Tickets::OutOfContractReason))
                    .col(text_null(Tickets::DeclineReason))
                    .col(uuid_null(Tickets::DecidedById))
                    .col(timestamp_with_time_zone_null(Tickets::ReachedHelpdeskAt))
                    .col(timestamp_with_time_zone_null(Tickets::FirstResponseAt))
                    .col(timestamp_with_time_zone_null(Tickets::ClosedAt))
                    // When the earliest running SLA clock runs out, as sortable text
                    // (RFC 3339 UTC); "~" when no clock runs, so those sort last.
                    .col(string_len(Tickets::SlaSort, 32))
                    .col(timestamp_with_time_zone(Tickets::CreatedAt))
                    .col(timestamp_with_time_zone(Tickets::UpdatedAt))
                    .col(big_integer(Tickets::Version).default(1))
                    .check(one_of("ticket_type", "'question', 'bug', 'change'"))
                    .check(one_of("status", STATUSES))
                    .check(one_of("priority", "'low', 'normal', 'high', 'urgent'"))
                    .foreign_key(&mut fk(
                        "fk_tickets_organisation",
                        (Tickets::Table, Tickets::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_requester",
                        (Tickets::Table, Tickets::RequesterId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_assignee",
                        (Tickets::Table, Tickets::AssigneeId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_decided_by",
                        (Tickets::Table, Tickets::DecidedById),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_tickets_organisation", vec![Tickets::OrganisationId, Tickets::Id]),
            ("idx_tickets_status", vec![Tickets::Status, Tickets::Id]),
            ("idx_tickets_assignee", vec![Tickets::AssigneeId, Tickets::Id]),
            ("idx_tickets_sla", vec![Tickets::SlaSort, Tickets::Id]),
        ] {
            let mut index = Index::create().name(name).table(Tickets::Table).to_owned();
            for column in columns {
                index.col(column);
            }
            manager.create_index(index).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(TicketMessages::Table)
                    .col(pk_uuid(TicketMessages::Id))
                    .col(uuid(TicketMessages::TicketId))
                    .col(uuid_null(TicketMessages::AuthorId))
                    .col(string_len(TicketMessages::AuthorName, 120))
                    .col(boolean(TicketMessages::FromStaff))
                    .col(boolean(TicketMessages::Internal))
                    .col(text(TicketMessages::Body))
                    .col(timestamp_with_time_zone(TicketMessages::CreatedAt))
                    .foreign_key(
                        fk(
                            "fk_ticket_messages_ticket",
                            (TicketMessages::Table, TicketMessages::TicketId),
                            (Tickets::Table, Tickets::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut fk(
                        "fk_ticket_messages_author",
                        (TicketMessages::Table, TicketMessages::AuthorId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ticket_messages_ticket")
                    .table(TicketMessages::Table)
                    .col(TicketMessages::TicketId)
                    .col(TicketMessages::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TicketStatusPeriods::Table)
                    .col(pk_uuid(TicketStatusPeriods::Id))
                    .col(uuid(TicketStatusPeriods::TicketId))
                    .col(string_len(TicketStatusPeriods::Status, 24))
                    .col(timestamp_with_time_zone(TicketStatusPeriods::StartedAt))
                    .check(one_of("status", STATUSES))
                    .foreign_key(
                        fk(
                            "fk_ticket_status_periods_ticket",
                            (TicketStatusPeriods::Table, TicketStatusPeriods::TicketId),
                            (Tickets::Table, Tickets::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ticket_status_periods_ticket")
                    .table(TicketStatusPeriods::Table)
                    .col(TicketStatusPeriods::TicketId)
                    .col(TicketStatusPeriods::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TicketStatusPeriods::Table.into_iden(),
            TicketMessages::Table.into_iden(),
            Tickets::Table.into_iden(),
            TicketCounters::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
