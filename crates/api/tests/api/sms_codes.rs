//! One-time SMS codes (seed 002) over HTTP, the codes read from the SMS gateway (a local
//! server speaking Twilio's protocol): a mobile number set with the PIN and proven by a
//! code sent to it; approvals confirmed with a code instead of the PIN; codes that work
//! once, for ten minutes, five tries, one a minute; and no code at rest anywhere.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::documents::{decisions, set_pin, upload, world};
use crate::fixtures::Person;
use crate::helpers::{Backend, TestApp};
use crate::on_both_databases;

on_both_databases!(a_mobile_number_is_proven_and_approvals_confirmed_by_code);

const MESSAGES: &str = "/2010-04-01/Accounts/AC123/Messages.json";

/// The app, sending SMS to a local Twilio.
pub async fn app_with_gateway(backend: Backend) -> (TestApp, MockServer) {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(MESSAGES))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SM1", "status": "queued"})))
        .mount(&twilio)
        .await;
    let app = crate::sms::app_sending_to(backend, &twilio).await;
    (app, twilio)
}

/// Delivers what is queued and reads the code in the last message to `to` (E.164).
pub async fn code_sent_to(app: &TestApp, twilio: &MockServer, to: &str) -> String {
    app.drain_outbox().await;
    let requests = twilio.received_requests().await.unwrap_or_default();
    let body = requests
        .iter()
        .rev()
        .filter_map(|r| serde_urlencoded::from_bytes::<std::collections::HashMap<String, String>>(&r.body).ok())
        .find(|form| form.get("To").map(String::as_str) == Some(to))
        .map(|form| form["Body"].clone())
        .unwrap_or_else(|| panic!("no SMS to {to}"));
    let digits: String = body.split(" is ").nth(1).unwrap_or_default().chars().take(7).collect();
    let code: String = digits.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 6, "a six-digit code in {body:?}");
    code
}

pub fn other_than(code: &str) -> String {
    if code == "000000" { "111111".to_owned() } else { "000000".to_owned() }
}

/// Gives `person` (with PIN `pin`) the verified mobile number `mobile` (E.164).
pub async fn prove_mobile(app: &TestApp, twilio: &MockServer, person: &Person, pin: &str, mobile: &str) {
    let asked =
        app.request(Method::PUT, "/api/v1/me/mobile", &person.auth, Some(json!({"mobile": mobile, "pin": pin}))).await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.text);
    let code = code_sent_to(app, twilio, mobile).await;
    let proven = app.post("/api/v1/me/mobile/confirmation", &person.auth, json!({"code": code})).await;
    assert_eq!(proven.status, StatusCode::OK, "{}", proven.text);
}

async fn send_approval_code(app: &TestApp, person: &Person) -> crate::helpers::Reply {
    app.request(Method::POST, "/api/v1/me/approval-codes", &person.auth, None).await
}

fn approve_with_code(document: &Value, code: &str) -> Value {
    json!({"verdict": "approved", "sha256": document["sha256"], "sms_code": code})
}

