//! Health, readiness, metrics, request ids, the OpenAPI document and the docs page,
//! and the demo seed.

use reqwest::StatusCode;

use crate::helpers::{Auth, Backend, spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(health_readiness_metrics_and_request_ids, demo_seed_is_idempotent);

async fn health_readiness_metrics_and_request_ids(backend: Backend) {
    let app = spawn_app_with(backend, &[("LOKET_METRICS_TOKEN", "test-metrics-token")]).await;
    let health = app.get("/healthz", &Auth::None).await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.body["status"], "ok");
    assert_eq!(app.get("/readyz", &Auth::None).await.status, StatusCode::OK);

    let a = app.get("/healthz", &Auth::None).await;
    let b = app.get("/healthz", &Auth::None).await;
    let (a_id, b_id) = (a.header("x-request-id").unwrap(), b.header("x-request-id").unwrap());
    assert_ne!(a_id, b_id);
    assert!(uuid::Uuid::parse_str(a_id).is_ok());

    app.get("/api/v1/me", &Auth::None).await;
    let metrics = app.get("/metrics", &Auth::Bearer("test-metrics-token".to_owned())).await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(metrics.header("content-type").unwrap().starts_with("text/plain"));
    assert!(
        metrics.text.contains(r#"http_requests_total{method="GET",route="/api/v1/me",status="401"}"#),
        "{}",
        metrics.text
    );
    assert!(metrics.text.contains("http_request_duration_seconds_bucket"));
    assert!(metrics.text.contains("db_pool_connections"));
}

async fn demo_seed_is_idempotent(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = loket_api::seed::seed_demo(&app.state.db, &app.state.files).await.unwrap();
    assert!(first.created_anything);
    assert!(first.new_api_key.is_some());
    assert_eq!(first.logins.len(), 14);
    let second = loket_api::seed::seed_demo(&app.state.db, &app.state.files).await.unwrap();
    assert!(!second.created_anything);
    assert!(second.new_api_key.is_none());
    let admin = app.bearer("beheer@loket.example", loket_api::seed::DEMO_PASSWORD).await;
    let organisations = app.get("/api/v1/organisations?limit=200", &admin).await;
    assert_eq!(organisations.body["items"].as_array().unwrap().len(), 7);
    let users = app.get("/api/v1/users?limit=200", &admin).await;
    assert_eq!(users.body["items"].as_array().unwrap().len(), 14);
    // The demo API key works.
    let key = crate::helpers::Auth::ApiKey(first.new_api_key.unwrap());
    assert_eq!(app.get("/api/v1/organisations", &key).await.status, StatusCode::OK);
    // The firm's uploaded client list is checked by the worker: one update, two new
    // clients, three rows with mistakes.
    let firm = app.bearer("admin@vandijk.example", loket_api::seed::DEMO_PASSWORD).await;
    let imports = app.get("/api/v1/client-imports", &firm).await;
    let waiting = imports.body.as_array().unwrap().iter().find(|i| i["status"] != "committed").unwrap().clone();
    let person = crate::fixtures::Person { id: String::new(), email: String::new(), auth: firm };
    let ready = crate::client_imports::until(&app, &person, waiting["id"].as_str().unwrap(), "ready").await;
    let counts = ["update_rows", "new_rows", "error_rows"].map(|c| ready[c].as_i64().unwrap());
    assert_eq!(counts, [1, 2, 3], "{ready}");
    // The hairdresser of the earlier import awaits its first user.
    let candidates = app.get("/api/v1/first-user-candidates", &person.auth).await;
    let items = candidates.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", candidates.text);
    assert_eq!(
        (items[0]["organisation_name"].as_str(), items[0]["contact_name"].as_str()),
        (Some("Kapsalon Knip"), Some("Karin Knip"))
    );
}

#[tokio::test]
async fn the_committed_spec_is_what_the_server_serves_and_prints() {
    let committed_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let committed = std::fs::read_to_string(committed_path).expect("openapi/openapi.json is committed");
    let printed =
        std::process::Command::new(env!("CARGO_BIN_EXE_loket")).arg("openapi").output().expect("loket openapi");
    assert!(printed.status.success());
    let printed = String::from_utf8(printed.stdout).unwrap();
    assert!(
        committed == printed,
        "openapi/openapi.json is out of date: run `just openapi` (cargo run -q -- openapi > openapi/openapi.json)"
    );

    let app = spawn_app(Backend::Sqlite).await;
    let served = app.get("/api/openapi.json", &Auth::None).await;
    assert_eq!(served.status, StatusCode::OK);
    let committed: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(served.body, committed, "the served spec differs from the committed one");
    assert!(committed["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(committed["components"]["securitySchemes"]["bearer"].is_object());
    assert!(committed["components"]["securitySchemes"]["api_key"].is_object());
    let mut refs = Vec::new();
    collect_refs(&committed, &mut refs);
    assert!(!refs.is_empty());
    for reference in refs {
        let pointer = reference.strip_prefix('#').expect("local reference");
        assert!(committed.pointer(pointer).is_some(), "unresolvable reference {reference}");
    }
    // Every operation has an id, a tag, a summary and at least one success response.
    for (path, item) in committed["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(operation["operationId"].is_string(), "{method} {path} lacks an operationId");
            assert!(operation["tags"].is_array(), "{method} {path} lacks a tag");
            assert!(operation["summary"].is_string(), "{method} {path} lacks a summary");
            let responses = operation["responses"].as_object().unwrap();
            assert!(responses.keys().any(|code| code.starts_with('2')), "{method} {path} has no success response");
            assert!(responses.contains_key("500"), "{method} {path} does not document 500");
        }
    }
}

fn collect_refs(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", serde_json::Value::String(reference)) => out.push(reference.clone()),
                    _ => collect_refs(inner, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_docs_page_works_offline() {
    let app = spawn_app(Backend::Sqlite).await;
    let page = app.get("/api/docs/", &Auth::None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("swagger"), "{}", page.text);
    // Every script and stylesheet comes from Loket itself.
    for marker in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(!page.text.contains(marker), "external asset in docs page: {marker}");
    }
    let initializer = app.get("/api/docs/swagger-initializer.js", &Auth::None).await;
    assert_eq!(initializer.status, StatusCode::OK);
    assert!(initializer.text.contains("/api/openapi.json"));
    assert!(!initializer.text.contains("https://"), "{}", initializer.text);
    let bundle = app.get("/api/docs/swagger-ui-bundle.js", &Auth::None).await;
    assert_eq!(bundle.status, StatusCode::OK);
}
