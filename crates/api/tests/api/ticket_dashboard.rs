//! The helpdesk dashboard through HTTP: the open backlog by age and type, and the SLA
//! results of the tickets closed this week; customers and partners get no dashboard.

use serde_json::json;

use crate::helpers::{Backend, spawn_app};
use crate::on_both_databases;
use crate::tickets::{desk, file, patch};

on_both_databases!(the_dashboard_counts_the_helpdesks_work);

async fn the_dashboard_counts_the_helpdesks_work(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let first = file(&app, &desk.contact.auth, "Eerste").await;
    let second = file(&app, &desk.contact.auth, "Tweede").await;
    // A colleague's ticket awaiting approval is not the helpdesk's work yet.
    file(&app, &desk.colleague.auth, "Nog niet goedgekeurd").await;
    let reply =
        patch(&app, &desk.agent.auth, &first, json!({"ticket_type": "bug", "assignee_id": desk.agent.id})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = patch(&app, &desk.agent.auth, &second, json!({"status": "closed"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);

    let reply = app.get("/api/v1/helpdesk/dashboard", &desk.agent.auth).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let body = reply.body;
    assert_eq!(body["open"], 1);
    assert_eq!(body["unassigned"], 0);
    assert_eq!(body["breached"], 0);
    assert_eq!(body["backlog_by_age"][0], json!({"bucket": "under_one_day", "count": 1}));
    assert_eq!(body["backlog_by_age"].as_array().unwrap().len(), 5);
    let types = body["by_type"].as_array().unwrap();
    assert!(types.contains(&json!({"ticket_type": "bug", "count": 1})), "{types:?}");
    assert!(types.contains(&json!({"ticket_type": "question", "count": 0})), "{types:?}");
    let weeks = body["sla_by_week"].as_array().unwrap();
    assert_eq!(weeks.len(), 8);
    assert_eq!(weeks[7]["met"], 1, "{weeks:?}");
    assert_eq!(weeks[7]["breached"], 0);

    for customer in [&desk.contact, &desk.partner_admin] {
        assert_eq!(app.get("/api/v1/helpdesk/dashboard", &customer.auth).await.status, 403);
    }
}
