//! API keys: created by a partner admin, shown once, usable within scopes, last use
//! recorded, revocable.

use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::json;

use crate::fixtures::Fixture;
use crate::helpers::{Auth, Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(api_key_create_use_and_revoke);

async fn api_key_create_use_and_revoke(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let vendor = fx.admin.auth.clone();
    let bank_org = fx.partner(&app, "Bank N.V.", "bank").await;
    let bank = bank_org.id.clone();
    let other_partner = fx.partner(&app, "Accountants & Co", "accountancy").await;
    let bakery = fx.client(&app, "Bakkerij", Some(&bank_org), None).await;
    let elsewhere = fx.client(&app, "Fietsen Jansen", Some(&other_partner), None).await;
    let partner_admin = fx.person(&app, &bank_org, "partner_admin", &[]).await.auth;

    let created = app
        .post(
            "/api/v1/api-keys",
            &partner_admin,
            json!({"organisation_id": bank, "name": "CRM-koppeling", "scopes": ["organisations:read"]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let secret = created.body["secret"].as_str().unwrap().to_owned();
    let id = created.body["api_key"]["id"].as_str().unwrap().to_owned();
    assert!(secret.starts_with(created.body["api_key"]["prefix"].as_str().unwrap()));
    assert_eq!(created.body["api_key"]["last_used_at"], serde_json::Value::Null);

    // Shown once: listing and reading never reveal the secret again.
    let listed = app.get("/api/v1/api-keys", &partner_admin).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(!listed.text.contains(&secret));
    assert!(listed.body["items"].as_array().unwrap().iter().any(|k| k["id"] == id.as_str()));
    // The stored form is a hash, not the secret.
    let key_id: uuid::Uuid = id.parse().unwrap();
    let stored =
        loket_api::db::entities::api_keys::Entity::find_by_id(key_id).one(&app.state.db).await.unwrap().unwrap();
    let prefix = created.body["api_key"]["prefix"].as_str().unwrap();
    let secret_part = &secret[prefix.len() + 1..];
    assert!(!format!("{stored:?}").contains(secret_part));
    assert_eq!(stored.secret_hash.len(), 64);

    // The key works within its scope and its tenant ...
    let key = Auth::ApiKey(secret.clone());
    let organisations = app.get("/api/v1/organisations", &key).await;
    assert_eq!(organisations.status, StatusCode::OK, "{}", organisations.text);
    let ids: Vec<&str> =
        organisations.body["items"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&bank.as_str()) && ids.contains(&bakery.id.as_str()), "{ids:?}");
    assert!(!ids.contains(&elsewhere.id.as_str()), "another partner's client leaked: {ids:?}");
    // ... not outside its scope ...
    assert_eq!(app.get("/api/v1/users", &key).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/me", &key).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/api-keys", &key).await.status, StatusCode::FORBIDDEN);

    // Its last use is recorded.
    let read = app.get(&format!("/api/v1/api-keys/{id}"), &partner_admin).await;
    assert_ne!(read.body["last_used_at"], serde_json::Value::Null, "{}", read.text);

    // A tampered secret is refused.
    let tampered = format!("{}x", &secret[..secret.len() - 1]);
    let refused = app.get("/api/v1/organisations", &Auth::ApiKey(tampered)).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.body["code"], "invalid_token");

    // Revoked: it stops working at once.
    let revoked = app.request(Method::DELETE, &format!("/api/v1/api-keys/{id}"), &partner_admin, None).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/organisations", &key).await.status, StatusCode::UNAUTHORIZED);
    let active = app.get("/api/v1/api-keys", &partner_admin).await;
    assert!(!active.body["items"].as_array().unwrap().iter().any(|k| k["id"] == id.as_str()));
    let all = app.get("/api/v1/api-keys?include_revoked=true", &partner_admin).await;
    assert!(all.body["items"].as_array().unwrap().iter().any(|k| k["id"] == id.as_str() && !k["revoked_at"].is_null()));

    // A partner user may not create keys; a client's organisation cannot have them.
    let partner_user = fx.person(&app, &bank_org, "partner_user", &[]).await.auth;
    let denied = app
        .post(
            "/api/v1/api-keys",
            &partner_user,
            json!({"organisation_id": bank, "name": "x", "scopes": ["users:read"]}),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let for_client = app
        .post("/api/v1/api-keys", &vendor, json!({"organisation_id": bakery.id, "name": "x", "scopes": ["users:read"]}))
        .await;
    assert_eq!(for_client.status, StatusCode::FORBIDDEN);
}
