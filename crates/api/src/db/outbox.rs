//! The outbox table: enqueueing in the caller's transaction, claiming due jobs with a
//! lease, and recording outcomes.
//!
//! Claiming is one statement. On PostgreSQL the due rows are selected `FOR UPDATE SKIP
//! LOCKED`, so concurrent workers never pick the same row and never wait for each other;
//! on SQLite the whole `UPDATE … RETURNING` runs under the database's single write lock,
//! which gives the same guarantee. A claim sets `locked_until`; a job whose worker died is
//! claimed again once that lease has passed.

use chrono::{DateTime, Duration, Utc};
use loket_domain::outbox::{JobKind, JobStatus};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set, Statement,
};
use uuid::Uuid;

use super::entities::outbox_jobs::{ActiveModel, Column, Entity, Model};
use loket_api_types::pagination::ListSort;

use super::pagination::PageRequest;
use super::tz;

pub struct NewJob {
    pub id: Uuid,
    pub kind: JobKind,
    pub payload: String,
    pub summary: String,
    pub organisation_id: Option<Uuid>,
    pub reference: Option<Uuid>,
    pub max_attempts: u32,
}

pub async fn insert(db: &impl ConnectionTrait, job: NewJob, now: DateTime<Utc>) -> Result<Model, DbErr> {
    ActiveModel {
        id: Set(job.id),
        kind: Set(job.kind.as_str().to_owned()),
        status: Set(JobStatus::Pending.as_str().to_owned()),
        payload: Set(job.payload),
        summary: Set(job.summary.chars().take(300).collect()),
        organisation_id: Set(job.organisation_id),
        reference: Set(job.reference),
        attempts: Set(0),
        max_attempts: Set(i32::try_from(job.max_attempts).unwrap_or(i32::MAX)),
        run_at: Set(tz(now)),
        locked_by: Set(None),
        locked_until: Set(None),
        last_error: Set(None),
        last_http_status: Set(None),
        created_at: Set(tz(now)),
        updated_at: Set(tz(now)),
        sent_at: Set(None),
    }
    .insert(db)
    .await
}

/// Claims up to `limit` due jobs for `worker` until `now + lease`, counting an attempt.
///
/// Fair across kinds and organisations: due jobs are ranked within their (kind,
/// organisation) queue by due time, and a claim takes every queue's first job before any
/// queue's second. A backlog of one organisation's webhooks therefore cannot hold up
/// another's e-mail, nor its own e-mail. The ranking reads only due jobs (the
/// `status, run_at` index); the locking on PostgreSQL happens in the outer query, because
/// `FOR UPDATE` cannot be combined with a window function, and rechecks the due condition.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker: &str,
    limit: u32,
    lease: Duration,
    now: DateTime<Utc>,
) -> Result<Vec<Model>, DbErr> {
    const DUE: &str = "status IN ('pending', 'failed') AND run_at <= {now} \
                       AND (locked_until IS NULL OR locked_until < {now})";
    const RANKED: &str = "SELECT id FROM (SELECT id, run_at, ROW_NUMBER() OVER \
                            (PARTITION BY kind, organisation_id ORDER BY run_at, id) AS turn \
                          FROM outbox_jobs WHERE {due}) ranked \
                          ORDER BY turn, run_at, id LIMIT {limit}";
    let backend = db.get_database_backend();
    let (now_param, candidates) = match backend {
        DbBackend::Postgres => {
            let due = DUE.replace("{now}", "$3");
            let ranked = RANKED.replace("{due}", &due).replace("{limit}", "$4");
            ("$3", format!("SELECT id FROM outbox_jobs WHERE id IN ({ranked}) AND {due} FOR UPDATE SKIP LOCKED"))
        }
        // SQLite runs the whole statement under its single write lock.
        _ => ("?3", RANKED.replace("{due}", &DUE.replace("{now}", "?3")).replace("{limit}", "?4")),
    };
    let (worker_param, until_param) = if backend == DbBackend::Postgres { ("$1", "$2") } else { ("?1", "?2") };
    let sql = format!(
        "UPDATE outbox_jobs SET locked_by = {worker_param}, locked_until = {until_param}, \
         attempts = attempts + 1, updated_at = {now_param} WHERE id IN ({candidates}) RETURNING *"
    );
    let values: Vec<sea_orm::Value> =
        vec![worker.into(), tz(now + lease).into(), tz(now).into(), i64::from(limit).into()];
    Entity::find().from_raw_sql(Statement::from_sql_and_values(backend, sql, values)).all(db).await
}

