//! Documents for approval (seed 002) over HTTP: uploaded as a PDF by the firm, approved
//! with a PIN by every must-approver (or one may-approver), the bytes approved checked
//! against the bytes uploaded, wrong PINs locked out, rejection with a reason, batch
//! approval all-or-nothing, and what a client's people see.

use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fixtures::{Fixture, Org, PASSWORD, Person};
use crate::helpers::{Backend, TestApp, spawn_app};
use crate::on_both_databases;
use crate::uploads::PNG;

on_both_databases!(
    every_must_approver_approves_with_a_pin,
    wrong_pins_lock_and_changed_bytes_are_never_approved,
    a_batch_is_approved_whole_or_not_at_all,
    the_approvers_still_awaited_are_reminded_once,
);

/// A small PDF, judged a PDF by its first bytes.
pub const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

pub struct World {
    pub admin: Person,
    pub firm_user: Person,
    pub client: Org,
    pub superuser: Person,
    pub director: Person,
    pub bookkeeper: Person,
    pub clerk: Person,
    pub outsider: Person,
}

pub async fn world(app: &TestApp) -> World {
    let fixture = Fixture::new(app).await;
    let firm = fixture.partner(app, "Kantoor Van Dijk", "accountancy").await;
    let firm_user = fixture.person(app, &firm, "partner_user", &[]).await;
    let client = fixture.client(app, "Bakkerij Korenschoof", Some(&firm), None).await;
    let superuser = fixture.person(app, &client, "client_superuser", &[]).await;
    let director = fixture.person(app, &client, "client_user", &[]).await;
    let bookkeeper = fixture.person(app, &client, "client_user", &[]).await;
    let clerk = fixture.person(app, &client, "client_user", &[]).await;
    let other = fixture.client(app, "Fietsen Jansen", Some(&firm), None).await;
    let outsider = fixture.person(app, &other, "client_superuser", &[]).await;
    World { admin: fixture.admin.clone(), firm_user, client, superuser, director, bookkeeper, clerk, outsider }
}

pub async fn set_pin(app: &TestApp, person: &Person, pin: &str) {
    let body = json!({"current_password": PASSWORD, "pin": pin});
    let reply = app.request(Method::PUT, "/api/v1/me/pin", &person.auth, Some(body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["set"], true);
}

fn form(kind: &str, title: &str, due_on: &str, bytes: &[u8]) -> Form {
    Form::new()
        .text("document_type", kind.to_owned())
        .text("title", title.to_owned())
        .text("period", "2025")
        .text("due_on", due_on.to_owned())
        .part("file", Part::bytes(bytes.to_vec()).file_name("jaarrekening.pdf"))
}

fn in_a_week() -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(7)).to_string()
}

pub async fn upload(app: &TestApp, by: &Person, client: &Org, kind: &str, title: &str) -> Value {
    let path = format!("/api/v1/organisations/{}/documents", client.id);
    let reply = app.upload_form(&path, &by.auth, form(kind, title, &in_a_week(), PDF)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.body
}

pub fn decisions(document: &Value) -> String {
    format!("/api/v1/documents/{}/decisions", document["id"].as_str().unwrap())
}

fn approve(document: &Value, pin: &str) -> Value {
    json!({"verdict": "approved", "sha256": document["sha256"], "pin": pin})
}

fn emails(list: &Value) -> Vec<String> {
    let mut all: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().or(p["person"]["email"].as_str()).unwrap().to_owned())
        .collect();
    all.sort();
    all
}

