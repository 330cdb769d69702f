//! Bad input always gets a clear problem document with a 4xx status.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Auth, Backend, Reply, spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(bad_input_is_a_clear_4xx_problem, expired_and_forged_tokens_are_401);

fn assert_problem(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text);
    assert_eq!(reply.header("content-type"), Some("application/problem+json"), "{}", reply.text);
    assert_eq!(reply.body["code"], code, "{}", reply.text);
    assert_eq!(reply.body["type"], format!("urn:loket:problem:{code}"));
    assert_eq!(reply.body["status"], status.as_u16());
    assert!(reply.body["title"].as_str().is_some_and(|t| !t.is_empty()));
    let request_id = reply.header("x-request-id").expect("request id header");
    assert_eq!(reply.body["request_id"], request_id);
    for leak in ["SELECT", "INSERT", "sqlx", "panicked", "src/", "DbErr"] {
        assert!(!reply.text.contains(leak), "{leak} leaked: {}", reply.text);
    }
}

async fn raw(
    app: &crate::helpers::TestApp,
    method: Method,
    path: &str,
    auth: &Auth,
    content_type: &str,
    body: Vec<u8>,
) -> Reply {
    let mut request = app.client.request(method, app.url(path)).header("content-type", content_type).body(body);
    if let Auth::Bearer(token) = auth {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    Reply { status, headers, body: serde_json::from_str(&text).unwrap_or_default(), text }
}

async fn bad_input_is_a_clear_4xx_problem(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = crate::fixtures::Fixture::new(&app).await;
    let admin = fx.admin.auth.clone();
    let client_org = fx.client(&app, "Fietsen Jansen", None, None).await.id;

    let malformed =
        raw(&app, Method::POST, "/api/v1/users", &admin, "application/json", b"{\"email\": ".to_vec()).await;
    assert_problem(&malformed, StatusCode::BAD_REQUEST, "malformed_json");

    let wrong_type = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"organisation_id": client_org, "email": 5, "name": "x", "role": "client_user"}),
        )
        .await;
    assert_problem(&wrong_type, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body");
    assert!(wrong_type.body["detail"].as_str().unwrap().starts_with("email:"), "{}", wrong_type.text);

    let unknown_enum = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"organisation_id": client_org, "email": "a@b.nl", "name": "x", "role": "emperor"}),
        )
        .await;
    assert_problem(&unknown_enum, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body");
    assert!(unknown_enum.body["detail"].as_str().unwrap().contains("unknown variant `emperor`"));

    let unknown_field =
        app.post("/api/v1/organisations", &admin, json!({"kind": "client", "name": "X", "admin": true})).await;
    // A field that does not exist, or one that is missing, is named like any invalid field.
    assert_problem(&unknown_field, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(unknown_field.body["errors"][0]["field"], "admin");
    assert_eq!(unknown_field.body["errors"][0]["code"], "unknown");
    let missing = app.post("/api/v1/organisations", &admin, json!({"kind": "partner", "name": "X"})).await;
    assert_problem(&missing, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(missing.body["errors"][0]["field"], "partner_kind");
    assert_eq!(missing.body["errors"][0]["code"], "required");

    let invalid = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"organisation_id": client_org, "email": "geen-adres", "name": " ", "role": "partner_user"}),
        )
        .await;
    assert_problem(&invalid, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(invalid.body["errors"][0]["field"], "email");
    assert!(invalid.body["errors"][0]["message"].as_str().is_some_and(|m| !m.is_empty()));

    let wrong_role = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"organisation_id": client_org, "email": "a@b.nl", "name": "A", "role": "partner_user"}),
        )
        .await;
    assert_problem(&wrong_role, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(wrong_role.body["errors"][0]["field"], "role");

    // E-mail addresses are unique whatever their case.
    app.create_user(&admin, &client_org, "jan@fietsenjansen.example", "client_superuser").await;
    let duplicate = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"organisation_id": client_org, "email": "JAN@fietsenjansen.example", "name": "A", "role": "client_user"}),
        )
        .await;
    assert_problem(&duplicate, StatusCode::CONFLICT, "email_taken");

    let oversized = raw(
        &app,
        Method::POST,
        "/api/v1/organisations",
        &admin,
        "application/json",
        format!("{{\"kind\":\"client\",\"name\":\"{}\"}}", "x".repeat(200_000)).into_bytes(),
    )
    .await;
    assert_problem(&oversized, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");

    let not_json = raw(&app, Method::POST, "/api/v1/organisations", &admin, "text/plain", b"hello".to_vec()).await;
    assert_problem(&not_json, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");

    assert_problem(&app.get("/api/v1/users/not-a-uuid", &admin).await, StatusCode::BAD_REQUEST, "bad_request");
    assert_problem(
        &app.get("/api/v1/users/00000000-0000-0000-0000-000000000000", &admin).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_problem(&app.get("/api/v1/users?limit=abc", &admin).await, StatusCode::BAD_REQUEST, "bad_request");
    assert_problem(
        &app.get("/api/v1/users?limit=1000", &admin).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_problem(&app.get("/api/v1/users?colour=blue", &admin).await, StatusCode::BAD_REQUEST, "bad_request");
    assert_problem(&app.get("/api/v1/users?cursor=garbage", &admin).await, StatusCode::BAD_REQUEST, "bad_request");
    assert_problem(&app.get("/api/v1/users?status=asleep", &admin).await, StatusCode::BAD_REQUEST, "bad_request");

    assert_problem(&app.get("/api/v1/me", &Auth::None).await, StatusCode::UNAUTHORIZED, "unauthenticated");
    let missing = app.get("/api/v1/me", &Auth::None).await;
    assert_eq!(missing.header("www-authenticate"), Some("Bearer"));
    assert_problem(&app.get("/api/v1/nothing-here", &admin).await, StatusCode::NOT_FOUND, "not_found");
    let wrong_method = app.request(Method::PUT, "/api/v1/users", &admin, None).await;
    assert_problem(&wrong_method, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert_eq!(wrong_method.header("allow"), Some("GET, POST"));
}

async fn expired_and_forged_tokens_are_401(backend: Backend) {
    let secret = "a-test-signing-key-of-at-least-32-bytes!";
    let app = spawn_app_with(backend, &[("LOKET_JWT_SECRET", secret)]).await;
    let fx = crate::fixtures::Fixture::new(&app).await;
    let login = app.login(&fx.admin.email, crate::fixtures::PASSWORD).await;
    let token = login.body["access_token"].as_str().unwrap();
    let claims: serde_json::Value = {
        use base64::Engine;
        let payload = token.split('.').nth(1).unwrap();
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
    };
    let keys = loket_api::auth::jwt::JwtKeys::new(secret.as_bytes(), 900);
    let user = claims["sub"].as_str().unwrap().parse().unwrap();
    let session = claims["sid"].as_str().unwrap().parse().unwrap();
    let expired = keys.issue(user, session, chrono::Utc::now().timestamp() - 3600).unwrap();
    let reply = app.get("/api/v1/me", &Auth::Bearer(expired)).await;
    assert_problem(&reply, StatusCode::UNAUTHORIZED, "token_expired");
    assert!(reply.header("www-authenticate").unwrap().contains("invalid_token"));

    let forged = loket_api::auth::jwt::JwtKeys::new(b"another-key-another-key-another-key!!", 900)
        .issue(user, session, chrono::Utc::now().timestamp())
        .unwrap();
    assert_problem(&app.get("/api/v1/me", &Auth::Bearer(forged)).await, StatusCode::UNAUTHORIZED, "invalid_token");
    assert_problem(
        &app.get("/api/v1/me", &Auth::Bearer("garbage".into())).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    );
    assert_problem(
        &app.get("/api/v1/me", &Auth::ApiKey("lk_nope".into())).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    );
}
