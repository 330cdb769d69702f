//! Nobody grants more than they hold: API keys never mint or touch administrators and
//! never manage keys; branch-limited administrators hand out only their own branches and
//! cannot widen their own; races on unique values are a clean 409.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fixtures::Fixture;
use crate::helpers::{Auth, Backend, TestApp, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    keys_never_mint_or_touch_administrators,
    branch_limited_admins_grant_only_their_branches,
    racing_creations_of_one_unique_value_give_one_201_and_409s
);

async fn patch(app: &TestApp, auth: &Auth, path: &str, version: &Value, body: Value) -> crate::helpers::Reply {
    let tag = format!("\"{version}\"");
    app.request_with(&app.client, Method::PATCH, path, auth, Some(body), &[("if-match", tag.as_str())]).await
}

async fn keys_never_mint_or_touch_administrators(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let vendor = world.admin.auth.clone();
    let bank_org = world.partner(&app, "Noordbank", "bank").await;
    let bank = bank_org.id.clone();
    let bank_admin = world.person(&app, &bank_org, "partner_admin", &[]).await.auth;
    let key = world.key_by(&app, &bank_admin, &bank, &["users:write", "users:read"]).await;

    // The reported attack: a users:write key creates a partner admin.
    let minted = app
        .post("/api/v1/users", &key, json!({"organisation_id": bank, "email": "stiekem@noordbank.example", "name": "Stiekem", "role": "partner_admin"}))
        .await;
    assert_eq!(minted.status, StatusCode::FORBIDDEN, "{}", minted.text);
    // An ordinary user is fine ...
    let ordinary = app
        .post("/api/v1/users", &key, json!({"organisation_id": bank, "email": "gewoon@noordbank.example", "name": "Gewoon", "role": "partner_user"}))
        .await;
    assert_eq!(ordinary.status, StatusCode::CREATED, "{}", ordinary.text);
    // ... but not its promotion, nor touching an existing administrator.
    let id = ordinary.body["id"].as_str().unwrap();
    let promote =
        patch(&app, &key, &format!("/api/v1/users/{id}"), &ordinary.body["version"], json!({"role": "partner_admin"}))
            .await;
    assert_eq!(promote.status, StatusCode::FORBIDDEN, "{}", promote.text);
    let users = app.get(&format!("/api/v1/users?organisation_id={bank}&role=partner_admin"), &bank_admin).await;
    let admin_user = &users.body["items"][0];
    let deactivate = patch(
        &app,
        &key,
        &format!("/api/v1/users/{}", admin_user["id"].as_str().unwrap()),
        &admin_user["version"],
        json!({"active": false}),
    )
    .await;
    assert_eq!(deactivate.status, StatusCode::FORBIDDEN, "{}", deactivate.text);
    // Keys never manage keys.
    let key_by_key = app
        .post("/api/v1/api-keys", &key, json!({"organisation_id": bank, "name": "x", "scopes": ["users:write"]}))
        .await;
    assert_eq!(key_by_key.status, StatusCode::FORBIDDEN, "{}", key_by_key.text);

    // A vendor key sees every tenant but invites no vendor admin or agent.
    let vendor_org = world.vendor.id.clone();
    let vendor_key = world.key(&app, &world.vendor, &["users:write"]).await;
    for role in ["vendor_admin", "agent"] {
        let reply = app
            .post("/api/v1/users", &vendor_key, json!({"organisation_id": vendor_org, "email": format!("{role}@leverancier.example"), "name": "Nieuw", "role": role}))
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role}: {}", reply.text);
    }
    // Nothing was created by the refused requests.
    let all = app.get("/api/v1/users?limit=200", &vendor).await;
    let emails: Vec<&str> =
        all.body["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect();
    assert!(
        !emails.iter().any(|e| e.starts_with("stiekem") || e.starts_with("vendor_admin@") || e.starts_with("agent@"))
    );
}

async fn branch_limited_admins_grant_only_their_branches(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let accountancy_org = world.partner(&app, "Accountants & Co", "accountancy").await;
    let accountancy = accountancy_org.id.clone();
    let utrecht = world.branch(&app, &accountancy_org, "Vestiging Utrecht").await;
    let gent = world.branch(&app, &accountancy_org, "Vestiging Gent").await;
    // Make the Utrecht user an administrator limited to Utrecht (by the firm-wide admin).
    let firm_admin = world.person(&app, &accountancy_org, "partner_admin", &[]).await.auth;
    let person = world.person(&app, &accountancy_org, "partner_user", &[&utrecht]).await;
    let user_id = person.id.clone();
    let utrecht_user = app.get(&format!("/api/v1/users/{user_id}"), &firm_admin).await.body;
    let promoted = patch(
        &app,
        &firm_admin,
        &format!("/api/v1/users/{user_id}"),
        &utrecht_user["version"],
        json!({"role": "partner_admin"}),
    )
    .await;
    assert_eq!(promoted.status, StatusCode::OK, "{}", promoted.text);
    let limited = person.auth;

    let create = |email: &str, branches: Value| json!({"organisation_id": accountancy, "email": email, "name": "Nieuw", "role": "partner_user", "branch_ids": branches});
    let own_branch = app.post("/api/v1/users", &limited, create("u1@vandijk.example", json!([utrecht]))).await;
    assert_eq!(own_branch.status, StatusCode::CREATED, "{}", own_branch.text);
    for (email, branches) in [("u2@vandijk.example", json!([])), ("u3@vandijk.example", json!([utrecht, gent]))] {
        let reply = app.post("/api/v1/users", &limited, create(email, branches)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{email}: {}", reply.text);
    }
    // Widening one's own branches is changing one's own role.
    let widen = patch(
        &app,
        &limited,
        &format!("/api/v1/users/{user_id}"),
        &promoted.body["version"],
        json!({"branch_ids": []}),
    )
    .await;
    assert_eq!(widen.status, StatusCode::FORBIDDEN, "{}", widen.text);
    // A key would see every branch: a branch-limited admin creates none.
    let key = app
        .post(
            "/api/v1/api-keys",
            &limited,
            json!({"organisation_id": accountancy, "name": "x", "scopes": ["users:read"]}),
        )
        .await;
    assert_eq!(key.status, StatusCode::FORBIDDEN, "{}", key.text);
}

async fn racing_creations_of_one_unique_value_give_one_201_and_409s(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let bank_org = world.partner(&app, "Noordbank", "bank").await;
    let bank = bank_org.id.clone();
    let admin = world.person(&app, &bank_org, "partner_admin", &[]).await.auth;

    let users = (0..8).map(|i| {
        app.post(
            "/api/v1/users",
            &admin,
            json!({"organisation_id": bank, "email": "dubbel@noordbank.example", "name": format!("Dubbel {i}"), "role": "partner_user"}),
        )
    });
    let branch_path = format!("/api/v1/organisations/{bank}/branches");
    let branches = (0..8).map(|_| app.post(&branch_path, &admin, json!({"name": "Vestiging Dubbel"})));
    for (what, replies) in [
        ("users", futures_util::future::join_all(users).await),
        ("branches", futures_util::future::join_all(branches).await),
    ] {
        let statuses: Vec<StatusCode> = replies.iter().map(|r| r.status).collect();
        let created = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
        let conflicts = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
        assert_eq!(
            (created, conflicts),
            (1, 7),
            "{what}: {statuses:?} {:?}",
            replies.iter().map(|r| &r.text).collect::<Vec<_>>()
        );
        for reply in replies.iter().filter(|r| r.status == StatusCode::CONFLICT) {
            assert_eq!(reply.header("content-type"), Some("application/problem+json"), "{what}");
        }
    }
}