async fn a_mobile_number_is_proven_and_approvals_confirmed_by_code(backend: Backend) {
    let (app, twilio) = app_with_gateway(backend).await;
    let w = world(&app).await;
    let superuser = &w.superuser;
    set_pin(&app, superuser, "135 792").await;

    // No verified number yet: no approval codes.
    let none = send_approval_code(&app, superuser).await;
    assert_eq!(none.status, StatusCode::CONFLICT, "{}", none.text);

    // A landline cannot get codes; a wrong PIN changes nothing.
    let change = |mobile: &str, pin: &str| json!({"mobile": mobile, "pin": pin});
    let landline =
        app.request(Method::PUT, "/api/v1/me/mobile", &superuser.auth, Some(change("020 123 4567", "135792"))).await;
    assert_eq!(landline.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", landline.text);
    assert_eq!(landline.body["errors"][0]["field"], "mobile");
    let wrong_pin =
        app.request(Method::PUT, "/api/v1/me/mobile", &superuser.auth, Some(change("06 1234 5678", "000000"))).await;
    assert_eq!(wrong_pin.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong_pin.text);
    assert_eq!(wrong_pin.body["errors"][0]["field"], "pin");

    let asked =
        app.request(Method::PUT, "/api/v1/me/mobile", &superuser.auth, Some(change("06 1234 5678", "135792"))).await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.text);
    assert_eq!(asked.body["sent_to"], "+31 6 ••••••78");
    let again =
        app.request(Method::PUT, "/api/v1/me/mobile", &superuser.auth, Some(change("06 1234 5678", "135792"))).await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS, "one code a minute: {}", again.text);
    assert!(again.header("retry-after").is_some());
    let pending = app.get("/api/v1/me/mobile", &superuser.auth).await;
    assert_eq!(pending.body["pending_number"], "+31612345678");
    assert_eq!(pending.body["number"], Value::Null, "not before the code comes back");

    let code = code_sent_to(&app, &twilio, "+31612345678").await;
    let confirm = |code: &str| json!({"code": code});
    let wrong = app.post("/api/v1/me/mobile/confirmation", &superuser.auth, confirm(&other_than(&code))).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.text);
    assert_eq!(wrong.body["errors"][0]["code"], "wrong_code");
    let grouped = format!("{} {}", &code[..3], &code[3..]);
    let proven = app.post("/api/v1/me/mobile/confirmation", &superuser.auth, confirm(&grouped)).await;
    assert_eq!(proven.status, StatusCode::OK, "{}", proven.text);
    assert_eq!(proven.body["number"], "+31612345678");
    assert_eq!(proven.body["pending_number"], Value::Null);
    let reused = app.post("/api/v1/me/mobile/confirmation", &superuser.auth, confirm(&code)).await;
    assert_eq!(reused.body["errors"][0]["code"], "used", "{}", reused.text);

    // Approving with a code sent to that number.
    let q3 = upload(&app, &w.firm_user, &w.client, "vat_return", "Btw Q3").await;
    let sent = send_approval_code(&app, superuser).await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text);
    assert_eq!(sent.body["valid_for_secs"], 600);
    let code = code_sent_to(&app, &twilio, "+31612345678").await;
    let both = json!({"verdict": "approved", "sha256": q3["sha256"], "pin": "135792", "sms_code": code});
    let both = app.post(&decisions(&q3), &superuser.auth, both).await;
    assert_eq!(both.status, StatusCode::UNPROCESSABLE_ENTITY, "one confirmation, not two: {}", both.text);
    let mobile_code = app.post(&decisions(&q3), &superuser.auth, approve_with_code(&q3, "135792")).await;
    assert_eq!(mobile_code.body["errors"][0]["code"], "wrong_code", "{}", mobile_code.text);
    let approved = app.post(&decisions(&q3), &superuser.auth, approve_with_code(&q3, &code)).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    assert_eq!(approved.body["status"], "approved");
    assert_eq!(approved.body["decisions"][0]["confirmed_with"], "sms_code");

    // The code worked once.
    let q4 = upload(&app, &w.firm_user, &w.client, "vat_return", "Btw Q4").await;
    let used = app.post(&decisions(&q4), &superuser.auth, approve_with_code(&q4, &code)).await;
    assert_eq!(used.body["errors"][0]["code"], "used", "{}", used.text);

    // Five tries: after five wrong codes even the right one is refused. (The last code
    // was used, so a new one may go at once; while one waits, only a minute later.)
    assert_eq!(send_approval_code(&app, superuser).await.status, StatusCode::ACCEPTED);
    let waiting = send_approval_code(&app, superuser).await;
    assert_eq!(waiting.status, StatusCode::TOO_MANY_REQUESTS, "a minute apart: {}", waiting.text);
    let code = code_sent_to(&app, &twilio, "+31612345678").await;
    for _ in 0..5 {
        let wrong = app.post(&decisions(&q4), &superuser.auth, approve_with_code(&q4, &other_than(&code))).await;
        assert_eq!(wrong.body["errors"][0]["code"], "wrong_code", "{}", wrong.text);
    }
    let spent = app.post(&decisions(&q4), &superuser.auth, approve_with_code(&q4, &code)).await;
    assert_eq!(spent.body["errors"][0]["code"], "too_many_attempts", "{}", spent.text);

    // Ten minutes: a code that waited longer is refused.
    app.state.clock.advance(Duration::seconds(61));
    assert_eq!(send_approval_code(&app, superuser).await.status, StatusCode::ACCEPTED);
    let code = code_sent_to(&app, &twilio, "+31612345678").await;
    app.state.clock.advance(Duration::minutes(10));
    let late = app.post(&decisions(&q4), &superuser.auth, approve_with_code(&q4, &code)).await;
    assert_eq!(late.body["errors"][0]["code"], "expired", "{}", late.text);
    let one = format!("/api/v1/documents/{}", q4["id"].as_str().unwrap_or_default());
    assert_eq!(app.get(&one, &superuser.auth).await.body["status"], "awaiting", "nothing approved");

    // A batch under one code.
    assert_eq!(send_approval_code(&app, superuser).await.status, StatusCode::ACCEPTED);
    let code = code_sent_to(&app, &twilio, "+31612345678").await;
    let batch = json!({"documents": [{"document_id": q4["id"], "sha256": q4["sha256"]}], "sms_code": code});
    let batch = app.post("/api/v1/me/approvals", &superuser.auth, batch).await;
    assert_eq!(batch.status, StatusCode::OK, "{}", batch.text);

    // No code rests anywhere: not in the outbox, not in the audit log.
    let jobs = loket_api::db::outbox::list(
        &app.state.db,
        &loket_api::db::outbox::JobFilter::default(),
        &loket_api::db::pagination::PageRequest::<loket_api_types::pagination::NewestFirst>::new(None, None, Some(100))
            .unwrap(),
    )
    .await
    .unwrap()
    .0;
    let sms_jobs: Vec<_> = jobs.iter().filter(|j| j.kind == "sms").collect();
    assert_eq!(sms_jobs.len(), 5, "every code went through the outbox");
    assert!(sms_jobs.iter().all(|j| !j.payload.contains(&code) && j.payload.contains("code_id")));
    let audit = app.get("/api/v1/audit-events?limit=100", &w.admin.auth).await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
    assert!(!audit.text.contains(&code), "the audit log never holds a code");
    assert!(audit.text.contains("code_sent") && audit.text.contains("user_mobile"), "{}", audit.text);

    // Ten approval codes in 24 hours at most (four were asked above).
    for _ in 0..6 {
        app.state.clock.advance(Duration::seconds(61));
        let sent = send_approval_code(&app, superuser).await;
        assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text);
    }
    app.state.clock.advance(Duration::seconds(61));
    let eleventh = send_approval_code(&app, superuser).await;
    assert_eq!(eleventh.status, StatusCode::TOO_MANY_REQUESTS, "{}", eleventh.text);
    let wait: i64 = eleventh.header("retry-after").and_then(|s| s.parse().ok()).unwrap_or_default();
    assert!(wait > 20 * 3600 && wait <= 24 * 3600, "until the first of the ten is a day old: {wait}");
}
