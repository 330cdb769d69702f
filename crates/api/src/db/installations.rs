//! One-time installation tokens (kept as hashes) of install cases.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::entities::installation_tokens as tokens;
use super::tz;

/// Issues a token for a case: earlier unused ones are revoked, the new one's hash kept.
pub async fn issue_token(
    db: &impl ConnectionTrait,
    request_id: Uuid,
    token_hash: String,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<tokens::Model, DbErr> {
    tokens::Entity::update_many()
        .col_expr(tokens::Column::RevokedAt, Expr::value(tz(now)))
        .filter(tokens::Column::RequestId.eq(request_id))
        .filter(tokens::Column::UsedAt.is_null())
        .filter(tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        request_id: Set(request_id),
        token_hash: Set(token_hash),
        expires_at: Set(tz(expires_at)),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(tz(now)),
    }
    .insert(db)
    .await
}

/// Revokes a case's unused tokens (instructions sent again, or the case moved on).
pub async fn revoke_tokens(db: &impl ConnectionTrait, request_id: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    tokens::Entity::update_many()
        .col_expr(tokens::Column::RevokedAt, Expr::value(tz(now)))
        .filter(tokens::Column::RequestId.eq(request_id))
        .filter(tokens::Column::UsedAt.is_null())
        .filter(tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Uses the token with this hash, once: returns it when it was unused, unrevoked and
/// unexpired (a concurrent second use finds it used).
pub async fn use_token(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<tokens::Model>, DbErr> {
    let result = tokens::Entity::update_many()
        .col_expr(tokens::Column::UsedAt, Expr::value(tz(now)))
        .filter(tokens::Column::TokenHash.eq(token_hash))
        .filter(tokens::Column::UsedAt.is_null())
        .filter(tokens::Column::RevokedAt.is_null())
        .filter(tokens::Column::ExpiresAt.gt(tz(now)))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Ok(None);
    }
    tokens::Entity::find().filter(tokens::Column::TokenHash.eq(token_hash)).one(db).await
}
