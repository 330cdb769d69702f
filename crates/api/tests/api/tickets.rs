//! The support desk through HTTP: filing, approval by contact persons, the message
//! board and its internal notes, the helpdesk's changes, and the e-mails they cause.

use reqwest::Method;
use serde_json::{Value, json};

use crate::fixtures::{Fixture, Org, Person};
use crate::helpers::{Auth, Backend, TestApp, spawn_app};
use crate::on_both_databases;

/// A vendor with an agent, a client with a contact person and a colleague who is not
/// one, and a second client.
pub(crate) struct Desk {
    pub fixture: Fixture,
    pub agent: Person,
    pub client: Org,
    pub contact: Person,
    pub colleague: Person,
    pub other_client_user: Person,
    pub partner_admin: Person,
}

impl Desk {
    /// Fixture people are named after their role.
    fn contact_name(&self) -> String {
        "Test client_user".to_owned()
    }
}

pub(crate) async fn desk(app: &TestApp) -> Desk {
    let fixture = Fixture::new(app).await;
    let agent = fixture.person(app, &fixture.vendor, "agent", &[]).await;
    let partner = fixture.partner(app, "Noordbank", "bank").await;
    let partner_admin = fixture.person(app, &partner, "partner_admin", &[]).await;
    let client = fixture.client(app, "Bakkerij Korenschoof", Some(&partner), None).await;
    let contact = fixture.contact_person(app, &client, "client_user").await;
    let colleague = fixture.person(app, &client, "client_user", &[]).await;
    let other = fixture.client(app, "Van Dijk Transport", None, None).await;
    let other_client_user = fixture.contact_person(app, &other, "client_superuser").await;
    Desk { fixture, agent, client, contact, colleague, other_client_user, partner_admin }
}

fn new_ticket(title: &str) -> Value {
    json!({
        "title": title,
        "description": "De factuurrun stopt bij klant 1040.\nDaarna gebeurt er niets meer.",
        "module": "Facturatie (MFACT)",
        "affected_user": "Jan",
        "error_message": "E1042: periode is afgesloten",
        "steps_before": "Periode 11 afgesloten",
        "priority": "high",
    })
}

pub(crate) async fn file(app: &TestApp, who: &Auth, title: &str) -> Value {
    let reply = app.post("/api/v1/tickets", who, new_ticket(title)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.body
}

/// The e-mail to `address` whose subject contains `subject` (mails of one moment are
/// delivered in any order, so tests pick them by what they are about).
pub(crate) async fn mail(app: &TestApp, address: &str, subject: &str) -> crate::helpers::Mail {
    let mails = app.mails().await;
    mails
        .into_iter()
        .rev()
        .find(|m| m.to.contains(address) && m.subject.contains(subject))
        .unwrap_or_else(|| panic!("no e-mail to {address} about {subject:?}"))
}

pub(crate) fn path(ticket: &Value) -> String {
    format!("/api/v1/tickets/{}", ticket["id"].as_str().unwrap())
}

pub(crate) async fn patch(app: &TestApp, who: &Auth, ticket: &Value, body: Value) -> crate::helpers::Reply {
    let version = format!("\"{}\"", ticket["version"]);
    app.request_with(&app.client, Method::PATCH, &path(ticket), who, Some(body), &[("if-match", &version)]).await
}

async fn ids_in(app: &TestApp, who: &Auth, query: &str) -> Vec<String> {
    let reply = app.get(&format!("/api/v1/tickets{query}"), who).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["items"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_owned()).collect()
}

async fn a_contact_person_files_and_gets_the_number_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let ticket = file(&app, &desk.contact.auth, "Factuurrun stopt").await;
    let number = ticket["number"].as_str().unwrap();
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(number.starts_with(&format!("T-{year}-")) && number.len() == 13, "{number}");
    assert_eq!(ticket["status"], "new");
    assert_eq!(ticket["ticket_type"], "question", "every ticket starts as a question");
    assert_eq!(ticket["priority"], "high");
    assert_eq!(ticket["module"], "Facturatie (MFACT)");
    assert_eq!(ticket["organisation_name"], "Bakkerij Korenschoof");
    assert_eq!(ticket["sla"]["first_response"]["target_minutes"], 240);
    assert!(["running", "breached"].contains(&ticket["sla"]["first_response"]["state"].as_str().unwrap()));

    let mail = mail(&app, &desk.contact.email, "ontvangen").await;
    assert!(mail.subject.contains(number), "{}", mail.subject);
    assert!(mail.text.contains(&format!("{}/tickets/{}", app.address, ticket["id"].as_str().unwrap())));

    // The helpdesk finds it in the unassigned queue; the customer in their list.
    assert!(
        ids_in(&app, &desk.agent.auth, "?queue=unassigned").await.contains(&ticket["id"].as_str().unwrap().to_owned())
    );
    assert_eq!(ids_in(&app, &desk.colleague.auth, "").await, vec![ticket["id"].as_str().unwrap().to_owned()]);
    let reply = app.get(&path(&ticket), &desk.agent.auth).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("etag"), Some("\"1\""));
}