/// Records a delivery, if `worker` still holds the job.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: Uuid,
    worker: &str,
    http_status: Option<u16>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = Entity::update_many()
        .col_expr(Column::Status, Expr::value(JobStatus::Sent.as_str()))
        .col_expr(Column::SentAt, Expr::value(tz(now)))
        .col_expr(Column::UpdatedAt, Expr::value(tz(now)))
        .col_expr(Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(Column::LockedUntil, Expr::value(Option::<sea_orm::prelude::DateTimeWithTimeZone>::None))
        .col_expr(Column::LastError, Expr::value(Option::<String>::None))
        .col_expr(Column::LastHttpStatus, Expr::value(http_status.map(i32::from)))
        .filter(Column::Id.eq(id))
        .filter(Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Records a failed attempt: `Failed` with the next attempt at `retry_at`, or `Dead`.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    id: Uuid,
    worker: &str,
    retry_at: Option<DateTime<Utc>>,
    error: &str,
    http_status: Option<u16>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let status = if retry_at.is_some() { JobStatus::Failed } else { JobStatus::Dead };
    let mut update = Entity::update_many()
        .col_expr(Column::Status, Expr::value(status.as_str()))
        .col_expr(Column::UpdatedAt, Expr::value(tz(now)))
        .col_expr(Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(Column::LockedUntil, Expr::value(Option::<sea_orm::prelude::DateTimeWithTimeZone>::None))
        .col_expr(Column::LastError, Expr::value(error.chars().take(2000).collect::<String>()))
        .col_expr(Column::LastHttpStatus, Expr::value(http_status.map(i32::from)));
    if let Some(at) = retry_at {
        update = update.col_expr(Column::RunAt, Expr::value(tz(at)));
    }
    let result = update.filter(Column::Id.eq(id)).filter(Column::LockedBy.eq(worker)).exec(db).await?;
    Ok(result.rows_affected == 1)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).one(db).await
}

/// Whether a job for `reference` whose payload contains `marker` is still waiting or
/// being delivered.
pub async fn has_unfinished(db: &impl ConnectionTrait, reference: Uuid, marker: &str) -> Result<bool, DbErr> {
    let found = Entity::find()
        .filter(Column::Reference.eq(reference))
        .filter(Column::Status.is_in([JobStatus::Pending.as_str(), JobStatus::Failed.as_str()]))
        .filter(Column::Payload.contains(marker))
        .one(db)
        .await?;
    Ok(found.is_some())
}

#[derive(Debug, Default)]
pub struct JobFilter {
    pub status: Option<JobStatus>,
    pub kind: Option<JobKind>,
    pub reference: Option<Uuid>,
}

/// Jobs, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &JobFilter,
    page: &PageRequest<impl ListSort>,
) -> Result<(Vec<Model>, Option<String>), DbErr> {
    let mut select = Entity::find();
    if let Some(status) = filter.status {
        select = select.filter(Column::Status.eq(status.as_str()));
    }
    if let Some(kind) = filter.kind {
        select = select.filter(Column::Kind.eq(kind.as_str()));
    }
    if let Some(reference) = filter.reference {
        select = select.filter(Column::Reference.eq(reference));
    }
    let rows = page.fetch(db, select, Column::Summary, Column::Id).await?;
    Ok(page.finish(rows, |m| (m.summary.clone(), m.id)))
}

/// Puts a dead or failed job back in the queue, due now, with fresh attempts. A job a
/// worker holds right now (a failed job being retried, within its lease) is left alone:
/// taking it from under the worker would deliver it twice.
pub async fn requeue(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let result = Entity::update_many()
        .col_expr(Column::Status, Expr::value(JobStatus::Pending.as_str()))
        .col_expr(Column::Attempts, Expr::value(0))
        .col_expr(Column::RunAt, Expr::value(tz(now)))
        .col_expr(Column::UpdatedAt, Expr::value(tz(now)))
        .col_expr(Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(Column::LockedUntil, Expr::value(Option::<sea_orm::prelude::DateTimeWithTimeZone>::None))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.is_in([JobStatus::Dead.as_str(), JobStatus::Failed.as_str()]))
        .filter(Condition::any().add(Column::LockedUntil.is_null()).add(Column::LockedUntil.lt(tz(now))))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// How many jobs are in `status`.
pub async fn count(db: &impl ConnectionTrait, status: JobStatus) -> Result<u64, DbErr> {
    Entity::find().filter(Column::Status.eq(status.as_str())).count(db).await
}

/// Jobs waiting to be delivered (pending or failed), for the backlog metric.
pub async fn backlog(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    Entity::find()
        .filter(Column::Status.is_in([JobStatus::Pending.as_str(), JobStatus::Failed.as_str()]))
        .count(db)
        .await
}

/// Deletes delivered jobs older than `before`.
pub async fn purge_sent(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let result = Entity::delete_many()
        .filter(Column::Status.eq(JobStatus::Sent.as_str()))
        .filter(Expr::col(Column::SentAt).lt(tz(before)))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
