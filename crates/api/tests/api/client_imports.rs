//! Client import (seed 002) over HTTP: a CSV and an XLSX read, checked row by row in the
//! background, previewed with each cell's problem, committed (chosen rows, a client
//! group) and re-imported as updates by external id; bad files refused with the reason;
//! a commit that fails half-way leaves nothing; who may see and do what.

use std::io::{Cursor, Write};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fixtures::{Fixture, Org, Person};
use crate::helpers::{Backend, TestApp, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    a_client_list_is_checked_previewed_committed_and_reimported,
    bad_files_are_refused_with_the_reason,
    a_commit_that_fails_half_way_writes_nothing,
);

pub struct Firm {
    pub fixture: Fixture,
    pub firm: Org,
    pub admin: Person,
}

pub async fn firm(app: &TestApp) -> Firm {
    let fixture = Fixture::new(app).await;
    let firm = fixture.partner(app, "Kantoor Van Dijk", "accountancy").await;
    let admin = fixture.person(app, &firm, "partner_admin", &[]).await;
    Firm { fixture, firm, admin }
}

const CSV: &str = "Relatienummer;Naam;KvK-nummer;Btw-nummer;Straat;Huisnummer;Postcode;Plaats;E-mailadres\n\
    R-1;Bakkerij De Korenschoof;12345678;NL123456789B01;Dorpsstraat;1;1234 AB;Utrecht;info@korenschoof.example\n\
    R-2;Fietsen Jansen;87654321;;;;;;\n\
    R-3;Slagerij Vers;1234;;;;;;info@\n\
    r-1;Dubbel;;;;;;;\n\
    R-5;=HYPERLINK(\"http://evil.example\");;;;;;;\n";

/// Polls the import until it is in `status` (up to 20 s).
pub async fn until(app: &TestApp, by: &Person, id: &str, status: &str) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let reply = app.get(&format!("/api/v1/client-imports/{id}"), &by.auth).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        if reply.body["status"] == status {
            return reply.body;
        }
        assert!(std::time::Instant::now() < deadline, "import never became {status}: {}", reply.text);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn upload(app: &TestApp, by: &Person, name: &str, bytes: &[u8]) -> String {
    let reply = app.upload("/api/v1/client-imports", &by.auth, name, bytes).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text);
    assert_eq!(reply.body["status"], "queued");
    reply.body["id"].as_str().unwrap().to_owned()
}

fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn codes(row: &Value) -> Vec<String> {
    row["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{}:{}", p["column"].as_str().unwrap(), p["code"].as_str().unwrap()))
        .collect()
}

