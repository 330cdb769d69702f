//! Files attached to tickets and their messages. The bytes live in the object store
//! under `storage_key`; the row says what they are and who may read them (`internal`:
//! the helpdesk only). `tickets.attachment_bytes` keeps each ticket's total, so that
//! the per-ticket limit holds under concurrent uploads (one conditional UPDATE).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_organisations::Organisations;
use crate::m20261122_000002_create_users::Users;
use crate::m20261201_000010_create_tickets::{TicketMessages, Tickets, fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum TicketAttachments {
    Table,
    Id,
    TicketId,
    OrganisationId,
    MessageId,
    UploadedById,
    Internal,
    FileName,
    MediaType,
    SizeBytes,
    Sha256,
    StorageKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Extra {
    AttachmentBytes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tickets::Table)
                    .add_column(big_integer(Extra::AttachmentBytes).default(0))
                    .to_owned(),
            )
            .await?;
        let a = TicketAttachments::Table;
        manager
            .create_table(
                Table::create()
                    .table(a)
                    .col(pk_uuid(TicketAttachments::Id))
                    .col(uuid(TicketAttachments::TicketId))
                    .col(uuid(TicketAttachments::OrganisationId))
                    .col(uuid_null(TicketAttachments::MessageId))
                    .col(uuid(TicketAttachments::UploadedById))
                    .col(boolean(TicketAttachments::Internal))
                    .col(string_len(TicketAttachments::FileName, 120))
                    .col(string_len(TicketAttachments::MediaType, 40))
                    .col(big_integer(TicketAttachments::SizeBytes))
                    .col(string_len(TicketAttachments::Sha256, 64))
                    .col(string_len_uniq(TicketAttachments::StorageKey, 200))
                    .col(timestamp_with_time_zone(TicketAttachments::CreatedAt))
                    .check(Expr::cust("size_bytes > 0"))
                    .foreign_key(&mut fk(
                        "fk_ticket_attachments_ticket",
                        (a, TicketAttachments::TicketId),
                        (Tickets::Table, Tickets::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_ticket_attachments_organisation",
                        (a, TicketAttachments::OrganisationId),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_ticket_attachments_message",
                        (a, TicketAttachments::MessageId),
                        (TicketMessages::Table, TicketMessages::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_ticket_attachments_uploader",
                        (a, TicketAttachments::UploadedById),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ticket_attachments_ticket")
                    .table(a)
                    .col(TicketAttachments::TicketId)
                    .col(TicketAttachments::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(TicketAttachments::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Tickets::Table).drop_column(Extra::AttachmentBytes).to_owned()).await
    }
}
