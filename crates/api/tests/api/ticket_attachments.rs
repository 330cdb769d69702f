//! Attachments through HTTP: stored and read back through the local folder and a real
//! S3-compatible server, kinds judged by their bytes, the limits per file and per
//! ticket, safe names and headers, and files for internal notes that no customer reads.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::on_both_databases;
use crate::peers::S3Server;
use crate::tickets::{desk, file, path};
use crate::uploads::{EXE, PNG};

on_both_databases!(
    files_are_judged_by_their_bytes_and_read_back_from_the_folder,
    the_limits_per_file_and_per_ticket_hold,
    files_for_internal_notes_never_reach_customers,
    files_live_in_an_s3_compatible_store,
);

/// Small limits, so the tests can reach them: 64 KiB a file, 100 KiB a ticket.
const LIMITS: [(&str, &str); 2] =
    [("LOKET_ATTACHMENT_MAX_BYTES", "65536"), ("LOKET_TICKET_ATTACHMENTS_MAX_BYTES", "102400")];

fn attachments(ticket: &Value) -> String {
    format!("{}/attachments", path(ticket))
}

/// The files the folder store holds, wherever they are.
fn stored_files(app: &TestApp) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |entries| {
            entries.filter_map(Result::ok).map(|e| if e.path().is_dir() { count(&e.path()) } else { 1 }).sum()
        })
    }
    count(&app.state.settings.files_dir())
}

async fn files_are_judged_by_their_bytes_and_read_back_from_the_folder(backend: Backend) {
    let app = spawn_app_with(backend, &LIMITS).await;
    let desk = desk(&app).await;
    let ticket = file(&app, &desk.contact.auth, "Scherm blijft leeg").await;

    let reply = app.upload(&attachments(&ticket), &desk.contact.auth, "../Schermafdruk 30-11.PNG", PNG).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let screenshot = reply.body;
    assert_eq!(screenshot["file_name"], "Schermafdruk 30-11.png");
    assert_eq!(screenshot["media_type"], "image/png");
    assert_eq!(screenshot["is_image"], true);
    assert_eq!(screenshot["size_bytes"], PNG.len());
    assert_eq!(screenshot["message_id"], Value::Null);
    assert_eq!(screenshot["uploaded_by"]["id"], desk.contact.id.as_str());

    // Read back, as an attachment of the type found in the bytes, never sniffed.
    let url = format!("{}/{}", attachments(&ticket), screenshot["id"].as_str().unwrap());
    let download = app.download(&url, &desk.contact.auth).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.bytes, PNG);
    assert_eq!(download.header("content-type"), "image/png");
    assert_eq!(download.header("x-content-type-options"), "nosniff");
    assert!(
        download.header("content-disposition").starts_with("attachment;"),
        "{}",
        download.header("content-disposition")
    );
    assert!(download.header("content-disposition").contains("Schermafdruk 30-11.png"));
    assert!(download.header("content-security-policy").contains("sandbox"));
    // The helpdesk reads it too.
    assert_eq!(app.download(&url, &desk.agent.auth).await.bytes, PNG);

    // Text with a name that does not fit gets one that does; UTF-8 split anywhere is fine.
    let log = "2026-11-30 09:14 FOUT Factuur 1040: periode afgesloten (E1042) – ‘€ 12,50’\n".repeat(200);
    let reply = app.upload(&attachments(&ticket), &desk.contact.auth, "fout.html", log.as_bytes()).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.body["file_name"], "fout.html.txt");
    assert_eq!(reply.body["media_type"], "text/plain; charset=utf-8");
    assert_eq!(reply.body["is_image"], false);

    // A renamed executable, binary junk called .txt and an empty file are refused, and
    // nothing of them is kept.
    let before = stored_files(&app);
    let reply = app.upload(&attachments(&ticket), &desk.contact.auth, "screenshot.png", EXE).await;
    assert_eq!(reply.status, 415, "{}", reply.text);
    assert_eq!(reply.body["code"], "file_type_not_accepted");
    assert!(reply.body["detail"].as_str().unwrap().contains("portable-executable"), "{}", reply.text);
    assert_eq!(reply.header("content-type"), Some("application/problem+json"));
    let mut junk = b"log line\n".to_vec();
    junk.extend_from_slice(&[0, 1, 2, 3]);
    let reply = app.upload(&attachments(&ticket), &desk.contact.auth, "notes.txt", &junk).await;
    assert_eq!(reply.status, 415, "{}", reply.text);
    let reply = app.upload(&attachments(&ticket), &desk.contact.auth, "leeg.txt", b"").await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(stored_files(&app), before);

    // Not multipart, no part called `file`: clear 4xx.
    let reply = app.post(&attachments(&ticket), &desk.contact.auth, json!({"file": "x"})).await;
    assert_eq!(reply.status, 415, "{}", reply.text);
    let form = reqwest::multipart::Form::new().text("other", "x");
    let reply = app.upload_form(&attachments(&ticket), &desk.contact.auth, form).await;
    assert_eq!(reply.status, 422, "{}", reply.text);

    // The list has both files, oldest first; another tenant sees no ticket at all.
    let list = app.get(&attachments(&ticket), &desk.colleague.auth).await;
    assert_eq!(list.status, 200);
    let names: Vec<&str> = list.body.as_array().unwrap().iter().map(|f| f["file_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Schermafdruk 30-11.png", "fout.html.txt"]);
    assert_eq!(app.get(&attachments(&ticket), &desk.other_client_user.auth).await.status, 404);
    assert_eq!(app.download(&url, &desk.other_client_user.auth).await.status, 404);
    let reply = app.upload(&attachments(&ticket), &desk.other_client_user.auth, "x.png", PNG).await;
    assert_eq!(reply.status, 404);
    // Partners see no tickets.
    assert_eq!(app.get(&attachments(&ticket), &desk.partner_admin.auth).await.status, 404);

    // The audit log has the upload, under the ticket.
    let events = app.get("/api/v1/audit-events?entity_type=ticket_attachment", &desk.fixture.admin.auth).await;
    assert_eq!(events.status, 200, "{}", events.text);
    assert_eq!(events.body["items"].as_array().unwrap().len(), 2, "{}", events.text);
}