async fn a_client_list_is_checked_previewed_committed_and_reimported(backend: Backend) {
    let app = spawn_app(backend).await;
    let Firm { fixture, firm, admin } = firm(&app).await;

    // Both templates, in both languages.
    let template = app.download("/api/v1/client-import-template?format=xlsx&language=en", &admin.auth).await;
    assert_eq!(template.status, StatusCode::OK);
    assert!(template.bytes.starts_with(b"PK"));
    let csv_template = app.download("/api/v1/client-import-template?format=csv", &admin.auth).await;
    assert!(String::from_utf8(csv_template.bytes).unwrap().contains("Relatienummer;Naam;KvK-nummer"));

    let id = upload(&app, &admin, "klanten.csv", CSV.as_bytes()).await;
    let ready = until(&app, &admin, &id, "ready").await;
    assert_eq!(
        (
            ready["total_rows"].as_i64(),
            ready["processed_rows"].as_i64(),
            ready["valid_rows"].as_i64(),
            ready["error_rows"].as_i64(),
            ready["new_rows"].as_i64()
        ),
        (Some(5), Some(5), Some(2), Some(3), Some(2)),
        "{ready}"
    );
    let errors = app.get(&format!("/api/v1/client-imports/{id}/rows?only=errors"), &admin.auth).await;
    let items = errors.body["items"].as_array().unwrap();
    assert_eq!(items.iter().map(|r| r["line"].as_i64().unwrap()).collect::<Vec<_>>(), vec![4, 5, 6], "{}", errors.text);
    assert_eq!(codes(&items[0]), vec!["coc_number:coc_number", "email:email"]);
    assert_eq!(codes(&items[1]), vec!["external_id:duplicate_in_file"]);
    assert!(items[1]["problems"][0]["message"].as_str().unwrap().contains("line 2"));
    assert_eq!(codes(&items[2]), vec!["name:formula"]);
    assert_eq!(items[0]["cells"]["name"], "Slagerij Vers");
    // The error report, in Dutch unless asked otherwise; a formula stays text.
    let report = app.download(&format!("/api/v1/client-imports/{id}/error-report"), &admin.auth).await;
    assert_eq!(report.status, StatusCode::OK);
    let report = String::from_utf8(report.bytes).unwrap();
    assert!(report.starts_with("\u{feff}Regel;Relatienummer;Naam;"), "{report}");
    assert!(report.contains("dezelfde waarde staat op regel 2"), "{report}");
    assert!(report.contains("'=HYPERLINK"), "{report}");
    assert_eq!(report.lines().count(), 4, "{report}");
    let english = app.download(&format!("/api/v1/client-imports/{id}/error-report?language=en"), &admin.auth).await;
    assert!(String::from_utf8(english.bytes).unwrap().contains("Line,External id,Name"));
    let page = app.get(&format!("/api/v1/client-imports/{id}/rows?only=valid&limit=1"), &admin.auth).await;
    assert_eq!(page.body["items"][0]["action"], "create");
    assert_eq!(page.body["next_after"], 2, "{}", page.text);

    // Commit one chosen row into a client group; a line with errors is refused first.
    let group = app
        .post(
            "/api/v1/permission-groups",
            &admin.auth,
            json!({"audience": "clients", "name": "Cliënten met alle rechten", "permissions": []}),
        )
        .await;
    assert_eq!(group.status, StatusCode::CREATED, "{}", group.text);
    let commit = format!("/api/v1/client-imports/{id}/commit");
    let wrong = app.post(&commit, &admin.auth, json!({"lines": [2, 4, 2]})).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.text);
    let fields: Vec<&str> =
        wrong.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["lines[1]", "lines[2]"]);
    let both = app.post(&commit, &admin.auth, json!({"lines": [2], "except_lines": [3]})).await;
    assert_eq!(both.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", both.text);
    assert_eq!(both.body["errors"][0]["field"], "except_lines");
    let started = app.post(&commit, &admin.auth, json!({"except_lines": [3], "group_id": group.body["id"]})).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text);
    let done = until(&app, &admin, &id, "committed").await;
    assert_eq!((done["created_count"].as_i64(), done["updated_count"].as_i64()), (Some(1), Some(0)));
    let again = app.post(&commit, &admin.auth, json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    let clients = app.get("/api/v1/organisations?q=korenschoof", &admin.auth).await;
    let client = &clients.body["items"][0];
    assert_eq!(
        (client["coc_number"].as_str(), client["managing_partner_id"].as_str()),
        (Some("12345678"), Some(firm.id.as_str()))
    );
    let client_id = client["id"].as_str().unwrap().to_owned();
    let history = app
        .get(&format!("/api/v1/audit-events?entity_type=organisation&entity_id={client_id}"), &fixture.admin.auth)
        .await;
    assert!(history.text.contains("Dorpsstraat"), "the partner's record is in the client's history: {}", history.text);

    // The firm's CRM listens for changes to its clients.
    let hook = app
        .post(
            "/api/v1/webhooks",
            &admin.auth,
            json!({"organisation_id": firm.id, "url": "https://crm.vandijk.example/hooks", "event_types": ["organisation.updated"]}),
        )
        .await;
    assert_eq!(hook.status, StatusCode::CREATED, "{}", hook.text);

    // Re-import as XLSX: R-1 (any case) is updated, R-2 now created; nothing doubles.
    let workbook = xlsx(&[
        &["External id", "Name", "Chamber of Commerce number", "City", "Street", "House number", "Postcode"],
        &["r-1", "Bakkerij De Korenschoof B.V.", "12345678", "Utrecht", "Dorpsstraat", "3", "1234AB"],
        &["R-2", "Fietsen Jansen", "87654321"],
    ]);
    let second = upload(&app, &admin, "klanten.xlsx", &workbook).await;
    let ready = until(&app, &admin, &second, "ready").await;
    assert_eq!(
        (ready["new_rows"].as_i64(), ready["update_rows"].as_i64(), ready["format"].as_str()),
        (Some(1), Some(1), Some("xlsx"))
    );
    let rows = app.get(&format!("/api/v1/client-imports/{second}/rows"), &admin.auth).await;
    assert_eq!(rows.body["items"][0]["action"], "update");
    assert_eq!(rows.body["items"][0]["existing_id"], client_id.as_str());
    let started = app.post(&format!("/api/v1/client-imports/{second}/commit"), &admin.auth, json!({})).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text);
    let done = until(&app, &admin, &second, "committed").await;
    assert_eq!((done["created_count"].as_i64(), done["updated_count"].as_i64()), (Some(1), Some(1)));
    let clients = app.get(&format!("/api/v1/organisations?managing_partner_id={}", firm.id), &admin.auth).await;
    let names: Vec<&str> =
        clients.body["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Bakkerij De Korenschoof B.V."), "{names:?}");
    // The update is told to the CRM as an edit by hand would be.
    let deliveries = app
        .get(&format!("/api/v1/webhooks/{}/deliveries", hook.body["endpoint"]["id"].as_str().unwrap()), &admin.auth)
        .await;
    assert_eq!(deliveries.status, StatusCode::OK, "{}", deliveries.text);
    let events: Vec<&str> =
        deliveries.body["items"].as_array().unwrap().iter().map(|d| d["event_type"].as_str().unwrap()).collect();
    assert_eq!(events, ["organisation.updated"], "{}", deliveries.text);

    // The firm's imports; who else sees them.
    let list = app.get("/api/v1/client-imports", &admin.auth).await;
    assert_eq!(list.body.as_array().unwrap().len(), 2);
    let colleague = fixture.person(&app, &firm, "partner_user", &[]).await;
    assert_eq!(app.get(&format!("/api/v1/client-imports/{id}"), &colleague.auth).await.status, StatusCode::FORBIDDEN);
    let other = fixture.partner(&app, "Noordbank", "bank").await;
    let stranger = fixture.person(&app, &other, "partner_admin", &[]).await;
    assert_eq!(app.get(&format!("/api/v1/client-imports/{id}"), &stranger.auth).await.status, StatusCode::NOT_FOUND);
    assert!(app.get("/api/v1/client-imports", &stranger.auth).await.body.as_array().unwrap().is_empty());
    let agent = fixture.person(&app, &fixture.vendor, "agent", &[]).await;
    assert_eq!(app.get(&format!("/api/v1/client-imports/{id}/rows"), &agent.auth).await.status, StatusCode::OK);
    let cancel = app.request(Method::DELETE, &format!("/api/v1/client-imports/{id}"), &agent.auth, None).await;
    assert_eq!(cancel.status, StatusCode::FORBIDDEN, "{}", cancel.text);
}

