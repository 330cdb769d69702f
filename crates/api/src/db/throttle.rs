//! Stored attempt counters for sign-in and password checks.
//!
//! An attempt is counted *before* the password is verified, with a compare-and-swap on
//! the stored count: of many concurrent attempts each takes its own place in the count,
//! so a parallel burst cannot slip past the limit. A successful check clears the
//! counters afterwards. Keys are stored as SHA-256 digests: fixed length whatever the
//! login name, and no e-mail address or client address rests in this table.

use chrono::{DateTime, Duration, Utc};
use loket_domain::throttle::{FailureRecord, ThrottleRule};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::entities::login_throttles::{ActiveModel, Column, Entity};
use super::tz;
use crate::auth::tokens::hash_token;

/// The outcome of claiming an attempt under one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The attempt is counted; go ahead.
    Granted,
    /// The key waits until then; the attempt was not counted.
    Blocked(DateTime<Utc>),
}

/// How often a lost compare-and-swap is retried before the attempt is refused.
const MAX_RACES: usize = 16;

fn stored_key(key: &str) -> String {
    hash_token(key)
}

async fn load(db: &impl ConnectionTrait, key: &str) -> Result<Option<(i32, FailureRecord)>, DbErr> {
    let row = Entity::find_by_id(key.to_owned()).one(db).await?;
    Ok(row.map(|row| {
        let record = FailureRecord {
            failures: u32::try_from(row.failures).unwrap_or(u32::MAX),
            last_failure_at: row.last_failure_at.with_timezone(&Utc),
        };
        (row.failures, record)
    }))
}

/// Counts one attempt under `key` unless the key is waiting. Concurrent claims are
/// serialised by the stored count: an update only succeeds on the count it read.
pub async fn claim(
    db: &impl ConnectionTrait,
    key: &str,
    rule: &ThrottleRule,
    now: DateTime<Utc>,
) -> Result<Claim, DbErr> {
    let key = stored_key(key);
    for _ in 0..MAX_RACES {
        let current = load(db, &key).await?;
        let record = current.map(|(_, record)| record);
        if let Some(until) = rule.blocked_until(record.as_ref(), now) {
            return Ok(Claim::Blocked(until));
        }
        let next = rule.after_failure(record.as_ref(), now);
        let failures = i32::try_from(next.failures).unwrap_or(i32::MAX);
        let won = match current {
            None => {
                let row = ActiveModel { key: Set(key.clone()), failures: Set(failures), last_failure_at: Set(tz(now)) };
                Entity::insert(row)
                    .on_conflict(OnConflict::column(Column::Key).do_nothing().to_owned())
                    .exec_without_returning(db)
                    .await?
                    == 1
            }
            Some((stored_failures, _)) => {
                Entity::update_many()
                    .col_expr(Column::Failures, failures.into())
                    .col_expr(Column::LastFailureAt, tz(now).into())
                    .filter(Column::Key.eq(key.as_str()))
                    .filter(Column::Failures.eq(stored_failures))
                    .exec(db)
                    .await?
                    .rows_affected
                    == 1
            }
        };
        if won {
            return Ok(Claim::Granted);
        }
    }
    // Lost every race: the key is under heavy fire; refuse this attempt briefly.
    Ok(Claim::Blocked(now + Duration::seconds(1)))
}

/// Forgets the counts under `keys` (after a successful check).
pub async fn clear(db: &impl ConnectionTrait, keys: &[&str]) -> Result<(), DbErr> {
    let stored: Vec<String> = keys.iter().map(|k| stored_key(k)).collect();
    Entity::delete_many().filter(Column::Key.is_in(stored)).exec(db).await?;
    Ok(())
}

/// Deletes counters untouched since `before`.
pub async fn purge_stale(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let result = Entity::delete_many().filter(Column::LastFailureAt.lt(tz(before))).exec(db).await?;
    Ok(result.rows_affected)
}

/// Gives back one counted attempt under `key` (a successful check that must not use up
/// a shared allowance, such as the one of an office's address).
pub async fn refund(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    Entity::update_many()
        .col_expr(Column::Failures, Expr::col(Column::Failures).sub(1))
        .filter(Column::Key.eq(stored_key(key)))
        .filter(Column::Failures.gt(0))
        .exec(db)
        .await?;
    Ok(())
}
