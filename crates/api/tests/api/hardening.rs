//! The platform's defences: a parallel burst of guesses stays within the free attempts,
//! secrets never rest in the outbox, reset requests answer the same for everyone,
//! cookie endpoints refuse other sites, and responses carry the browser policies.

use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::json;

use crate::fixtures::{Fixture, PASSWORD, Person};
use crate::helpers::{Auth, Backend, Reply, TestApp, spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    a_parallel_burst_of_wrong_passwords_gets_only_the_free_attempts,
    no_token_rests_in_the_outbox,
    reset_requests_answer_alike_for_known_and_unknown_addresses,
    deactivated_accounts_answer_like_a_wrong_password,
    cookie_endpoints_refuse_other_sites_and_responses_carry_policies,
    metrics_need_the_configured_token
);

/// A fixture world with one signed-in partner user of a bank.
async fn bank_user(app: &TestApp) -> (Fixture, Person) {
    let world = Fixture::new(app).await;
    let bank = world.partner(app, "Noordbank", "bank").await;
    let person = world.person(app, &bank, "partner_user", &[]).await;
    (world, person)
}

async fn a_parallel_burst_of_wrong_passwords_gets_only_the_free_attempts(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, person) = bank_user(&app).await;
    let guesses = (0..50).map(|i| {
        app.post("/api/v1/auth/login", &Auth::None, json!({"email": person.email, "password": format!("raden-{i}")}))
    });
    let replies = futures_util::future::join_all(guesses).await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    let unauthorised = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert!(unauthorised <= 5, "at most the 5 free attempts are checked: {statuses:?}");
    assert_eq!(unauthorised + throttled, 50, "every other guess is throttled: {statuses:?}");
    for reply in replies.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS) {
        assert!(reply.header("retry-after").is_some());
    }
}

async fn outbox_payloads(app: &TestApp) -> Vec<String> {
    loket_api::db::entities::outbox_jobs::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|job| job.payload)
        .collect()
}

async fn no_token_rests_in_the_outbox(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let bank = world.partner(&app, "Noordbank", "bank").await;
    let person = world.person(&app, &bank, "partner_user", &[]).await;
    app.create_user(&world.admin.auth, &bank.id, "nieuw@noordbank.example", "partner_user").await;
    let reset = app.post("/api/v1/auth/password-reset", &Auth::None, json!({"email": person.email})).await;
    assert_eq!(reset.status, StatusCode::ACCEPTED, "{}", reset.text);
    // A request for access: its confirmation link is made at delivery too.
    let client = json!({"kind": "client", "name": "Bakkerij", "customer_number": "BK-1234"});
    assert_eq!(app.post("/api/v1/organisations", &world.admin.auth, client).await.status, StatusCode::CREATED);
    let ask = json!({"customer_number": "BK-1234", "email": "vraag@bakkerij.example", "name": "Vera Vraag"});
    assert_eq!(app.post("/api/v1/access-requests", &Auth::None, ask).await.status, StatusCode::ACCEPTED);
    let invitation = app.last_mail_to("nieuw@noordbank.example").await;
    let reset_mail = app.last_mail_to(&person.email).await;
    let access_mail = app.last_mail_to("vraag@bakkerij.example").await;
    let tokens = [invitation.token(), reset_mail.token(), access_mail.token()];
    // The links work ...
    let inspected =
        app.post("/api/v1/auth/invitations/inspect", &Auth::None, json!({"token": tokens[0].clone()})).await;
    assert_eq!(inspected.status, StatusCode::OK, "{}", inspected.text);
    // ... and no stored payload holds them, before or after delivery.
    let payloads = outbox_payloads(&app).await;
    assert!(payloads.len() >= 3);
    for token in &tokens {
        assert!(payloads.iter().all(|p| !p.contains(token.as_str())), "a token rests in the outbox");
        assert!(payloads.iter().all(|p| !p.contains("#token=")), "a link rests in the outbox");
    }
}

/// The parts of a reply that may not differ between a known and an unknown address.
fn comparable(reply: &Reply) -> (u16, String, Option<String>) {
    (reply.status.as_u16(), reply.text.clone(), reply.header("content-type").map(str::to_owned))
}