async fn the_limits_per_file_and_per_ticket_hold(backend: Backend) {
    let app = spawn_app_with(backend, &LIMITS).await;
    let desk = desk(&app).await;
    let ticket = file(&app, &desk.contact.auth, "Grote logbestanden").await;
    let line = "2026-11-30 09:14 INFO batch 17 verwerkt\n";
    let text = |kib: usize| line.repeat(kib * 1024 / line.len());

    // Over the per-file limit: 413, and nothing stays behind.
    let reply = app.upload(&attachments(&ticket), &desk.contact.auth, "groot.log", text(80).as_bytes()).await;
    assert_eq!(reply.status, 413, "{}", reply.text);
    assert_eq!(reply.body["code"], "payload_too_large");
    assert!(reply.body["detail"].as_str().unwrap().contains("at most 64 KiB"), "{}", reply.text);
    assert_eq!(stored_files(&app), 0);

    // Two files of 45 KiB fit in 100 KiB; a third does not.
    for name in ["een.log", "twee.log"] {
        let reply = app.upload(&attachments(&ticket), &desk.contact.auth, name, text(45).as_bytes()).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
    }
    let reply = app.upload(&attachments(&ticket), &desk.contact.auth, "drie.log", text(45).as_bytes()).await;
    assert_eq!(reply.status, 413, "{}", reply.text);
    assert!(reply.text.contains("100 KiB together"), "{}", reply.text);
    assert_eq!(stored_files(&app), 2);

    // Concurrent uploads cannot pass the ticket's limit together.
    let second = file(&app, &desk.contact.auth, "Tegelijk").await;
    let body = text(40);
    let uploads = (0..4).map(|i| {
        let (app, auth, url, body) = (&app, &desk.contact.auth, attachments(&second), body.as_bytes());
        async move { app.upload(&url, auth, &format!("deel-{i}.log"), body).await.status.as_u16() }
    });
    let mut statuses = futures_util::future::join_all(uploads).await;
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 201, 413, 413]);
    let list = app.get(&attachments(&second), &desk.contact.auth).await;
    assert_eq!(list.body.as_array().unwrap().len(), 2);
}