fn zip_bomb() -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let spaces = vec![b' '; 1024 * 1024];
        for _ in 0..80 {
            zip.write_all(&spaces).unwrap();
        }
        zip.finish().unwrap();
    }
    bytes
}

async fn bad_files_are_refused_with_the_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let Firm { admin, .. } = firm(&app).await;
    let refused = |name: &'static str, bytes: Vec<u8>, status: StatusCode, code: &'static str| {
        let app = &app;
        let admin = &admin;
        async move {
            let reply = app.upload("/api/v1/client-imports", &admin.auth, name, &bytes).await;
            assert_eq!(reply.status, status, "{name}: {}", reply.text);
            assert_eq!(reply.header("content-type"), Some("application/problem+json"), "{name}");
            assert!(reply.text.contains(code), "{name}: {}", reply.text);
        }
    };
    let unsupported = StatusCode::UNSUPPORTED_MEDIA_TYPE;
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    refused("scan.pdf", crate::documents::PDF.to_vec(), unsupported, "not a spreadsheet").await;
    refused("oud.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old excel".to_vec(), unsupported, ".xlsx").await;
    refused("kapot.xlsx", b"PK\x03\x04 broken".to_vec(), invalid, "damaged").await;
    refused("bom.xlsx", zip_bomb(), invalid, "too_large_unpacked").await;
    refused("leeg.csv", b"Relatienummer;Naam\n\n".to_vec(), invalid, "no_rows").await;
    refused("kolommen.csv", b"Naam;Omzet\nJansen;12\n".to_vec(), invalid, "unknown_columns").await;
    refused("kolommen.csv", b"Naam;Omzet\nJansen;12\n".to_vec(), invalid, "missing_columns").await;
    let mut many = String::from("Relatienummer;Naam\n");
    for i in 0..20_001 {
        many.push_str(&format!("{i};Klant {i}\n"));
    }
    refused("veel.csv", many.into_bytes(), invalid, "too_many_rows").await;
    refused("groot.csv", vec![b'a'; 10 * 1024 * 1024 + 1], StatusCode::PAYLOAD_TOO_LARGE, "10 MiB").await;

    // A million empty lines under two clients are no problem and no wait.
    let mut sparse = String::from("Relatienummer;Naam\n1;Jansen\n");
    sparse.push_str(&";\n".repeat(1_000_000));
    sparse.push_str("2;Pietersen\n");
    let id = upload(&app, &admin, "leeg.csv", sparse.as_bytes()).await;
    let ready = until(&app, &admin, &id, "ready").await;
    assert_eq!((ready["total_rows"].as_i64(), ready["valid_rows"].as_i64()), (Some(2), Some(2)));
    let rows = app.get(&format!("/api/v1/client-imports/{id}/rows"), &admin.auth).await;
    assert_eq!(rows.body["items"][1]["line"], 1_000_003);

    // Cancelled: gone from work, and no second time.
    let path = format!("/api/v1/client-imports/{id}");
    assert_eq!(app.request(Method::DELETE, &path, &admin.auth, None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&path, &admin.auth).await.body["status"], "cancelled");
    assert!(app.get(&format!("{path}/rows"), &admin.auth).await.body["items"].as_array().unwrap().is_empty());
    assert_eq!(app.request(Method::DELETE, &path, &admin.auth, None).await.status, StatusCode::CONFLICT);
    let commit = app.post(&format!("{path}/commit"), &admin.auth, json!({})).await;
    assert_eq!(commit.status, StatusCode::CONFLICT, "{}", commit.text);
}

