//! PIN letters (seed 002): the firm's administrator prints new PINs for its clients'
//! people as one PDF, read back here with `pdftotext` as a person at the printer would:
//! a letter per person, in its language, under the firm's or the branch's letterhead,
//! with the client's address from the import. The printed PIN works, the old one no
//! longer; faults are named per item; nobody outside the firm gets letters.

use std::process::Command;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::client_imports::{Firm, firm, until, upload};
use crate::fixtures::{Org, PASSWORD};
use crate::helpers::{Auth, Backend, TestApp, spawn_app};
use crate::on_both_databases;

on_both_databases!(the_firm_prints_pin_letters_that_work);

/// POSTs `body` and returns the status, the content type and the body's bytes.
async fn post_bytes(app: &TestApp, auth: &Auth, body: Value) -> (StatusCode, String, Vec<u8>) {
    let request = app.client.post(app.url("/api/v1/pin-letters")).json(&body);
    let request = match auth {
        Auth::Bearer(token) => request.bearer_auth(token),
        Auth::ApiKey(key) => request.header("x-api-key", key),
        Auth::None => request,
    };
    let response = request.send().await.unwrap();
    let status = response.status();
    let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status, kind, response.bytes().await.unwrap().to_vec())
}

/// The PDF's text as `pdftotext` extracts it, page by page.
fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letters.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    text.split('\u{c}').filter(|page| !page.trim().is_empty()).map(str::to_owned).collect()
}

/// The six digits printed under the PIN's label.
fn printed_pin(page: &str, label: &str) -> String {
    let after = page.split(label).nth(1).unwrap_or_else(|| panic!("no {label} on {page}"));
    let pin: String = after.split_whitespace().next().unwrap().to_owned();
    assert!(pin.len() == 6 && pin.chars().all(|c| c.is_ascii_digit()), "{pin}");
    pin
}

async fn recovery_codes(app: &TestApp, auth: &Auth, pin: &str) -> StatusCode {
    app.request(Method::POST, "/api/v1/me/recovery-codes", auth, Some(json!({"pin": pin}))).await.status
}

async fn the_firm_prints_pin_letters_that_work(backend: Backend) {
    let app = spawn_app(backend).await;
    let Firm { fixture, firm, admin } = firm(&app).await;

    // An imported client (with its address) and its first user; a client of the Gent
    // branch with an English-speaking person who already has a PIN.
    let csv = "Relatienummer;Naam;Straat;Huisnummer;Postcode;Plaats;Contactpersoon;E-mailadres\n\
               K-1;Bakkerij De Korenschoof;Dorpsstraat;1;1234 AB;Utrecht;Kees Koren;kees@korenschoof.example\n";
    let id = upload(&app, &admin, "klanten.csv", csv.as_bytes()).await;
    until(&app, &admin, &id, "ready").await;
    app.post(&format!("/api/v1/client-imports/{id}/commit"), &admin.auth, json!({})).await;
    until(&app, &admin, &id, "committed").await;
    let candidates = app.get("/api/v1/first-user-candidates", &admin.auth).await;
    let bakery = candidates.body["items"][0]["organisation_id"].as_str().unwrap().to_owned();
    let created = app.post("/api/v1/first-users", &admin.auth, json!({"users": [{"organisation_id": bakery}]})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let gent = fixture.branch(&app, &firm, "Gent").await;
    let brewery: Org = fixture.client(&app, "Brouwerij Het Anker", Some(&firm), Some(&gent)).await;
    let lies = fixture.person(&app, &brewery, "client_superuser", &[]).await;
    let current = app.get(&format!("/api/v1/users/{}", lies.id), &fixture.admin.auth).await;
    let etag = current.header("etag").unwrap().to_owned();
    let english = app
        .request_with(
            &app.client,
            Method::PATCH,
            &format!("/api/v1/users/{}", lies.id),
            &fixture.admin.auth,
            Some(json!({"language": "en"})),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(english.status, StatusCode::OK, "{}", english.text);
    let set = app
        .request(
            Method::PUT,
            "/api/v1/me/pin",
            &lies.auth,
            Some(json!({"pin": "111111", "current_password": PASSWORD})),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);

    // Faults first, all named; nothing changes.
    let other_firm = fixture.partner(&app, "Kantoor Elders", "accountancy").await;
    let stranger = fixture.client(&app, "Elders BV", Some(&other_firm), None).await;
    let faults =
        app.post("/api/v1/pin-letters", &admin.auth, json!({"organisation_ids": [bakery, stranger.id, bakery]})).await;
    assert_eq!(faults.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", faults.text);
    let named: Vec<String> = faults.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}:{}", e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(named, ["organisation_ids[1]:not_found", "organisation_ids[2]:repeated"]);
    let both = app
        .post("/api/v1/pin-letters", &admin.auth, json!({"organisation_ids": [bakery], "user_ids": [lies.id]}))
        .await;
    assert_eq!(both.body["errors"][0]["code"], "one_of", "{}", both.text);
    let other_admin = fixture.person(&app, &other_firm, "partner_admin", &[]).await;
    let foreign = app.post("/api/v1/pin-letters", &other_admin.auth, json!({"user_ids": [lies.id]})).await;
    assert_eq!(foreign.body["errors"][0]["code"], "not_found", "{}", foreign.text);
    let by_client = app.post("/api/v1/pin-letters", &lies.auth, json!({"user_ids": [lies.id]})).await;
    assert_eq!(by_client.status, StatusCode::FORBIDDEN, "{}", by_client.text);
    assert_eq!(recovery_codes(&app, &lies.auth, "111111").await, StatusCode::CREATED, "the old PIN still works");

    // The letters: one PDF, a page per person, each in its language.
    let (status, kind, bytes) = post_bytes(&app, &admin.auth, json!({"organisation_ids": [bakery, brewery.id]})).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(kind, "application/pdf");
    let pages = pdf_pages(&bytes);
    assert_eq!(pages.len(), 2, "{pages:?}");
    let dutch = pages.iter().find(|p| p.contains("Kees Koren")).unwrap();
    for expected in [
        "Kantoor Van Dijk",
        "Bakkerij De Korenschoof",
        "Dorpsstraat 1",
        "1234 AB Utrecht",
        "Beste Kees Koren,",
        "kees@korenschoof.example",
        "Uw pincode",
    ] {
        assert!(dutch.contains(expected), "{expected} missing from:\n{dutch}");
    }
    let english = pages.iter().find(|p| p.contains("Dear")).unwrap();
    for expected in ["Kantoor Van Dijk", "Branch Gent", "Brouwerij Het Anker", "Your PIN", "Kind regards,"] {
        assert!(english.contains(expected), "{expected} missing from:\n{english}");
    }
    let pin = printed_pin(english, "Your PIN");

    // The printed PIN works; the old one does not. The audit log has the issue, not the PIN.
    assert_eq!(recovery_codes(&app, &lies.auth, "111111").await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(recovery_codes(&app, &lies.auth, &pin).await, StatusCode::CREATED);
    let history =
        app.get(&format!("/api/v1/audit-events?entity_type=user_pin&entity_id={}", lies.id), &fixture.admin.auth).await;
    assert!(history.text.contains("letter"), "{}", history.text);
    assert!(!history.text.contains(&pin), "the PIN is in the audit log");
}
