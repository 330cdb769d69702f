//! The helpdesk's settings through HTTP: the vendor administrator sets opening hours,
//! SLA targets and closing days under `If-Match`; the rules are checked as a whole; a
//! new ticket's clocks follow them at once; the helpdesk and its customers read them,
//! nobody else changes them.

use chrono::{Duration, Utc};
use chrono_tz::Europe::Amsterdam;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Auth, Backend, Reply, TestApp, spawn_app};
use crate::on_both_databases;
use crate::tickets::{desk, file};

on_both_databases!(the_administrator_sets_hours_and_targets, closing_days_override_the_computed_calendar);

async fn put(app: &TestApp, who: &Auth, path: &str, version: Option<i64>, body: Value) -> Reply {
    let tag = version.map(|v| format!("\"{v}\""));
    let headers: Vec<(&str, &str)> = tag.iter().map(|t| ("if-match", t.as_str())).collect();
    app.request_with(&app.client, Method::PUT, path, who, Some(body), &headers).await
}

fn span(weekday: &str, opens: &str, closes: &str) -> Value {
    json!({"weekday": weekday, "opens": opens, "closes": closes})
}

fn targets(high_first: u32) -> Value {
    let t = |first: u32, resolution: u32| json!({"first_response_minutes": first, "resolution_minutes": resolution});
    json!({"low": t(1020, 5100), "normal": t(510, 2550), "high": t(high_first, 1020), "urgent": t(60, 510)})
}

/// Open day and night, every day of the week.
fn always_open(high_first: u32) -> Value {
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    json!({
        "opening_hours": days.iter().map(|d| span(d, "00:00", "24:00")).collect::<Vec<_>>(),
        "targets": targets(high_first),
        "reopen_days": 30,
        "stall_after_days": 3,
    })
}

