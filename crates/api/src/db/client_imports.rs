//! Client imports: the job row with its lease and counts, the checked rows of the
//! preview, and the partner's own record of each client (`client_records`).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use loket_domain::clients::ImportStatus;
use loket_domain::clients::job::MAX_ATTEMPTS;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::entities::{client_import_rows, client_imports, client_records};
use super::{BULK_ROWS, tz};

pub async fn insert(db: &impl ConnectionTrait, row: client_imports::Model) -> Result<(), DbErr> {
    client_imports::Entity::insert(client_imports::ActiveModel::from(row)).exec(db).await.map(|_| ())
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<client_imports::Model>, DbErr> {
    client_imports::Entity::find_by_id(id).one(db).await
}

/// The partner's imports, newest first.
pub async fn list(db: &impl ConnectionTrait, owner_id: Uuid, limit: u64) -> Result<Vec<client_imports::Model>, DbErr> {
    client_imports::Entity::find()
        .filter(client_imports::Column::OwnerId.eq(owner_id))
        .order_by_desc(client_imports::Column::CreatedAt)
        .order_by_desc(client_imports::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Takes the oldest import with work whose lease is free (never taken, or its worker
/// gone), counting an attempt; `None` when there is none or another worker was first.
pub async fn claim(
    db: &impl ConnectionTrait,
    lease: Duration,
    now: DateTime<Utc>,
) -> Result<Option<client_imports::Model>, DbErr> {
    use client_imports::Column as C;
    let free = || {
        sea_orm::Condition::all()
            .add(C::Status.is_in(["queued", "reading", "committing"]))
            .add(sea_orm::Condition::any().add(C::LeaseUntil.is_null()).add(C::LeaseUntil.lt(tz(now))))
    };
    let Some(candidate) = client_imports::Entity::find().filter(free()).order_by_asc(C::UpdatedAt).one(db).await?
    else {
        return Ok(None);
    };
    let taken = client_imports::Entity::update_many()
        .col_expr(C::LeaseUntil, Expr::value(tz(now + lease)))
        .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
        .filter(C::Id.eq(candidate.id))
        .filter(C::Status.eq(candidate.status.clone()))
        .filter(free())
        .exec(db)
        .await?;
    if taken.rows_affected != 1 {
        return Ok(None);
    }
    find(db, candidate.id).await
}

/// Moves the import from one of `from` to `to` (with `changes`); false when it was in
/// none of them (someone else moved it first).
pub async fn transition(
    db: &impl ConnectionTrait,
    id: Uuid,
    from: &[ImportStatus],
    to: ImportStatus,
    changes: client_imports::ActiveModel,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut changes = changes;
    changes.status = Set(to.as_str().to_owned());
    changes.updated_at = Set(tz(now));
    let moved = client_imports::Entity::update_many()
        .set(changes)
        .filter(client_imports::Column::Id.eq(id))
        .filter(client_imports::Column::Status.is_in(from.iter().map(|status| status.as_str())))
        .exec(db)
        .await?;
    Ok(moved.rows_affected == 1)
}

/// Gives up on imports whose worker died too often.
pub async fn fail_exhausted(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    use client_imports::Column as C;
    let failed = client_imports::Entity::update_many()
        .col_expr(C::Status, Expr::value(ImportStatus::Failed.as_str()))
        .col_expr(C::Failure, Expr::value("interrupted"))
        .col_expr(C::LeaseUntil, Expr::value(Option::<sea_orm::prelude::DateTimeWithTimeZone>::None))
        .col_expr(C::UpdatedAt, Expr::value(tz(now)))
        .filter(C::Status.is_in(["queued", "reading", "committing"]))
        .filter(C::Attempts.gte(MAX_ATTEMPTS))
        .filter(C::LeaseUntil.lt(tz(now)))
        .exec(db)
        .await?;
    Ok(failed.rows_affected)
}

/// Records how far reading got, unless the import was given up meanwhile.
pub async fn progress(db: &impl ConnectionTrait, id: Uuid, processed: i32, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let updated = client_imports::Entity::update_many()
        .col_expr(client_imports::Column::ProcessedRows, Expr::value(processed))
        .col_expr(client_imports::Column::UpdatedAt, Expr::value(tz(now)))
        .filter(client_imports::Column::Id.eq(id))
        .filter(client_imports::Column::Status.eq(ImportStatus::Reading.as_str()))
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

pub async fn clear_rows(db: &impl ConnectionTrait, import_id: Uuid) -> Result<(), DbErr> {
    client_import_rows::Entity::delete_many()
        .filter(client_import_rows::Column::ImportId.eq(import_id))
        .exec(db)
        .await
        .map(|_| ())
}

pub async fn insert_rows(db: &impl ConnectionTrait, rows: Vec<client_import_rows::Model>) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    client_import_rows::Entity::insert_many(rows.into_iter().map(client_import_rows::ActiveModel::from))
        .exec(db)
        .await
        .map(|_| ())
}

/// A page of the preview: rows after `after`, valid ones (`Some(true)`), ones with
/// errors (`Some(false)`) or all.
pub async fn rows(
    db: &impl ConnectionTrait,
    import_id: Uuid,
    valid: Option<bool>,
    after: i32,
    limit: u64,
) -> Result<Vec<client_import_rows::Model>, DbErr> {
    use client_import_rows::Column as C;
    let mut query = client_import_rows::Entity::find().filter(C::ImportId.eq(import_id)).filter(C::Line.gt(after));
    query = match valid {
        Some(true) => query.filter(C::Record.is_not_null()),
        Some(false) => query.filter(C::Errors.is_not_null()),
        None => query,
    };
    query.order_by_asc(C::Line).limit(limit).all(db).await
}

/// The import's valid rows, in line order (one pass; callers choose among them).
pub async fn valid_rows(db: &impl ConnectionTrait, import_id: Uuid) -> Result<Vec<client_import_rows::Model>, DbErr> {
    use client_import_rows::Column as C;
    client_import_rows::Entity::find()
        .filter(C::ImportId.eq(import_id))
        .filter(C::Record.is_not_null())
        .order_by_asc(C::Line)
        .all(db)
        .await
}

/// The lines of the import's valid rows.
pub async fn valid_lines(db: &impl ConnectionTrait, import_id: Uuid) -> Result<Vec<i32>, DbErr> {
    use client_import_rows::Column as C;
    client_import_rows::Entity::find()
        .select_only()
        .column(C::Line)
        .filter(C::ImportId.eq(import_id))
        .filter(C::Record.is_not_null())
        .into_tuple()
        .all(db)
        .await
}

/// Every client the partner knows by an external id: key → client id. One pass over
/// the partner's records, whatever the planner knows of the table: matching a file's
/// keys in lists of hundreds instead cost a scan per list on a table not yet analysed.
pub async fn known_clients(db: &impl ConnectionTrait, partner_id: Uuid) -> Result<HashMap<String, Uuid>, DbErr> {
    let pairs: Vec<(String, Uuid)> = client_records::Entity::find()
        .select_only()
        .column(client_records::Column::ExternalKey)
        .column(client_records::Column::ClientId)
        .filter(client_records::Column::PartnerId.eq(partner_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(pairs.into_iter().collect())
}

/// The partner's own record of a client.
pub async fn record(db: &impl ConnectionTrait, client_id: Uuid) -> Result<Option<client_records::Model>, DbErr> {
    client_records::Entity::find_by_id(client_id).one(db).await
}

/// The partner's records of these clients (at most a page or a request's worth).
pub async fn records_of(
    db: &impl ConnectionTrait,
    client_ids: &[Uuid],
) -> Result<HashMap<Uuid, client_records::Model>, DbErr> {
    if client_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = client_records::Entity::find()
        .filter(client_records::Column::ClientId.is_in(client_ids.to_vec()))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.client_id, r)).collect())
}

pub async fn insert_records(db: &impl ConnectionTrait, records: Vec<client_records::Model>) -> Result<(), DbErr> {
    for chunk in records.chunks(BULK_ROWS) {
        client_records::Entity::insert_many(chunk.iter().cloned().map(client_records::ActiveModel::from))
            .exec(db)
            .await?;
    }
    Ok(())
}

pub async fn update_record(db: &impl ConnectionTrait, record: client_records::Model) -> Result<(), DbErr> {
    client_records::Entity::update(client_records::ActiveModel::from(record).reset_all()).exec(db).await.map(|_| ())
}

/// The checked rows of imports committed before `before` are removed (failed and
/// cancelled ones lose theirs at once); the import rows themselves stay as history.
pub async fn purge_rows(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let old = client_imports::Entity::find()
        .select_only()
        .column(client_imports::Column::Id)
        .filter(client_imports::Column::UpdatedAt.lt(tz(before)))
        .filter(client_imports::Column::Status.eq(ImportStatus::Committed.as_str()))
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    let mut purged = 0;
    for chunk in old.chunks(BULK_ROWS) {
        purged += client_import_rows::Entity::delete_many()
            .filter(client_import_rows::Column::ImportId.is_in(chunk.iter().copied()))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(purged)
}
