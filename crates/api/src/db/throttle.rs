//! Stored failed-login counters. Counting is one atomic upsert per key, so concurrent
//! failures from many addresses are all counted.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use loket_domain::throttle::{FailureRecord, ThrottleRule};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::entities::login_throttles::{ActiveModel, Column, Entity};
use super::tz;

pub async fn load(db: &impl ConnectionTrait, keys: &[&str]) -> Result<HashMap<String, FailureRecord>, DbErr> {
    let rows = Entity::find().filter(Column::Key.is_in(keys.iter().map(|k| (*k).to_owned()))).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let record = FailureRecord {
                failures: u32::try_from(row.failures).unwrap_or(u32::MAX),
                last_failure_at: row.last_failure_at.with_timezone(&Utc),
            };
            (row.key, record)
        })
        .collect())
}

/// Counts one failure under `key`; a count older than the rule's quiet period restarts at 1.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    rule: &ThrottleRule,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let now_tz = tz(now);
    let forgotten_before = tz(now - Duration::seconds(rule.forget_after_secs));
    let failures = Expr::case(Expr::col((Entity, Column::LastFailureAt)).lt(forgotten_before), 1)
        .finally(Expr::col((Entity, Column::Failures)).add(1));
    Entity::insert(ActiveModel { key: Set(key.to_owned()), failures: Set(1), last_failure_at: Set(now_tz) })
        .on_conflict(
            OnConflict::column(Column::Key)
                .value(Column::Failures, failures)
                .value(Column::LastFailureAt, Expr::value(now_tz))
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn clear(db: &impl ConnectionTrait, keys: &[&str]) -> Result<(), DbErr> {
    Entity::delete_many().filter(Column::Key.is_in(keys.iter().map(|k| (*k).to_owned()))).exec(db).await?;
    Ok(())
}

/// Deletes counters untouched since `before`.
pub async fn purge_stale(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let result = Entity::delete_many().filter(Column::LastFailureAt.lt(tz(before))).exec(db).await?;
    Ok(result.rows_affected)
}
