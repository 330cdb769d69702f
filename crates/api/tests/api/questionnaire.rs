//! The new-customer questionnaire over HTTP: bound to the version in force when the
//! helpdesk accepted the case, saved as drafts by the client's superuser (checked answer
//! by answer, under If-Match), submitted once complete (which moves the case on to its
//! contracts and tells the partner), and versioned by the vendor administrator.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fixtures::Fixture;
use crate::helpers::{Auth, Backend, Reply, TestApp, spawn_app};
use crate::install_requests::request_body;
use crate::on_both_databases;

on_both_databases!(the_client_drafts_and_submits_its_questionnaire, new_versions_apply_to_new_cases);

/// A case accepted by the helpdesk, and its client's superuser signed in.
pub async fn accepted_case(app: &TestApp, partner: &Auth, agent: &Auth, coc: &str, email: &str) -> (String, Auth) {
    let mut body = request_body("Bakkerij De Korenschoof B.V.", coc);
    body["partner_fields"] = json!({});
    body["contacts"]["general"]["email"] = json!(email);
    let filed = app.post("/api/v1/install-requests", partner, body).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    let id = filed.body["id"].as_str().unwrap().to_owned();
    let accepted = app.post(&format!("/api/v1/install-requests/{id}/accept"), agent, json!({})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    app.drain_outbox().await;
    let token = app.last_mail_to(email).await.token();
    let set = app
        .post("/api/v1/auth/invitations/accept", &Auth::None, json!({"token": token, "password": "Vragenlijst-2026!"}))
        .await;
    assert!(set.status.is_success(), "{}", set.text);
    (id, app.bearer(email, "Vragenlijst-2026!").await)
}

/// A case whose client submitted the standard questionnaire: at its contracts.
pub async fn case_at_contracts(app: &TestApp, partner: &Auth, agent: &Auth, coc: &str, email: &str) -> (String, Auth) {
    let (id, client) = accepted_case(app, partner, agent, coc, email).await;
    let person = json!({"name": "Karin de Boer", "email": email, "phone": "06 1234 5678", "role": "administrator"});
    let answers = json!({"answers": {"people": [person], "administrations": "2-5", "fiscal_year_start": "2027-01-01", "server_hosted": false}});
    let path = format!("/api/v1/install-requests/{id}/questionnaire");
    let submitted = submit(app, &path, &client, 1, answers).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    (id, client)
}

async fn put(app: &TestApp, path: &str, auth: &Auth, version: i64, body: Value) -> Reply {
    let tag = format!("\"{version}\"");
    app.request_with(&app.client, Method::PUT, path, auth, Some(body), &[("if-match", &tag)]).await
}

async fn submit(app: &TestApp, path: &str, auth: &Auth, version: i64, body: Value) -> Reply {
    let tag = format!("\"{version}\"");
    app.request_with(&app.client, Method::POST, &format!("{path}/submit"), auth, Some(body), &[("if-match", &tag)])
        .await
}

async fn the_client_drafts_and_submits_its_questionnaire(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = fx.partner(&app, "Noordbank N.V.", "bank").await;
    let partner = fx.person(&app, &bank, "partner_admin", &[]).await;
    let agent = fx.person(&app, &fx.vendor, "agent", &[]).await.auth;
    let (id, client) = accepted_case(&app, &partner.auth, &agent, "56781234", "karin@korenschoof.example").await;
    let path = format!("/api/v1/install-requests/{id}/questionnaire");

    let opened = app.get(&path, &client).await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.text);
    assert_eq!(
        (opened.body["questionnaire_version"].as_i64(), opened.body["status"].as_str()),
        (Some(0), Some("draft"))
    );
    assert_eq!(opened.header("etag"), Some("\"1\""));
    assert!(opened.body["sections"].as_array().unwrap().len() >= 2);
    // The partner follows, but does not answer.
    assert_eq!(app.get(&path, &partner.auth).await.status, StatusCode::OK);
    assert_eq!(put(&app, &path, &partner.auth, 1, json!({"answers": {}})).await.status, StatusCode::FORBIDDEN);

    // A draft is checked for what it holds, answer by answer.
    let person = |name: &str, email: &str, phone: &str| json!({"name": name, "email": email, "phone": phone, "role": "administrator"});
    let wrong = json!({"answers": {"people": [person("Karin de Boer", "karin@korenschoof.example", "12")], "fiscal_year_start": "morgen"}});
    let refused = put(&app, &path, &client, 1, wrong).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    let fields: Vec<&str> =
        refused.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["answers.people[0].phone", "answers.fiscal_year_start"]);
    let mut piet = person("Piet Planner", "piet@korenschoof.example", "06 8765 4321");
    piet["role"] = json!("user");
    let draft =
        json!({"answers": {"people": [person("Karin de Boer", "karin@korenschoof.example", "06 1234 5678"), piet]}});
    let saved = put(&app, &path, &client, 1, draft.clone()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.body["answers"]["people"][0]["phone"], "+31612345678");
    assert_eq!(saved.body["version"], 2);
    let stale = put(&app, &path, &client, 1, draft).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.body["current"]["version"], 2);

    // Submitting needs every required answer.
    let incomplete = submit(&app, &path, &client, 2, json!({"answers": saved.body["answers"].clone()})).await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing: Vec<&str> =
        incomplete.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(missing, ["answers.administrations", "answers.fiscal_year_start", "answers.server_hosted"]);
    let mut complete = saved.body["answers"].clone();
    complete["administrations"] = json!("2-5");
    complete["fiscal_year_start"] = json!("2027-01-01");
    complete["server_hosted"] = json!(false);
    let submitted = submit(&app, &path, &client, 2, json!({"answers": complete})).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    assert_eq!(submitted.body["status"], "submitted");
    let case = app.get(&format!("/api/v1/install-requests/{id}"), &partner.auth).await;
    assert_eq!(case.body["step"], "contracts", "the case moves on to its contracts");
    let again = put(&app, &path, &client, 3, json!({"answers": {}})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "a submitted questionnaire no longer changes");
    let timeline = app.get(&format!("/api/v1/install-requests/{id}/timeline"), &partner.auth).await;
    let last = timeline.body["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["kind"].as_str(), last["to_step"].as_str()), (Some("questionnaire_submitted"), Some("contracts")));
    app.drain_outbox().await;
    let told = app.mails().await.into_iter().filter(|m| m.to == partner.email).map(|m| m.subject).collect::<Vec<_>>();
    assert!(told.iter().any(|s| s.contains("Vragenlijst") || s.contains("Questionnaire")), "{told:?}");

    // The helpdesk invites the listed people in one step; asking again invites nobody twice.
    let invite = format!("{path}/invitations");
    let by_client = app.post(&invite, &client, json!({})).await;
    assert_eq!(by_client.status, StatusCode::FORBIDDEN);
    let invited = app.post(&invite, &agent, json!({})).await;
    assert_eq!(invited.status, StatusCode::OK, "{}", invited.text);
    // Karin is the superuser already: nothing to do for her; Piet is invited as a user.
    let outcomes: Vec<(&str, &str)> = invited.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["email"].as_str().unwrap(), i["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(outcomes, [("karin@korenschoof.example", "already_user"), ("piet@korenschoof.example", "invited")]);
    app.drain_outbox().await;
    assert!(app.last_mail_to("piet@korenschoof.example").await.link().contains("#token="));
    let users = app.get("/api/v1/users?q=piet", &client).await;
    assert_eq!(users.body["items"][0]["role"], "client_user");
    let twice = app.post(&invite, &agent, json!({})).await;
    assert!(twice.body["items"].as_array().unwrap().iter().all(|i| i["outcome"] == "already_user"), "{}", twice.text);
}

async fn new_versions_apply_to_new_cases(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = fx.partner(&app, "Noordbank N.V.", "bank").await;
    let partner = fx.person(&app, &bank, "partner_user", &[]).await.auth;
    let agent = fx.person(&app, &fx.vendor, "agent", &[]).await.auth;
    let (first, first_client) = accepted_case(&app, &partner, &agent, "11112222", "een@klant.example").await;

    let standard = app.get("/api/v1/questionnaire", &agent).await;
    assert_eq!((standard.body["version"].as_i64(), standard.header("etag")), (Some(0), Some("\"0\"")));
    let question = json!({"key": "branches", "label_nl": "Aantal vestigingen", "label_en": "Number of branches",
        "kind": {"type": "choice", "options": ["1", "2 of meer"]}, "required": true});
    let body = json!({"sections": [{"title_nl": "Bedrijf", "title_en": "Company", "questions": [question]}]});
    let by_agent = put(&app, "/api/v1/questionnaire", &agent, 0, body.clone()).await;
    assert_eq!(by_agent.status, StatusCode::FORBIDDEN);
    let mut twice = body.clone();
    twice["sections"][0]["questions"] = json!([question, question]);
    let duplicate = put(&app, "/api/v1/questionnaire", &fx.admin.auth, 0, twice).await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(duplicate.body["errors"][0]["field"], "sections[0].questions[1].key");
    let saved = put(&app, "/api/v1/questionnaire", &fx.admin.auth, 0, body.clone()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.body["version"], 1);
    let stale = put(&app, "/api/v1/questionnaire", &fx.admin.auth, 0, body).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);

    // The first case keeps the version it started with; a new case answers the new one.
    let old = app.get(&format!("/api/v1/install-requests/{first}/questionnaire"), &first_client).await;
    assert_eq!(old.body["questionnaire_version"], 0);
    let (second, second_client) = accepted_case(&app, &partner, &agent, "33334444", "twee@klant.example").await;
    let path = format!("/api/v1/install-requests/{second}/questionnaire");
    let new = app.get(&path, &second_client).await;
    assert_eq!(new.body["questionnaire_version"], 1);
    let done = submit(&app, &path, &second_client, 1, json!({"answers": {"branches": "2 of meer"}})).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    // Not accepted yet: no questionnaire.
    let mut body = request_body("Nog niet", "55556666");
    body["partner_fields"] = json!({});
    let waiting = app.post("/api/v1/install-requests", &partner, body).await;
    let none = app
        .get(&format!("/api/v1/install-requests/{}/questionnaire", waiting.body["id"].as_str().unwrap()), &agent)
        .await;
    assert_eq!(none.status, StatusCode::CONFLICT);
}