async fn every_must_approver_approves_with_a_pin(backend: Backend) {
    let app = spawn_app(backend).await;
    let w = world(&app).await;
    let must = json!({"user_ids": [w.director.id, w.bookkeeper.id]});
    let duties = format!("/api/v1/organisations/{}/approval-duties/annual_accounts", w.client.id);
    assert_eq!(app.request(Method::PUT, &duties, &w.firm_user.auth, Some(must)).await.status, StatusCode::OK);

    // The firm uploads; bad parts are named, a PNG is refused by its bytes.
    let path = format!("/api/v1/organisations/{}/documents", w.client.id);
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).to_string();
    let bad = app.upload_form(&path, &w.firm_user.auth, form("payslip", " ", &yesterday, PDF)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    let fields: Vec<&str> =
        bad.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["document_type", "title", "due_on"]);
    let png = app.upload_form(&path, &w.firm_user.auth, form("annual_accounts", "Foto", &in_a_week(), PNG)).await;
    assert_eq!(png.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", png.text);
    assert_eq!(png.body["code"], "file_type_not_accepted");
    // A client's own people do not upload documents for their approval.
    let by_client = app.upload_form(&path, &w.superuser.auth, form("vat_return", "Btw", &in_a_week(), PDF)).await;
    assert_eq!(by_client.status, StatusCode::FORBIDDEN, "clients do not upload their own: {}", by_client.text);

    let document = upload(&app, &w.firm_user, &w.client, "annual_accounts", "Jaarrekening 2025").await;
    assert_eq!(document["status"], "awaiting");
    assert_eq!(document["size_bytes"], PDF.len());
    assert_eq!(document["file_name"], "jaarrekening.pdf");
    let approvers = &document["approvers"];
    assert_eq!(emails(approvers), {
        let mut e = vec![w.director.email.clone(), w.bookkeeper.email.clone()];
        e.sort();
        e
    });
    assert!(approvers.as_array().unwrap().iter().all(|a| a["duty"] == "must"));
    assert_eq!(emails(&document["waiting_for"]).len(), 2);
    let mail = app.last_mail_to(&w.director.email).await;
    assert!(mail.subject.contains("Jaarrekening 2025"), "{}", mail.subject);
    assert!(mail.text.contains("/documents/"), "{}", mail.text);

    // The superuser may approve by its rights, but must-approvers override it.
    set_pin(&app, &w.superuser, "111 111").await;
    let refused = app.post(&decisions(&document), &w.superuser.auth, approve(&document, "111111")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);

    set_pin(&app, &w.director, "246 810").await;
    set_pin(&app, &w.bookkeeper, "135 791").await;
    let waiting = app.get("/api/v1/me/approvals", &w.director.auth).await;
    assert_eq!(waiting.body.as_array().unwrap().len(), 1);
    assert_eq!(waiting.body[0]["my_turn"], true);
    // Approving other bytes than the ones uploaded approves nothing.
    let other_bytes = json!({"verdict": "approved", "sha256": "0".repeat(64), "pin": "246810"});
    let changed = app.post(&decisions(&document), &w.director.auth, other_bytes).await;
    assert_eq!(changed.status, StatusCode::CONFLICT, "{}", changed.text);
    let first = app.post(&decisions(&document), &w.director.auth, approve(&document, "246810")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.body["status"], "awaiting", "one of two must-approvers");
    assert_eq!(emails(&first.body["waiting_for"]), [w.bookkeeper.email.as_str()]);
    let twice = app.post(&decisions(&document), &w.director.auth, approve(&document, "246810")).await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);
    assert!(app.get("/api/v1/me/approvals", &w.director.auth).await.body.as_array().unwrap().is_empty());

    let last = app.post(&decisions(&document), &w.bookkeeper.auth, approve(&document, "135 791")).await;
    assert_eq!(last.status, StatusCode::OK, "{}", last.text);
    assert_eq!(last.body["status"], "approved");
    assert!(last.body["decided_at"].is_string());
    let decided = last.body["decisions"].as_array().unwrap();
    assert_eq!(decided.len(), 2);
    for decision in decided {
        assert_eq!(decision["verdict"], "approved");
        assert_eq!(decision["confirmed_with"], "pin");
        assert_eq!(decision["sha256"], document["sha256"]);
        assert!(decision["ip_address"].as_str().is_some_and(|ip| !ip.is_empty()));
    }
    // Approved is locked: no rejection afterwards.
    let reject = json!({"verdict": "rejected", "reason": "Toch niet", "pin": "135791"});
    let late = app.post(&decisions(&document), &w.bookkeeper.auth, reject).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(late.body["code"], "invalid_transition");
    let mail = app.last_mail_to(&w.firm_user.email).await;
    assert!(mail.subject.starts_with("Geaccordeerd"), "{}", mail.subject);

    // The bytes read back; another client's people and API keys do not reach them.
    let file = format!("/api/v1/documents/{}/file", document["id"].as_str().unwrap());
    let download = app.download(&file, &w.director.auth).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.bytes, PDF);
    assert_eq!(download.header("content-type"), "application/pdf");
    // A generic client that asks for bytes gets the same bytes as bytes.
    let generic = app
        .client
        .get(app.url(&file))
        .header("accept", "application/octet-stream")
        .header("authorization", format!("Bearer {}", bearer(&w.director)))
        .send()
        .await
        .unwrap();
    assert_eq!(generic.headers()["content-type"], "application/octet-stream");
    assert_eq!(generic.bytes().await.unwrap(), PDF);
    assert_eq!(app.download(&file, &w.outsider.auth).await.status, 404);
    // The clerk holds no rights: the document does not exist for it.
    let one = format!("/api/v1/documents/{}", document["id"].as_str().unwrap());
    assert_eq!(app.get(&one, &w.clerk.auth).await.status, StatusCode::NOT_FOUND);
    let listed = app.get(&format!("/api/v1/organisations/{}/documents", w.client.id), &w.clerk.auth).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(listed.body.as_array().unwrap().is_empty(), "{}", listed.text);
    let listed = app.get(&format!("/api/v1/organisations/{}/documents", w.client.id), &w.director.auth).await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    // No PIN rests in the audit log or in a stored payload.
    let history = app.get("/api/v1/audit-events?limit=100", &w.admin.auth).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    assert!(history.text.contains("approval_document") && history.text.contains("user_pin"), "{}", history.text);
    assert!(!history.text.contains("246810") && !history.text.contains("135791"), "{}", history.text);
}