async fn numbers_stay_unique_when_filed_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let filings = (0..12).map(|i| {
        let (app, auth) = (&app, desk.contact.auth.clone());
        async move { app.post("/api/v1/tickets", &auth, new_ticket(&format!("Tegelijk {i}"))).await }
    });
    let replies = futures_util::future::join_all(filings).await;
    let mut numbers: Vec<String> = replies
        .iter()
        .map(|r| {
            assert_eq!(r.status, 201, "{}", r.text);
            r.body["number"].as_str().unwrap().to_owned()
        })
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 12, "every ticket has its own number");
    let last: u32 = numbers.last().unwrap().rsplit('-').next().unwrap().parse().unwrap();
    assert_eq!(last, 12, "numbers count up without gaps: {numbers:?}");
}

async fn a_colleagues_ticket_waits_for_a_contact_person(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let ticket = file(&app, &desk.colleague.auth, "Kan niet inloggen").await;
    assert_eq!(ticket["status"], "awaiting_approval");
    assert!(ticket["sla"].is_null(), "no clock runs before approval");
    let id = ticket["id"].as_str().unwrap().to_owned();

    // The helpdesk does not see it anywhere.
    assert_eq!(app.get(&path(&ticket), &desk.agent.auth).await.status, 404);
    assert!(!ids_in(&app, &desk.agent.auth, "?all=true").await.contains(&id));
    assert_eq!(
        app.post(&format!("{}/messages", path(&ticket)), &desk.agent.auth, json!({"body": "?"})).await.status,
        404
    );
    // The requester and the contact person do; the requester cannot approve it.
    assert!(ids_in(&app, &desk.contact.auth, "").await.contains(&id));
    let own = app.post(&format!("{}/approve", path(&ticket)), &desk.colleague.auth, json!({})).await;
    assert_eq!(own.status, 403, "{}", own.text);
    let approval_mail = mail(&app, &desk.contact.email, "Akkoord gevraagd").await;
    assert!(approval_mail.text.contains("akkoord"), "{}", approval_mail.text);

    let approved = app.post(&format!("{}/approve", path(&ticket)), &desk.contact.auth, json!({})).await;
    assert_eq!(approved.status, 200, "{}", approved.text);
    assert_eq!(approved.body["status"], "new");
    assert_eq!(approved.body["sla"]["resolution"]["state"].as_str().map(|s| s != "met"), Some(true));
    let told = mail(&app, &desk.colleague.email, "goedgekeurd").await;
    assert!(told.text.contains(&desk.contact_name()), "{}", told.text);
    assert_eq!(app.get(&path(&ticket), &desk.agent.auth).await.status, 200);
    let again = app.post(&format!("{}/approve", path(&ticket)), &desk.contact.auth, json!({})).await;
    assert_eq!(again.status, 409);
    assert_eq!(again.body["code"], "invalid_transition");

    // Declining needs a reason, and the requester hears it.
    let second = file(&app, &desk.colleague.auth, "Tweede vraag").await;
    let no_reason = app.post(&format!("{}/decline", path(&second)), &desk.contact.auth, json!({"reason": "  "})).await;
    assert_eq!(no_reason.status, 422);
    let declined = app
        .post(&format!("{}/decline", path(&second)), &desk.contact.auth, json!({"reason": "Dit regel ik zelf."}))
        .await;
    assert_eq!(declined.status, 200, "{}", declined.text);
    assert_eq!(declined.body["status"], "declined");
    assert_eq!(declined.body["decline_reason"], "Dit regel ik zelf.");
    let told = mail(&app, &desk.colleague.email, "afgewezen").await;
    assert!(told.text.contains("Dit regel ik zelf."));
    assert_eq!(app.get(&path(&second), &desk.agent.auth).await.status, 404);
}

