//! The contracts of an install case over HTTP: recorded by the helpdesk once the client
//! submitted the questionnaire, one per company (numbers unique, a company once per
//! case until its contract ends), terms fixed once in force, status only forward, read
//! by the partner and the client, audited in the case's history.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fixtures::Fixture;
use crate::helpers::{Auth, Backend, Reply, TestApp, spawn_app};
use crate::on_both_databases;
use crate::questionnaire::{accepted_case, case_at_contracts};

on_both_databases!(the_helpdesk_records_a_contract_per_company);

async fn patch(app: &TestApp, path: &str, auth: &Auth, version: i64, body: Value) -> Reply {
    let tag = format!("\"{version}\"");
    app.request_with(&app.client, Method::PATCH, path, auth, Some(body), &[("if-match", &tag)]).await
}

/// Records a contract in force for company `coc` of case `id`.
pub async fn active_contract(app: &TestApp, agent: &Auth, id: &str, number: &str, coc: &str) {
    let today = Utc::now().date_naive().to_string();
    let body = json!({"number": number, "company_name": "Onderneming", "coc_number": coc, "start_date": today, "status": "active"});
    let made = app.post(&format!("/api/v1/install-requests/{id}/contracts"), agent, body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
}

fn fields(reply: &Reply) -> Vec<&str> {
    reply.body["errors"].as_array().map_or(Vec::new(), |e| e.iter().filter_map(|e| e["field"].as_str()).collect())
}

async fn the_helpdesk_records_a_contract_per_company(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = fx.partner(&app, "Noordbank N.V.", "bank").await;
    let factor = fx.partner(&app, "Factorhuis B.V.", "factoring").await;
    let partner = fx.person(&app, &bank, "partner_admin", &[]).await;
    let agent = fx.person(&app, &fx.vendor, "agent", &[]).await.auth;
    let today = Utc::now().date_naive();
    let contract = |number: &str, coc: &str| json!({"number": number, "company_name": "Bakkerij De Korenschoof B.V.", "coc_number": coc, "start_date": today.to_string()});

    // Before the questionnaire is in, there is nothing to contract yet.
    let (early, _) = accepted_case(&app, &partner.auth, &agent, "87654321", "vroeg@korenschoof.example").await;
    let refused =
        app.post(&format!("/api/v1/install-requests/{early}/contracts"), &agent, contract("CT-1", "87654321")).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    assert_eq!(refused.body["code"], "invalid_transition");

    let (id, client) = case_at_contracts(&app, &partner.auth, &agent, "56781234", "karin@korenschoof.example").await;
    let path = format!("/api/v1/install-requests/{id}/contracts");
    let empty = app.get(&path, &agent).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text);
    assert_eq!(
        (empty.body["items"].as_array().map(Vec::len), empty.body["complete"].as_bool()),
        (Some(0), Some(false))
    );

    // Every problem at once, each by its field.
    let mut wrong = contract("-CT1", "1234567890");
    wrong["start_date"] = json!((today - Duration::days(400)).to_string());
    wrong["status"] = json!("ended");
    wrong["partner_id"] = json!(fx.vendor.id);
    let invalid = app.post(&path, &agent, wrong).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", invalid.text);
    let mut named = fields(&invalid);
    named.sort_unstable();
    assert_eq!(named, ["coc_number", "number", "partner_id", "start_date", "status"]);
    assert_eq!(app.post(&path, &partner.auth, contract("CT-9", "56781234")).await.status, StatusCode::FORBIDDEN);

    // A draft for the bakery, received by the partner that filed the request.
    let first = app.post(&path, &agent, contract("ct-2026-0001", "5678 1234")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.header("etag"), Some("\"1\""));
    let expect =
        (Some("CT-2026-0001"), Some("56781234"), Some("draft"), Some(bank.id.as_str()), Some("Noordbank N.V."));
    let got = (
        first.body["number"].as_str(),
        first.body["coc_number"].as_str(),
        first.body["status"].as_str(),
        first.body["partner_id"].as_str(),
        first.body["partner_name"].as_str(),
    );
    assert_eq!(got, expect);
    let taken = app.post(&path, &agent, contract("CT-2026-0001", "11223344")).await;
    assert_eq!((taken.status, fields(&taken)), (StatusCode::CONFLICT, vec!["number"]), "{}", taken.text);
    let twice = app.post(&path, &agent, contract("CT-2026-0099", "56781234")).await;
    assert_eq!((twice.status, fields(&twice)), (StatusCode::CONFLICT, vec!["coc_number"]), "{}", twice.text);

    // The holding's second company sends to the factoring partner, in force at once.
    let mut holding = contract("CT-2026-0002", "11223344");
    holding["company_name"] = json!("Korenschoof Holding B.V.");
    holding["partner_id"] = json!(factor.id);
    holding["status"] = json!("active");
    let second = app.post(&path, &agent, holding).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text);
    assert_eq!(second.body["partner_name"], "Factorhuis B.V.");
    assert_eq!(app.get(&path, &agent).await.body["complete"], false, "the bakery's contract is a draft");

    // A draft's terms change; then it goes into force, and its terms are fixed.
    let one = format!("{path}/{}", first.body["id"].as_str().unwrap());
    let moved = patch(&app, &one, &agent, 1, json!({"start_date": (today + Duration::days(14)).to_string()})).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(patch(&app, &one, &agent, 1, json!({"status": "active"})).await.status, StatusCode::PRECONDITION_FAILED);
    let active = patch(&app, &one, &agent, 2, json!({"status": "active"})).await;
    assert_eq!((active.status, active.body["status"].as_str()), (StatusCode::OK, Some("active")), "{}", active.text);
    let fixed = patch(&app, &one, &agent, 3, json!({"number": "CT-2026-0003"})).await;
    assert_eq!((fixed.status, fields(&fixed)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["status"]), "{}", fixed.text);
    let back = patch(&app, &one, &agent, 3, json!({"status": "draft"})).await;
    assert_eq!(back.status, StatusCode::UNPROCESSABLE_ENTITY, "nothing comes back: {}", back.text);
    let same = patch(&app, &one, &agent, 3, json!({"status": "active"})).await;
    assert_eq!((same.status, same.body["version"].as_i64()), (StatusCode::OK, Some(3)), "no change, no new version");

    // Complete: the partner and the client read it too.
    for reader in [&agent, &partner.auth, &client] {
        let list = app.get(&path, reader).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.text);
        assert_eq!(
            (list.body["items"].as_array().map(Vec::len), list.body["complete"].as_bool()),
            (Some(2), Some(true))
        );
    }

    // An ended contract is history: the company may get a new one, which is a draft again.
    let holding_path = format!("{path}/{}", second.body["id"].as_str().unwrap());
    let ended = patch(&app, &holding_path, &agent, 1, json!({"status": "ended"})).await;
    assert_eq!(ended.body["status"], "ended", "{}", ended.text);
    assert_eq!(app.get(&path, &agent).await.body["complete"], true, "ended contracts do not count");
    let renewed = app.post(&path, &agent, contract("CT-2026-0004", "11223344")).await;
    assert_eq!(renewed.status, StatusCode::CREATED, "{}", renewed.text);
    assert_eq!(app.get(&path, &agent).await.body["complete"], false);

    // Each change is in the case's history.
    let query = format!("subject_type=install_request&subject_id={id}&entity_type=contract&limit=50");
    let history = app.get(&format!("/api/v1/audit-events?{query}"), &fx.admin.auth).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    assert_eq!(history.body["items"].as_array().map(Vec::len), Some(6), "{}", history.text);
}
