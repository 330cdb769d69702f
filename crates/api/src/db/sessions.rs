//! Browser sessions and their rotating refresh tokens.
//!
//! A session is one refresh-token family. Each refresh uses up the presented token and
//! issues the next; presenting a used token again means it was copied, so the whole
//! family is revoked (OAuth 2.0 Security BCP, refresh token rotation).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::entities::{refresh_tokens, sessions};
use super::tz;

pub const REVOKED_LOGOUT: &str = "logout";
pub const REVOKED_REUSE: &str = "refresh_token_reuse";
pub const REVOKED_PASSWORD_CHANGED: &str = "password_changed";
pub const REVOKED_DEACTIVATED: &str = "deactivated";

pub struct NewSession {
    pub user_id: Uuid,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub expires_at: DateTime<Utc>,
}

/// Starts a session with its first refresh token (given as its hash).
pub async fn create(
    db: &impl ConnectionTrait,
    new: NewSession,
    refresh_hash: String,
    refresh_expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<sessions::Model, DbErr> {
    let session = sessions::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(new.user_id),
        created_at: Set(tz(now)),
        last_refreshed_at: Set(tz(now)),
        expires_at: Set(tz(new.expires_at)),
        revoked_at: Set(None),
        revoked_reason: Set(None),
        ip_address: Set(new.ip_address),
        user_agent: Set(new.user_agent.map(|ua| ua.chars().take(300).collect())),
    }
    .insert(db)
    .await?;
    add_refresh_token(db, session.id, refresh_hash, refresh_expires_at, now).await?;
    Ok(session)
}

pub async fn add_refresh_token(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    token_hash: String,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    refresh_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        session_id: Set(session_id),
        token_hash: Set(token_hash),
        created_at: Set(tz(now)),
        expires_at: Set(tz(expires_at)),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The session with `id` if it has neither been revoked nor expired at `now`.
pub async fn find_live(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<sessions::Model>, DbErr> {
    let session = sessions::Entity::find_by_id(id).one(db).await?;
    Ok(session.filter(|s| s.revoked_at.is_none() && s.expires_at > now))
}

/// A refresh token by its hash, with its session.
pub async fn find_refresh_token(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<(refresh_tokens::Model, sessions::Model)>, DbErr> {
    let Some(token) =
        refresh_tokens::Entity::find().filter(refresh_tokens::Column::TokenHash.eq(token_hash)).one(db).await?
    else {
        return Ok(None);
    };
    let session = sessions::Entity::find_by_id(token.session_id).one(db).await?;
    Ok(session.map(|session| (token, session)))
}

/// Marks a refresh token used. Returns `false` if it was already used, which happens
/// when two requests race with the same token; the caller treats that as reuse.
pub async fn use_refresh_token(db: &impl ConnectionTrait, token_id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let result = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(tz(now)))
        .filter(refresh_tokens::Column::Id.eq(token_id))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn touch(db: &impl ConnectionTrait, session_id: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::LastRefreshedAt, Expr::value(tz(now)))
        .filter(sessions::Column::Id.eq(session_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn revoke(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(tz(now)))
        .col_expr(sessions::Column::RevokedReason, Expr::value(reason))
        .filter(sessions::Column::Id.eq(session_id))
        .filter(sessions::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every live session of a user, except `keep` (the caller's own, when a user
/// changes their password).
pub async fn revoke_all_for_user(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    keep: Option<Uuid>,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut update = sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(tz(now)))
        .col_expr(sessions::Column::RevokedReason, Expr::value(reason))
        .filter(sessions::Column::UserId.eq(user_id))
        .filter(sessions::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        update = update.filter(sessions::Column::Id.ne(keep));
    }
    Ok(update.exec(db).await?.rows_affected)
}

/// Deletes sessions that ended more than `before` ago; their tokens go with them.
pub async fn purge_ended(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let result = sessions::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(sessions::Column::ExpiresAt.lt(tz(before)))
                .add(sessions::Column::RevokedAt.lt(tz(before))),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
