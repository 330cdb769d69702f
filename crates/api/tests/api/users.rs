//! Administration of users by vendor admins, partner admins and client superusers.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::fixtures::{Fixture, PASSWORD};
use crate::helpers::{Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(admins_manage_their_own_users, deactivation_ends_sessions_and_blocks_login);

async fn admins_manage_their_own_users(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let vendor = fx.admin.auth.clone();
    let accountancy_org = fx.partner(&app, "Accountants & Co", "accountancy").await;
    let accountancy = accountancy_org.id.clone();
    let utrecht = fx.branch(&app, &accountancy_org, "Utrecht").await;
    let bank = fx.partner(&app, "Bank N.V.", "bank").await;
    let bakery_org = fx.client(&app, "Bakkerij", Some(&bank), None).await;
    let bakery = bakery_org.id.clone();

    // A partner admin creates a branch-limited colleague.
    let partner_admin = fx.person(&app, &accountancy_org, "partner_admin", &[]).await.auth;
    let created = app
        .post("/api/v1/users", &partner_admin, json!({"organisation_id": accountancy, "email": "nieuw@vandijk.example", "name": "Noor Nieuw", "role": "partner_user", "branch_ids": [utrecht]}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["branch_ids"], json!([utrecht]));
    assert_eq!(app.last_mail_to("nieuw@vandijk.example").await.subject, "Uitnodiging voor Loket van Accountants & Co");
    // ... but no users of clients, and no roles of other kinds.
    let for_client = app
        .post(
            "/api/v1/users",
            &partner_admin,
            json!({"organisation_id": bakery, "email": "x@y.nl", "name": "X", "role": "client_user"}),
        )
        .await;
    assert_eq!(for_client.status, StatusCode::NOT_FOUND, "another partner's client must not be visible");
    let wrong_role = app
        .post(
            "/api/v1/users",
            &partner_admin,
            json!({"organisation_id": accountancy, "email": "x@y.nl", "name": "X", "role": "vendor_admin"}),
        )
        .await;
    assert_eq!(wrong_role.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A client superuser adds a colleague and makes them a contact person.
    let superuser = fx.person(&app, &bakery_org, "client_superuser", &[]).await.auth;
    let colleague = app
        .post("/api/v1/users", &superuser, json!({"organisation_id": bakery, "email": "verkoop@korenschoof.example", "name": "Vera Verkoop", "role": "client_user", "phone": "+31 6 1234 5678"}))
        .await;
    assert_eq!(colleague.status, StatusCode::CREATED, "{}", colleague.text);
    let id = colleague.body["id"].as_str().unwrap();
    let flagged = app
        .request_with(
            &app.client,
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            &superuser,
            Some(json!({"is_contact_person": true})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(flagged.status, StatusCode::OK, "{}", flagged.text);
    assert_eq!(flagged.body["is_contact_person"], true);
    // A plain client user may read colleagues but not change them.
    let plain = fx.person(&app, &bakery_org, "client_user", &[]).await.auth;
    let listed = app.get("/api/v1/users", &plain).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(listed.body["items"].as_array().unwrap().iter().all(|u| u["organisation_id"] == bakery.as_str()));
    let denied = app
        .request_with(
            &app.client,
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            &plain,
            Some(json!({"name": "Nope"})),
            &[("if-match", "\"2\"")],
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);

    // The invitation can be sent again while it is open.
    let before = app.mails().await.len();
    let resent = app.post(&format!("/api/v1/users/{id}/invitation"), &superuser, json!({})).await;
    assert_eq!(resent.status, StatusCode::ACCEPTED, "{}", resent.text);
    assert_eq!(app.mails().await.len(), before + 1);

    // Nobody demotes or deactivates themselves.
    let me = app.get("/api/v1/me", &superuser).await;
    let my_id = me.body["id"].as_str().unwrap();
    let own_user = app.get(&format!("/api/v1/users/{my_id}"), &superuser).await;
    let etag = own_user.header("etag").unwrap().to_owned();
    let demote = app
        .request_with(
            &app.client,
            Method::PATCH,
            &format!("/api/v1/users/{my_id}"),
            &superuser,
            Some(json!({"role": "client_user"})),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(demote.status, StatusCode::FORBIDDEN);

    // Filters and search.
    let search = app.get("/api/v1/users?q=vera", &superuser).await;
    assert_eq!(search.body["items"].as_array().unwrap().len(), 1);
    let invited = app.get("/api/v1/users?status=invited&limit=200", &vendor).await;
    assert!(invited.body["items"].as_array().unwrap().iter().all(|u| u["status"] == "invited"));
    assert_eq!(invited.body["items"].as_array().unwrap().len(), 2);
}

async fn deactivation_ends_sessions_and_blocks_login(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let vendor = fx.admin.auth.clone();
    let client = fx.client(&app, "Fietsen Jansen", None, None).await;
    let person = fx.person(&app, &client, "client_user", &[]).await;
    let session = person.auth.clone();
    let id = person.id.clone();
    let version = app.get(&format!("/api/v1/users/{id}"), &vendor).await.header("etag").unwrap().to_owned();
    let deactivated = app
        .request_with(
            &app.client,
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            &vendor,
            Some(json!({"active": false})),
            &[("if-match", &version)],
        )
        .await;
    assert_eq!(deactivated.status, StatusCode::OK, "{}", deactivated.text);
    assert_eq!(deactivated.body["status"], "deactivated");
    assert_eq!(app.get("/api/v1/me", &session).await.status, StatusCode::UNAUTHORIZED);
    let login = app.login(&person.email, PASSWORD).await;
    assert_eq!(login.status, StatusCode::UNAUTHORIZED);
    // A deactivated account answers exactly like a wrong password.
    assert_eq!(login.body["code"], "invalid_credentials");

    let version = deactivated.header("etag").unwrap().to_owned();
    let reactivated = app
        .request_with(
            &app.client,
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            &vendor,
            Some(json!({"active": true})),
            &[("if-match", &version)],
        )
        .await;
    assert_eq!(reactivated.body["status"], "active");
    assert_eq!(app.login(&person.email, PASSWORD).await.status, StatusCode::OK);
}
