//! Stored idempotency keys: the first answer a caller got for a key, with the
//! fingerprint of the request it answered (see migration `idempotency_keys`).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::entities::idempotency_keys::{ActiveModel, Column, Entity, Model};
use super::tz;

/// A key as one caller claims it.
#[derive(Debug, Clone)]
pub struct KeyClaim<'a> {
    pub caller: &'a str,
    pub key: &'a str,
    pub fingerprint: &'a str,
}

/// What claiming a key found.
#[derive(Debug)]
pub enum Claimed {
    /// The key is this transaction's now; its answer is stored with [`answer`].
    Fresh,
    /// The key answered a request before (in a transaction that committed).
    Taken(Model),
}

/// Claims `claim.key` for `claim.caller` inside the caller's transaction. On PostgreSQL
/// the insert waits while another transaction holds the same key uncommitted and then
/// sees its committed row; on SQLite the writing transaction already holds the lock. A
/// row older than `expired_before` is claimed again as if it were absent.
pub async fn claim(
    db: &impl ConnectionTrait,
    claim: &KeyClaim<'_>,
    now: DateTime<Utc>,
    expired_before: DateTime<Utc>,
) -> Result<Claimed, DbErr> {
    let row = ActiveModel {
        caller: Set(claim.caller.to_owned()),
        key: Set(claim.key.to_owned()),
        fingerprint: Set(claim.fingerprint.to_owned()),
        status: Set(None),
        etag: Set(None),
        body: Set(None),
        created_at: Set(tz(now)),
    };
    let inserted = Entity::insert(row)
        .on_conflict(OnConflict::columns([Column::Caller, Column::Key]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    if inserted == 1 {
        return Ok(Claimed::Fresh);
    }
    let Some(existing) = Entity::find_by_id((claim.caller.to_owned(), claim.key.to_owned())).one(db).await? else {
        return Err(DbErr::RecordNotFound("an idempotency key vanished while it was claimed".to_owned()));
    };
    if existing.created_at < tz(expired_before) {
        let mut renewed: ActiveModel = existing.into();
        renewed.fingerprint = Set(claim.fingerprint.to_owned());
        renewed.status = Set(None);
        renewed.etag = Set(None);
        renewed.body = Set(None);
        renewed.created_at = Set(tz(now));
        renewed.update(db).await?;
        return Ok(Claimed::Fresh);
    }
    Ok(Claimed::Taken(existing))
}

/// Stores the answer of the request that claimed the key, before its transaction commits.
pub async fn answer(
    db: &impl ConnectionTrait,
    caller: &str,
    key: &str,
    status: u16,
    etag: Option<String>,
    body: String,
) -> Result<(), DbErr> {
    let status = i16::try_from(status).map_err(|_| DbErr::Custom(format!("status {status} out of range")))?;
    Entity::update_many()
        .set(ActiveModel { status: Set(Some(status)), etag: Set(etag), body: Set(Some(body)), ..Default::default() })
        .filter(Column::Caller.eq(caller))
        .filter(Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes keys claimed before `before`.
pub async fn purge_expired(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let result = Entity::delete_many().filter(Column::CreatedAt.lt(tz(before))).exec(db).await?;
    Ok(result.rows_affected)
}
