//! Login throttling: wrong passwords make later attempts wait, per account, per account
//! and address, and per address; the owner gets in from elsewhere after a short delay.

use std::net::IpAddr;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::fixtures::{Fixture, PASSWORD};
use crate::helpers::{Auth, Backend, Reply, TestApp, client_from, spawn_app};
use crate::on_both_databases;

on_both_databases!(repeated_wrong_passwords_are_throttled_but_the_owner_gets_back_in);

async fn login_from(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> Reply {
    app.request_with(
        client,
        Method::POST,
        "/api/v1/auth/login",
        &Auth::None,
        Some(json!({"email": email, "password": password})),
        &[],
    )
    .await
}

fn retry_after(reply: &Reply) -> u64 {
    reply.header("retry-after").and_then(|v| v.parse().ok()).expect("Retry-After header")
}

async fn repeated_wrong_passwords_are_throttled_but_the_owner_gets_back_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = fx.partner(&app, "Bank N.V.", "bank").await;
    let email = fx.person(&app, &bank, "partner_user", &[]).await.email;
    let email = email.as_str();
    let attacker = client_from(Some("127.0.0.2".parse::<IpAddr>().unwrap()));
    let owner = client_from(Some("127.0.0.3".parse::<IpAddr>().unwrap()));

    // Five free wrong guesses from the attacker's address.
    for _ in 0..5 {
        let reply = login_from(&app, &attacker, email, "raden-raden-raden").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.text);
        assert_eq!(reply.body["code"], "invalid_credentials");
    }
    // Now the attacker must wait, and even the right password is refused unchecked.
    let blocked = login_from(&app, &attacker, email, PASSWORD).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS, "{}", blocked.text);
    assert_eq!(blocked.body["code"], "too_many_requests");
    let attacker_wait = retry_after(&blocked);
    assert!((1..=2).contains(&attacker_wait), "{attacker_wait}");

    // The owner, from another address, waits only the short account-wide delay ...
    let owner_first = login_from(&app, &owner, email, PASSWORD).await;
    let owner_wait = if owner_first.status == StatusCode::TOO_MANY_REQUESTS { retry_after(&owner_first) } else { 0 };
    assert!(owner_wait <= attacker_wait);
    tokio::time::sleep(Duration::from_millis(owner_wait * 1000 + 100)).await;
    // ... and then signs in with the right password.
    let owner_login = login_from(&app, &owner, email, PASSWORD).await;
    assert_eq!(owner_login.status, StatusCode::OK, "{}", owner_login.text);

    // The attacker keeps failing and the delays at its address keep growing.
    tokio::time::sleep(Duration::from_millis(attacker_wait * 1000 + 100)).await;
    assert_eq!(login_from(&app, &attacker, email, "raden-nog-eens").await.status, StatusCode::UNAUTHORIZED);
    let longer = login_from(&app, &attacker, email, "raden-nog-eens").await;
    assert_eq!(longer.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&longer) > attacker_wait, "delay should grow: {}", retry_after(&longer));
    // Meanwhile the owner is not locked out.
    assert_eq!(login_from(&app, &owner, email, PASSWORD).await.status, StatusCode::OK);
}