fn fields(reply: &Reply) -> Vec<String> {
    reply.body["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["field"].as_str().unwrap_or("").to_owned())
        .collect()
}

async fn the_administrator_sets_hours_and_targets(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let admin = &desk.fixture.admin.auth;

    let reply = app.get("/api/v1/support-settings", &desk.agent.auth).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.header("etag"), Some("\"0\""), "the standard settings are version 0");
    assert_eq!(reply.body["time_zone"], "Europe/Amsterdam");
    assert_eq!(reply.body["opening_hours"].as_array().unwrap().len(), 5);
    assert_eq!(reply.body["opening_hours"][0], span("mon", "08:30", "17:00"));
    assert_eq!(reply.body["targets"]["high"], json!({"first_response_minutes": 240, "resolution_minutes": 1020}));
    assert_eq!(reply.body["reopen_days"], 14);
    assert_eq!(reply.body["stall_after_days"], 5);
    assert_eq!(app.get("/api/v1/support-settings", &desk.contact.auth).await.status, 200, "customers read them");
    assert_eq!(app.get("/api/v1/support-settings", &desk.partner_admin.auth).await.status, 403);

    // Only the vendor administrator changes them, and only with If-Match.
    let reply = put(&app, &desk.agent.auth, "/api/v1/support-settings", Some(0), always_open(120)).await;
    assert_eq!(reply.status, 403, "{}", reply.text);
    let reply = put(&app, admin, "/api/v1/support-settings", None, always_open(120)).await;
    assert_eq!(reply.status, 428, "{}", reply.text);

    // The rules hold as a whole: nothing is saved when one fails.
    let mut overlapping = always_open(120);
    overlapping["opening_hours"] = json!([span("mon", "08:00", "12:00"), span("mon", "11:00", "17:00")]);
    let reply = put(&app, admin, "/api/v1/support-settings", Some(0), overlapping).await;
    assert_eq!((reply.status.as_u16(), fields(&reply)), (422, vec!["opening_hours".to_owned()]), "{}", reply.text);
    let reply = put(&app, admin, "/api/v1/support-settings", Some(0), always_open(2000)).await;
    assert_eq!((reply.status.as_u16(), fields(&reply)), (422, vec!["targets".to_owned()]), "first after resolution");
    let mut midnight = always_open(120);
    midnight["opening_hours"] = json!([span("mon", "24:00", "24:00")]);
    assert_eq!(put(&app, admin, "/api/v1/support-settings", Some(0), midnight).await.status, 422);
    let mut backwards = always_open(120);
    backwards["opening_hours"] = json!([span("tue", "17:00", "08:30")]);
    assert_eq!(put(&app, admin, "/api/v1/support-settings", Some(0), backwards).await.status, 422);
    let mut impatient = always_open(120);
    impatient["stall_after_days"] = json!(61);
    let reply = put(&app, admin, "/api/v1/support-settings", Some(0), impatient).await;
    assert_eq!((reply.status.as_u16(), fields(&reply)), (422, vec!["stall_after_days".to_owned()]), "{}", reply.text);
    assert_eq!(app.get("/api/v1/support-settings", admin).await.header("etag"), Some("\"0\""));

    let reply = put(&app, admin, "/api/v1/support-settings", Some(0), always_open(120)).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.header("etag"), Some("\"1\""));
    assert_eq!(reply.body["opening_hours"].as_array().unwrap().len(), 7);
    assert_eq!(reply.body["reopen_days"], 30);
    assert_eq!(reply.body["stall_after_days"], 3);
    // A second administrator working on the old version gets the settings as they are.
    let reply = put(&app, admin, "/api/v1/support-settings", Some(0), always_open(180)).await;
    assert_eq!(reply.status, 412, "{}", reply.text);
    assert_eq!(reply.body["current"]["version"], 1);
    assert_eq!(reply.body["current"]["targets"]["high"]["first_response_minutes"], 120);

    // Today is open whatever the holiday calendar says, so the clock runs from now on.
    let today = Utc::now().with_timezone(&Amsterdam).date_naive();
    let reply = put(&app, admin, &format!("/api/v1/support-calendar/{today}"), None, json!({"closed": false})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let ticket = file(&app, &desk.contact.auth, "Na sluitingstijd").await;
    let clock = &ticket["sla"]["first_response"];
    assert_eq!(clock["target_minutes"], 120, "{ticket}");
    assert_eq!(clock["state"], "running", "{ticket}");
    let left = clock["minutes_left"].as_i64().unwrap();
    assert!((118..=120).contains(&left), "open day and night: {left} minutes left");

    // The change is in the audit log, for the vendor only.
    let reply = app.get("/api/v1/audit-events?entity_type=support_settings", admin).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let entry = &reply.body["items"][0];
    assert_eq!(entry["action"], "updated", "{}", reply.text);
    let changed: Vec<&str> =
        entry["changes"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert!(changed.contains(&"opening_hours") && changed.contains(&"targets"), "{changed:?}");
}

async fn closing_days_override_the_computed_calendar(backend: Backend) {
    let app = spawn_app(backend).await;
    let desk = desk(&app).await;
    let admin = &desk.fixture.admin.auth;
    let day = |calendar: &Value, date: &str| {
        calendar["days"].as_array().unwrap().iter().find(|d| d["date"] == date).cloned().unwrap_or(Value::Null)
    };

    let reply = app.get("/api/v1/support-calendar?year=2027", &desk.agent.auth).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["days"].as_array().unwrap().len(), 11, "{}", reply.text);
    let good_friday = day(&reply.body, "2027-03-26");
    assert_eq!((good_friday["public_holiday"].as_bool(), good_friday["closed"].as_bool()), (Some(true), Some(false)));
    assert_eq!(day(&reply.body, "2027-03-29")["closed"], true, "Easter Monday");
    assert_eq!(app.get("/api/v1/support-calendar?year=1999", admin).await.status, 422);

    // Close on Good Friday and on a company outing; open on Boxing Day.
    let reply = put(&app, admin, "/api/v1/support-calendar/2027-03-26", None, json!({"closed": true})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let good_friday = day(&reply.body, "2027-03-26");
    assert_eq!((good_friday["closed"].as_bool(), good_friday["overridden"].as_bool()), (Some(true), Some(true)));
    assert!(!good_friday["name"].as_str().unwrap().is_empty(), "the holiday keeps its name");
    let outing = json!({"closed": true, "name": "Bedrijfsuitje"});
    assert_eq!(put(&app, admin, "/api/v1/support-calendar/2027-06-18", None, outing).await.status, 200);
    let boxing = put(&app, admin, "/api/v1/support-calendar/2027-12-26", None, json!({"closed": false})).await;
    assert_eq!(day(&boxing.body, "2027-12-26")["closed"], false);
    let reply = app.get("/api/v1/support-calendar?year=2027", &desk.contact.auth).await;
    assert_eq!(reply.body["days"].as_array().unwrap().len(), 12, "{}", reply.text);
    assert_eq!(day(&reply.body, "2027-06-18")["name"], "Bedrijfsuitje");
    assert_eq!(day(&reply.body, "2027-06-18")["public_holiday"], false);

    // Forgetting a decision brings back the computed day.
    let reply = app.request(Method::DELETE, "/api/v1/support-calendar/2027-03-26", admin, None).await;
    assert_eq!(reply.status, 204, "{}", reply.text);
    let reply = app.get("/api/v1/support-calendar?year=2027", admin).await;
    assert_eq!(day(&reply.body, "2027-03-26")["closed"], false);
    assert_eq!(app.request(Method::DELETE, "/api/v1/support-calendar/2027-03-26", admin, None).await.status, 404);

    // Bad dates and names are refused; only the administrator decides.
    for bad in ["2027-02-30", "2027-3-26", "26-03-2027", "tomorrow"] {
        let reply = put(&app, admin, &format!("/api/v1/support-calendar/{bad}"), None, json!({"closed": true})).await;
        assert_eq!(reply.status, 400, "{bad}: {}", reply.text);
    }
    let long = json!({"closed": true, "name": "x".repeat(101)});
    assert_eq!(put(&app, admin, "/api/v1/support-calendar/2027-06-21", None, long).await.status, 422);
    let control = json!({"closed": true, "name": "uitje\u{0}"});
    assert_eq!(put(&app, admin, "/api/v1/support-calendar/2027-06-21", None, control).await.status, 422);
    let reply = put(&app, &desk.agent.auth, "/api/v1/support-calendar/2027-06-21", None, json!({"closed": true})).await;
    assert_eq!(reply.status, 403);
    assert_eq!(app.get("/api/v1/support-calendar?year=2027", &desk.partner_admin.auth).await.status, 403);

    // A closed day moves a new ticket's clock: with today closed, it starts tomorrow.
    let settings = put(&app, admin, "/api/v1/support-settings", Some(0), always_open(120)).await;
    assert_eq!(settings.status, 200, "{}", settings.text);
    let now = Utc::now().with_timezone(&Amsterdam);
    let today = now.date_naive();
    let tomorrow = today + Duration::days(1);
    for (date, closed) in [(today, true), (tomorrow, false)] {
        let reply =
            put(&app, admin, &format!("/api/v1/support-calendar/{date}"), None, json!({"closed": closed})).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
    }
    let ticket = file(&app, &desk.contact.auth, "Op een sluitingsdag").await;
    let due: chrono::DateTime<Utc> = ticket["sla"]["first_response"]["due_at"].as_str().unwrap().parse().unwrap();
    let opening = tomorrow.and_hms_opt(0, 0, 0).unwrap().and_local_timezone(Amsterdam).unwrap().with_timezone(&Utc);
    // (Unless the test ran across midnight, when "today" moved under it.)
    if Utc::now().with_timezone(&Amsterdam).date_naive() == today {
        assert_eq!(due, opening + Duration::minutes(120), "{ticket}");
    }
}
