//! The outbox worker: claims due jobs, delivers them, records the outcome.
//!
//! Any number of workers, in any number of processes, can run against one database:
//! claims never overlap (see `db::outbox::claim`), and a job whose worker died is picked
//! up again when its lease runs out. Deliveries time out well within the lease, so a
//! live worker never loses its job to another.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use futures_util::FutureExt;
use futures_util::future::join_all;
use loket_domain::outbox::{AfterFailure, JobStatus, RetryPolicy};
use sea_orm::DatabaseConnection;

use crate::adapters::DeliveryError;
use crate::db;
use crate::db::entities::outbox_jobs;
use crate::jobs::dispatch::Dispatcher;

pub struct Worker {
    pub id: String,
    db: DatabaseConnection,
    dispatcher: Arc<Dispatcher>,
    policy: RetryPolicy,
    batch: u32,
    lease: chrono::Duration,
    poll: Duration,
}

impl Worker {
    pub fn new(
        db: DatabaseConnection,
        dispatcher: Arc<Dispatcher>,
        policy: RetryPolicy,
        batch: u32,
        lease_secs: u64,
        poll_ms: u64,
    ) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".to_owned());
        let id = format!("{host}:{}:{}", std::process::id(), &uuid::Uuid::new_v4().simple().to_string()[..8]);
        Self {
            id,
            db,
            dispatcher,
            policy,
            batch: batch.max(1),
            lease: chrono::Duration::seconds(i64::try_from(lease_secs).unwrap_or(300).max(1)),
            poll: Duration::from_millis(poll_ms.max(10)),
        }
    }

    /// Delivers jobs until the task is dropped. Sleeps only when there was nothing to do.
    pub async fn run(self) {
        tracing::info!(worker = %self.id, "outbox worker started");
        loop {
            match self.run_once().await {
                Ok(0) => tokio::time::sleep(self.poll).await,
                Ok(_) => {}
                Err(error) => {
                    tracing::error!(worker = %self.id, error = %error, "outbox worker could not claim jobs");
                    tokio::time::sleep(self.poll.max(Duration::from_secs(1))).await;
                }
            }
        }
    }

    /// Claims one batch and delivers it; returns how many jobs it handled.
    pub async fn run_once(&self) -> Result<usize, sea_orm::DbErr> {
        let jobs = db::outbox::claim(&self.db, &self.id, self.batch, self.lease, Utc::now()).await?;
        let count = jobs.len();
        join_all(jobs.into_iter().map(|job| self.handle(job))).await;
        Ok(count)
    }

    async fn handle(&self, job: outbox_jobs::Model) {
        // A panic in an adapter must not take the worker down with it, nor leave the job
        // to wait for its lease: it is caught, logged and recorded as a failed attempt.
        let delivery = std::panic::AssertUnwindSafe(self.dispatcher.deliver(&self.db, &job)).catch_unwind().await;
        let outcome = delivery.unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            tracing::error!(job_id = %job.id, kind = job.kind, panic = %message, "delivery panicked");
            Err(DeliveryError::transient(format!("the delivery panicked: {message}")))
        });
        let recorded = self.record(&job, &outcome).await;
        match recorded {
            Ok(true) => {}
            Ok(false) => tracing::warn!(job_id = %job.id, "the job's lease had passed; another worker took it over"),
            Err(error) => tracing::error!(job_id = %job.id, error = %error, "the outcome could not be recorded"),
        }
    }

    /// Records a delivery's outcome on the job and, for a webhook, on its endpoint, in one
    /// transaction: whoever reads the delivery as sent reads the endpoint's status with it.
    /// Nothing is recorded when the job's lease had passed.
    async fn record(
        &self,
        job: &outbox_jobs::Model,
        outcome: &Result<Option<u16>, DeliveryError>,
    ) -> Result<bool, sea_orm::DbErr> {
        let now = Utc::now();
        let txn = db::begin_writing(&self.db).await?;
        let marked = match outcome {
            Ok(http_status) => {
                metrics::counter!("outbox_delivered_total", "kind" => job.kind.clone()).increment(1);
                db::outbox::mark_sent(&txn, job.id, &self.id, *http_status, now).await?
            }
            Err(error) => {
                let attempts = u32::try_from(job.attempts).unwrap_or(u32::MAX);
                let policy = RetryPolicy { max_attempts: u32::try_from(job.max_attempts).unwrap_or(1), ..self.policy };
                let retry_at = match policy.after_failure(attempts, error.permanent, rand::random::<f64>()) {
                    AfterFailure::RetryIn(ms) => {
                        Some(now + chrono::Duration::milliseconds(i64::try_from(ms).unwrap_or(i64::MAX)))
                    }
                    AfterFailure::GiveUp => None,
                };
                metrics::counter!("outbox_failures_total", "kind" => job.kind.clone(), "final" => retry_at.is_none().to_string())
                    .increment(1);
                tracing::warn!(job_id = %job.id, kind = job.kind, attempts, error = %error.message, dead = retry_at.is_none(), "delivery failed");
                db::outbox::mark_failed(&txn, job.id, &self.id, retry_at, &error.message, error.http_status, now)
                    .await?
            }
        };
        if marked && let Some(endpoint) = job.reference.filter(|_| job.kind == "webhook") {
            let (status, http) = match outcome {
                Ok(http) => (JobStatus::Sent, *http),
                Err(error) => (if error.permanent { JobStatus::Dead } else { JobStatus::Failed }, error.http_status),
            };
            db::webhooks::record_attempt(&txn, endpoint, status, http, now).await?;
            if let Err(error) = outcome
                && error.http_status == Some(410)
            {
                db::webhooks::disable(&txn, endpoint, "the endpoint answered 410 Gone", now).await?;
            }
        }
        txn.commit().await?;
        Ok(marked)
    }
}
