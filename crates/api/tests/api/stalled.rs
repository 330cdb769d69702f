//! Stalled installations (seed 000 steps 6–7), with the server's clock shifted forward:
//! a case whose software has not delivered data within the vendor's business days shows
//! on the helpdesk's stalled list with its last heartbeat and upload error; a follow-up
//! with a next check takes it off until that day; a successful upload ends it.

use chrono::{Duration, Utc};
use chrono_tz::Europe::Amsterdam;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::contracts::active_contract;
use crate::fixtures::Fixture;
use crate::helpers::{Auth, Backend, TestApp, spawn_app};
use crate::installation::{as_software, code_in};
use crate::instructions::published_release;
use crate::on_both_databases;
use crate::questionnaire::case_at_contracts;

on_both_databases!(a_case_without_data_stalls_after_the_business_days);

const STALLED: &str = "/api/v1/stalled-install-requests";

/// The vendor administrator sets the number of business days.
async fn stall_after(app: &TestApp, admin: &Auth, days: u16) {
    let current = app.get("/api/v1/support-settings", admin).await;
    let body = json!({
        "opening_hours": current.body["opening_hours"],
        "targets": current.body["targets"],
        "reopen_days": current.body["reopen_days"],
        "stall_after_days": days,
    });
    let version = format!("\"{}\"", current.body["version"]);
    let saved = app
        .request_with(
            &app.client,
            Method::PUT,
            "/api/v1/support-settings",
            admin,
            Some(body),
            &[("if-match", &version)],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
}

fn ids(list: &Value) -> Vec<&str> {
    list["items"].as_array().unwrap().iter().filter_map(|c| c["request_id"].as_str()).collect()
}

async fn a_case_without_data_stalls_after_the_business_days(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = fx.partner(&app, "Noordbank N.V.", "bank").await;
    let partner = fx.person(&app, &bank, "partner_admin", &[]).await;
    let agent = fx.person(&app, &fx.vendor, "agent", &[]).await.auth;
    stall_after(&app, &fx.admin.auth, 3).await;
    let (_, release) = published_release(&app, &fx.admin.auth, "4.2.0", crate::uploads::EXE).await;
    let (id, _client) = case_at_contracts(&app, &partner.auth, &agent, "56781234", "karin@korenschoof.example").await;
    active_contract(&app, &agent, &id, "CT-2026-0301", "56781234").await;
    let instructions = format!("/api/v1/install-requests/{id}/instructions");
    let sent = app.post(&instructions, &agent, json!({"release_id": release.body["id"]})).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    app.drain_outbox().await;
    let code = code_in(&app.last_mail_to("it@korenschoof.example").await.text);

    // Just sent: nothing stalled yet. Only the helpdesk watches.
    let list = app.get(STALLED, &agent).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!((list.body["stall_after_days"].as_u64(), ids(&list.body).len()), (Some(3), 0), "{}", list.text);
    assert_eq!(app.get(STALLED, &partner.auth).await.status, StatusCode::FORBIDDEN);

    // The software registers, beats its heart and fails its upload.
    let activate = json!({"token": code, "machine_name": "KORENSCHOOF-SRV01", "software_version": "4.2.0"});
    let activated = app.post("/api/v1/installation/activate", &Auth::None, activate).await;
    assert_eq!(activated.status, StatusCode::CREATED, "{}", activated.text);
    let key = activated.body["key"].as_str().unwrap().to_owned();
    let beat = json!({"software_version": "4.2.0"});
    as_software(&app, Method::POST, "/api/v1/installation/heartbeats", &key, Some(beat)).await;
    let failed = json!({"succeeded": false, "records": 0, "bytes": 0, "error": "Administratie 001 niet gevonden."});
    let failed = as_software(&app, Method::POST, "/api/v1/installation/uploads", &key, Some(failed)).await;
    assert_eq!(failed.status, StatusCode::CREATED, "{}", failed.text);

    // Two weeks later (at least 3 business days, whatever the holidays): stalled.
    app.state.clock.advance(Duration::days(14));
    let list = app.get(STALLED, &agent).await;
    assert_eq!(ids(&list.body), [id.as_str()], "{}", list.text);
    let case = &list.body["items"][0];
    assert_eq!(case["step"], "installing");
    assert!(case["business_days_waiting"].as_u64().unwrap() >= 3, "{case}");
    assert!(case["last_heartbeat_at"].is_string(), "{case}");
    assert_eq!(case["last_upload"]["succeeded"], false);
    assert_eq!(case["last_upload"]["error"], "Administratie 001 niet gevonden.");
    assert_eq!(case["technical_email"], "it@korenschoof.example");
    assert_eq!(case["partner_name"], "Noordbank N.V.");
    assert!(case["last_follow_up"].is_null());

    // A follow-up is checked, then logged with a next check two days ahead.
    let follow_ups = format!("/api/v1/install-requests/{id}/follow-ups");
    let today = (Utc::now() + Duration::days(14)).with_timezone(&Amsterdam).date_naive();
    let refused = [
        (json!({"kind": "note", "note": "  "}), "note"),
        (json!({"kind": "note", "note": "Te laat.", "next_check_on": today - Duration::days(1)}), "next_check_on"),
        (json!({"kind": "note", "note": "Ver weg.", "next_check_on": today + Duration::days(400)}), "next_check_on"),
    ];
    for (body, field) in refused {
        let reply = app.post(&follow_ups, &agent, body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
        assert_eq!(reply.body["errors"][0]["field"], field, "{}", reply.text);
    }
    let call = json!({
        "kind": "phone_call",
        "note": "Gebeld met Karin: administratie 001 heet nu 100. Zij past het aan.",
        "next_check_on": today + Duration::days(2),
    });
    assert_eq!(app.post(&follow_ups, &partner.auth, call.clone()).await.status, StatusCode::FORBIDDEN);
    let logged = app.post(&follow_ups, &agent, call).await;
    assert_eq!(logged.status, StatusCode::CREATED, "{}", logged.text);
    assert_eq!(
        (logged.body["kind"].as_str(), logged.body["follow_up"].as_str()),
        (Some("followed_up"), Some("phone_call"))
    );
    assert_eq!(ids(&app.get(STALLED, &agent).await.body).len(), 0, "off the list until the next check");

    // The helpdesk sees the follow-up on the timeline; the partner does not.
    let timeline = format!("/api/v1/install-requests/{id}/timeline");
    let kinds = |reply: &Value| -> Vec<String> {
        reply["items"].as_array().unwrap().iter().filter_map(|e| e["kind"].as_str().map(str::to_owned)).collect()
    };
    assert!(kinds(&app.get(&timeline, &agent).await.body).contains(&"followed_up".to_owned()));
    assert!(!kinds(&app.get(&timeline, &partner.auth).await.body).contains(&"followed_up".to_owned()));

    // On the day of the check it is back, with the follow-up.
    app.state.clock.advance(Duration::days(2));
    let list = app.get(STALLED, &agent).await;
    assert_eq!(ids(&list.body), [id.as_str()], "{}", list.text);
    assert_eq!(list.body["items"][0]["last_follow_up"]["follow_up"], "phone_call");

    // Data arrives: the case is complete and no longer watched.
    let ok = json!({"succeeded": true, "records": 1250, "bytes": 482113});
    let done = as_software(&app, Method::POST, "/api/v1/installation/uploads", &key, Some(ok)).await;
    assert_eq!(done.body["completed_case"], true, "{}", done.text);
    assert_eq!(ids(&app.get(STALLED, &agent).await.body).len(), 0);

    // The funnel: the one case went through every step of the main path and is complete.
    let funnel = app.get("/api/v1/install-funnel", &agent).await;
    assert_eq!(funnel.status, StatusCode::OK, "{}", funnel.text);
    assert_eq!(funnel.body["cases"], 1);
    let step =
        |name: &str| funnel.body["steps"].as_array().unwrap().iter().find(|s| s["step"] == name).unwrap().clone();
    for name in ["submitted", "questionnaire", "contracts", "instructions", "installing", "completed"] {
        assert_eq!(step(name)["reached"], 1, "{name}: {}", funnel.text);
    }
    assert_eq!((step("returned")["reached"].as_u64(), step("completed")["current"].as_u64()), (Some(0), Some(1)));
    assert_eq!(step("installing")["stays"], 1);
    assert!(step("installing")["median_stay_seconds"].as_i64().is_some(), "{}", funnel.text);
    assert!(step("completed")["median_stay_seconds"].is_null(), "the stay at the last step has not ended");
    assert_eq!(app.get("/api/v1/install-funnel", &partner.auth).await.status, StatusCode::FORBIDDEN);

    // Every follow-up is in the audit log.
    let audit = app.get(&format!("/api/v1/audit-events?entity_id={id}"), &fx.admin.auth).await;
    assert!(audit.text.contains("followed_up"), "{}", audit.text);
}