async fn the_board_keeps_internal_notes_from_customers(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let ticket = file(&app, &desk.contact.auth, "Export naar Twinfield").await;
    let messages = format!("{}/messages", path(&ticket));

    let note =
        app.post(&messages, &desk.agent.auth, json!({"body": "GEHEIM: klant betaalt niet", "internal": true})).await;
    assert_eq!(note.status, 201, "{}", note.text);
    let refused = app.post(&messages, &desk.contact.auth, json!({"body": "mag ik?", "internal": true})).await;
    assert_eq!(refused.status, 403);
    let reply = app.post(&messages, &desk.agent.auth, json!({"body": "We kijken ernaar."})).await;
    assert_eq!(reply.status, 201);

    let seen = app.get(&messages, &desk.contact.auth).await;
    assert_eq!(seen.status, 200);
    assert_eq!(seen.body.as_array().unwrap().len(), 1);
    assert!(!seen.text.contains("GEHEIM"));
    let staff = app.get(&messages, &desk.agent.auth).await;
    assert_eq!(staff.body.as_array().unwrap().len(), 2);

    // The first public reply took the ticket up and met the first-response clock.
    let now = app.get(&path(&ticket), &desk.contact.auth).await;
    assert_eq!(now.body["status"], "open");
    assert_eq!(now.body["sla"]["first_response"]["state"], "met");

    // No mail, no audit entry a customer reads, no list answer carries the note.
    for mail in app.mails().await {
        assert!(!mail.text.contains("GEHEIM") && !mail.html.contains("GEHEIM"), "{}", mail.subject);
    }
    let reply_mail = mail(&app, &desk.contact.email, "Nieuw bericht").await;
    assert!(reply_mail.text.contains("We kijken ernaar."), "the message is in the mail");
    let superuser = desk.fixture.person(&app, &desk.client, "client_superuser", &[]).await;
    let audit = app.get("/api/v1/audit-events?limit=200", &superuser.auth).await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    let entries = audit.body["items"].as_array().unwrap();
    assert!(entries.iter().any(|e| e["entity_type"] == "ticket_message"), "public messages are in the log");
    let note_id = note.body["id"].as_str().unwrap();
    assert!(!audit.text.contains(note_id), "the note's entry is staff-only");
    assert!(!app.get("/api/v1/tickets?q=GEHEIM", &desk.contact.auth).await.text.contains("GEHEIM"));
    let timeline = format!("{}/timeline", path(&ticket));
    let customer_timeline = app.get(&timeline, &desk.contact.auth).await;
    assert_eq!(customer_timeline.status, 200);
    assert!(!customer_timeline.text.contains("GEHEIM"), "no note in the customer's timeline");
    assert!(customer_timeline.text.contains("We kijken ernaar."));
    assert!(app.get(&timeline, &desk.agent.auth).await.text.contains("GEHEIM"), "the helpdesk's timeline has it");
}

