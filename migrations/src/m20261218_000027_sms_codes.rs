//! One-time SMS codes (seed 002, "accorderingstokens"): a user's verified mobile number
//! (and whether it signs in with a code), the codes sent to it (only their hash, once the
//! worker has sent them; their tries and use), decisions confirmed with such a code,
//! groups that require a code at sign-in, recovery codes (hashes) and the pending second
//! step of a sign-in.

use sea_orm_migration::sea_orm::{DbBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261201_000010_create_tickets::{fk, one_of};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UserMobiles {
    Table,
    UserId,
    Number,
    VerifiedAt,
    SignInSince,
}

#[derive(DeriveIden)]
enum PermissionGroups {
    Table,
    RequiresSecondFactor,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SignInChallenges {
    Table,
    Id,
    UserId,
    TokenHash,
    IpAddress,
    RecoveryAttempts,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SmsCodes {
    Table,
    Id,
    UserId,
    Purpose,
    Phone,
    CodeHash,
    IssuedAt,
    Attempts,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

/// The confirmations a decision may record, before and after this migration.
const CONFIRMED_BEFORE: &str = "'pin'";
const CONFIRMED_AFTER: &str = "'pin', 'sms_code'";

/// Widens the CHECK on `document_decisions.confirmed_with`. PostgreSQL swaps the
/// constraint; SQLite cannot alter one, so the table is rebuilt from its own definition
/// with the wider list (nothing refers to it), its rows copied and its index made again.
async fn widen_confirmations(manager: &SchemaManager<'_>, from: &str, to: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let check = |list: &str| format!("confirmed_with IN ({list})");
    match manager.get_database_backend() {
        DbBackend::Sqlite => {
            let row = db
                .query_one_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'document_decisions'",
                ))
                .await?
                .ok_or_else(|| DbErr::Migration("document_decisions is missing".to_owned()))?;
            let sql: String = row.try_get("", "sql")?;
            if !sql.contains(&check(from)) {
                return Err(DbErr::Migration(format!("document_decisions has no check on ({from}): {sql}")));
            }
            let next = sql.replace(&check(from), &check(to)).replacen(
                "\"document_decisions\"",
                "\"document_decisions_next\"",
                1,
            );
            // One script on one connection: the pool's other connections must not see
            // the table missing halfway.
            let script = [
                next.as_str(),
                "INSERT INTO document_decisions_next SELECT * FROM document_decisions",
                "DROP TABLE document_decisions",
                "ALTER TABLE document_decisions_next RENAME TO document_decisions",
                "CREATE UNIQUE INDEX uq_document_decisions_document_user ON document_decisions (document_id, user_id)",
            ]
            .join(";\n");
            db.execute_unprepared(&script).await?;
        }
        _ => {
            db.execute_unprepared(
                "ALTER TABLE document_decisions DROP CONSTRAINT document_decisions_confirmed_with_check",
            )
            .await?;
            db.execute_unprepared(&format!(
                "ALTER TABLE document_decisions ADD CONSTRAINT document_decisions_confirmed_with_check CHECK ({})",
                check(to)
            ))
            .await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UserMobiles::Table)
                    .col(uuid(UserMobiles::UserId).primary_key())
                    .col(string_len(UserMobiles::Number, 32))
                    .col(timestamp_with_time_zone(UserMobiles::VerifiedAt))
                    .col(timestamp_with_time_zone_null(UserMobiles::SignInSince))
                    .foreign_key(
                        fk(
                            "fk_user_mobiles_user",
                            (UserMobiles::Table, UserMobiles::UserId),
                            (Users::Table, Users::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SmsCodes::Table)
                    .col(pk_uuid(SmsCodes::Id))
                    .col(uuid(SmsCodes::UserId))
                    .col(
                        string_len(SmsCodes::Purpose, 16)
                            .check(one_of("purpose", "'approval', 'mobile', 'sign_in'"))
                            .to_owned(),
                    )
                    .col(string_len(SmsCodes::Phone, 32))
                    .col(text_null(SmsCodes::CodeHash))
                    .col(timestamp_with_time_zone_null(SmsCodes::IssuedAt))
                    .col(integer(SmsCodes::Attempts).default(0))
                    .col(timestamp_with_time_zone_null(SmsCodes::UsedAt))
                    .col(timestamp_with_time_zone(SmsCodes::CreatedAt))
                    .foreign_key(
                        fk("fk_sms_codes_user", (SmsCodes::Table, SmsCodes::UserId), (Users::Table, Users::Id))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sms_codes_user_purpose")
                    .table(SmsCodes::Table)
                    .col(SmsCodes::UserId)
                    .col(SmsCodes::Purpose)
                    .col(SmsCodes::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PermissionGroups::Table)
                    .add_column(boolean(PermissionGroups::RequiresSecondFactor).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecoveryCodes::Table)
                    .col(pk_uuid(RecoveryCodes::Id))
                    .col(uuid(RecoveryCodes::UserId))
                    .col(text(RecoveryCodes::CodeHash))
                    .col(timestamp_with_time_zone_null(RecoveryCodes::UsedAt))
                    .col(timestamp_with_time_zone(RecoveryCodes::CreatedAt))
                    .foreign_key(
                        fk(
                            "fk_recovery_codes_user",
                            (RecoveryCodes::Table, RecoveryCodes::UserId),
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
                    .name("ix_recovery_codes_user")
                    .table(RecoveryCodes::Table)
                    .col(RecoveryCodes::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SignInChallenges::Table)
                    .col(pk_uuid(SignInChallenges::Id))
                    .col(uuid(SignInChallenges::UserId))
                    .col(string_len(SignInChallenges::TokenHash, 64).unique_key())
                    .col(string_len_null(SignInChallenges::IpAddress, 64))
                    .col(integer(SignInChallenges::RecoveryAttempts).default(0))
                    .col(timestamp_with_time_zone(SignInChallenges::ExpiresAt))
                    .col(timestamp_with_time_zone_null(SignInChallenges::UsedAt))
                    .col(timestamp_with_time_zone(SignInChallenges::CreatedAt))
                    .foreign_key(
                        fk(
                            "fk_sign_in_challenges_user",
                            (SignInChallenges::Table, SignInChallenges::UserId),
                            (Users::Table, Users::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        widen_confirmations(manager, CONFIRMED_BEFORE, CONFIRMED_AFTER).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DELETE FROM document_decisions WHERE confirmed_with = 'sms_code'").await?;
        widen_confirmations(manager, CONFIRMED_AFTER, CONFIRMED_BEFORE).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PermissionGroups::Table)
                    .drop_column(PermissionGroups::RequiresSecondFactor)
                    .to_owned(),
            )
            .await?;
        for table in [
            SignInChallenges::Table.into_iden(),
            RecoveryCodes::Table.into_iden(),
            SmsCodes::Table.into_iden(),
            UserMobiles::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
