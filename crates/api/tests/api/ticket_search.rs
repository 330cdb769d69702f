//! Full-text search through `GET /tickets?q=`: title, description, error message and
//! public messages for everyone who may read the ticket, internal notes for the helpdesk
//! only, never another tenant's tickets; ranked with title matches first.

use serde_json::{Value, json};

use crate::helpers::{Auth, Backend, TestApp, spawn_app};
use crate::on_both_databases;
use crate::tickets::{desk, path};

on_both_databases!(search_finds_words_in_tickets_and_messages_for_those_who_may_read_them);

async fn file(app: &TestApp, who: &Auth, title: &str, description: &str, error: &str) -> Value {
    let body = json!({"title": title, "description": description, "error_message": error});
    let reply = app.post("/api/v1/tickets", who, body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.body
}

/// The numbers found for `q`, in the order given.
async fn found(app: &TestApp, who: &Auth, q: &str) -> Vec<String> {
    let url = format!("/api/v1/tickets?all=true&q={}", urlencode(q));
    let reply = app.get(&url, who).await;
    assert_eq!(reply.status, 200, "{q}: {}", reply.text);
    assert_eq!(reply.body["next_cursor"], Value::Null);
    reply.body["items"].as_array().unwrap().iter().map(|t| t["number"].as_str().unwrap().to_owned()).collect()
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn search_finds_words_in_tickets_and_messages_for_those_who_may_read_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let postgres = matches!(backend, Backend::Postgres);
    let number = |ticket: &Value| ticket["number"].as_str().unwrap().to_owned();

    let invoices = file(
        &app,
        &desk.contact.auth,
        "Facturen worden dubbel verstuurd",
        "Sinds de update gaan alle facturen twee keer de deur uit.",
        "E7781: verzending mislukt",
    )
    .await;
    let printer = file(&app, &desk.contact.auth, "Kassa hapert", "De kassa blijft hangen bij het afrekenen.", "").await;
    let printer_title =
        file(&app, &desk.contact.auth, "Bonprinter geeft storing", "Na het afrekenen komt er geen bon.", "").await;
    let other =
        file(&app, &desk.other_client_user.auth, "Facturen van Van Dijk", "E7781 ook hier.", "E7781 bij ons").await;

    // A public message and an internal note add their words.
    let message = json!({"body": "Het lijkt aan de bonprinter te liggen: die reageert traag."});
    let reply = app.post(&format!("{}/messages", path(&printer)), &desk.contact.auth, message).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let note = json!({"body": "Debiteurenlijst van deze klant is corrupt.", "internal": true});
    let reply = app.post(&format!("{}/messages", path(&invoices)), &desk.agent.auth, note).await;
    assert_eq!(reply.status, 201, "{}", reply.text);

    // Literal error codes, in the error message and the description.
    assert_eq!(found(&app, &desk.contact.auth, "E7781").await, [number(&invoices)]);
    assert_eq!(found(&app, &desk.other_client_user.auth, "E7781").await, [number(&other)]);
    let mut both = found(&app, &desk.agent.auth, "E7781").await;
    both.sort();
    let mut expected = vec![number(&invoices), number(&other)];
    expected.sort();
    assert_eq!(both, expected);

    // A whole ticket number, in any case, finds that ticket, and only within the tenant.
    let lower = number(&invoices).to_lowercase();
    assert_eq!(found(&app, &desk.agent.auth, &lower).await, [number(&invoices)]);
    assert_eq!(found(&app, &desk.contact.auth, &number(&invoices)).await, [number(&invoices)]);
    assert!(found(&app, &desk.other_client_user.auth, &number(&invoices)).await.is_empty());

    // A word in a message finds its ticket; a title match ranks first.
    assert_eq!(found(&app, &desk.colleague.auth, "bonprinter").await, [number(&printer_title), number(&printer)]);
    assert_eq!(found(&app, &desk.agent.auth, "bonprinter").await, [number(&printer_title), number(&printer)]);

    // Internal notes: the helpdesk finds them, customers never do.
    assert_eq!(found(&app, &desk.agent.auth, "debiteurenlijst").await, [number(&invoices)]);
    assert!(found(&app, &desk.contact.auth, "debiteurenlijst").await.is_empty());
    assert!(found(&app, &desk.colleague.auth, "Debiteurenlijst corrupt").await.is_empty());

    // Every word must occur; nothing matches nothing; odd text is no error.
    assert_eq!(found(&app, &desk.contact.auth, "facturen dubbel").await, [number(&invoices)]);
    assert!(found(&app, &desk.contact.auth, "facturen kassa").await.is_empty());
    assert!(found(&app, &desk.contact.auth, "zwijnstal").await.is_empty());
    for odd in ["\"", "!!! --", "a OR", "NEAR(", "*", "'; DROP TABLE tickets; --", "(facturen"] {
        let url = format!("/api/v1/tickets?all=true&q={}", urlencode(odd));
        let reply = app.get(&url, &desk.contact.auth).await;
        assert_eq!(reply.status, 200, "{odd}: {}", reply.text);
    }
    // The ticket number still finds its ticket.
    assert_eq!(found(&app, &desk.contact.auth, &number(&printer)).await, [number(&printer)]);

    // PostgreSQL stems Dutch: "factuur" finds "facturen". SQLite matches word starts.
    if postgres {
        assert_eq!(found(&app, &desk.contact.auth, "factuur").await, [number(&invoices)]);
    } else {
        assert_eq!(found(&app, &desk.contact.auth, "factu").await, [number(&invoices)]);
    }
}
