//! Users' PINs: the Argon2 hash, wrong tries in a row and the lock they cause.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::entities::user_pins;
use super::tz;

pub async fn find(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Option<user_pins::Model>, DbErr> {
    user_pins::Entity::find_by_id(user_id).one(db).await
}

/// Which of `user_ids` have a PIN.
pub async fn holders(db: &impl ConnectionTrait, user_ids: &[Uuid]) -> Result<std::collections::HashSet<Uuid>, DbErr> {
    if user_ids.is_empty() {
        return Ok(std::collections::HashSet::new());
    }
    let rows = user_pins::Entity::find().filter(user_pins::Column::UserId.is_in(user_ids.to_vec())).all(db).await?;
    Ok(rows.into_iter().map(|row| row.user_id).collect())
}

/// Sets (or replaces) the PIN, clearing wrong tries and any lock.
pub async fn set(db: &impl ConnectionTrait, user_id: Uuid, pin_hash: String, now: DateTime<Utc>) -> Result<(), DbErr> {
    user_pins::Entity::delete_by_id(user_id).exec(db).await?;
    user_pins::Entity::insert(user_pins::ActiveModel {
        user_id: Set(user_id),
        pin_hash: Set(pin_hash),
        failures: Set(0),
        locked_until: Set(None),
        set_at: Set(tz(now)),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Counts a try before the PIN is checked (atomically, so parallel tries all count) and
/// returns the count.
pub async fn count_try(db: &impl ConnectionTrait, user_id: Uuid) -> Result<u32, DbErr> {
    user_pins::Entity::update_many()
        .col_expr(user_pins::Column::Failures, Expr::col(user_pins::Column::Failures).add(1))
        .filter(user_pins::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let failures = find(db, user_id).await?.map_or(0, |pin| pin.failures);
    Ok(u32::try_from(failures).unwrap_or(0))
}

/// Locks the PIN until `until`; the tries stay counted until the lock runs out.
pub async fn lock(db: &impl ConnectionTrait, user_id: Uuid, until: DateTime<Utc>) -> Result<(), DbErr> {
    user_pins::Entity::update_many()
        .col_expr(user_pins::Column::LockedUntil, Expr::value(tz(until)))
        .filter(user_pins::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A lock that ran out (`until`, as read) starts the count again; only the first of
/// parallel requests that saw it does so.
pub async fn unlock(db: &impl ConnectionTrait, user_id: Uuid, until: DateTime<Utc>) -> Result<(), DbErr> {
    user_pins::Entity::update_many()
        .col_expr(user_pins::Column::Failures, Expr::value(0))
        .col_expr(user_pins::Column::LockedUntil, Expr::value(Option::<sea_orm::prelude::DateTimeWithTimeZone>::None))
        .filter(user_pins::Column::UserId.eq(user_id))
        .filter(user_pins::Column::LockedUntil.eq(tz(until)))
        .exec(db)
        .await?;
    Ok(())
}

/// A right PIN: the count starts again.
pub async fn clear_failures(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    user_pins::Entity::update_many()
        .col_expr(user_pins::Column::Failures, Expr::value(0))
        .col_expr(user_pins::Column::LockedUntil, Expr::value(Option::<sea_orm::prelude::DateTimeWithTimeZone>::None))
        .filter(user_pins::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
