//! Releases and the installation instructions over HTTP: a vendor administrator
//! publishes an installer (its SHA-256 computed while it streams in); once every
//! company's contract is in force the helpdesk sends the technical contact a signed,
//! expiring download link and a one-time installation token; the link works without a
//! login, is counted, and is refused when tampered with (404), expired or withdrawn (410).

use chrono::Utc;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::contracts::active_contract;
use crate::fixtures::Fixture;
use crate::helpers::{Auth, Backend, Reply, TestApp, spawn_app};
use crate::on_both_databases;
use crate::questionnaire::case_at_contracts;

on_both_databases!(instructions_carry_a_signed_counted_download_link);

/// The bytes of a pretend installer: a Windows executable's start and some padding.
fn installer() -> Vec<u8> {
    let mut bytes = crate::uploads::EXE.to_vec();
    bytes.extend((0..200_000u32).map(|i| (i % 251) as u8));
    bytes
}

/// Publishes release `version` of a new product; returns (product id, release).
pub async fn published_release(app: &TestApp, admin: &Auth, version: &str, bytes: &[u8]) -> (String, Reply) {
    let product = app.post("/api/v1/products", admin, json!({"key": "collector", "name": "Loket Collector"})).await;
    assert_eq!(product.status, StatusCode::CREATED, "{}", product.text);
    let id = product.body["id"].as_str().unwrap().to_owned();
    let form = Form::new()
        .text("version", version.to_owned())
        .text("notes", "Eerste release.\nKoppeling met Exact Online.")
        .part("file", Part::bytes(bytes.to_vec()).file_name("collector-setup.exe"));
    let release = app.upload_form(&format!("/api/v1/products/{id}/releases"), admin, form).await;
    assert_eq!(release.status, StatusCode::CREATED, "{}", release.text);
    (id, release)
}

async fn instructions_carry_a_signed_counted_download_link(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = fx.partner(&app, "Noordbank N.V.", "bank").await;
    let partner = fx.person(&app, &bank, "partner_admin", &[]).await;
    let agent = fx.person(&app, &fx.vendor, "agent", &[]).await.auth;
    let admin = &fx.admin.auth;

    // Publishing: the digest is the installer's; a version once per product.
    let bytes = installer();
    let (product, release) = published_release(&app, admin, "4.2.0", &bytes).await;
    assert_eq!(release.body["sha256"], Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>());
    assert_eq!(
        (release.body["size_bytes"].as_u64(), release.body["file_name"].as_str()),
        (Some(bytes.len() as u64), Some("collector-setup.exe"))
    );
    let again = Form::new().text("version", "4.2.0").part("file", Part::bytes(b"MZ".to_vec()).file_name("x.exe"));
    assert_eq!(
        app.upload_form(&format!("/api/v1/products/{product}/releases"), admin, again).await.status,
        StatusCode::CONFLICT
    );
    let bad = Form::new().text("version", "4.2").part("file", Part::bytes(b"MZ".to_vec()).file_name("x.exe"));
    let refused = app.upload_form(&format!("/api/v1/products/{product}/releases"), admin, bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    let by_agent = Form::new().text("version", "4.3.0").part("file", Part::bytes(b"MZ".to_vec()).file_name("x.exe"));
    assert_eq!(
        app.upload_form(&format!("/api/v1/products/{product}/releases"), &agent, by_agent).await.status,
        StatusCode::FORBIDDEN
    );
    let products = app.get("/api/v1/products", &agent).await;
    assert_eq!(products.body["items"][0]["current_release"]["version"], "4.2.0", "{}", products.text);
    let release_id = release.body["id"].as_str().unwrap().to_owned();

    // Not before every company's contract is in force.
    let email = "karin@korenschoof.example";
    let (id, _client) = case_at_contracts(&app, &partner.auth, &agent, "56781234", email).await;
    let send = format!("/api/v1/install-requests/{id}/instructions");
    let early = app.post(&send, &agent, json!({"release_id": release_id})).await;
    assert_eq!(
        (early.status, early.body["code"].as_str()),
        (StatusCode::CONFLICT, Some("invalid_transition")),
        "{}",
        early.text
    );
    active_contract(&app, &agent, &id, "CT-2026-0301", "56781234").await;
    assert_eq!(app.post(&send, &partner.auth, json!({"release_id": release_id})).await.status, StatusCode::FORBIDDEN);
    let sent = app.post(&send, &agent, json!({"release_id": release_id})).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert_eq!(sent.body["step"], "instructions");

    // The technical contact's mail: link, checksum, token; nothing secret in the outbox.
    app.drain_outbox().await;
    let mail = app.last_mail_to("it@korenschoof.example").await;
    assert!(mail.text.contains(release.body["sha256"].as_str().unwrap()), "{}", mail.text);
    let link = mail.link();
    assert!(link.contains("/api/v1/downloads/") && link.contains("signature="), "{link}");
    let outbox = app.get("/api/v1/outbox?limit=100", admin).await;
    assert!(!outbox.text.contains("signature="), "the signed link is made at delivery");

    // The link works without a login, counts, and carries the digest.
    let path = link.trim_start_matches(&app.address).to_owned();
    let download = app.download(&path, &Auth::None).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.bytes, bytes);
    let expected = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, Sha256::digest(&bytes));
    assert_eq!(download.header("repr-digest"), format!("sha-256=:{expected}:"));
    let status = app.get(&send, &partner.auth).await;
    assert_eq!((status.status, status.body["downloads"].as_i64()), (StatusCode::OK, Some(1)), "{}", status.text);

    // Tampered: 404. Expired (signed by the server, but past): 410.
    let mut chars: Vec<char> = path.chars().collect();
    let last = chars.len() - 1;
    chars[last] = if chars[last] == '0' { '1' } else { '0' };
    let tampered: String = chars.into_iter().collect();
    assert_eq!(app.download(&tampered, &Auth::None).await.status, StatusCode::NOT_FOUND);
    let link_id: uuid::Uuid = path.trim_start_matches("/api/v1/downloads/").split('?').next().unwrap().parse().unwrap();
    let past = Utc::now().timestamp() - 60;
    let expired = app.state.signer.url("", link_id, past);
    let gone = app.get(&expired, &Auth::None).await;
    assert_eq!((gone.status, gone.body["code"].as_str()), (StatusCode::GONE, Some("link_expired")), "{}", gone.text);

    // Sent again: the step stays, a new mail goes out.
    let resent = app.post(&send, &agent, json!({"release_id": release_id})).await;
    assert_eq!((resent.status, resent.body["step"].as_str()), (StatusCode::OK, Some("instructions")));
    app.drain_outbox().await;
    let second = app.last_mail_to("it@korenschoof.example").await;
    assert_ne!(second.link(), link, "a new link");

    // Withdrawn: never sent again, its links stop.
    let withdrawn = app.post(&format!("/api/v1/releases/{release_id}/withdraw"), admin, json!({})).await;
    assert_eq!(withdrawn.body["withdrawn"], true, "{}", withdrawn.text);
    let stopped = app.download(&path, &Auth::None).await;
    assert_eq!(stopped.status, StatusCode::GONE);
    let refused = app.post(&send, &agent, json!({"release_id": release_id})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    let timeline = app.get(&format!("/api/v1/install-requests/{id}/timeline"), &partner.auth).await;
    let sent_events =
        timeline.body["items"].as_array().unwrap().iter().filter(|e| e["kind"] == "instructions_sent").count();
    assert_eq!(sent_events, 2);
}