async fn waiting_closing_and_reopening(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let ticket = file(&app, &desk.contact.auth, "Rapport leeg").await;
    let messages = format!("{}/messages", path(&ticket));

    let waiting = patch(&app, &desk.agent.auth, &ticket, json!({"status": "waiting_on_customer"})).await;
    assert_eq!(waiting.status, 200, "{}", waiting.text);
    assert_eq!(waiting.header("etag"), Some("\"2\""));
    assert_eq!(waiting.body["sla"]["resolution"]["state"], "paused");
    let told = mail(&app, &desk.contact.email, "wacht op uw reactie").await;
    assert!(told.text.contains("wacht op uw reactie"), "{}", told.text);
    assert!(
        ids_in(&app, &desk.agent.auth, "?queue=waiting").await.contains(&ticket["id"].as_str().unwrap().to_owned())
    );

    // A customer's reply reopens it.
    assert_eq!(app.post(&messages, &desk.colleague.auth, json!({"body": "Hier is het bestand."})).await.status, 201);
    let open = app.get(&path(&ticket), &desk.agent.auth).await;
    assert_eq!(open.body["status"], "open");

    // Only staff set the status, and only to a staff status.
    let by_customer = patch(&app, &desk.contact.auth, &open.body, json!({"status": "closed"})).await;
    assert_eq!(by_customer.status, 403);
    let to_new = patch(&app, &desk.agent.auth, &open.body, json!({"status": "new"})).await;
    assert_eq!(to_new.status, 409, "{}", to_new.text);
    let closed = patch(&app, &desk.agent.auth, &open.body, json!({"status": "closed", "ticket_type": "bug"})).await;
    assert_eq!(closed.status, 200, "{}", closed.text);
    assert_eq!(closed.body["ticket_type"], "bug");
    assert!(closed.body["closed_at"].is_string());
    assert!(!ids_in(&app, &desk.contact.auth, "").await.contains(&ticket["id"].as_str().unwrap().to_owned()));
    assert!(ids_in(&app, &desk.contact.auth, "?all=true").await.contains(&ticket["id"].as_str().unwrap().to_owned()));

    let late = app.post(&messages, &desk.contact.auth, json!({"body": "Nog iets"})).await;
    assert_eq!(late.status, 409);
    assert_eq!(late.body["code"], "invalid_transition");
    let reopened = app.post(&format!("{}/reopen", path(&ticket)), &desk.contact.auth, json!({})).await;
    assert_eq!(reopened.status, 200, "{}", reopened.text);
    assert_eq!(reopened.body["status"], "open");
    assert!(reopened.body["closed_at"].is_null());
    let staff_reopen = app.post(&format!("{}/reopen", path(&ticket)), &desk.agent.auth, json!({})).await;
    assert_eq!(staff_reopen.status, 403);

    // The timeline tells it in order, with who did what.
    let timeline = app.get(&format!("{}/timeline", path(&ticket)), &desk.contact.auth).await;
    assert_eq!(timeline.status, 200, "{}", timeline.text);
    let entries = timeline.body.as_array().unwrap();
    assert_eq!(entries[0]["action"], "created");
    let statuses: Vec<&str> = entries
        .iter()
        .flat_map(|e| e["changes"].as_array().unwrap().iter())
        .filter(|c| c["field"] == "status")
        .map(|c| c["new"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["waiting_on_customer", "open", "closed", "open"]);
    assert!(entries.iter().any(|e| e["action"] == "reopened"));
    assert!(
        entries.iter().any(|e| e["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "ticket_type" && c["new"] == "bug"))
    );
    let reply = entries.iter().find(|e| e["message"]["body"] == "Hier is het bestand.").unwrap();
    assert_eq!(reply["actor_name"], "Test client_user");
    let times: Vec<&str> = entries.iter().map(|e| e["at"].as_str().unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "oldest first");
}

async fn the_helpdesk_assigns_and_cannot_overwrite_a_colleague(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let ticket = file(&app, &desk.contact.auth, "Koppeling bank").await;
    let first = patch(&app, &desk.agent.auth, &ticket, json!({"assignee_id": desk.agent.id})).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(first.body["assignee"]["id"], desk.agent.id.as_str());
    // A second agent still holding version 1 gets 412, not a silent overwrite.
    let stale = patch(&app, &desk.fixture.admin.auth, &ticket, json!({"priority": "urgent"})).await;
    assert_eq!(stale.status, 412, "{}", stale.text);
    // The answer carries the ticket as it is now, to show what changed and reapply.
    assert_eq!(stale.body["code"], "precondition_failed");
    assert_eq!(stale.body["current"]["version"], 2, "{}", stale.text);
    assert_eq!(stale.body["current"]["assignee"]["id"], desk.agent.id.as_str());
    let reapplied = patch(&app, &desk.fixture.admin.auth, &stale.body["current"], json!({"priority": "urgent"})).await;
    assert_eq!(reapplied.status, 200, "{}", reapplied.text);
    assert_eq!(reapplied.body["assignee"]["id"], desk.agent.id.as_str(), "the colleague's change stays");
    assert!(ids_in(&app, &desk.agent.auth, "?queue=mine").await.contains(&ticket["id"].as_str().unwrap().to_owned()));
    assert!(
        !ids_in(&app, &desk.agent.auth, "?queue=unassigned").await.contains(&ticket["id"].as_str().unwrap().to_owned())
    );

    // Outside the contract: the customer is told why, and whom to turn to, by e-mail.
    let org_path = format!("/api/v1/organisations/{}", desk.client.id);
    let current = app.get(&org_path, &desk.fixture.admin.auth).await;
    let etag = current.header("etag").unwrap().to_owned();
    let consultant = json!({"consultant_name": "Sanne Verbeek", "consultant_email": "sanne@leverancier.example", "consultant_phone": "030 234 5678"});
    let named = app
        .request_with(
            &app.client,
            Method::PATCH,
            &org_path,
            &desk.fixture.admin.auth,
            Some(consultant),
            &[("if-match", etag.as_str())],
        )
        .await;
    assert_eq!(named.status, 200, "{}", named.text);
    assert_eq!(named.body["consultant"]["phone"], "+31302345678");
    let reason = "Dit is een inrichtingsvraag; daarvoor is uw consultant er.";
    let marked = patch(&app, &desk.agent.auth, &reapplied.body, json!({"out_of_contract_reason": reason})).await;
    assert_eq!(marked.status, 200, "{}", marked.text);
    assert_eq!(marked.body["out_of_contract_reason"], reason);
    app.drain_outbox().await;
    let sent = mail(&app, &desk.contact.email, "buiten uw supportcontract").await;
    assert!(sent.text.contains(reason), "{}", sent.text);
    assert!(sent.text.contains("Sanne Verbeek (sanne@leverancier.example, +31302345678)"), "{}", sent.text);
    let customer = patch(&app, &desk.agent.auth, &marked.body, json!({"assignee_id": desk.contact.id})).await;
    assert_eq!(customer.status, 422, "only helpdesk agents are assignees");
    assert_eq!(customer.body["errors"][0]["field"], "assignee_id");
    let queue = app.get("/api/v1/tickets?queue=mine", &desk.contact.auth).await;
    assert_eq!(queue.status, 403, "queues are for the helpdesk");
}

async fn tickets_stay_inside_their_tenant(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let ticket = file(&app, &desk.contact.auth, "Alleen voor ons").await;
    for path in [path(&ticket), format!("{}/messages", path(&ticket))] {
        assert_eq!(app.get(&path, &desk.other_client_user.auth).await.status, 404, "{path}");
        assert_eq!(app.get(&path, &desk.partner_admin.auth).await.status, 404, "{path}");
    }
    let reply =
        app.post(&format!("{}/messages", path(&ticket)), &desk.other_client_user.auth, json!({"body": "hoi"})).await;
    assert_eq!(reply.status, 404);
    assert!(ids_in(&app, &desk.other_client_user.auth, "?all=true").await.is_empty());
    assert_eq!(app.get("/api/v1/tickets", &desk.partner_admin.auth).await.status, 403);
    assert_eq!(app.post("/api/v1/tickets", &desk.partner_admin.auth, new_ticket("x")).await.status, 403);
    assert_eq!(app.post("/api/v1/tickets", &desk.agent.auth, new_ticket("x")).await.status, 403);
    let key = desk.fixture.key(&app, &desk.fixture.vendor, &["organisations:read"]).await;
    assert_eq!(app.get(&path(&ticket), &key).await.status, 403);
}

async fn bad_tickets_are_refused_clearly(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let cases = [
        json!({"title": "", "description": "x"}),
        json!({"title": "   ", "description": "x"}),
        json!({"title": "t", "description": ""}),
        json!({"title": "a\u{0}b", "description": "x"}),
        json!({"title": "a\nb", "description": "x"}),
        json!({"title": "t".repeat(201), "description": "x"}),
        json!({"title": "t", "description": "x", "priority": "asap"}),
        json!({"title": "t", "description": "x", "status": "closed"}),
    ];
    for body in cases {
        let reply = app.post("/api/v1/tickets", &desk.contact.auth, body.clone()).await;
        assert!(reply.status == 422 || reply.status == 400, "{body}: {} {}", reply.status, reply.text);
        assert_eq!(reply.header("content-type"), Some("application/problem+json"), "{body}");
    }
    let ok = app
        .post("/api/v1/tickets", &desk.contact.auth, json!({"title": "t", "description": "regel 1\nregel 2\ttab"}))
        .await;
    assert_eq!(ok.status, 201, "descriptions span lines: {}", ok.text);
    assert_eq!(ok.body["priority"], "normal");
}

on_both_databases!(
    a_contact_person_files_and_gets_the_number_at_once,
    numbers_stay_unique_when_filed_at_once,
    a_colleagues_ticket_waits_for_a_contact_person,
    the_board_keeps_internal_notes_from_customers,
    waiting_closing_and_reopening,
    the_helpdesk_assigns_and_cannot_overwrite_a_colleague,
    tickets_stay_inside_their_tenant,
    bad_tickets_are_refused_clearly,
);
