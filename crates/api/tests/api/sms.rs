//! SMS through the Twilio protocol, against a local server that speaks it (wiremock).

use loket_domain::PhoneNumber;
use sea_orm::TransactionTrait;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{Backend, spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(sms_goes_out_through_the_twilio_protocol, sms_goes_to_files_by_default);

async fn queue(app: &crate::helpers::TestApp, to: &str, body: &str) {
    let txn = app.state.db.begin().await.unwrap();
    let number = PhoneNumber::parse(to).unwrap();
    loket_api::services::notifications::queue_sms(&app.state, &txn, &number, body, None).await.unwrap();
    txn.commit().await.unwrap();
}

/// The app, sending its SMS to `twilio` (account AC123, token "geheim", sender "Loket").
pub async fn app_sending_to(backend: Backend, twilio: &MockServer) -> crate::helpers::TestApp {
    spawn_app_with(
        backend,
        &[
            ("LOKET_SMS_PROVIDER", "twilio"),
            ("LOKET_TWILIO_ACCOUNT_SID", "AC123"),
            ("LOKET_TWILIO_AUTH_TOKEN", "geheim"),
            ("LOKET_TWILIO_BASE_URL", &twilio.uri()),
            ("LOKET_SMS_FROM", "Loket"),
        ],
    )
    .await
}

async fn sms_goes_out_through_the_twilio_protocol(backend: Backend) {
    let twilio = MockServer::start().await;
    let messages = "/2010-04-01/Accounts/AC123/Messages.json";
    // HTTP basic authentication with account SID and auth token: "AC123:geheim".
    let auth = "Basic QUMxMjM6Z2VoZWlt";
    Mock::given(method("POST"))
        .and(path(messages))
        .and(header("authorization", auth))
        .and(body_string_contains("To=%2B31612345678"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"sid": "SM1", "status": "queued"})))
        .mount(&twilio)
        .await;
    Mock::given(method("POST"))
        .and(path(messages))
        .and(body_string_contains("To=%2B31687654321"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            serde_json::json!({"code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400}),
        ))
        .mount(&twilio)
        .await;
    let app = app_sending_to(backend, &twilio).await;
    queue(&app, "06 1234 5678", "Uw code is 482913").await;
    queue(&app, "06 8765 4321", "Uw code is 111111").await;
    app.drain_outbox().await;

    let requests = twilio.received_requests().await.unwrap();
    let delivered =
        requests.iter().find(|r| String::from_utf8_lossy(&r.body).contains("482913")).expect("the SMS was posted");
    let form: std::collections::HashMap<String, String> = serde_urlencoded::from_bytes(&delivered.body).unwrap();
    assert_eq!(form["To"], "+31612345678");
    assert_eq!(form["From"], "Loket");
    assert_eq!(form["Body"], "Uw code is 482913");
    assert_eq!(delivered.headers.get("authorization").unwrap(), auth);

    // Twilio's 400 for a bad number is permanent: the job is dead after one attempt.
    let jobs = loket_api::db::outbox::list(
        &app.state.db,
        &loket_api::db::outbox::JobFilter { status: Some(loket_domain::outbox::JobStatus::Dead), ..Default::default() },
        &loket_api::db::pagination::PageRequest::<loket_api_types::pagination::NewestFirst>::new(None, None, None)
            .unwrap(),
    )
    .await
    .unwrap()
    .0;
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].attempts, 1);
    let error = jobs[0].last_error.as_deref().unwrap();
    assert!(error.contains("The 'To' number is not a valid phone number.") && error.contains("code 21211"), "{error}");
    assert_eq!(jobs[0].last_http_status, Some(400));
    assert_eq!(requests.len(), 2);
}

async fn sms_goes_to_files_by_default(backend: Backend) {
    let app = spawn_app(backend).await;
    queue(&app, "+32 470 12 34 56", "Welkom bij Loket").await;
    app.drain_outbox().await;
    let sms_dir = app.state.settings.sms_dir();
    let files: Vec<_> = std::fs::read_dir(&sms_dir).unwrap().filter_map(Result::ok).collect();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(files[0].path()).unwrap();
    assert!(text.starts_with("To: +32470123456\n"), "{text}");
    assert!(text.ends_with("Welkom bij Loket\n"));
}
