//! Organisations and branches: creation rules, optimistic locking, pagination, search.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::fixtures::Fixture;
use crate::helpers::{Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(organisations_are_created_checked_and_updated_with_if_match, lists_page_through_everything_once);

async fn organisations_are_created_checked_and_updated_with_if_match(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let admin = world.admin.auth.clone();
    let accountancy_org = world.partner(&app, "Accountants & Co", "accountancy").await;
    let accountancy = accountancy_org.id.clone();
    let utrecht = world.branch(&app, &accountancy_org, "Vestiging Utrecht").await;
    let gent = world.branch(&app, &accountancy_org, "Vestiging Gent").await;
    let bank = world.partner(&app, "Noordbank", "bank").await;

    let partner = app
        .post("/api/v1/organisations", &admin, json!({"kind": "partner", "name": "Factor Direct B.V.", "partner_kind": "factoring", "coc_number": "1234 5678", "vat_number": "nl123456789b01"}))
        .await;
    assert_eq!(partner.status, StatusCode::CREATED, "{}", partner.text);
    assert_eq!(partner.body["coc_number"], "12345678");
    assert_eq!(partner.body["vat_number"], "NL123456789B01");
    assert_eq!(partner.header("etag"), Some("\"1\""));

    let bad_shape = app.post("/api/v1/organisations", &admin, json!({"kind": "partner", "name": "Zonder soort"})).await;
    assert_eq!(bad_shape.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_shape.body["errors"][0]["field"], "partner_kind");
    let second_vendor =
        app.post("/api/v1/organisations", &admin, json!({"kind": "vendor", "name": "Nog een leverancier"})).await;
    assert_eq!(second_vendor.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_vat = app
        .post("/api/v1/organisations", &admin, json!({"kind": "client", "name": "X", "vat_number": "BE0123456748"}))
        .await;
    assert_eq!(bad_vat.body["errors"][0]["field"], "vat_number");

    // A client of the accountancy, in one of its branches.
    let client = app
        .post("/api/v1/organisations", &admin, json!({"kind": "client", "name": "Chocolaterie Dubois", "managing_partner_id": accountancy, "branch_id": gent}))
        .await;
    assert_eq!(client.status, StatusCode::CREATED, "{}", client.text);
    let id = client.body["id"].as_str().unwrap().to_owned();
    let foreign_branch = app
        .post(
            "/api/v1/organisations",
            &admin,
            json!({"kind": "client", "name": "Y", "managing_partner_id": partner.body["id"], "branch_id": gent}),
        )
        .await;
    assert_eq!(foreign_branch.body["errors"][0]["field"], "branch_id");

    // Updates need If-Match; a stale version is refused, so no change is lost silently.
    let path = format!("/api/v1/organisations/{id}");
    let no_precondition =
        app.request(Method::PATCH, &path, &admin, Some(json!({"name": "Chocolaterie Dubois & Fils"}))).await;
    assert_eq!(no_precondition.status, StatusCode::PRECONDITION_REQUIRED);
    let first = app
        .request_with(
            &app.client,
            Method::PATCH,
            &path,
            &admin,
            Some(json!({"name": "Chocolaterie Dubois & Fils"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.header("etag"), Some("\"2\""));
    let stale = app
        .request_with(
            &app.client,
            Method::PATCH,
            &path,
            &admin,
            Some(json!({"name": "Overschreven"})),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    // `*` (or anything but one version tag) would overwrite blindly: a malformed request.
    for malformed in ["*", "", "\"2\", \"3\"", "2"] {
        let blind = app
            .request_with(
                &app.client,
                Method::PATCH,
                &path,
                &admin,
                Some(json!({"name": "Blind"})),
                &[("if-match", malformed)],
            )
            .await;
        assert_eq!(blind.status, StatusCode::BAD_REQUEST, "If-Match {malformed:?}: {}", blind.text);
    }
    assert_eq!(app.get(&path, &admin).await.body["name"], "Chocolaterie Dubois & Fils");

    // Only vendor admins change organisations; others in the tenant get 403, outsiders 404.
    let partner_admin = world.person(&app, &accountancy_org, "partner_admin", &[]).await.auth;
    let forbidden = app
        .request_with(
            &app.client,
            Method::PATCH,
            &path,
            &partner_admin,
            Some(json!({"name": "Z"})),
            &[("if-match", "\"2\"")],
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let outsider = world.person(&app, &bank, "partner_admin", &[]).await.auth;
    assert_eq!(app.get(&path, &outsider).await.status, StatusCode::NOT_FOUND);

    // Branch management: the partner admin adds a branch; names are unique per partner.
    let added = app
        .post(
            &format!("/api/v1/organisations/{accountancy}/branches"),
            &partner_admin,
            json!({"name": "Vestiging Antwerpen"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let again = app
        .post(
            &format!("/api/v1/organisations/{accountancy}/branches"),
            &partner_admin,
            json!({"name": "Vestiging Antwerpen"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // The branch-limited partner user of Utrecht does not see the Gent client.
    let utrecht_user = world.person(&app, &accountancy_org, "partner_user", &[&utrecht]).await.auth;
    assert_eq!(app.get(&path, &utrecht_user).await.status, StatusCode::NOT_FOUND);
    let gent_user = world.person(&app, &accountancy_org, "partner_user", &[&gent]).await.auth;
    assert_eq!(app.get(&path, &gent_user).await.status, StatusCode::OK);
}

async fn lists_page_through_everything_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let admin = world.admin.auth.clone();
    // The vendor, two partners and a client with a VAT number, then seven clients more.
    let bank = world.partner(&app, "Noordbank", "bank").await;
    world.partner(&app, "Accountants & Co", "accountancy").await;
    let bakery = app
        .post(
            "/api/v1/organisations",
            &admin,
            json!({"kind": "client", "name": "Bakkerij De Korenschoof B.V.", "managing_partner_id": bank.id, "vat_number": "NL856781234B01"}),
        )
        .await;
    assert_eq!(bakery.status, StatusCode::CREATED, "{}", bakery.text);
    // Four clients share one name of 200 characters (400 bytes): equal keys are ordered by
    // id, and a long key does not make the cursor long.
    let long = format!("Klant 07 {}", "ë".repeat(191));
    for n in 0..7 {
        let name = if n < 4 { long.clone() } else { format!("Klant {n:02}") };
        let reply = app.post("/api/v1/organisations", &admin, json!({"kind": "client", "name": name})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    }
    for sort in ["name", "-name", "created_at", "-created_at"] {
        let mut seen: Vec<String> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = format!("/api/v1/organisations?limit=3&sort={sort}");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let page = app.get(&path, &admin).await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.text);
            for item in page.body["items"].as_array().unwrap() {
                seen.push(item["id"].as_str().unwrap().to_owned());
                names.push(item["name"].as_str().unwrap().to_owned());
            }
            match page.body["next_cursor"].as_str() {
                Some(next) => {
                    assert!(next.len() <= 160, "{sort}: a cursor of {} characters", next.len());
                    cursor = Some(next.to_owned());
                }
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(seen.len(), 11, "{sort}: {names:?}");
        assert_eq!(unique.len(), 11, "{sort}: duplicates");
        let mut sorted = names.clone();
        sorted.sort();
        if sort == "-name" {
            sorted.reverse();
        }
        if sort.ends_with("name") {
            assert_eq!(names, sorted, "{sort}");
        }
    }
    let found = app.get("/api/v1/organisations?q=klant%200", &admin).await;
    assert_eq!(found.body["items"].as_array().unwrap().len(), 7);
    let by_vat = app.get("/api/v1/organisations?q=nl856781234", &admin).await;
    assert_eq!(by_vat.body["items"][0]["name"], "Bakkerij De Korenschoof B.V.");
    let partners = app.get("/api/v1/organisations?kind=partner", &admin).await;
    assert_eq!(partners.body["items"].as_array().unwrap().len(), 2);
}
