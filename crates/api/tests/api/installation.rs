//! The whole install path over HTTP, from acceptance to completion: the installed
//! software exchanges the one-time code from the instructions for an installation key,
//! reads its settings, beats its heart, reports a failed and then a successful upload,
//! which completes the case. The key opens nothing but the installation API. The partner
//! hears of every step by a signed webhook.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::contracts::active_contract;
use crate::fixtures::Fixture;
use crate::helpers::{Auth, Backend, Reply, TestApp, spawn_app};
use crate::instructions::published_release;
use crate::on_both_databases;
use crate::peers::WebhookReceiver;
use crate::questionnaire::case_at_contracts;

on_both_databases!(the_installed_software_completes_the_case);

/// The installation code in an instructions mail: the one 43-character word.
pub fn code_in(text: &str) -> String {
    text.split_whitespace().find(|w| w.len() == 43).expect("an installation code in the mail").to_owned()
}

pub async fn as_software(app: &TestApp, method: Method, path: &str, key: &str, body: Option<Value>) -> Reply {
    app.request_with(&app.client, method, path, &Auth::None, body, &[("x-installation-key", key)]).await
}

async fn the_installed_software_completes_the_case(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let receiver = WebhookReceiver::start(dir.path(), 0).await;
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = fx.partner(&app, "Noordbank N.V.", "bank").await;
    let partner = fx.person(&app, &bank, "partner_admin", &[]).await;
    let hook = app
        .post(
            "/api/v1/webhooks",
            &partner.auth,
            json!({"organisation_id": bank.id, "url": receiver.url(), "event_types": ["install_request.step_changed"]}),
        )
        .await;
    assert_eq!(hook.status, StatusCode::CREATED, "{}", hook.text);
    receiver.set_secrets(&[hook.body["secret"].as_str().unwrap()]);
    let agent = fx.person(&app, &fx.vendor, "agent", &[]).await.auth;
    let (_, release) = published_release(&app, &fx.admin.auth, "4.2.0", crate::uploads::EXE).await;
    let (id, _client) = case_at_contracts(&app, &partner.auth, &agent, "56781234", "karin@korenschoof.example").await;
    active_contract(&app, &agent, &id, "CT-2026-0301", "56781234").await;
    let sent = app
        .post(&format!("/api/v1/install-requests/{id}/instructions"), &agent, json!({"release_id": release.body["id"]}))
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    app.drain_outbox().await;
    let code = code_in(&app.last_mail_to("it@korenschoof.example").await.text);

    // The exchange: the code once, for a key.
    let activate =
        |token: &str| json!({"token": token, "machine_name": "KORENSCHOOF-SRV01", "software_version": "4.2.0"});
    let wrong = app.post("/api/v1/installation/activate", &Auth::None, activate("niet-de-code")).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{}", wrong.text);
    let activated = app.post("/api/v1/installation/activate", &Auth::None, activate(&code)).await;
    assert_eq!(activated.status, StatusCode::CREATED, "{}", activated.text);
    let key = activated.body["key"].as_str().unwrap().to_owned();
    assert!(key.starts_with("lki_"));
    assert_eq!(
        app.post("/api/v1/installation/activate", &Auth::None, activate(&code)).await.status,
        StatusCode::UNAUTHORIZED,
        "once"
    );
    let case = format!("/api/v1/install-requests/{id}");
    assert_eq!(app.get(&case, &agent).await.body["step"], "installing");

    // The key is good for the installation API only.
    assert_eq!(as_software(&app, Method::GET, &case, &key, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get(&case, &Auth::ApiKey(key.clone())).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get(&case, &Auth::Bearer(key.clone())).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        as_software(&app, Method::GET, "/api/v1/installation/settings", "lki_nope", None).await.status,
        StatusCode::UNAUTHORIZED
    );

    // What the software learns of its case.
    let settings = as_software(&app, Method::GET, "/api/v1/installation/settings", &key, None).await;
    assert_eq!(settings.status, StatusCode::OK, "{}", settings.text);
    assert_eq!(settings.body["request_id"], id.as_str());
    assert_eq!(settings.body["partner_name"], "Noordbank N.V.");
    assert_eq!(settings.body["contracts"][0]["number"], "CT-2026-0301");
    assert!(settings.body["accounting_package"].as_str().is_some_and(|p| !p.is_empty()), "{}", settings.text);

    // Signs of life and uploads.
    let beat = as_software(
        &app,
        Method::POST,
        "/api/v1/installation/heartbeats",
        &key,
        Some(json!({"software_version": "4.2.1"})),
    )
    .await;
    assert_eq!(beat.status, StatusCode::NO_CONTENT, "{}", beat.text);
    let bad = as_software(
        &app,
        Method::POST,
        "/api/v1/installation/heartbeats",
        &key,
        Some(json!({"software_version": "vier"})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    let nul = as_software(
        &app,
        Method::POST,
        "/api/v1/installation/heartbeats",
        &key,
        Some(json!({"software_version": "4.2\u{0}"})),
    )
    .await;
    assert_eq!(
        nul.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a NUL is refused before it reaches the database: {}",
        nul.text
    );
    let uploads = "/api/v1/installation/uploads";
    let silent =
        as_software(&app, Method::POST, uploads, &key, Some(json!({"succeeded": false, "records": 0, "bytes": 0})))
            .await;
    assert_eq!(silent.status, StatusCode::UNPROCESSABLE_ENTITY, "a failure says why");
    let failed =
        json!({"succeeded": false, "records": 0, "bytes": 0, "error": "Exact Online weigert de koppeling (401)."});
    let failed = as_software(&app, Method::POST, uploads, &key, Some(failed)).await;
    assert_eq!(
        (failed.status, failed.body["completed_case"].as_bool()),
        (StatusCode::CREATED, Some(false)),
        "{}",
        failed.text
    );
    let installs = app.get(&format!("{case}/installations"), &partner.auth).await;
    assert_eq!(installs.body["items"][0]["last_upload_error"], "Exact Online weigert de koppeling (401).");
    assert_eq!(installs.body["items"][0]["software_version"], "4.2.1");
    assert_eq!(app.get(&case, &agent).await.body["step"], "installing", "a failure completes nothing");
    let ok = json!({"succeeded": true, "records": 1250, "bytes": 482113});
    let first = as_software(&app, Method::POST, uploads, &key, Some(ok.clone())).await;
    assert_eq!(
        (first.status, first.body["completed_case"].as_bool()),
        (StatusCode::CREATED, Some(true)),
        "{}",
        first.text
    );
    let second = as_software(&app, Method::POST, uploads, &key, Some(ok)).await;
    assert_eq!(second.body["completed_case"], false, "completed once");
    assert_eq!(app.get(&case, &partner.auth).await.body["step"], "completed");
    let installs = app.get(&format!("{case}/installations"), &agent).await;
    let install = &installs.body["items"][0];
    assert_eq!((install["uploads"].as_i64(), install["last_upload_succeeded"].as_bool()), (Some(3), Some(true)));
    assert!(install["first_success_at"].is_string() && install["last_upload_error"].is_null(), "{}", installs.text);

    // The partner heard of every step, signed.
    app.drain_outbox().await;
    let received = receiver.wait_for(6).await;
    assert!(received.iter().all(|r| r.verified && r.status == 204), "signed and accepted");
    // Deliveries of one drain may arrive in any order.
    let mut steps: Vec<String> = received
        .iter()
        .filter_map(|r| serde_json::from_str::<Value>(&r.body).ok())
        .filter_map(|b| b["data"]["to_step"].as_str().map(str::to_owned))
        .collect();
    steps.sort_unstable();
    assert_eq!(steps, ["completed", "contracts", "installing", "instructions", "questionnaire", "submitted"]);
    let timeline = app.get(&format!("{case}/timeline"), &partner.auth).await;
    let kinds: Vec<&str> =
        timeline.body["items"].as_array().unwrap().iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "submitted",
            "accepted",
            "questionnaire_submitted",
            "instructions_sent",
            "installation_registered",
            "completed"
        ]
    );
}
