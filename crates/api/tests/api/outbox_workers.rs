//! Several worker processes on one database: every job is delivered once, and a job whose
//! worker is killed mid-delivery is delivered by another after the lease.

use std::collections::HashSet;
use std::time::Duration;

use loket_domain::Language;
use sea_orm::{EntityTrait, TransactionTrait};

use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::on_both_databases;
use crate::peers::{SmtpSink, WorkerProcess, free_port, message_id, wait_for_file};

on_both_databases!(
    two_worker_processes_deliver_a_thousand_jobs_exactly_once,
    a_killed_workers_job_is_delivered_once_after_the_lease,
    a_webhook_backlog_does_not_hold_up_other_kinds_or_organisations
);

async fn queue(app: &TestApp, count: usize) {
    let txn = app.state.db.begin().await.unwrap();
    for n in 0..count {
        let context = minijinja::context! {
            name => format!("Ontvanger {n}"), email => format!("r{n}@load.example"),
            organisation => "Loket", link => format!("https://loket.example/welcome#token={n}"), expires => "morgen",
        };
        loket_api::services::notifications::queue_mail(
            &app.state,
            &txn,
            loket_api::adapters::mail_templates::MailKind::Invitation,
            Language::Nl,
            "Ontvanger",
            &format!("r{n}@load.example"),
            context,
            None,
        )
        .await
        .unwrap();
    }
    txn.commit().await.unwrap();
}

fn worker_env(
    app: &TestApp,
    sink: &SmtpSink,
    dir: &std::path::Path,
    lease_secs: u64,
    batch: u32,
) -> Vec<(&'static str, String)> {
    vec![
        ("LOKET_DATABASE_URL", app.database_url.clone()),
        ("LOKET_SMTP_URL", sink.url()),
        ("LOKET_DATA_DIR", dir.display().to_string()),
        ("LOKET_WORKER_POLL_MS", "50".to_owned()),
        ("LOKET_WORKER_BATCH", batch.to_string()),
        ("LOKET_WORKER_LEASE_SECS", lease_secs.to_string()),
        ("LOKET_DATABASE_MAX_CONNECTIONS", "4".to_owned()),
    ]
}

async fn two_worker_processes_deliver_a_thousand_jobs_exactly_once(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(&dir.path().join("smtp"), free_port(), &[]).await;
    let app = spawn_app_with(backend, &[("LOKET_RUN_WORKER", "false")]).await;
    queue(&app, 1000).await;

    let env = worker_env(&app, &sink, dir.path(), 60, 20);
    let first = WorkerProcess::start(&env);
    let second = WorkerProcess::start(&env);
    let messages = sink.wait_for(1000, Duration::from_secs(180)).await;
    // Give a duplicate, if any, the time to show up.
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop((first, second));

    let messages = if sink.messages().len() > messages.len() { sink.messages() } else { messages };
    let ids: HashSet<String> = messages.iter().map(|m| message_id(m)).collect();
    assert_eq!(messages.len(), 1000, "every job delivered exactly once (received {})", messages.len());
    assert_eq!(ids.len(), 1000, "no message delivered twice");
    let jobs = loket_api::db::entities::outbox_jobs::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(jobs.len(), 1000);
    assert!(jobs.iter().all(|job| job.status == "sent" && job.attempts == 1), "every job sent on its first attempt");
}

async fn a_killed_workers_job_is_delivered_once_after_the_lease(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    // The first delivery stalls at RCPT TO, before the message is transferred.
    let sink = SmtpSink::start(&dir.path().join("smtp"), free_port(), &["--stall-first-rcpt", "60"]).await;
    let app = spawn_app_with(backend, &[("LOKET_RUN_WORKER", "false")]).await;
    queue(&app, 1).await;

    let mut doomed = WorkerProcess::start(&worker_env(&app, &sink, dir.path(), 2, 1));
    wait_for_file(&sink.dir.join("stalled")).await;
    let claimed = loket_api::db::entities::outbox_jobs::Entity::find().one(&app.state.db).await.unwrap().unwrap();
    assert!(claimed.locked_by.is_some(), "the first worker holds the job while it delivers");
    doomed.kill();

    // Another worker picks the job up once the lease has run out, and delivers it.
    let rescuer = WorkerProcess::start(&worker_env(&app, &sink, dir.path(), 2, 1));
    let messages = sink.wait_for(1, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop(rescuer);
    assert_eq!(sink.messages().len(), 1, "delivered exactly once");
    assert_eq!(messages.len(), 1);
    let job = loket_api::db::entities::outbox_jobs::Entity::find().one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(job.status, "sent");
    assert_eq!(job.attempts, 2, "one interrupted attempt, one delivery");
}

/// 200 webhook jobs of one organisation are due before one e-mail of that organisation
/// and one webhook of another: a claim of 5 takes the first job of every queue.
async fn a_webhook_backlog_does_not_hold_up_other_kinds_or_organisations(backend: Backend) {
    use loket_api::db::outbox::{NewJob, claim, insert};
    use loket_domain::outbox::JobKind;

    let app = spawn_app_with(backend, &[("LOKET_RUN_WORKER", "false")]).await;
    let (busy, quiet) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    let start = chrono::Utc::now() - chrono::Duration::minutes(10);
    let job = |kind, organisation_id, summary: String| NewJob {
        id: uuid::Uuid::now_v7(),
        kind,
        payload: "{}".to_owned(),
        summary,
        organisation_id: Some(organisation_id),
        reference: None,
        max_attempts: 3,
    };
    for n in 0..200 {
        let at = start + chrono::Duration::milliseconds(n);
        insert(&app.state.db, job(JobKind::Webhook, busy, format!("backlog {n}")), at).await.unwrap();
    }
    let later = start + chrono::Duration::seconds(5);
    insert(&app.state.db, job(JobKind::Email, busy, "mail of the busy one".into()), later).await.unwrap();
    insert(&app.state.db, job(JobKind::Webhook, quiet, "hook of the quiet one".into()), later).await.unwrap();

    let claimed = claim(&app.state.db, "w1", 5, chrono::Duration::seconds(60), chrono::Utc::now()).await.unwrap();
    let summaries: Vec<&str> = claimed.iter().map(|job| job.summary.as_str()).collect();
    assert_eq!(claimed.len(), 5, "{summaries:?}");
    assert!(summaries.contains(&"mail of the busy one"), "{summaries:?}");
    assert!(summaries.contains(&"hook of the quiet one"), "{summaries:?}");
    assert!(
        summaries.contains(&"backlog 0") && summaries.contains(&"backlog 1"),
        "oldest first within a queue: {summaries:?}"
    );

    // A second worker takes the next ones and never a claimed job.
    let next = claim(&app.state.db, "w2", 500, chrono::Duration::seconds(60), chrono::Utc::now()).await.unwrap();
    assert_eq!(next.len(), 200 + 2 - 5);
    assert!(next.iter().all(|job| !claimed.iter().any(|c| c.id == job.id)));
}
