//! E-mail through the outbox and a real SMTP server: delivery, outages, dead jobs and
//! their retry, and the outbox row living or dying with the transaction that wrote it.

use std::time::Duration;

use loket_domain::Language;
use reqwest::{Method, StatusCode};
use sea_orm::TransactionTrait;
use serde_json::json;

use crate::fixtures::Fixture;
use crate::helpers::{Auth, Backend, spawn_app_with};
use crate::on_both_databases;
use crate::peers::{SmtpSink, free_port, message_id};

on_both_databases!(
    an_invitation_arrives_over_smtp_with_a_working_link,
    mail_waits_while_the_smtp_server_is_down_and_arrives_once_it_is_back,
    the_admin_sees_dead_jobs_and_retries_them,
    a_queued_message_lives_and_dies_with_its_transaction,
);

async fn an_invitation_arrives_over_smtp_with_a_working_link(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(&dir.path().join("smtp"), free_port(), &[]).await;
    let app = spawn_app_with(backend, &[("LOKET_SMTP_URL", &sink.url())]).await;
    let world = Fixture::new(&app).await;
    let admin = world.admin.auth.clone();
    let anker = world.client(&app, "Brouwerij Het Anker BV", None, None).await.id;
    let created = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"organisation_id": anker, "email": "sofie@hetanker.example", "name": "Sofie Claes", "role": "client_user", "language": "en"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);

    let raw = sink.wait_for(1, Duration::from_secs(20)).await.remove(0);
    let mail = crate::helpers::Mail::parse(&raw);
    assert_eq!(mail.to, "sofie@hetanker.example");
    assert_eq!(mail.subject, "Your invitation to Loket for Brouwerij Het Anker BV");
    assert!(raw.contains("Content-Language: en"), "{raw}");
    assert!(raw.contains("multipart/alternative"));
    assert!(mail.html.contains("Choose a password"));
    assert!(!message_id(&raw).is_empty());
    // The link opens the app's welcome page and its token works.
    assert!(mail.link().starts_with(&format!("{}/welcome#token=", app.address)), "{}", mail.link());
    let accepted = app
        .post(
            "/api/v1/auth/invitations/accept",
            &Auth::None,
            json!({"token": mail.token(), "password": "hop-en-mout-2026"}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::NO_CONTENT, "{}", accepted.text);
    assert_eq!(app.login("sofie@hetanker.example", "hop-en-mout-2026").await.status, StatusCode::OK);
}

async fn mail_waits_while_the_smtp_server_is_down_and_arrives_once_it_is_back(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    // The mail server is down: nothing listens on the port yet.
    let app = spawn_app_with(backend, &[("LOKET_SMTP_URL", &format!("smtp://127.0.0.1:{port}"))]).await;
    let world = Fixture::new(&app).await;
    let admin = world.admin.auth.clone();
    let bakery = world.client(&app, "Bakkerij De Korenschoof", None, None).await.id;
    for n in 0..3 {
        app.create_user(&admin, &bakery, &format!("wacht{n}@korenschoof.example"), "client_user").await;
    }
    // The invitations wait, each with the reason of its last failure.
    let mut failing = Vec::new();
    for _ in 0..100 {
        failing = app.get("/api/v1/outbox?status=failed", &admin).await.body["items"].as_array().unwrap().clone();
        if failing.len() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(failing.len(), 3, "the three invitations should be waiting for a retry");
    assert!(failing.iter().all(|job| job["last_error"].as_str().unwrap().contains("could not be reached")));

    // The server comes back: every message arrives, exactly once.
    let sink = SmtpSink::start(&dir.path().join("smtp"), port, &[]).await;
    app.drain_outbox().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let messages = sink.messages();
    let mut recipients: Vec<String> = messages.iter().map(|m| crate::helpers::Mail::parse(m).to).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        vec!["wacht0@korenschoof.example", "wacht1@korenschoof.example", "wacht2@korenschoof.example"]
    );
    let counts = app.get("/api/v1/outbox/counts", &admin).await.body;
    assert_eq!(
        (counts["pending"].as_u64(), counts["failed"].as_u64(), counts["dead"].as_u64()),
        (Some(0), Some(0), Some(0))
    );
}

async fn the_admin_sees_dead_jobs_and_retries_them(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut sink = SmtpSink::start(&dir.path().join("smtp"), port, &["--reject", "weg@korenschoof.example"]).await;
    let app = spawn_app_with(backend, &[("LOKET_SMTP_URL", &sink.url())]).await;
    let world = Fixture::new(&app).await;
    let admin = world.admin.auth.clone();
    let bakery_org = world.client(&app, "Bakkerij De Korenschoof", None, None).await;
    let bank = world.partner(&app, "Noordbank", "bank").await;
    let partner = world.person(&app, &bank, "partner_admin", &[]).await.auth;
    let bakery = bakery_org.id;
    app.create_user(&admin, &bakery, "weg@korenschoof.example", "client_user").await;
    app.drain_outbox().await;

    // A permanent refusal is not retried: the job is dead at once, with the reason.
    let dead = app.get("/api/v1/outbox?status=dead", &admin).await;
    let job = dead.body["items"][0].clone();
    assert_eq!(job["summary"], "weg@korenschoof.example");
    assert_eq!(job["attempts"], 1);
    assert!(job["last_error"].as_str().unwrap().contains("refused"), "{job}");
    // Only vendor admins see the outbox.
    assert_eq!(app.get("/api/v1/outbox", &partner).await.status, StatusCode::FORBIDDEN);

    // The mailbox is fixed; the admin retries the job and it is delivered.
    sink.stop();
    let sink = SmtpSink::start(&dir.path().join("smtp2"), port, &[]).await;
    let id = job["id"].as_str().unwrap();
    let retried = app.request(Method::POST, &format!("/api/v1/outbox/{id}/retry"), &admin, None).await;
    assert_eq!(retried.status, StatusCode::OK, "{}", retried.text);
    assert_eq!(retried.body["status"], "pending");
    assert_eq!(retried.body["attempts"], 0);
    app.drain_outbox().await;
    assert_eq!(sink.messages().len(), 1);
    let sent = app.get(&format!("/api/v1/outbox/{id}"), &admin).await;
    assert_eq!(sent.body["status"], "sent");
    assert!(sent.body["sent_at"].is_string());
    // A sent job cannot be retried.
    let again = app.request(Method::POST, &format!("/api/v1/outbox/{id}/retry"), &admin, None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

async fn a_queued_message_lives_and_dies_with_its_transaction(backend: Backend) {
    let app = spawn_app_with(backend, &[("LOKET_RUN_WORKER", "false")]).await;
    let state = &app.state;
    let context = minijinja::context! { name => "X", email => "x@y.nl", organisation => "Org", link => "https://x", expires => "morgen" };
    let kind = loket_api::adapters::mail_templates::MailKind::Invitation;

    let rolled_back = state.db.begin().await.unwrap();
    loket_api::services::notifications::queue_mail(
        state,
        &rolled_back,
        kind,
        Language::Nl,
        "X",
        "x@y.nl",
        context.clone(),
        None,
    )
    .await
    .unwrap();
    rolled_back.rollback().await.unwrap();
    assert_eq!(loket_api::db::outbox::backlog(&state.db).await.unwrap(), 0);

    let committed = state.db.begin().await.unwrap();
    loket_api::services::notifications::queue_mail(state, &committed, kind, Language::Nl, "X", "x@y.nl", context, None)
        .await
        .unwrap();
    committed.commit().await.unwrap();
    assert_eq!(loket_api::db::outbox::backlog(&state.db).await.unwrap(), 1);
}