async fn wrong_pins_lock_and_changed_bytes_are_never_approved(backend: Backend) {
    let app = spawn_app(backend).await;
    let w = world(&app).await;
    // Without must-approvers the superuser (every right) may approve a VAT return alone.
    let document = upload(&app, &w.firm_user, &w.client, "vat_return", "Btw-aangifte Q3").await;
    assert_eq!(emails(&document["approvers"]), [w.superuser.email.as_str()]);
    assert_eq!(document["approvers"][0]["duty"], "may");

    let no_pin = app.post(&decisions(&document), &w.superuser.auth, approve(&document, "123456")).await;
    assert_eq!(no_pin.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", no_pin.text);
    assert_eq!(no_pin.body["errors"][0]["code"], "not_set");
    let short = json!({"current_password": PASSWORD, "pin": "12345"});
    assert_eq!(app.request(Method::PUT, "/api/v1/me/pin", &w.superuser.auth, Some(short)).await.status, 422);
    let wrong_password = json!({"current_password": "niet-het-wachtwoord", "pin": "123456"});
    let refused = app.request(Method::PUT, "/api/v1/me/pin", &w.superuser.auth, Some(wrong_password)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    set_pin(&app, &w.superuser, "123456").await;

    for left in (1..=4).rev() {
        let wrong = app.post(&decisions(&document), &w.superuser.auth, approve(&document, "654321")).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.text);
        assert_eq!(wrong.body["errors"][0]["code"], "wrong_pin");
        assert!(wrong.text.contains(&format!("{left} more tries")), "{}", wrong.text);
    }
    let fifth = app.post(&decisions(&document), &w.superuser.auth, approve(&document, "654321")).await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS, "{}", fifth.text);
    let right_but_locked = app.post(&decisions(&document), &w.superuser.auth, approve(&document, "123456")).await;
    assert_eq!(right_but_locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(right_but_locked.headers.get("retry-after").is_some());
    let status = app.get("/api/v1/me/pin", &w.superuser.auth).await;
    assert!(status.body["locked_until"].is_string(), "{}", status.text);
    // Setting a new PIN (with the password) unlocks it.
    set_pin(&app, &w.superuser, "975 310").await;
    assert!(app.get("/api/v1/me/pin", &w.superuser.auth).await.body["locked_until"].is_null());

    // Ten guesses at once are counted before they are checked: at most five are tried.
    let guesses = (0..10).map(|n| {
        let body = approve(&document, &format!("{:06}", 100_000 + n));
        let (app, auth, path) = (&app, &w.superuser.auth, decisions(&document));
        async move { app.post(&path, auth, body).await.status }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    let tried = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
    assert!(statuses.iter().all(|s| [422, 429].contains(&s.as_u16())), "{statuses:?}");
    assert!(tried <= 4, "only the tries before the lock are checked: {statuses:?}");
    let locked = app.post(&decisions(&document), &w.superuser.auth, approve(&document, "975310")).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "{}", locked.text);
    set_pin(&app, &w.superuser, "975 310").await;

    // Someone changes the stored bytes after the upload: nothing is approved.
    let stored = find_file(&app.state.settings.files_dir()).expect("the stored document");
    std::fs::write(&stored, b"%PDF-1.7\n(vervalst)\n%%EOF\n").expect("change the stored file");
    let changed = app.post(&decisions(&document), &w.superuser.auth, approve(&document, "975310")).await;
    assert_eq!(changed.status, StatusCode::CONFLICT, "{}", changed.text);
    assert!(changed.body["detail"].as_str().unwrap().contains("changed"), "{}", changed.text);
    let one = format!("/api/v1/documents/{}", document["id"].as_str().unwrap());
    assert_eq!(app.get(&one, &w.superuser.auth).await.body["status"], "awaiting");

    // A rejection needs a reason and ends the round.
    let bare = json!({"verdict": "rejected", "reason": "  ", "pin": "975310"});
    let bare = app.post(&decisions(&document), &w.superuser.auth, bare).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bare.body["errors"][0]["field"], "reason");
    let reason = json!({"verdict": "rejected", "reason": "Het bedrag in rubriek 5b klopt niet.", "pin": "975310"});
    let rejected = app.post(&decisions(&document), &w.superuser.auth, reason).await;
    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.text);
    assert_eq!(rejected.body["status"], "rejected");
    assert_eq!(rejected.body["decisions"][0]["reason"], "Het bedrag in rubriek 5b klopt niet.");
    let mail = app.last_mail_to(&w.firm_user.email).await;
    assert!(mail.subject.starts_with("Afgewezen"), "{}", mail.subject);
    assert!(mail.text.contains("rubriek 5b"), "{}", mail.text);
}

