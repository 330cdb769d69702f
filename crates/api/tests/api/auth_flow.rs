//! Invitation → set password → login → refresh → logout; refresh-token reuse; resets.

use reqwest::StatusCode;
use serde_json::json;

use crate::fixtures::{Fixture, PASSWORD};
use crate::helpers::{Auth, Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    invitation_password_login_refresh_logout_cycle,
    reusing_a_refresh_token_revokes_the_whole_family,
    password_reset_sets_a_new_password_and_ends_sessions,
    changing_the_password_keeps_this_session_and_ends_the_others,
);

async fn invitation_password_login_refresh_logout_cycle(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let admin = world.admin.auth.clone();
    let client_org = world.client(&app, "Brouwerij Het Anker BV", None, None).await.id;

    // A vendor admin invites an English-speaking user.
    let reply = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"organisation_id": client_org, "email": "Lies.Maes@HetAnker.example", "name": "Lies Maes",
                   "role": "client_user", "language": "en"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.body["email"], "lies.maes@hetanker.example");
    assert_eq!(reply.body["status"], "invited");

    // The invitation arrives, in English, with a link to the app's welcome page.
    let mail = app.last_mail_to("lies.maes@hetanker.example").await;
    assert_eq!(mail.subject, "Your invitation to Loket for Brouwerij Het Anker BV");
    assert!(mail.text.starts_with("Dear Lies Maes"), "{}", mail.text);
    assert!(mail.link().starts_with(&format!("{}/welcome#token=", app.address)), "{}", mail.link());
    assert!(mail.html.contains("Choose a password"));
    let token = mail.token();

    // An invited user cannot sign in yet.
    assert_eq!(app.login("lies.maes@hetanker.example", "whatever-it-is-1").await.status, StatusCode::UNAUTHORIZED);

    // The link shows whom it is for, then sets the password.
    let info = app.post("/api/v1/auth/invitations/inspect", &Auth::None, json!({"token": token})).await;
    assert_eq!(info.status, StatusCode::OK, "{}", info.text);
    assert_eq!(info.body["organisation_name"], "Brouwerij Het Anker BV");
    let weak =
        app.post("/api/v1/auth/invitations/accept", &Auth::None, json!({"token": token, "password": "short"})).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak.body["errors"][0]["field"], "password");
    let accepted = app
        .post(
            "/api/v1/auth/invitations/accept",
            &Auth::None,
            json!({"token": token, "password": "bier-uit-de-kelder-42"}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::NO_CONTENT, "{}", accepted.text);
    // The link works once.
    let again = app
        .post(
            "/api/v1/auth/invitations/accept",
            &Auth::None,
            json!({"token": token, "password": "bier-uit-de-kelder-43"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(again.body["code"], "invalid_token");

    // Sign in: an access token in the body, the refresh token in a strict cookie.
    let login = app.login("lies.maes@hetanker.example", "bier-uit-de-kelder-42").await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    let cookie = login.set_cookie_header("loket_refresh").expect("refresh cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(!login.text.contains(&login.cookie("loket_refresh").unwrap()), "refresh token must not be in the body");
    let access = Auth::Bearer(login.body["access_token"].as_str().unwrap().to_owned());
    let me = app.get("/api/v1/me", &access).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], "lies.maes@hetanker.example");
    assert_eq!(me.body["language"], "en");
    assert_eq!(me.body["organisation"]["kind"], "client");

    // Refresh rotates the cookie and gives a working access token.
    let first_refresh = login.cookie("loket_refresh").unwrap();
    let refreshed = app.refresh(Some(&first_refresh)).await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.text);
    let second_refresh = refreshed.cookie("loket_refresh").unwrap();
    assert_ne!(first_refresh, second_refresh);
    let access2 = Auth::Bearer(refreshed.body["access_token"].as_str().unwrap().to_owned());
    assert_eq!(app.get("/api/v1/me", &access2).await.status, StatusCode::OK);

    // Logout ends the session: the refresh token and the access tokens stop working.
    let logout = app.logout(&second_refresh).await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    assert!(logout.set_cookie_header("loket_refresh").unwrap().contains("Max-Age=0"));
    assert_eq!(app.refresh(Some(&second_refresh)).await.status, StatusCode::UNAUTHORIZED);
    let after = app.get("/api/v1/me", &access2).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.body["code"], "invalid_token");
    assert_eq!(app.refresh(None).await.body["code"], "unauthenticated");
}

