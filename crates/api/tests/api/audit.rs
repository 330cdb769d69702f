//! The audit log: every kind of change leaves one entry, written in the change's
//! transaction, naming who, from where and which fields changed; secrets never appear;
//! administrators read their own organisation's entries, vendor admins everyone's.

use reqwest::{Method, StatusCode};
use sea_orm::{EntityTrait, TransactionTrait};
use serde_json::{Value, json};

use crate::fixtures::{Fixture, PASSWORD};
use crate::helpers::{Auth, Backend, Reply, TestApp, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    every_kind_of_change_is_audited_once_with_its_fields,
    a_change_that_does_not_commit_leaves_no_entry,
    secrets_never_reach_the_log,
    administrators_read_only_their_own_organisations_entries
);

async fn patch(app: &TestApp, auth: &Auth, path: &str, version: &Value, body: Value) -> Reply {
    let tag = format!("\"{version}\"");
    app.request_with(&app.client, Method::PATCH, path, auth, Some(body), &[("if-match", tag.as_str())]).await
}

/// The entries about one record, newest first.
async fn entries_about(app: &TestApp, auth: &Auth, id: &str) -> Vec<Value> {
    let reply = app.get(&format!("/api/v1/audit-events?entity_id={id}"), auth).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body["items"].as_array().cloned().unwrap_or_default()
}

fn actions(entries: &[Value]) -> Vec<&str> {
    entries.iter().rev().filter_map(|entry| entry["action"].as_str()).collect()
}

fn change<'a>(entry: &'a Value, field: &str) -> Option<(&'a Value, &'a Value)> {
    entry["changes"].as_array()?.iter().find(|c| c["field"] == field).map(|c| (&c["old"], &c["new"]))
}

