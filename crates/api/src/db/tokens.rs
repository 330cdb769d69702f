//! Single-use account tokens sent by e-mail (invitations, password resets).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::entities::account_tokens::{ActiveModel, Column, Entity, Model};
use super::tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Invitation,
    PasswordReset,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::PasswordReset => "password_reset",
        }
    }
}

/// Stores a token (by hash) and voids the user's earlier unused tokens of the same
/// purpose: only the newest link works.
pub async fn issue(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: Purpose,
    token_hash: String,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Model, DbErr> {
    void_unused(db, user_id, purpose, now).await?;
    ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        purpose: Set(purpose.as_str().to_owned()),
        token_hash: Set(token_hash),
        expires_at: Set(expires_at.into()),
        used_at: Set(None),
        created_at: Set(now.into()),
    }
    .insert(db)
    .await
}

pub async fn void_unused(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(tz(now)))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::Purpose.eq(purpose.as_str()))
        .filter(Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The token with this hash and purpose, if it is unused and unexpired at `now`.
pub async fn find_usable(
    db: &impl ConnectionTrait,
    token_hash: &str,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> Result<Option<Model>, DbErr> {
    let token = Entity::find()
        .filter(Column::TokenHash.eq(token_hash))
        .filter(Column::Purpose.eq(purpose.as_str()))
        .one(db)
        .await?;
    Ok(token.filter(|t| t.used_at.is_none() && t.expires_at > now))
}

/// Uses a token up. `false` when another request used it first.
pub async fn consume(db: &impl ConnectionTrait, token_id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let result = Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(tz(now)))
        .filter(Column::Id.eq(token_id))
        .filter(Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// When the user's newest token of this purpose was issued.
pub async fn last_issued_at(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: Purpose,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    let latest = Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::Purpose.eq(purpose.as_str()))
        .order_by_desc(Column::CreatedAt)
        .one(db)
        .await?;
    Ok(latest.map(|t| t.created_at.with_timezone(&Utc)))
}

/// Deletes tokens that expired before `before`.
pub async fn purge_expired(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let result = Entity::delete_many().filter(Column::ExpiresAt.lt(tz(before))).exec(db).await?;
    Ok(result.rows_affected)
}
