//! Rights per module (seed 002): a partner's client and staff groups give their members
//! rights on top of their own grants; nobody hands out or takes away a right beyond its
//! own; groups are the firm's, invisible to clients and out of reach of branch-limited
//! administrators and API keys.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fixtures::Fixture;
use crate::helpers::{Auth, Backend, Reply, TestApp, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    groups_give_their_members_rights_on_top_of_their_own,
    nobody_hands_out_rights_beyond_their_own,
    groups_stay_with_the_firm
);

async fn with_version(
    app: &TestApp,
    method: Method,
    path: &str,
    auth: &Auth,
    version: &Value,
    body: Option<Value>,
) -> Reply {
    let tag = format!("\"{version}\"");
    app.request_with(&app.client, method, path, auth, body, &[("if-match", tag.as_str())]).await
}

async fn put(app: &TestApp, path: &str, auth: &Auth, body: Value) -> Reply {
    app.request(Method::PUT, path, auth, Some(body)).await
}

/// The effective rights as `capability:access` strings.
fn effective(rights: &Reply) -> Vec<String> {
    rights.body["effective"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| format!("{}:{}", g["capability"].as_str().unwrap(), g["access"].as_str().unwrap()))
        .collect()
}

async fn groups_give_their_members_rights_on_top_of_their_own(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let firm = world.partner(&app, "Kantoor Van Dijk", "accountancy").await;
    let partner_admin = world.person(&app, &firm, "partner_admin", &[]).await;
    let colleague = world.person(&app, &firm, "partner_user", &[]).await;
    let client = world.client(&app, "Bakkerij Korenschoof", Some(&firm), None).await;
    let superuser = world.person(&app, &client, "client_superuser", &[]).await;
    let bookkeeper = world.person(&app, &client, "client_user", &[]).await;

    // A client group with rights on tickets and VAT returns.
    let created = app
        .post(
            "/api/v1/permission-groups",
            &partner_admin.auth,
            json!({"audience": "clients", "name": "Cliënten met alle rechten", "description": "Nieuwe cliënten",
                   "permissions": [{"capability": "tickets", "access": "write"}, {"capability": "approvals.vat_return", "access": "write"}]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(created.body["organisation_id"], firm.id.as_str());
    let group = created.body["id"].as_str().unwrap().to_owned();

    // Without groups or grants a client user holds nothing; the superuser everything.
    let rights_path = format!("/api/v1/users/{}/rights", bookkeeper.id);
    let none = app.get(&rights_path, &superuser.auth).await;
    assert_eq!(none.status, StatusCode::OK, "{}", none.text);
    assert_eq!(effective(&none), Vec::<String>::new());
    let mine = app.get("/api/v1/me/rights", &superuser.auth).await;
    assert_eq!(mine.body["administrator"], true);
    assert!(effective(&mine).contains(&"approvals.annual_accounts:write".to_owned()), "{}", mine.text);

    // The member holds the group's rights, and its own on top.
    let members = format!("/api/v1/permission-groups/{group}/members");
    let added = app.post(&members, &partner_admin.auth, json!({"user_id": bookkeeper.id})).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.text);
    assert_eq!(added.body["organisation"]["id"], client.id.as_str());
    let again = app.post(&members, &partner_admin.auth, json!({"user_id": bookkeeper.id})).await;
    assert_eq!(again.status, StatusCode::OK, "adding twice changes nothing: {}", again.text);
    let own = put(
        &app,
        &rights_path,
        &superuser.auth,
        json!({"grants": [{"capability": "billing", "access": "read"}, {"capability": "tickets", "access": "read"}]}),
    )
    .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.text);
    assert_eq!(effective(&own), ["tickets:write", "billing:read", "approvals.vat_return:write"]);
    assert_eq!(own.body["groups"][0]["name"], "Cliënten met alle rechten");
    let seen_by_member = app.get("/api/v1/me/rights", &bookkeeper.auth).await;
    assert_eq!(effective(&seen_by_member), effective(&own));

    // Listing shows the member count; changing the group changes its members' rights at once.
    let list = app.get("/api/v1/permission-groups", &partner_admin.auth).await;
    assert_eq!(list.body["items"][0]["member_count"], 1, "{}", list.text);
    let stale = with_version(
        &app,
        Method::PATCH,
        &format!("/api/v1/permission-groups/{group}"),
        &partner_admin.auth,
        &json!(7),
        Some(json!({"name": "x"})),
    )
    .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "{}", stale.text);
    let changed = with_version(
        &app,
        Method::PATCH,
        &format!("/api/v1/permission-groups/{group}"),
        &partner_admin.auth,
        &json!(1),
        Some(json!({"permissions": [{"capability": "approvals.annual_accounts", "access": "write"}]})),
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.body["version"], 2);
    let now = app.get(&rights_path, &partner_admin.auth).await;
    assert_eq!(effective(&now), ["tickets:read", "billing:read", "approvals.annual_accounts:write"]);

    // A staff group takes the firm's own people only.
    let staff = app
        .post("/api/v1/permission-groups", &partner_admin.auth, json!({"audience": "staff", "name": "Assistenten", "permissions": [{"capability": "news", "access": "write"}]}))
        .await;
    assert_eq!(staff.status, StatusCode::CREATED, "{}", staff.text);
    let staff_members = format!("/api/v1/permission-groups/{}/members", staff.body["id"].as_str().unwrap());
    let outsider = app.post(&staff_members, &partner_admin.auth, json!({"user_id": bookkeeper.id})).await;
    assert_eq!(outsider.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", outsider.text);
    assert_eq!(outsider.body["errors"][0]["field"], "user_id");
    let inside = app.post(&staff_members, &partner_admin.auth, json!({"user_id": colleague.id})).await;
    assert_eq!(inside.status, StatusCode::OK, "{}", inside.text);
    let colleague_rights = app.get("/api/v1/me/rights", &colleague.auth).await;
    assert_eq!(effective(&colleague_rights), ["news:write"]);

    // Leaving the group, or its deletion, leaves the own grants.
    let removed = app.request(Method::DELETE, &format!("{members}/{}", bookkeeper.id), &partner_admin.auth, None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    let gone_twice =
        app.request(Method::DELETE, &format!("{members}/{}", bookkeeper.id), &partner_admin.auth, None).await;
    assert_eq!(gone_twice.status, StatusCode::NOT_FOUND);
    assert_eq!(effective(&app.get(&rights_path, &superuser.auth).await), ["tickets:read", "billing:read"]);
    let deleted = with_version(
        &app,
        Method::DELETE,
        &format!("/api/v1/permission-groups/{group}"),
        &partner_admin.auth,
        &json!(2),
        None,
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert_eq!(
        app.get(&format!("/api/v1/permission-groups/{group}"), &partner_admin.auth).await.status,
        StatusCode::NOT_FOUND
    );

    // Every change is in the audit log.
    let audit = app.get("/api/v1/audit-events?limit=100", &world.admin.auth).await;
    let kinds: Vec<String> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}:{}", e["entity_type"].as_str().unwrap_or(""), e["action"].as_str().unwrap_or("")))
        .collect();
    for expected in [
        "permission_group:created",
        "permission_group:updated",
        "permission_group:deleted",
        "group_member:created",
        "group_member:deleted",
        "user_rights:updated",
    ] {
        assert!(kinds.contains(&expected.to_owned()), "{expected} missing from {kinds:?}");
    }
}

async fn nobody_hands_out_rights_beyond_their_own(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let firm = world.partner(&app, "Kantoor Van Dijk", "accountancy").await;
    let client = world.client(&app, "Bakkerij Korenschoof", Some(&firm), None).await;
    let superuser = world.person(&app, &client, "client_superuser", &[]).await;
    let manager = world.person(&app, &client, "client_user", &[]).await;
    let clerk = world.person(&app, &client, "client_user", &[]).await;
    let path = |p: &crate::fixtures::Person| format!("/api/v1/users/{}/rights", p.id);

    // A client user without the users right grants nothing.
    let refused =
        put(&app, &path(&clerk), &manager.auth, json!({"grants": [{"capability": "tickets", "access": "read"}]})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    // The superuser makes it a user manager that may see billing.
    let made = put(
        &app,
        &path(&manager),
        &superuser.auth,
        json!({"grants": [{"capability": "users", "access": "write"}, {"capability": "billing", "access": "read"}]}),
    )
    .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    // Now it hands out what it holds ...
    let within = put(
        &app,
        &path(&clerk),
        &manager.auth,
        json!({"grants": [{"capability": "billing", "access": "read"}, {"capability": "users", "access": "read"}]}),
    )
    .await;
    assert_eq!(within.status, StatusCode::OK, "{}", within.text);
    // ... but nothing above it, not even by lowering what it lacks.
    for grants in [
        json!([{"capability": "billing", "access": "write"}]),
        json!([{"capability": "tickets", "access": "read"}]),
        json!([{"capability": "approvals.vat_return", "access": "write"}]),
    ] {
        let beyond = put(&app, &path(&clerk), &manager.auth, json!({"grants": grants})).await;
        assert_eq!(beyond.status, StatusCode::FORBIDDEN, "{grants}: {}", beyond.text);
        assert_eq!(beyond.header("content-type"), Some("application/problem+json"));
    }
    let by_superuser =
        put(&app, &path(&clerk), &superuser.auth, json!({"grants": [{"capability": "tickets", "access": "write"}]}))
            .await;
    assert_eq!(by_superuser.status, StatusCode::OK);
    let take_away = put(&app, &path(&clerk), &manager.auth, json!({"grants": []})).await;
    assert_eq!(take_away.status, StatusCode::FORBIDDEN, "tickets is beyond the manager: {}", take_away.text);
    // Nobody changes its own rights.
    let own = put(
        &app,
        &path(&manager),
        &manager.auth,
        json!({"grants": [{"capability": "users", "access": "write"}, {"capability": "billing", "access": "write"}]}),
    )
    .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.text);
    // API keys hold no rights to hand out.
    let firm_key = world.key(&app, &firm, &["users:write", "users:read"]).await;
    let by_key = put(&app, &path(&clerk), &firm_key, json!({"grants": []})).await;
    assert_eq!(by_key.status, StatusCode::FORBIDDEN, "{}", by_key.text);
    // The refusals changed nothing.
    let clerk_rights = app.get(&path(&clerk), &superuser.auth).await;
    assert_eq!(effective(&clerk_rights), ["tickets:write"]);

    // Bad input is a field error, never a 500.
    let twice = put(
        &app,
        &path(&clerk),
        &superuser.auth,
        json!({"grants": [{"capability": "news", "access": "read"}, {"capability": "news", "access": "write"}]}),
    )
    .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", twice.text);
    assert_eq!(twice.body["errors"][0]["field"], "grants[1].capability");
    for bad in [json!("approvals.tickets"), json!("beheer"), json!("news\u{0}")] {
        let reply =
            put(&app, &path(&clerk), &superuser.auth, json!({"grants": [{"capability": bad, "access": "read"}]})).await;
        assert!(reply.status.is_client_error(), "{bad}: {} {}", reply.status, reply.text);
    }
    let unknown = app.get(&format!("/api/v1/users/{}/rights", uuid::Uuid::now_v7()), &superuser.auth).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

async fn groups_stay_with_the_firm(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let firm = world.partner(&app, "Kantoor Van Dijk", "accountancy").await;
    let north = world.branch(&app, &firm, "Utrecht").await;
    let partner_admin = world.person(&app, &firm, "partner_admin", &[]).await;
    let branch_admin = world.person(&app, &firm, "partner_admin", &[&north]).await;
    let client = world.client(&app, "Bakkerij Korenschoof", Some(&firm), None).await;
    let superuser = world.person(&app, &client, "client_superuser", &[]).await;
    let bank = world.partner(&app, "Noordbank", "bank").await;
    let bank_admin = world.person(&app, &bank, "partner_admin", &[]).await;
    let bank_client = world.client(&app, "Visser", Some(&bank), None).await;
    let bank_client_user = world.person(&app, &bank_client, "client_user", &[]).await;

    let body = json!({"audience": "clients", "name": "Alleen meldingen", "permissions": [{"capability": "tickets", "access": "write"}]});
    // A branch-limited administrator reads the groups but does not manage them.
    let by_branch = app.post("/api/v1/permission-groups", &branch_admin.auth, body.clone()).await;
    assert_eq!(by_branch.status, StatusCode::FORBIDDEN, "{}", by_branch.text);
    // Eight at once with one name: one group, the rest a clean 409 on the name.
    let racing = (0..8).map(|_| app.post("/api/v1/permission-groups", &partner_admin.auth, body.clone()));
    let replies = futures_util::future::join_all(racing).await;
    let created: Vec<&Reply> = replies.iter().filter(|r| r.status == StatusCode::CREATED).collect();
    assert_eq!(created.len(), 1, "{:?}", replies.iter().map(|r| (r.status, &r.text)).collect::<Vec<_>>());
    for reply in replies.iter().filter(|r| r.status != StatusCode::CREATED) {
        assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text);
        assert_eq!(reply.body["errors"][0]["field"], "name");
    }
    let group = created[0].body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.get("/api/v1/permission-groups", &branch_admin.auth).await.body["items"].as_array().unwrap().len(),
        1
    );

    // Clients see no groups; another partner does not know they exist.
    let by_client = app.get("/api/v1/permission-groups", &superuser.auth).await;
    assert_eq!(by_client.status, StatusCode::FORBIDDEN, "{}", by_client.text);
    assert_eq!(
        app.get(&format!("/api/v1/permission-groups/{group}"), &superuser.auth).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/permission-groups/{group}"), &bank_admin.auth).await.status,
        StatusCode::NOT_FOUND
    );
    let bank_list = app.get("/api/v1/permission-groups", &bank_admin.auth).await;
    assert_eq!(bank_list.body["items"], json!([]));
    let foreign = app.get(&format!("/api/v1/permission-groups?organisation_id={}", firm.id), &bank_admin.auth).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    // Nor can the firm put another partner's client in its group.
    let members = format!("/api/v1/permission-groups/{group}/members");
    let other = app.post(&members, &partner_admin.auth, json!({"user_id": bank_client_user.id})).await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", other.text);
    // Groups are kept by partners or the vendor, never by a client.
    let for_client = app
        .post(
            "/api/v1/permission-groups",
            &world.admin.auth,
            json!({"organisation_id": client.id, "audience": "staff", "name": "x"}),
        )
        .await;
    assert_eq!(for_client.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", for_client.text);
    // The vendor manages any partner's groups.
    let by_vendor = app
        .post(
            "/api/v1/permission-groups",
            &world.admin.auth,
            json!({"organisation_id": firm.id, "audience": "staff", "name": "Kantoorgroep"}),
        )
        .await;
    assert_eq!(by_vendor.status, StatusCode::CREATED, "{}", by_vendor.text);
    assert_eq!(by_vendor.body["organisation_id"], firm.id.as_str());
}