async fn every_kind_of_change_is_audited_once_with_its_fields(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let vendor = world.admin.auth.clone();
    let bank_org = world.partner(&app, "Noordbank", "bank").await;
    let bank = bank_org.id.clone();
    let bank_admin = world.person(&app, &bank_org, "partner_admin", &[]).await.auth;

    // Organisations and branches.
    let created = app
        .post(
            "/api/v1/organisations",
            &vendor,
            json!({"kind": "partner", "name": "Factor Direct B.V.", "partner_kind": "factoring"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let org = created.body["id"].as_str().unwrap().to_owned();
    let renamed = patch(
        &app,
        &vendor,
        &format!("/api/v1/organisations/{org}"),
        &created.body["version"],
        json!({"name": "Factor Direkt B.V."}),
    )
    .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text);
    let branch = app.post(&format!("/api/v1/organisations/{org}/branches"), &vendor, json!({"name": "Zwolle"})).await;
    assert_eq!(branch.status, StatusCode::CREATED, "{}", branch.text);
    let entries = entries_about(&app, &vendor, &org).await;
    assert_eq!(actions(&entries), ["created", "updated"]);
    let (old, new) = change(&entries[0], "name").expect("the rename names its field");
    assert_eq!((old.as_str(), new.as_str()), (Some("Factor Direct B.V."), Some("Factor Direkt B.V.")));
    assert_eq!(entries[0]["changes"].as_array().unwrap().len(), 1, "only the changed field: {}", entries[0]);
    assert_eq!(entries[0]["actor"]["kind"], "user");
    assert_eq!(entries[0]["actor"]["name"], "Eerste Beheerder");
    assert!(entries[0]["client_ip"].as_str().is_some_and(|ip| ip.starts_with("127.")), "{}", entries[0]);
    assert!(entries[0]["request_id"].as_str().is_some_and(|id| !id.is_empty()));
    let history = app.get(&format!("/api/v1/audit-events?subject_id={org}"), &vendor).await;
    assert_eq!(history.body["items"].as_array().unwrap().len(), 3, "the branch is in its organisation's history");
    assert_eq!(history.body["items"][0]["entity_type"], "branch");

    // Users: created, changed, deactivated, reactivated, invited again.
    let user = app.create_user(&bank_admin, &bank, "nieuw@noordbank.example", "partner_user").await;
    let id = user["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/users/{id}");
    let named =
        patch(&app, &bank_admin, &path, &user["version"], json!({"name": "Nina Nieuw", "phone": "0612345678"})).await;
    let off = patch(&app, &bank_admin, &path, &named.body["version"], json!({"active": false})).await;
    let on = patch(&app, &bank_admin, &path, &off.body["version"], json!({"active": true})).await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.text);
    let resent = app.request(Method::POST, &format!("{path}/invitation"), &bank_admin, None).await;
    assert_eq!(resent.status, StatusCode::ACCEPTED, "{}", resent.text);
    let entries = entries_about(&app, &bank_admin, &id).await;
    assert_eq!(actions(&entries), ["created", "updated", "deactivated", "reactivated", "invitation_sent"]);
    let phone = change(&entries[3], "phone").unwrap();
    assert_eq!((phone.0, phone.1.as_str()), (&Value::Null, Some("+31612345678")));
    let status = change(&entries[2], "status").unwrap();
    assert_eq!((status.0.as_str(), status.1.as_str()), (Some("invited"), Some("deactivated")));
    assert_eq!(change(&entries[4], "role").unwrap().1, "partner_user");

    // Accepting the invitation, signing in and out, profile and password: the user acts.
    app.drain_outbox().await;
    let token = app.last_mail_to("nieuw@noordbank.example").await.token();
    let accepted = app
        .post(
            "/api/v1/auth/invitations/accept",
            &Auth::None,
            json!({"token": token, "password": "Lange-zin-voor-Nina-2026"}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::NO_CONTENT, "{}", accepted.text);
    let login = app.login("nieuw@noordbank.example", "Lange-zin-voor-Nina-2026").await;
    let nina = Auth::Bearer(login.body["access_token"].as_str().unwrap().to_owned());
    let profile = app.request(Method::PATCH, "/api/v1/me", &nina, Some(json!({"language": "en"}))).await;
    assert_eq!(profile.status, StatusCode::OK, "{}", profile.text);
    let password = app
        .post(
            "/api/v1/me/password",
            &nina,
            json!({"current_password": "Lange-zin-voor-Nina-2026", "new_password": "Nog-langere-zin-voor-Nina-2027"}),
        )
        .await;
    assert_eq!(password.status, StatusCode::NO_CONTENT, "{}", password.text);
    let refresh = login.cookie("loket_refresh").unwrap();
    assert_eq!(app.logout(&refresh).await.status, StatusCode::NO_CONTENT);
    let entries = entries_about(&app, &bank_admin, &id).await;
    assert_eq!(
        actions(&entries)[5..],
        ["invitation_accepted", "signed_in", "updated", "password_changed", "signed_out"]
    );
    assert!(entries[..5].iter().all(|e| e["actor"]["user_id"] == id.as_str()), "Nina acted herself");
    assert_eq!(change(&entries[2], "language").unwrap().1, "en");
    assert!(entries[1]["changes"].as_array().unwrap().is_empty(), "a password change names no values");

    // API keys: created and revoked; a key's own writes are signed by the key.
    let key = app
        .post(
            "/api/v1/api-keys",
            &bank_admin,
            json!({"organisation_id": bank, "name": "CRM", "scopes": ["users:write", "users:read"]}),
        )
        .await;
    assert_eq!(key.status, StatusCode::CREATED, "{}", key.text);
    let key_id = key.body["api_key"]["id"].as_str().unwrap().to_owned();
    let key_auth = Auth::ApiKey(key.body["secret"].as_str().unwrap().to_owned());
    let by_key = app.create_user(&key_auth, &bank, "viakey@noordbank.example", "partner_user").await;
    let revoked = app.request(Method::DELETE, &format!("/api/v1/api-keys/{key_id}"), &bank_admin, None).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT, "{}", revoked.text);
    assert_eq!(actions(&entries_about(&app, &bank_admin, &key_id).await), ["created", "revoked"]);
    let made_by_key = entries_about(&app, &bank_admin, by_key["id"].as_str().unwrap()).await;
    assert_eq!(made_by_key[0]["actor"]["kind"], "api_key");
    assert_eq!(made_by_key[0]["actor"]["api_key_id"], key_id.as_str());
    assert_eq!(made_by_key[0]["actor"]["name"], "CRM");

    // Webhook endpoints: created, changed, secret rotated, tested, deleted.
    let hook = app
        .post("/api/v1/webhooks", &bank_admin, json!({"organisation_id": bank, "url": "https://hooks.noordbank.example/loket", "event_types": ["user.invited"]}))
        .await;
    assert_eq!(hook.status, StatusCode::CREATED, "{}", hook.text);
    let hook_id = hook.body["endpoint"]["id"].as_str().unwrap().to_owned();
    let hook_path = format!("/api/v1/webhooks/{hook_id}");
    let paused =
        patch(&app, &bank_admin, &hook_path, &hook.body["endpoint"]["version"], json!({"enabled": false})).await;
    assert_eq!(paused.status, StatusCode::OK, "{}", paused.text);
    app.request(Method::POST, &format!("{hook_path}/secret"), &bank_admin, None).await;
    app.request(Method::POST, &format!("{hook_path}/test"), &bank_admin, None).await;
    let deleted = app.request(Method::DELETE, &hook_path, &bank_admin, None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    let entries = entries_about(&app, &bank_admin, &hook_id).await;
    assert_eq!(actions(&entries), ["created", "updated", "secret_rotated", "test_sent", "deleted"]);
    assert_eq!(change(&entries[3], "enabled").map(|(o, n)| (o.clone(), n.clone())), Some((json!(true), json!(false))));
    assert_eq!(
        change(&entries[2], "secret").map(|(o, n)| (o.clone(), n.clone())),
        Some((json!("[redacted]"), json!("[redacted]")))
    );
}

async fn a_change_that_does_not_commit_leaves_no_entry(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let vendor = world.admin.auth.clone();
    let bank_org = world.partner(&app, "Noordbank", "bank").await;
    let bank = bank_org.id.clone();
    let agent_person = world.person(&app, &world.vendor, "agent", &[]).await;
    let before: std::collections::HashSet<uuid::Uuid> = loket_api::db::entities::audit_events::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();

    // Recorded in a transaction that rolls back: gone with it.
    let txn = app.state.db.begin().await.unwrap();
    let author = loket_api::services::audit::Author::system("test");
    let change = loket_api::services::audit::Change::event(
        loket_domain::audit::AuditAction::Updated,
        loket_domain::audit::EntityType::Organisation,
        uuid::Uuid::now_v7(),
        None,
    );
    loket_api::services::audit::record(&txn, &author, change).await.unwrap();
    txn.rollback().await.unwrap();

    // Refused changes write nothing: a stale version (412), a lost race (409), a
    // forbidden grant (403), bad input (422).
    let organisation = app.get(&format!("/api/v1/organisations/{bank}"), &vendor).await;
    let stale = patch(&app, &vendor, &format!("/api/v1/organisations/{bank}"), &json!(0), json!({"name": "Oud"})).await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{} (version {})",
        stale.text,
        organisation.body["version"]
    );
    let body =
        json!({"organisation_id": bank, "email": "dubbel@noordbank.example", "name": "Dubbel", "role": "partner_user"});
    let (first, second) =
        tokio::join!(app.post("/api/v1/users", &vendor, body.clone()), app.post("/api/v1/users", &vendor, body));
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    let agent = app.bearer(&agent_person.email, PASSWORD).await;
    let forbidden = app
        .post(
            "/api/v1/users",
            &agent,
            json!({"organisation_id": bank, "email": "x@noordbank.example", "name": "X", "role": "partner_admin"}),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN, "{}", forbidden.text);
    let bad = app.post("/api/v1/organisations", &vendor, json!({"kind": "client", "name": "Nul\u{0}byte"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let after = loket_api::db::entities::audit_events::Entity::find().all(&app.state.db).await.unwrap();
    let fresh: Vec<_> = after.iter().filter(|e| !before.contains(&e.id)).collect();
    let new: Vec<(&str, &str)> = fresh.iter().map(|e| (e.action.as_str(), e.entity_type.as_str())).collect();
    // The one user created, and the sign-in of the agent; nothing of the refused changes
    // and nothing of the rolled-back transaction.
    assert_eq!(new.iter().filter(|(action, _)| *action == "created").count(), 1, "{new:?}");
    assert!(new.iter().all(|entry| matches!(entry, ("created", "user") | ("signed_in", "user"))), "{new:?}");
}

async fn secrets_never_reach_the_log(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let vendor = world.admin.auth.clone();
    let bank = world.partner(&app, "Noordbank", "bank").await.id;
    let mut secrets: Vec<String> = vec![PASSWORD.to_owned()];

    let key = app
        .post("/api/v1/api-keys", &vendor, json!({"organisation_id": bank, "name": "Sync", "scopes": ["users:read"]}))
        .await;
    secrets.push(key.body["secret"].as_str().unwrap().to_owned());
    let hook = app
        .post("/api/v1/webhooks", &vendor, json!({"organisation_id": bank, "url": "https://hooks.noordbank.example/a", "event_types": ["user.invited"]}))
        .await;
    secrets.push(hook.body["secret"].as_str().unwrap().to_owned());
    let hook_id = hook.body["endpoint"]["id"].as_str().unwrap();
    let rotated = app.request(Method::POST, &format!("/api/v1/webhooks/{hook_id}/secret"), &vendor, None).await;
    secrets.push(rotated.body["secret"].as_str().unwrap().to_owned());

    app.create_user(&vendor, &bank, "geheim@noordbank.example", "partner_user").await;
    app.drain_outbox().await;
    let token = app.last_mail_to("geheim@noordbank.example").await.token();
    secrets.push(token.clone());
    let password = "Geheim-wachtwoord-van-2026".to_owned();
    app.post("/api/v1/auth/invitations/accept", &Auth::None, json!({"token": token, "password": password})).await;
    let login = app.login("geheim@noordbank.example", &password).await;
    secrets.push(login.body["access_token"].as_str().unwrap().to_owned());
    secrets.push(login.cookie("loket_refresh").unwrap());
    secrets.push(password);

    let rows = loket_api::db::entities::audit_events::Entity::find().all(&app.state.db).await.unwrap();
    assert!(rows.len() >= 6, "{} entries", rows.len());
    let hashes: Vec<String> = loket_api::db::entities::users::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|u| u.password_hash)
        .collect();
    for row in &rows {
        let text = format!("{row:?}");
        for secret in secrets.iter().chain(&hashes) {
            assert!(!text.contains(secret.as_str()), "a secret in the audit log: {text}");
        }
        assert!(!text.contains("$argon2"), "{text}");
    }
}

async fn administrators_read_only_their_own_organisations_entries(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let vendor = world.admin.auth.clone();
    let bank_org = world.partner(&app, "Noordbank", "bank").await;
    let branch = world.branch(&app, &bank_org, "Vestiging Noord").await;
    let bakery_org = world.client(&app, "Bakkerij De Korenschoof", Some(&bank_org), None).await;
    let (bank, bakery) = (bank_org.id.clone(), bakery_org.id.clone());
    let bank_admin = world.person(&app, &bank_org, "partner_admin", &[]).await.auth;
    let owner = world.person(&app, &bakery_org, "client_superuser", &[]).await.auth;
    let agent = world.person(&app, &world.vendor, "agent", &[]).await.auth;
    let bank_user = world.person(&app, &bank_org, "partner_user", &[]).await.auth;
    let limited_admin = world.person(&app, &bank_org, "partner_admin", &[&branch]).await.auth;
    app.create_user(&vendor, &bank, "bank@noordbank.example", "partner_user").await;
    app.create_user(&vendor, &bakery, "bakker@korenschoof.example", "client_user").await;

    let all = |reply: &Reply| -> Vec<Value> { reply.body["items"].as_array().cloned().unwrap_or_default() };
    let seen = all(&app.get("/api/v1/audit-events?limit=200", &bank_admin).await);
    assert!(!seen.is_empty());
    assert!(seen.iter().all(|e| e["organisation_id"] == bank.as_str()), "only the bank's own entries");
    // Another organisation's entries cannot be asked for either.
    let other = app.get(&format!("/api/v1/audit-events?organisation_id={bakery}"), &bank_admin).await;
    assert_eq!(other.status, StatusCode::OK);
    assert!(all(&other).is_empty());

    let seen = all(&app.get("/api/v1/audit-events", &owner).await);
    assert!(seen.iter().any(|e| e["action"] == "created" && e["entity_type"] == "user"));
    assert!(seen.iter().all(|e| e["organisation_id"] == bakery.as_str()));

    let everything = all(&app.get("/api/v1/audit-events?limit=200", &vendor).await);
    assert!(everything.iter().any(|e| e["organisation_id"] == bank.as_str()));
    assert!(everything.iter().any(|e| e["organisation_id"] == bakery.as_str()));

    // Not for agents, ordinary users, branch-limited admins or API keys.
    let key = app
        .post(
            "/api/v1/api-keys",
            &bank_admin,
            json!({"organisation_id": bank, "name": "Sync", "scopes": ["users:read"]}),
        )
        .await;
    let key = Auth::ApiKey(key.body["secret"].as_str().unwrap().to_owned());
    for caller in [agent, bank_user, limited_admin, key] {
        let reply = app.get("/api/v1/audit-events", &caller).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
    }

    // Pages are newest first, bounded, and the cursor is opaque and short.
    let first = app.get("/api/v1/audit-events?limit=2", &vendor).await;
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    assert!(cursor.len() < 120, "{cursor}");
    let second = app.get(&format!("/api/v1/audit-events?limit=2&cursor={cursor}"), &vendor).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    let ids: Vec<String> =
        all(&first).iter().chain(all(&second).iter()).filter_map(|e| e["id"].as_str().map(str::to_owned)).collect();
    assert_eq!(ids.len(), 4);
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted, "newest first across pages");
    let backwards =
        app.get("/api/v1/audit-events?since=2030-01-01T00:00:00Z&until=2029-01-01T00:00:00Z", &vendor).await;
    // A backwards range is a valid question with an empty answer.
    assert_eq!(backwards.status, StatusCode::OK, "{}", backwards.text);
    assert_eq!(backwards.body["items"], json!([]));
}
