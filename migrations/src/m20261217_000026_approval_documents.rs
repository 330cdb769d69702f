//! Documents for approval (seed 002, "Accorderen"): a document uploaded for a client
//! with the approvers fixed from the duties at that moment (and when they were reminded of
//! its due date), each approver's decision
//! (who, when, how, from where, the SHA-256 of the bytes approved) and the users' PINs,
//! kept only as a hash with their wrong tries and lock.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261201_000010_create_tickets::{fk, one_of};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApprovalDocuments {
    Table,
    Id,
    ClientId,
    DocumentType,
    Title,
    Period,
    DueOn,
    Status,
    FileName,
    SizeBytes,
    Sha256,
    StorageKey,
    UploadedById,
    CreatedAt,
    DecidedAt,
    RemindedAt,
}

#[derive(DeriveIden)]
enum DocumentApprovers {
    Table,
    DocumentId,
    UserId,
    Duty,
}

#[derive(DeriveIden)]
enum DocumentDecisions {
    Table,
    Id,
    DocumentId,
    UserId,
    Verdict,
    ConfirmedWith,
    Sha256,
    Reason,
    IpAddress,
    DecidedAt,
}

#[derive(DeriveIden)]
enum UserPins {
    Table,
    UserId,
    PinHash,
    Failures,
    LockedUntil,
    SetAt,
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
        let types = "'annual_accounts', 'vat_return', 'income_tax_return', 'corporate_tax_return', 'other'";
        manager
            .create_table(
                Table::create()
                    .table(ApprovalDocuments::Table)
                    .col(pk_uuid(ApprovalDocuments::Id))
                    .col(uuid(ApprovalDocuments::ClientId))
                    .col(
                        string_len(ApprovalDocuments::DocumentType, 32)
                            .check(one_of("document_type", types))
                            .to_owned(),
                    )
                    .col(string_len(ApprovalDocuments::Title, 200))
                    .col(string_len(ApprovalDocuments::Period, 40))
                    .col(date_null(ApprovalDocuments::DueOn))
                    .col(
                        string_len(ApprovalDocuments::Status, 16)
                            .check(one_of("status", "'awaiting', 'approved', 'rejected'"))
                            .to_owned(),
                    )
                    .col(string_len(ApprovalDocuments::FileName, 255))
                    .col(big_integer(ApprovalDocuments::SizeBytes))
                    .col(string_len(ApprovalDocuments::Sha256, 64))
                    .col(string_len(ApprovalDocuments::StorageKey, 255))
                    .col(uuid_null(ApprovalDocuments::UploadedById))
                    .col(timestamp_with_time_zone(ApprovalDocuments::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApprovalDocuments::DecidedAt))
                    .col(timestamp_with_time_zone_null(ApprovalDocuments::RemindedAt))
                    .foreign_key(
                        fk(
                            "fk_approval_documents_client",
                            (ApprovalDocuments::Table, ApprovalDocuments::ClientId),
                            (Organisations::Table, Organisations::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk(
                            "fk_approval_documents_uploader",
                            (ApprovalDocuments::Table, ApprovalDocuments::UploadedById),
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
                    .name("ix_approval_documents_client")
                    .table(ApprovalDocuments::Table)
                    .col(ApprovalDocuments::ClientId)
                    .col(ApprovalDocuments::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentApprovers::Table)
                    .col(uuid(DocumentApprovers::DocumentId))
                    .col(uuid(DocumentApprovers::UserId))
                    .col(string_len(DocumentApprovers::Duty, 8).check(one_of("duty", "'may', 'must'")).to_owned())
                    .primary_key(Index::create().col(DocumentApprovers::DocumentId).col(DocumentApprovers::UserId))
                    .foreign_key(
                        fk(
                            "fk_document_approvers_document",
                            (DocumentApprovers::Table, DocumentApprovers::DocumentId),
                            (ApprovalDocuments::Table, ApprovalDocuments::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk(
                            "fk_document_approvers_user",
                            (DocumentApprovers::Table, DocumentApprovers::UserId),
                            (Users::Table, Users::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_document_approvers_user")
                    .table(DocumentApprovers::Table)
                    .col(DocumentApprovers::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentDecisions::Table)
                    .col(pk_uuid(DocumentDecisions::Id))
                    .col(uuid(DocumentDecisions::DocumentId))
                    .col(uuid(DocumentDecisions::UserId))
                    .col(
                        string_len(DocumentDecisions::Verdict, 16)
                            .check(one_of("verdict", "'approved', 'rejected'"))
                            .to_owned(),
                    )
                    .col(
                        string_len(DocumentDecisions::ConfirmedWith, 16)
                            .check(one_of("confirmed_with", "'pin'"))
                            .to_owned(),
                    )
                    .col(string_len(DocumentDecisions::Sha256, 64))
                    .col(text_null(DocumentDecisions::Reason))
                    .col(string_len_null(DocumentDecisions::IpAddress, 64))
                    .col(timestamp_with_time_zone(DocumentDecisions::DecidedAt))
                    .foreign_key(
                        fk(
                            "fk_document_decisions_document",
                            (DocumentDecisions::Table, DocumentDecisions::DocumentId),
                            (ApprovalDocuments::Table, ApprovalDocuments::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk(
                            "fk_document_decisions_user",
                            (DocumentDecisions::Table, DocumentDecisions::UserId),
                            (Users::Table, Users::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_document_decisions_document_user")
                    .table(DocumentDecisions::Table)
                    .col(DocumentDecisions::DocumentId)
                    .col(DocumentDecisions::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UserPins::Table)
                    .col(uuid(UserPins::UserId).primary_key())
                    .col(text(UserPins::PinHash))
                    .col(integer(UserPins::Failures).default(0))
                    .col(timestamp_with_time_zone_null(UserPins::LockedUntil))
                    .col(timestamp_with_time_zone(UserPins::SetAt))
                    .foreign_key(
                        fk("fk_user_pins_user", (UserPins::Table, UserPins::UserId), (Users::Table, Users::Id))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            UserPins::Table.into_iden(),
            DocumentDecisions::Table.into_iden(),
            DocumentApprovers::Table.into_iden(),
            ApprovalDocuments::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