/// The one file under `dir`, wherever it is.
fn find_file(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = find_file(&path) {
                return Some(found);
            }
        } else {
            return Some(path);
        }
    }
    None
}

async fn a_batch_is_approved_whole_or_not_at_all(backend: Backend) {
    let app = spawn_app(backend).await;
    let w = world(&app).await;
    set_pin(&app, &w.superuser, "202 612").await;
    let q3 = upload(&app, &w.firm_user, &w.client, "vat_return", "Btw Q3").await;
    let q4 = upload(&app, &w.firm_user, &w.client, "vat_return", "Btw Q4").await;
    let closed = upload(&app, &w.firm_user, &w.client, "other", "Machtiging").await;
    let reject = json!({"verdict": "rejected", "reason": "Verkeerde periode", "pin": "202612"});
    assert_eq!(app.post(&decisions(&closed), &w.superuser.auth, reject).await.status, StatusCode::OK);
    let waiting = app.get("/api/v1/me/approvals", &w.superuser.auth).await;
    assert_eq!(waiting.body.as_array().unwrap().len(), 2);

    let item = |d: &Value| json!({"document_id": d["id"], "sha256": d["sha256"]});
    let mixed = json!({"documents": [item(&q3), item(&closed)], "pin": "202612"});
    let refused = app.post("/api/v1/me/approvals", &w.superuser.auth, mixed).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    assert_eq!(refused.body["errors"][0]["field"], "documents[1].document_id");
    let one = format!("/api/v1/documents/{}", q3["id"].as_str().unwrap());
    assert_eq!(app.get(&one, &w.superuser.auth).await.body["status"], "awaiting", "none approved");
    let twice = json!({"documents": [item(&q3), item(&q3)], "pin": "202612"});
    let twice = app.post("/api/v1/me/approvals", &w.superuser.auth, twice).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(twice.body["errors"][0]["field"], "documents[1].document_id");
    let foreign = json!({"documents": [item(&q3)], "pin": "202612"});
    assert_eq!(app.post("/api/v1/me/approvals", &w.outsider.auth, foreign).await.status, 422);

    let both = json!({"documents": [item(&q3), item(&q4)], "pin": "202 612"});
    let approved = app.post("/api/v1/me/approvals", &w.superuser.auth, both).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    let statuses: Vec<&str> = approved.body.as_array().unwrap().iter().map(|d| d["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["approved", "approved"]);
    assert!(app.get("/api/v1/me/approvals", &w.superuser.auth).await.body.as_array().unwrap().is_empty());
}

fn bearer(person: &Person) -> String {
    match &person.auth {
        crate::helpers::Auth::Bearer(token) => token.clone(),
        other => panic!("a signed-in person: {other:?}"),
    }
}

async fn the_approvers_still_awaited_are_reminded_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let w = world(&app).await;
    let must = json!({"user_ids": [w.director.id, w.bookkeeper.id]});
    let duties = format!("/api/v1/organisations/{}/approval-duties/annual_accounts", w.client.id);
    assert_eq!(app.request(Method::PUT, &duties, &w.firm_user.auth, Some(must)).await.status, StatusCode::OK);
    let path = format!("/api/v1/organisations/{}/documents", w.client.id);
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(1)).to_string();
    let soon =
        app.upload_form(&path, &w.firm_user.auth, form("annual_accounts", "Jaarrekening 2025", &tomorrow, PDF)).await;
    assert_eq!(soon.status, StatusCode::CREATED, "{}", soon.text);
    // Due in a week: no reminder yet.
    upload(&app, &w.firm_user, &w.client, "annual_accounts", "Jaarrekening 2024").await;
    set_pin(&app, &w.director, "246810").await;
    let approved = app.post(&decisions(&soon.body), &w.director.auth, approve(&soon.body, "246810")).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);

    assert_eq!(loket_api::services::documents::remind::send_reminders(&app.state).await.unwrap(), 1);
    let mails = app.mails().await;
    let reminders: Vec<_> = mails.iter().filter(|m| m.subject.starts_with("Herinnering")).collect();
    assert_eq!(reminders.len(), 1, "only the bookkeeper is still awaited: {reminders:?}");
    assert!(reminders[0].to.contains(&w.bookkeeper.email));
    assert!(reminders[0].subject.contains("Jaarrekening 2025"), "{}", reminders[0].subject);
    assert_eq!(loket_api::services::documents::remind::send_reminders(&app.state).await.unwrap(), 0, "once");
}