async fn files_for_internal_notes_never_reach_customers(backend: Backend) {
    let app = spawn_app_with(backend, &LIMITS).await;
    let desk = desk(&app).await;
    let ticket = file(&app, &desk.contact.auth, "Koppeling bank").await;

    // The helpdesk uploads a file for an internal note and posts the note with it.
    let url = format!("{}?internal=true", attachments(&ticket));
    let reply = app.upload(&url, &desk.agent.auth, "stacktrace.log", b"panic at koppeling.rs:12\n").await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let secret = reply.body["id"].as_str().unwrap().to_owned();
    assert_eq!(reply.body["internal"], true);
    // An internal file cannot go on a public message.
    let public = json!({"body": "We kijken ernaar.", "attachment_ids": [secret]});
    let reply = app.post(&format!("{}/messages", path(&ticket)), &desk.agent.auth, public).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    let note = json!({"body": "Zie stacktrace.", "internal": true, "attachment_ids": [secret]});
    let reply = app.post(&format!("{}/messages", path(&ticket)), &desk.agent.auth, note.clone()).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.body["attachments"][0]["file_name"], "stacktrace.log");
    // A file goes on one message only.
    let reply = app.post(&format!("{}/messages", path(&ticket)), &desk.agent.auth, note).await;
    assert_eq!(reply.status, 422, "{}", reply.text);

    // Customers: not in the list, not downloadable, not on the board or the timeline.
    for customer in [&desk.contact, &desk.colleague] {
        let list = app.get(&attachments(&ticket), &customer.auth).await;
        assert_eq!(list.status, 200);
        assert!(!list.text.contains(&secret) && !list.text.contains("stacktrace"), "{}", list.text);
        let download = app.download(&format!("{}/{secret}", attachments(&ticket)), &customer.auth).await;
        assert_eq!(download.status, 404);
        for view in ["messages", "timeline"] {
            let reply = app.get(&format!("{}/{view}", path(&ticket)), &customer.auth).await;
            assert!(!reply.text.contains("stacktrace"), "{view}: {}", reply.text);
        }
        let events = app.get("/api/v1/audit-events?entity_type=ticket_attachment", &customer.auth).await;
        assert!(!events.text.contains("stacktrace"), "{}", events.text);
        // Nor can a customer upload for notes.
        let reply = app.upload(&url, &customer.auth, "x.png", PNG).await;
        assert_eq!(reply.status, 403, "{}", reply.text);
    }
    let agent_view = app.get(&format!("{}/messages", path(&ticket)), &desk.agent.auth).await;
    assert!(agent_view.text.contains("stacktrace.log"));

    // A customer's reply carries its own screenshot; a colleague cannot post it.
    let reply = app.upload(&attachments(&ticket), &desk.contact.auth, "na-herstart.png", PNG).await;
    let shot = reply.body["id"].as_str().unwrap().to_owned();
    let borrowed = json!({"body": "Ook bij mij.", "attachment_ids": [shot]});
    let reply = app.post(&format!("{}/messages", path(&ticket)), &desk.colleague.auth, borrowed).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    let own = json!({"body": "Na herstart nog steeds.", "attachment_ids": [shot]});
    let reply = app.post(&format!("{}/messages", path(&ticket)), &desk.contact.auth, own).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.body["attachments"][0]["id"], shot.as_str());
    let board = app.get(&format!("{}/messages", path(&ticket)), &desk.colleague.auth).await;
    assert!(board.text.contains("na-herstart.png"), "{}", board.text);
}

async fn files_live_in_an_s3_compatible_store(backend: Backend) {
    let s3 = S3Server::start("loket-bijlagen").await;
    let mut settings: Vec<(&str, String)> = s3.settings();
    settings.extend(LIMITS.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let extra: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = spawn_app_with(backend, &extra).await;
    let desk = desk(&app).await;
    let ticket = file(&app, &desk.contact.auth, "Bijlagen in S3").await;

    // A file larger than one read chunk, streamed in and out.
    let log = "2026-11-30 10:00 WARN herhaalde poging 3 van 5 naar de bank\n".repeat(900);
    let reply = app.upload(&attachments(&ticket), &desk.contact.auth, "bank.log", log.as_bytes()).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let id = reply.body["id"].as_str().unwrap().to_owned();
    let (keys, open) = s3.keys().await;
    assert_eq!(keys, [format!("tickets/{}/{id}", ticket["id"].as_str().unwrap())]);
    assert_eq!(open, 0, "no multipart upload is left open");
    let download = app.download(&format!("{}/{id}", attachments(&ticket)), &desk.agent.auth).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.bytes, log.as_bytes());

    // Refused and oversized uploads leave no object and no open upload behind.
    let reply = app.upload(&attachments(&ticket), &desk.contact.auth, "setup.png", EXE).await;
    assert_eq!(reply.status, 415);
    let big = "x".repeat(70 * 1024);
    let reply = app.upload(&attachments(&ticket), &desk.contact.auth, "groot.txt", big.as_bytes()).await;
    assert_eq!(reply.status, 413, "{}", reply.text);
    let (keys, open) = s3.keys().await;
    assert_eq!(keys.len(), 1);
    assert_eq!(open, 0);
}
