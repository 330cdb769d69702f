//! `Idempotency-Key` on creating requests (`services::idempotency`), on `POST /users`
//! as a partner system calls it: a retry replays the first answer, a reused key with
//! another body is refused, concurrent requests with one key create one record, and a
//! failed request keeps nothing.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fixtures::Fixture;
use crate::helpers::{Auth, Backend, TestApp, spawn_app};
use crate::on_both_databases;

on_both_databases!(a_retry_replays_the_first_answer, concurrent_requests_with_one_key_create_one_record);

async fn create(app: &TestApp, auth: &Auth, key: &str, body: &Value) -> crate::helpers::Reply {
    app.request_with(&app.client, Method::POST, "/api/v1/users", auth, Some(body.clone()), &[("idempotency-key", key)])
        .await
}

async fn users_named(app: &TestApp, auth: &Auth, email: &str) -> usize {
    let listed = app.get("/api/v1/users?limit=200", auth).await;
    listed.body["items"].as_array().unwrap().iter().filter(|u| u["email"] == email).count()
}

async fn a_retry_replays_the_first_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let partner = fx.partner(&app, "Bank N.V.", "bank").await;
    let key = fx.key(&app, &partner, &["users:read", "users:write"]).await;
    let body =
        json!({"organisation_id": partner.id, "email": "ops@bank.example", "name": "Olga Ops", "role": "partner_user"});

    let first = create(&app, &key, "7d0c9b1e-0b55-4a36-9d1c-2f4a3e0f9a11", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.header("idempotent-replayed"), None);
    // The same body with its fields in another order is the same request.
    let reordered =
        json!({"role": "partner_user", "name": "Olga Ops", "email": "ops@bank.example", "organisation_id": partner.id});
    let again = create(&app, &key, "7d0c9b1e-0b55-4a36-9d1c-2f4a3e0f9a11", &reordered).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body, "the first answer, unchanged");
    assert_eq!(again.header("etag"), first.header("etag"));
    assert_eq!(users_named(&app, &key, "ops@bank.example").await, 1);
    app.drain_outbox().await;
    assert_eq!(app.mails().await.iter().filter(|m| m.to == "ops@bank.example").count(), 1, "one invitation");

    // Another body under the same key is refused and changes nothing.
    let other = json!({"organisation_id": partner.id, "email": "ops2@bank.example", "name": "Olga Ops", "role": "partner_user"});
    let reused = create(&app, &key, "7d0c9b1e-0b55-4a36-9d1c-2f4a3e0f9a11", &other).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reused.text);
    assert_eq!(reused.body["code"], "idempotency_key_reused");
    assert_eq!(users_named(&app, &key, "ops2@bank.example").await, 0);

    // A key is its caller's own: another caller's same key is a new request.
    let colleague = fx.key(&app, &partner, &["users:read", "users:write"]).await;
    let theirs = create(&app, &colleague, "7d0c9b1e-0b55-4a36-9d1c-2f4a3e0f9a11", &other).await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.text);

    // A failed request keeps nothing: corrected, it goes through under the same key.
    let invalid =
        json!({"organisation_id": partner.id, "email": "not an address", "name": "Piet", "role": "partner_user"});
    let refused = create(&app, &key, "retry-after-fix", &invalid).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let taken =
        json!({"organisation_id": partner.id, "email": "ops@bank.example", "name": "Piet", "role": "partner_user"});
    let conflict = create(&app, &key, "retry-after-fix", &taken).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "the address is taken: {}", conflict.text);
    let fixed =
        json!({"organisation_id": partner.id, "email": "piet@bank.example", "name": "Piet", "role": "partner_user"});
    let created = create(&app, &key, "retry-after-fix", &fixed).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);

    // Without a key every request is its own; a malformed key is 400.
    for bad in ["", "met spatie", &"x".repeat(256), "sleutel\u{e9}"] {
        let reply = create(&app, &key, bad, &fixed).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad:?}: {}", reply.text);
    }
    let plain = app.post("/api/v1/users", &key, fixed.clone()).await;
    assert_eq!(plain.status, StatusCode::CONFLICT, "without a key the retry is a second request");
}

async fn concurrent_requests_with_one_key_create_one_record(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let partner = fx.partner(&app, "Bank N.V.", "bank").await;
    let key = fx.key(&app, &partner, &["users:read", "users:write"]).await;
    let body = json!({"organisation_id": partner.id, "email": "race@bank.example", "name": "Rik Race", "role": "partner_user"});

    let replies =
        futures_util::future::join_all((0..8).map(|_| create(&app, &key, "one-key-eight-calls", &body))).await;
    for reply in &replies {
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        assert_eq!(reply.body["id"], replies[0].body["id"], "every caller sees the one record");
    }
    let replayed = replies.iter().filter(|r| r.header("idempotent-replayed") == Some("true")).count();
    assert_eq!(replayed, 7, "one request created, seven replayed");
    assert_eq!(users_named(&app, &key, "race@bank.example").await, 1);
}