async fn a_commit_that_fails_half_way_writes_nothing(backend: Backend) {
    use loket_api::db::entities::client_import_rows;
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};

    let app = spawn_app(backend).await;
    let Firm { admin, firm, .. } = firm(&app).await;
    let id = upload(&app, &admin, "klanten.csv", b"Relatienummer;Naam\nA;Eerste\nB;Tweede\n").await;
    until(&app, &admin, &id, "ready").await;
    // Make the second row claim the first one's number behind the checks' back: its
    // insert then breaks the unique key after the first client was written.
    let import_id: uuid::Uuid = id.parse().unwrap();
    let row = client_import_rows::Entity::find_by_id((import_id, 3)).one(&app.state.db).await.unwrap().unwrap();
    let mut row: client_import_rows::ActiveModel = row.into();
    row.record = Set(Some(row.record.take().flatten().unwrap().replace("\"B\"", "\"A\"")));
    row.update(&app.state.db).await.unwrap();

    let started = app.post(&format!("/api/v1/client-imports/{id}/commit"), &admin.auth, json!({})).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text);
    let failed = until(&app, &admin, &id, "failed").await;
    assert!(failed["failure"].as_str().unwrap().contains("nothing was written"), "{failed}");
    let clients = app.get(&format!("/api/v1/organisations?managing_partner_id={}", firm.id), &admin.auth).await;
    assert!(clients.body["items"].as_array().unwrap().is_empty(), "half an import landed: {}", clients.text);
}
