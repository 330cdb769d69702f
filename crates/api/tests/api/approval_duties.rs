//! Who approves (seed 002): a client user may approve a type of document when its
//! rights (by group or own grant) include approving it; the firm that manages the client
//! names must-approvers, and then only they approve that type — all of them.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fixtures::Fixture;
use crate::helpers::{Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(must_approvers_named_by_the_firm_override_those_who_may);

/// The e-mail addresses in one list of a type's duties.
fn emails(duties: &Value, kind: &str, list: &str) -> Vec<String> {
    let entry = duties["types"].as_array().unwrap().iter().find(|t| t["document_type"] == kind).unwrap();
    let mut all: Vec<String> =
        entry[list].as_array().unwrap().iter().map(|p| p["email"].as_str().unwrap().to_owned()).collect();
    all.sort();
    all
}

async fn must_approvers_named_by_the_firm_override_those_who_may(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let firm = world.partner(&app, "Kantoor Van Dijk", "accountancy").await;
    let partner_admin = world.person(&app, &firm, "partner_admin", &[]).await;
    let client = world.client(&app, "Bakkerij Korenschoof", Some(&firm), None).await;
    let superuser = world.person(&app, &client, "client_superuser", &[]).await;
    let director = world.person(&app, &client, "client_user", &[]).await;
    let bookkeeper = world.person(&app, &client, "client_user", &[]).await;
    let clerk = world.person(&app, &client, "client_user", &[]).await;
    let other = world.client(&app, "Fietsen Jansen", Some(&firm), None).await;
    let outsider = world.person(&app, &other, "client_user", &[]).await;
    let bank = world.partner(&app, "Noordbank", "bank").await;
    let bank_admin = world.person(&app, &bank, "partner_admin", &[]).await;

    // The director may approve VAT returns through a group, the bookkeeper by its own grant.
    let group = app
        .post(
            "/api/v1/permission-groups",
            &partner_admin.auth,
            json!({"audience": "clients", "name": "Accorderen btw",
            "permissions": [{"capability": "approvals.vat_return", "access": "write"}]}),
        )
        .await;
    let members = format!("/api/v1/permission-groups/{}/members", group.body["id"].as_str().unwrap());
    assert_eq!(app.post(&members, &partner_admin.auth, json!({"user_id": director.id})).await.status, StatusCode::OK);
    let grant = json!({"grants": [{"capability": "approvals.vat_return", "access": "write"}]});
    let granted = app
        .request(Method::PUT, &format!("/api/v1/users/{}/rights", bookkeeper.id), &superuser.auth, Some(grant))
        .await;
    assert_eq!(granted.status, StatusCode::OK, "{}", granted.text);

    let path = format!("/api/v1/organisations/{}/approval-duties", client.id);
    let duties = app.get(&path, &clerk.auth).await;
    assert_eq!(duties.status, StatusCode::OK, "{}", duties.text);
    assert_eq!(duties.body["types"].as_array().unwrap().len(), 5);
    // The superuser holds every right, so it may approve as well; the clerk holds none.
    let may = emails(&duties.body, "vat_return", "may");
    assert_eq!(may, {
        let mut want = vec![director.email.clone(), bookkeeper.email.clone(), superuser.email.clone()];
        want.sort();
        want
    });
    assert_eq!(emails(&duties.body, "vat_return", "approvers"), may, "without must-approvers, those who may approve");
    assert_eq!(emails(&duties.body, "annual_accounts", "may"), std::slice::from_ref(&superuser.email));

    // The firm names two must-approvers: only they approve VAT returns now.
    let vat = format!("{path}/vat_return");
    let named =
        app.request(Method::PUT, &vat, &partner_admin.auth, Some(json!({"user_ids": [director.id, clerk.id]}))).await;
    assert_eq!(named.status, StatusCode::OK, "{}", named.text);
    let mut must = vec![director.email.clone(), clerk.email.clone()];
    must.sort();
    assert_eq!(emails(&named.body, "vat_return", "must"), must);
    assert_eq!(emails(&named.body, "vat_return", "approvers"), must, "must overrides may");
    assert!(
        !emails(&named.body, "vat_return", "may").contains(&director.email),
        "a must-approver is not listed as may"
    );
    assert_eq!(
        emails(&named.body, "annual_accounts", "approvers"),
        std::slice::from_ref(&superuser.email),
        "other types unchanged"
    );

    // Only the managing firm (or the vendor) names them, and only the client's own people.
    for (who, status) in [(&superuser.auth, StatusCode::FORBIDDEN), (&bank_admin.auth, StatusCode::NOT_FOUND)] {
        let reply = app.request(Method::PUT, &vat, who, Some(json!({"user_ids": []}))).await;
        assert_eq!(reply.status, status, "{}", reply.text);
    }
    let stranger = app.request(Method::PUT, &vat, &partner_admin.auth, Some(json!({"user_ids": [outsider.id]}))).await;
    assert_eq!(stranger.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", stranger.text);
    assert_eq!(stranger.body["errors"][0]["field"], "user_ids[0]");
    let twice =
        app.request(Method::PUT, &vat, &partner_admin.auth, Some(json!({"user_ids": [clerk.id, clerk.id]}))).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", twice.text);
    assert_eq!(twice.body["errors"][0]["field"], "user_ids[1]");
    let unknown = app
        .request(Method::PUT, &format!("{path}/loonaangifte"), &partner_admin.auth, Some(json!({"user_ids": []})))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.text);
    let key = world.key(&app, &firm, &["users:read", "users:write"]).await;
    assert_eq!(app.get(&path, &key).await.status, StatusCode::FORBIDDEN);
    // Partners have no duties of their own.
    assert_eq!(
        app.get(&format!("/api/v1/organisations/{}/approval-duties", firm.id), &partner_admin.auth).await.status,
        StatusCode::NOT_FOUND
    );

    // Unnaming them leaves the type to those who may; the change is audited.
    let cleared = app.request(Method::PUT, &vat, &partner_admin.auth, Some(json!({"user_ids": []}))).await;
    assert_eq!(emails(&cleared.body, "vat_return", "approvers"), may);
    let audit = app.get("/api/v1/audit-events?entity_type=approval_duties", &world.admin.auth).await;
    assert_eq!(audit.body["items"].as_array().unwrap().len(), 2, "{}", audit.text);
}