async fn reset_requests_answer_alike_for_known_and_unknown_addresses(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, person) = bank_user(&app).await;
    let known = app.post("/api/v1/auth/password-reset", &Auth::None, json!({"email": person.email})).await;
    let unknown =
        app.post("/api/v1/auth/password-reset", &Auth::None, json!({"email": "niemand@noordbank.example"})).await;
    assert_eq!(comparable(&known), comparable(&unknown));
    let mut known_headers: Vec<&str> = known.headers.keys().map(|k| k.as_str()).collect();
    let mut unknown_headers: Vec<&str> = unknown.headers.keys().map(|k| k.as_str()).collect();
    known_headers.sort_unstable();
    unknown_headers.sort_unstable();
    assert_eq!(known_headers, unknown_headers);
    // Both were queued alike; only the known address receives a link.
    let mails = app.mails().await;
    assert!(mails.iter().any(|m| m.to.contains(&person.email) && m.subject.contains("wachtwoord")));
    assert!(!mails.iter().any(|m| m.to.contains("niemand@")));
}

async fn deactivated_accounts_answer_like_a_wrong_password(backend: Backend) {
    let app = spawn_app(backend).await;
    let (world, person) = bank_user(&app).await;
    let vendor = world.admin.auth.clone();
    let user = &app.get(&format!("/api/v1/users/{}", person.id), &vendor).await.body;
    let tag = format!("\"{}\"", user["version"]);
    let off = app
        .request_with(
            &app.client,
            Method::PATCH,
            &format!("/api/v1/users/{}", user["id"].as_str().unwrap()),
            &vendor,
            Some(json!({"active": false})),
            &[("if-match", tag.as_str())],
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.text);
    let right = app.login(&person.email, PASSWORD).await;
    let wrong = app.login(&person.email, "niet-het-wachtwoord").await;
    assert_eq!(right.status, StatusCode::UNAUTHORIZED);
    assert_eq!(right.body["code"], "invalid_credentials");
    let strip = |r: &Reply| {
        let mut body = r.body.clone();
        body.as_object_mut().unwrap().remove("request_id");
        (r.status, body)
    };
    assert_eq!(strip(&right), strip(&wrong));
}

async fn cookie_endpoints_refuse_other_sites_and_responses_carry_policies(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, person) = bank_user(&app).await;
    let login = app.login(&person.email, PASSWORD).await;
    let cookie = format!("loket_refresh={}", login.cookie("loket_refresh").unwrap());
    for path in ["/api/v1/auth/refresh", "/api/v1/auth/logout"] {
        for (header, value) in [("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")] {
            let reply = app
                .request_with(
                    &app.client,
                    Method::POST,
                    path,
                    &Auth::None,
                    None,
                    &[("cookie", &cookie), (header, value)],
                )
                .await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path} {header}: {}", reply.text);
        }
    }
    // The session survived the refused attempts; the app's own origin works.
    let own_origin = app.address.clone();
    let refreshed = app
        .request_with(
            &app.client,
            Method::POST,
            "/api/v1/auth/refresh",
            &Auth::None,
            None,
            &[("cookie", &cookie), ("origin", &own_origin), ("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.text);

    let me = app.get("/api/v1/me", &Auth::Bearer(refreshed.body["access_token"].as_str().unwrap().to_owned())).await;
    assert_eq!(me.header("cache-control"), Some("no-store"));
    let csp = me.header("content-security-policy").unwrap();
    for directive in ["default-src 'self'", "'wasm-unsafe-eval'", "frame-ancestors 'none'", "object-src 'none'"] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert!(!csp.contains("'unsafe-inline'; img") || !csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
    assert!(me.header("strict-transport-security").is_none(), "no HSTS outside production");
}

async fn metrics_need_the_configured_token(backend: Backend) {
    let closed = spawn_app(backend).await;
    assert_eq!(closed.get("/metrics", &Auth::None).await.status, StatusCode::NOT_FOUND);
    let app = spawn_app_with(backend, &[("LOKET_METRICS_TOKEN", "metrics-token-for-tests")]).await;
    assert_eq!(app.get("/metrics", &Auth::None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/metrics", &Auth::Bearer("wrong".into())).await.status, StatusCode::UNAUTHORIZED);
    let open = app.get("/metrics", &Auth::Bearer("metrics-token-for-tests".into())).await;
    assert_eq!(open.status, StatusCode::OK);
    assert!(open.text.contains("http_requests_total"));
}