async fn reusing_a_refresh_token_revokes_the_whole_family(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let bank = world.partner(&app, "Noordbank", "bank").await;
    let person = world.person(&app, &bank, "partner_admin", &[]).await;
    let login = app.login(&person.email, PASSWORD).await;
    let first = login.cookie("loket_refresh").unwrap();
    let rotated = app.refresh(Some(&first)).await;
    assert_eq!(rotated.status, StatusCode::OK);
    let second = rotated.cookie("loket_refresh").unwrap();
    let access = Auth::Bearer(rotated.body["access_token"].as_str().unwrap().to_owned());

    // Someone replays the first, already used, refresh token.
    let replay = app.refresh(Some(&first)).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replay.body["code"], "invalid_token");

    // The legitimate holder's newer token and access token are dead too.
    assert_eq!(app.refresh(Some(&second)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/v1/me", &access).await.status, StatusCode::UNAUTHORIZED);

    // The account's history names the revocation, done by Loket for the replaying address.
    let history = app.get(&format!("/api/v1/audit-events?entity_id={}", person.id), &world.admin.auth).await;
    let entry = history.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "session_revoked")
        .cloned()
        .unwrap_or_else(|| panic!("no session_revoked entry: {}", history.text));
    assert_eq!(entry["actor"]["kind"], "system", "{entry}");
    assert!(entry["client_ip"].as_str().is_some_and(|ip| ip.starts_with("127.")), "{entry}");
    assert_eq!(entry["organisation_id"], bank.id.as_str());

    // Other sessions of the same user are untouched.
    let other = app.login(&person.email, PASSWORD).await;
    let other_refresh = other.cookie("loket_refresh").unwrap();
    assert_eq!(app.refresh(Some(&other_refresh)).await.status, StatusCode::OK);
}

async fn password_reset_sets_a_new_password_and_ends_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let shop = world.client(&app, "Fietsenmakerij Jansen", None, None).await;
    let jan = world.person(&app, &shop, "client_superuser", &[]).await;
    let session = jan.auth.clone();
    let shouting = jan.email.to_uppercase();

    // Unknown addresses get the same answer and no mail.
    let before = app.mails().await.len();
    let unknown =
        app.post("/api/v1/auth/password-reset", &Auth::None, json!({"email": "niemand@nergens.example"})).await;
    assert_eq!(unknown.status, StatusCode::ACCEPTED);
    assert_eq!(app.mails().await.len(), before);

    let requested = app.post("/api/v1/auth/password-reset", &Auth::None, json!({"email": shouting})).await;
    assert_eq!(requested.status, StatusCode::ACCEPTED);
    let mail = app.last_mail_to(&jan.email).await;
    assert_eq!(mail.subject, "Nieuw wachtwoord kiezen voor Loket");
    assert!(mail.link().starts_with(&format!("{}/reset-password#token=", app.address)));
    // Asking again within a minute sends nothing more.
    app.post("/api/v1/auth/password-reset", &Auth::None, json!({"email": jan.email})).await;
    assert_eq!(app.mails().await.len(), before + 1);

    let token = mail.token();
    let inspect = app.post("/api/v1/auth/password-reset/inspect", &Auth::None, json!({"token": token})).await;
    assert_eq!(inspect.body["email"], jan.email);
    let confirm = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            &Auth::None,
            json!({"token": token, "password": "nieuwe-fietsbel-77"}),
        )
        .await;
    assert_eq!(confirm.status, StatusCode::NO_CONTENT, "{}", confirm.text);

    assert_eq!(app.get("/api/v1/me", &session).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(&jan.email, PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(&jan.email, "nieuwe-fietsbel-77").await.status, StatusCode::OK);
    let reuse = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            &Auth::None,
            json!({"token": token, "password": "nog-een-keer-123"}),
        )
        .await;
    assert_eq!(reuse.status, StatusCode::UNAUTHORIZED);
}

async fn changing_the_password_keeps_this_session_and_ends_the_others(backend: Backend) {
    let app = spawn_app(backend).await;
    let world = Fixture::new(&app).await;
    let bakery = world.client(&app, "Bakkerij De Korenschoof", None, None).await;
    let person = world.person(&app, &bakery, "client_user", &[]).await;
    let this = person.auth;
    let other = app.bearer(&person.email, PASSWORD).await;
    let wrong = app
        .post(
            "/api/v1/me/password",
            &this,
            json!({"current_password": "nope", "new_password": "een-heel-nieuw-wachtwoord"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["errors"][0]["field"], "current_password");
    let changed = app
        .post(
            "/api/v1/me/password",
            &this,
            json!({"current_password": PASSWORD, "new_password": "een-heel-nieuw-wachtwoord"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.text);
    assert_eq!(app.get("/api/v1/me", &this).await.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/me", &other).await.status, StatusCode::UNAUTHORIZED);
}
