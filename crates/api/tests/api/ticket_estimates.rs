//! Cost estimates on change requests through HTTP: only on a change the helpdesk works
//! on, the ticket waits on the customer who is e-mailed the amount, the customer accepts
//! or declines in the app, and both are on the timeline.

use serde_json::{Value, json};

use crate::helpers::{Backend, spawn_app};
use crate::on_both_databases;
use crate::tickets::{desk, file, mail, patch, path};

on_both_databases!(an_estimate_waits_for_the_customers_decision);

fn estimate(hours: f64, cents: i64) -> Value {
    json!({"hours": hours, "amount_cents": cents, "description": "Extra kolom 'kostenplaats' op de factuur,\nincl. test."})
}

async fn an_estimate_waits_for_the_customers_decision(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let ticket = file(&app, &desk.contact.auth, "Kostenplaats op factuur").await;
    let url = format!("{}/estimate", path(&ticket));

    // A question takes no estimate; the helpdesk makes it a change first.
    let reply = app.post(&url, &desk.agent.auth, estimate(6.5, 78_000)).await;
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert_eq!(reply.body["code"], "invalid_transition");
    let reply = patch(&app, &desk.agent.auth, &ticket, json!({"ticket_type": "change"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);

    // Bad figures are named; customers cannot propose; other tenants see no ticket.
    for (body, field) in [(estimate(6.1, 100), "hours"), (estimate(2.0, -5), "amount_cents")] {
        let reply = app.post(&url, &desk.agent.auth, body).await;
        assert_eq!(reply.status, 422, "{}", reply.text);
        assert_eq!(reply.body["errors"][0]["field"], field, "{}", reply.text);
    }
    assert_eq!(app.post(&url, &desk.contact.auth, estimate(1.0, 100)).await.status, 403);
    assert_eq!(app.post(&url, &desk.other_client_user.auth, estimate(1.0, 100)).await.status, 404);

    let reply = app.post(&url, &desk.agent.auth, estimate(6.5, 125_000)).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["status"], "waiting_on_customer");
    assert_eq!(reply.body["estimate"]["hours"], 6.5);
    assert_eq!(reply.body["estimate"]["amount_cents"], 125_000);
    assert_eq!(reply.body["estimate"]["status"], "pending");
    // The requester hears of it, amount included, in Dutch.
    app.drain_outbox().await;
    let sent = mail(&app, &desk.contact.email, "Offerte").await;
    assert!(sent.text.contains("6,5 uur · € 1.250,00"), "{}", sent.text);
    assert!(sent.text.contains("kostenplaats"), "{}", sent.text);

    // The helpdesk cannot answer for the customer; a colleague of the client can.
    let answer = format!("{url}/answer");
    let reply = app.post(&answer, &desk.agent.auth, json!({"answer": "accept"})).await;
    assert_eq!(reply.status, 403, "{}", reply.text);
    let reply = app.post(&answer, &desk.colleague.auth, json!({"answer": "accept"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["status"], "open");
    assert_eq!(reply.body["estimate"]["status"], "accepted");
    // Answered once only.
    let reply = app.post(&answer, &desk.contact.auth, json!({"answer": "decline"})).await;
    assert_eq!(reply.status, 409, "{}", reply.text);

    // A second estimate, declined with a reason.
    let reply = app.post(&url, &desk.agent.auth, estimate(2.0, 24_000)).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = app.post(&answer, &desk.contact.auth, json!({"answer": "decline", "reason": "Te duur voor nu."})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["estimate"]["status"], "declined");
    assert_eq!(reply.body["estimate"]["answer_reason"], "Te duur voor nu.");

    // Everything is on the timeline, for the customer too.
    let timeline = app.get(&format!("{}/timeline", path(&ticket)), &desk.colleague.auth).await;
    assert_eq!(timeline.status, 200);
    let text = timeline.text;
    assert!(text.contains("6.5 h · € 1,250.00"), "{text}");
    assert!(text.contains("\"estimate_status\""), "{text}");
    assert!(text.contains("\"accepted\"") && text.contains("\"declined\""), "{text}");
}
