//! A partner integration on a generated client: openapi-python-client (from PyPI,
//! installed by scripts/ensure-tools.sh) generates a Python package from the committed
//! `openapi/openapi.json`, unedited, and a partner system on it files a request with an
//! idempotent retry and a conflicting reuse of its key, amends it after the helpdesk
//! returned it, and follows it to acceptance.

use std::path::{Path, PathBuf};
use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fixtures::Fixture;
use crate::helpers::{Auth, Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(a_generated_python_client_files_amends_and_follows);

fn tool(name: &str) -> PathBuf {
    let python = std::env::var("LOKET_TEST_PYTHON").expect("LOKET_TEST_PYTHON: run scripts/ensure-tools.sh");
    Path::new(&python).with_file_name(name)
}

/// Generates the client package into `dir` and returns the folder to put on PYTHONPATH.
fn generate(dir: &Path) -> PathBuf {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let out = dir.join("loket-api-client");
    let bin = tool("python").parent().unwrap().to_owned();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let generated = Command::new(tool("openapi-python-client"))
        .args(["generate", "--path", spec, "--output-path"])
        .arg(&out)
        .env("PATH", path)
        .output()
        .expect("openapi-python-client runs");
    let said = format!("{}{}", String::from_utf8_lossy(&generated.stdout), String::from_utf8_lossy(&generated.stderr));
    assert!(generated.status.success(), "generation failed: {said}");
    assert!(!said.contains("Warning"), "the spec generates without warnings: {said}");
    out
}

async fn a_generated_python_client_files_amends_and_follows(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let package = tokio::task::spawn_blocking({
        let dir = dir.path().to_owned();
        move || generate(&dir)
    })
    .await
    .unwrap();
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = fx.partner(&app, "Noordbank N.V.", "bank").await;
    let Auth::ApiKey(key) = fx.key(&app, &bank, &["install_requests:read", "install_requests:write"]).await else {
        unreachable!("fixture keys are API keys")
    };
    let agent = fx.person(&app, &fx.vendor, "agent", &[]).await.auth;
    let run = |args: Vec<String>| {
        let (app_address, package, key) = (app.address.clone(), package.clone(), key.clone());
        async move {
            tokio::task::spawn_blocking(move || {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                partner_at(&app_address, &package, &key, &args)
            })
            .await
            .unwrap()
        }
    };

    // Filed, retried under the same key (the same request), the key reused: 422.
    let filed = run(vec!["file".into()]).await;
    let id = filed["id"].as_str().unwrap().to_owned();
    assert_eq!(filed["step"], "submitted", "{filed}");
    assert_eq!(filed["retry_id"], id.as_str(), "{filed}");
    assert_eq!(filed["replayed"], "true", "{filed}");
    assert_eq!(
        (filed["reuse_status"].as_u64(), filed["reuse_code"].as_str()),
        (Some(422), Some("idempotency_key_reused"))
    );
    let all = app.get("/api/v1/install-requests?q=haven", &agent).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 1, "one request: {}", all.text);

    // The helpdesk returns it; the partner amends it through the client.
    let returned =
        app.post(&format!("/api/v1/install-requests/{id}/return"), &agent, json!({"missing": ["BTW-nummer"]})).await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.text);
    let amended = run(vec!["amend".into(), id.clone()]).await;
    assert_eq!((amended["was"].as_str(), amended["step"].as_str()), (Some("returned"), Some("submitted")));
    assert_eq!((amended["revision"].as_i64(), amended["vat_number"].as_str()), (Some(2), Some("NL001234567B01")));

    // Accepted, and followed through the client.
    let accepted = app.post(&format!("/api/v1/install-requests/{id}/accept"), &agent, json!({})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    let followed = run(vec!["follow".into(), id.clone()]).await;
    assert_eq!(followed["step"], "questionnaire", "{followed}");
    assert!(followed["client_id"].is_string(), "{followed}");
    assert_eq!(followed["timeline"], json!(["submitted", "returned", "resubmitted", "accepted"]), "{followed}");
    assert_eq!(followed["missing"], json!(["BTW-nummer"]));
    assert_eq!(followed["listed"], json!([id]));
}

/// Runs the partner script against the server at `address`; returns what it printed.
fn partner_at(address: &str, package: &Path, key: &str, args: &[&str]) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/partner_sdk.py");
    let run = Command::new(tool("python"))
        .arg(script)
        .arg(address)
        .arg(key)
        .args(args)
        .env("PYTHONPATH", package)
        .output()
        .expect("the partner script runs");
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(run.status.success(), "partner {args:?}: {stdout}{}", String::from_utf8_lossy(&run.stderr));
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("partner {args:?} printed {stdout}: {e}"))
}
