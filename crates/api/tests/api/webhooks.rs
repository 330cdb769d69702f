//! Partner webhooks: registered by the partner, signed per Standard Webhooks (checked by
//! the reference implementation in another process), retried, visible with their status,
//! limited to the partner's own clients, and re-signed after a secret rotation.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::fixtures::Fixture;
use crate::helpers::{Backend, spawn_app, spawn_app_with};
use crate::on_both_databases;
use crate::peers::WebhookReceiver;

on_both_databases!(partner_webhooks_are_signed_retried_and_visible, endpoints_in_private_networks_are_refused);

async fn partner_webhooks_are_signed_retried_and_visible(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    // The receiver answers 500 once, then 204.
    let receiver = WebhookReceiver::start(dir.path(), 1).await;
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let vendor = world.admin.auth.clone();
    let bank_org = world.partner(&app, "Noordbank", "bank").await;
    let accountancy = world.partner(&app, "Accountants & Co", "accountancy").await;
    let bank = bank_org.id.clone();
    let bakery = world.client(&app, "Bakkerij De Korenschoof B.V.", Some(&bank_org), None).await.id;
    let jansen = world.client(&app, "Fietsenmakerij Jansen", Some(&accountancy), None).await.id;
    let partner = world.person(&app, &bank_org, "partner_admin", &[]).await.auth;

    let bad = app
        .post(
            "/api/v1/webhooks",
            &partner,
            json!({"organisation_id": bank, "url": "ftp://x.example", "event_types": ["user.invited"]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["errors"][0]["field"], "url");
    let created = app
        .post(
            "/api/v1/webhooks",
            &partner,
            json!({"organisation_id": bank, "url": receiver.url(), "description": "CRM", "event_types": ["user.invited", "organisation.updated"]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let secret = created.body["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));
    let id = created.body["endpoint"]["id"].as_str().unwrap().to_owned();
    assert!(!app.get(&format!("/api/v1/webhooks/{id}"), &partner).await.text.contains(&secret), "shown once");
    receiver.set_secrets(&[&secret]);

    // A user for the bank's client: user.invited reaches the bank, after one retry.
    let user = app.create_user(&vendor, &bakery, "nieuw@korenschoof.example", "client_user").await;
    // A user for another partner's client: the bank hears nothing of it.
    app.create_user(&vendor, &jansen, "nieuw@fietsenjansen.example", "client_user").await;
    app.drain_outbox().await;
    let received = receiver.wait_for(2).await;
    assert_eq!(received.len(), 2, "one failed attempt and one delivery, nothing for the other partner's client");
    assert!(received.iter().all(|r| r.verified), "signatures verified by the reference implementation");
    assert_eq!(received[0].id, received[1].id, "a retry keeps its webhook-id");
    assert_eq!((received[0].status, received[1].status), (500, 204));
    let body: serde_json::Value = serde_json::from_str(&received[1].body).unwrap();
    assert_eq!(body["type"], "user.invited");
    assert_eq!(body["data"]["user"]["email"], "nieuw@korenschoof.example");
    assert_eq!(body["data"]["user"]["id"], user["id"]);

    // The partner sees the delivery and the endpoint's last status.
    let deliveries = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), &partner).await;
    let delivery = &deliveries.body["items"][0];
    assert_eq!((delivery["event_type"].as_str(), delivery["status"].as_str()), (Some("user.invited"), Some("sent")));
    assert_eq!(delivery["attempts"], 2);
    assert_eq!(delivery["last_http_status"], 204);
    assert_eq!(delivery["id"].as_str(), Some(received[1].id.as_str()));
    let endpoint = app.get(&format!("/api/v1/webhooks/{id}"), &partner).await;
    assert_eq!(endpoint.body["last_delivery_status"], "sent");
    assert_eq!(endpoint.body["last_http_status"], 204);

    // After a rotation only the new secret is configured at the receiver: still verified.
    let rotated = app.request(Method::POST, &format!("/api/v1/webhooks/{id}/secret"), &partner, None).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.text);
    let new_secret = rotated.body["secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, secret);
    receiver.set_secrets(&[&new_secret]);
    let test = app.request(Method::POST, &format!("/api/v1/webhooks/{id}/test"), &partner, None).await;
    assert_eq!(test.status, StatusCode::ACCEPTED, "{}", test.text);
    app.drain_outbox().await;
    let received = receiver.wait_for(3).await;
    assert_eq!(received[2].event_type.as_deref(), Some("webhook.test"));
    assert!(received[2].verified);
    // ... and with only the old secret, too, during the overlap.
    receiver.set_secrets(&[&secret]);
    let etag = app.get(&format!("/api/v1/webhooks/{id}"), &partner).await.header("etag").unwrap().to_owned();
    let paused = app
        .request_with(
            &app.client,
            Method::PATCH,
            &format!("/api/v1/organisations/{bakery}"),
            &vendor,
            Some(json!({"name": "Bakkerij De Korenschoof"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(paused.status, StatusCode::OK, "{}", paused.text);
    app.drain_outbox().await;
    let received = receiver.wait_for(4).await;
    assert_eq!(received[3].event_type.as_deref(), Some("organisation.updated"));
    assert!(received[3].verified);

    // Paused endpoints receive nothing.
    let pause = app
        .request_with(
            &app.client,
            Method::PATCH,
            &format!("/api/v1/webhooks/{id}"),
            &partner,
            Some(json!({"enabled": false})),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(pause.status, StatusCode::OK, "{}", pause.text);
    app.create_user(&vendor, &bakery, "nog-een@korenschoof.example", "client_user").await;
    app.drain_outbox().await;
    assert_eq!(receiver.received().len(), 4);

    // Other partners cannot see the endpoint.
    let other = world.person(&app, &accountancy, "partner_admin", &[]).await.auth;
    assert_eq!(app.get(&format!("/api/v1/webhooks/{id}"), &other).await.status, StatusCode::NOT_FOUND);
}

async fn endpoints_in_private_networks_are_refused(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let receiver = WebhookReceiver::start(dir.path(), 0).await;
    // As in production: no deliveries into the internal network.
    let app = spawn_app_with(backend, &[("LOKET_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "false")]).await;
    let world = Fixture::new(&app).await;
    let bank_org = world.partner(&app, "Noordbank", "bank").await;
    let bank = bank_org.id.clone();
    let partner = world.person(&app, &bank_org, "partner_admin", &[]).await.auth;
    let created = app
        .post(
            "/api/v1/webhooks",
            &partner,
            json!({"organisation_id": bank, "url": receiver.url(), "event_types": ["user.invited"]}),
        )
        .await;
    let id = created.body["endpoint"]["id"].as_str().unwrap().to_owned();
    app.request(Method::POST, &format!("/api/v1/webhooks/{id}/test"), &partner, None).await;
    app.drain_outbox().await;
    assert!(receiver.received().is_empty(), "nothing reached the private address");
    let deliveries = app.get(&format!("/api/v1/webhooks/{id}/deliveries"), &partner).await;
    assert_eq!(deliveries.body["items"][0]["status"], "dead");
    assert!(deliveries.body["items"][0]["last_error"].as_str().unwrap().contains("private network"));
    assert_eq!(app.get(&format!("/api/v1/webhooks/{id}"), &partner).await.body["last_delivery_status"], "dead");
}
