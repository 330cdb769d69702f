use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The audit log: one row per change, written in the transaction of the change.
///
/// No foreign keys: the log outlives what it describes (a deleted webhook's history stays
/// readable) and names its actor by id and by the name the actor had at the time.
/// `subject_*` names the record whose history the row belongs to (a branch's subject is
/// its organisation), so a timeline is one indexed query. `staff_only` rows are shown to
/// vendor staff only.
#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    OccurredAt,
    OrganisationId,
    Action,
    EntityType,
    EntityId,
    SubjectType,
    SubjectId,
    ActorType,
    ActorUserId,
    ActorApiKeyId,
    ActorOrganisationId,
    ActorName,
    Changes,
    StaffOnly,
    ClientIp,
    RequestId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(pk_uuid(AuditEvents::Id))
                    .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                    .col(uuid_null(AuditEvents::OrganisationId))
                    .col(string_len(AuditEvents::Action, 40))
                    .col(string_len(AuditEvents::EntityType, 40))
                    .col(uuid_null(AuditEvents::EntityId))
                    .col(string_len(AuditEvents::SubjectType, 40))
                    .col(uuid_null(AuditEvents::SubjectId))
                    .col(string_len(AuditEvents::ActorType, 16))
                    .col(uuid_null(AuditEvents::ActorUserId))
                    .col(uuid_null(AuditEvents::ActorApiKeyId))
                    .col(uuid_null(AuditEvents::ActorOrganisationId))
                    .col(string_len(AuditEvents::ActorName, 200))
                    .col(text(AuditEvents::Changes))
                    .col(boolean(AuditEvents::StaffOnly).default(false))
                    .col(string_len_null(AuditEvents::ClientIp, 45))
                    .col(string_len_null(AuditEvents::RequestId, 100))
                    .check(Expr::col(AuditEvents::ActorType).is_in(["user", "api_key", "system"]))
                    .to_owned(),
            )
            .await?;
        // An organisation's log, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_events_organisation")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::OrganisationId)
                    .col(AuditEvents::Id)
                    .to_owned(),
            )
            .await?;
        // A record's timeline.
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_events_subject")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::SubjectType)
                    .col(AuditEvents::SubjectId)
                    .col(AuditEvents::Id)
                    .to_owned(),
            )
            .await?;
        // What one person or key did.
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_events_actor_user")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::ActorUserId)
                    .col(AuditEvents::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditEvents::Table).to_owned()).await
    }
}
