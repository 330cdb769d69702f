//! The outbox as vendor administrators see it: jobs by state, the last error, and a
//! second chance for jobs that gave up.

use chrono::Utc;
use loket_api_types::outbox::{OutboxCounts, OutboxJob, OutboxListQuery};
use loket_api_types::pagination::{NewestFirst, Page};
use loket_domain::audit::{AuditAction, EntityType};
use loket_domain::outbox::{JobKind, JobStatus};
use loket_domain::policy::AdministerOutbox;
use sea_orm::DbErr;
use uuid::Uuid;

use crate::auth::Principal;
use crate::db;
use crate::db::entities::outbox_jobs;
use crate::db::outbox::JobFilter;
use crate::db::pagination::PageRequest;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

pub fn to_dto(model: &outbox_jobs::Model) -> Result<OutboxJob, DbErr> {
    Ok(OutboxJob {
        id: model.id,
        kind: db::stored(JobKind::parse(&model.kind), "outbox_jobs.kind", &model.kind)?,
        status: db::stored(JobStatus::parse(&model.status), "outbox_jobs.status", &model.status)?,
        summary: model.summary.clone(),
        organisation_id: model.organisation_id,
        attempts: model.attempts,
        max_attempts: model.max_attempts,
        run_at: model.run_at.with_timezone(&Utc),
        last_error: model.last_error.clone(),
        last_http_status: model.last_http_status,
        created_at: model.created_at.with_timezone(&Utc),
        updated_at: model.updated_at.with_timezone(&Utc),
        sent_at: model.sent_at.map(|t| t.with_timezone(&Utc)),
    })
}

fn require_admin(principal: &Principal) -> Result<(), ApiError> {
    principal.authorize(AdministerOutbox, &())
}

pub async fn list(
    state: &AppState,
    principal: &Principal,
    query: OutboxListQuery,
) -> Result<Page<OutboxJob>, ApiError> {
    require_admin(principal)?;
    let page = PageRequest::<NewestFirst>::new(None, query.cursor.as_deref(), query.limit)?;
    let filter = JobFilter { status: query.status, kind: query.kind, reference: None };
    let (rows, next_cursor) = db::outbox::list(&state.db, &filter, &page).await?;
    Ok(Page { items: rows.iter().map(to_dto).collect::<Result<_, _>>()?, next_cursor })
}

pub async fn counts(state: &AppState, principal: &Principal) -> Result<OutboxCounts, ApiError> {
    require_admin(principal)?;
    Ok(OutboxCounts {
        pending: db::outbox::count(&state.db, JobStatus::Pending).await?,
        failed: db::outbox::count(&state.db, JobStatus::Failed).await?,
        dead: db::outbox::count(&state.db, JobStatus::Dead).await?,
        sent: db::outbox::count(&state.db, JobStatus::Sent).await?,
    })
}

pub async fn get(state: &AppState, principal: &Principal, id: Uuid) -> Result<OutboxJob, ApiError> {
    require_admin(principal)?;
    let job = db::outbox::find(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    Ok(to_dto(&job)?)
}

/// Queues a dead (or failed) job again, due now, with its attempts reset.
pub async fn retry(state: &AppState, principal: &Principal, id: Uuid) -> Result<OutboxJob, ApiError> {
    require_admin(principal)?;
    let job = db::outbox::find(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let mut write = Write::begin(state, principal.into()).await?;
    if !db::outbox::requeue(write.db(), job.id, Utc::now()).await? {
        return Err(ApiError::conflict(
            loket_api_types::ErrorCode::Conflict,
            "Only failed or dead jobs that no worker is delivering right now can be retried; this one is pending, being delivered or already sent.",
        ));
    }
    let change = Change::event(AuditAction::Requeued, EntityType::OutboxJob, job.id, job.organisation_id).staff_only();
    write.record(change).await?;
    // Read inside the transaction: once it commits a worker may claim the job at once,
    // and the answer is the job as requeued, not as a worker has it a moment later.
    let requeued = db::outbox::find(write.db(), id).await?.ok_or(ApiError::NotFound)?;
    write.commit().await?;
    tracing::info!(job_id = %job.id, "outbox job requeued by an administrator");
    Ok(to_dto(&requeued)?)
}
