//! Signing in with a code by SMS after the password (seed 002), over HTTP, the codes read
//! from the SMS gateway: switched on by the user (with its PIN) or required by a group,
//! finished with the code or a recovery code, each working once; challenges that end.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::documents::set_pin;
use crate::fixtures::{Fixture, PASSWORD, Person};
use crate::helpers::{Auth, Backend, TestApp};
use crate::on_both_databases;
use crate::sms_codes::{app_with_gateway, code_sent_to, other_than, prove_mobile};

on_both_databases!(signing_in_takes_a_code_by_choice_or_by_group);

async fn second_step(app: &TestApp, body: Value) -> crate::helpers::Reply {
    app.post("/api/v1/auth/login/second-factor", &Auth::None, body).await
}

async fn first_step(app: &TestApp, person: &Person) -> Value {
    let reply = app.login(&person.email, PASSWORD).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "a code is asked: {}", reply.text);
    assert!(reply.cookie("loket_refresh").is_none(), "no session before the second step");
    assert!(reply.body.get("access_token").is_none());
    reply.body
}

async fn signing_in_takes_a_code_by_choice_or_by_group(backend: Backend) {
    let (app, twilio) = app_with_gateway(backend).await;
    let world = Fixture::new(&app).await;
    let firm = world.partner(&app, "Kantoor Van Dijk", "accountancy").await;
    let partner_admin = world.person(&app, &firm, "partner_admin", &[]).await;
    let client = world.client(&app, "Bakkerij Korenschoof", Some(&firm), None).await;
    let owner = world.person(&app, &client, "client_superuser", &[]).await;
    let director = world.person(&app, &client, "client_user", &[]).await;

    // The owner switches it on: with its PIN, and only with a verified number.
    set_pin(&app, &owner, "135 792").await;
    let status = app.get("/api/v1/me/second-factor", &owner.auth).await;
    assert_eq!(status.body["enabled"], false, "{}", status.text);
    let on = json!({"enabled": true, "pin": "135792"});
    let no_number = app.request(Method::PUT, "/api/v1/me/second-factor", &owner.auth, Some(on.clone())).await;
    assert_eq!(no_number.status, StatusCode::CONFLICT, "{}", no_number.text);
    prove_mobile(&app, &twilio, &owner, "135792", "+31612345678").await;
    let wrong_pin = json!({"enabled": true, "pin": "000000"});
    let refused = app.request(Method::PUT, "/api/v1/me/second-factor", &owner.auth, Some(wrong_pin)).await;
    assert_eq!(refused.body["errors"][0]["field"], "pin", "{}", refused.text);
    let switched = app.request(Method::PUT, "/api/v1/me/second-factor", &owner.auth, Some(on)).await;
    assert_eq!(switched.status, StatusCode::OK, "{}", switched.text);
    assert_eq!(switched.body["active"], true);
    let made = app.post("/api/v1/me/recovery-codes", &owner.auth, json!({"pin": "135792"})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let codes: Vec<String> =
        made.body["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'), "{codes:?}");

    // Password, then the code from the SMS.
    let started = first_step(&app, &owner).await;
    assert_eq!(started["sent_to"], "+31 6 ••••••78");
    let challenge = started["challenge"].as_str().unwrap().to_owned();
    let code = code_sent_to(&app, &twilio, "+31612345678").await;
    let wrong = second_step(&app, json!({"challenge": challenge, "code": other_than(&code)})).await;
    assert_eq!(wrong.body["errors"][0]["code"], "wrong_code", "{}", wrong.text);
    let done = second_step(&app, json!({"challenge": challenge, "code": code})).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert!(done.body["access_token"].is_string());
    assert!(done.cookie("loket_refresh").is_some(), "the session starts now");
    let again = second_step(&app, json!({"challenge": challenge, "code": code})).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED, "a challenge works once: {}", again.text);
    let forged = second_step(&app, json!({"challenge": "not-a-challenge", "code": code})).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);

    // A recovery code instead (any case), once.
    let challenge = first_step(&app, &owner).await["challenge"].clone();
    let recovered = second_step(&app, json!({"challenge": challenge, "recovery_code": codes[0].to_uppercase()})).await;
    assert_eq!(recovered.status, StatusCode::OK, "{}", recovered.text);
    let challenge = first_step(&app, &owner).await["challenge"].clone();
    let spent = second_step(&app, json!({"challenge": challenge, "recovery_code": codes[0]})).await;
    assert_eq!(spent.body["errors"][0]["code"], "wrong_code", "used up: {}", spent.text);
    let owner_auth = Auth::Bearer(recovered.body["access_token"].as_str().unwrap().to_owned());
    assert_eq!(app.get("/api/v1/me/second-factor", &owner_auth).await.body["recovery_codes_left"], 9);
    // Five wrong recovery codes end the challenge, even for a right one after.
    for _ in 0..4 {
        let guess = second_step(&app, json!({"challenge": challenge, "recovery_code": "aaaaa-aaaaa"})).await;
        assert_eq!(guess.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", guess.text);
    }
    let ended = second_step(&app, json!({"challenge": challenge, "recovery_code": codes[1]})).await;
    assert_eq!(ended.status, StatusCode::UNAUTHORIZED, "{}", ended.text);

    // A new code for the sign-in under way: not within the minute, then the old one is void.
    let challenge = first_step(&app, &owner).await["challenge"].clone();
    let first_code = code_sent_to(&app, &twilio, "+31612345678").await;
    let resend = json!({"challenge": challenge});
    let soon = app.post("/api/v1/auth/login/second-factor/code", &Auth::None, resend.clone()).await;
    assert_eq!(soon.status, StatusCode::TOO_MANY_REQUESTS, "{}", soon.text);
    app.state.clock.advance(Duration::seconds(61));
    let resent = app.post("/api/v1/auth/login/second-factor/code", &Auth::None, resend).await;
    assert_eq!(resent.status, StatusCode::ACCEPTED, "{}", resent.text);
    let second_code = code_sent_to(&app, &twilio, "+31612345678").await;
    if second_code != first_code {
        let void = second_step(&app, json!({"challenge": challenge, "code": first_code})).await;
        assert_eq!(void.body["errors"][0]["code"], "wrong_code", "{}", void.text);
    }
    let finished = second_step(&app, json!({"challenge": challenge, "code": second_code})).await;
    assert_eq!(finished.status, StatusCode::OK, "{}", finished.text);
    // Ten minutes: a challenge left waiting ends.
    let challenge = first_step(&app, &owner).await["challenge"].clone();
    let code = code_sent_to(&app, &twilio, "+31612345678").await;
    app.state.clock.advance(Duration::minutes(11));
    let late = second_step(&app, json!({"challenge": challenge, "code": code})).await;
    assert_eq!(late.status, StatusCode::UNAUTHORIZED, "{}", late.text);

    // A group requires it: its member cannot switch it off, and signs in with a code once
    // it has a number.
    let group = app
        .post(
            "/api/v1/permission-groups",
            &partner_admin.auth,
            json!({"audience": "clients", "name": "Directie", "requires_second_factor": true}),
        )
        .await;
    assert_eq!(group.status, StatusCode::CREATED, "{}", group.text);
    assert_eq!(group.body["requires_second_factor"], true);
    let members = format!("/api/v1/permission-groups/{}/members", group.body["id"].as_str().unwrap());
    let added = app.post(&members, &partner_admin.auth, json!({"user_id": director.id})).await;
    assert!(added.status.is_success(), "{}", added.text);
    set_pin(&app, &director, "246 813").await;
    let required = app.get("/api/v1/me/second-factor", &director.auth).await;
    assert_eq!(required.body["required_by_group"], true, "{}", required.text);
    assert_eq!(required.body["active"], false, "no number yet");
    assert_eq!(app.login(&director.email, PASSWORD).await.status, StatusCode::OK, "nowhere to send a code yet");
    prove_mobile(&app, &twilio, &director, "246813", "+31687654321").await;
    let on = json!({"enabled": true, "pin": "246813"});
    assert_eq!(
        app.request(Method::PUT, "/api/v1/me/second-factor", &director.auth, Some(on)).await.status,
        StatusCode::OK
    );
    let off = json!({"enabled": false, "pin": "246813"});
    let kept = app.request(Method::PUT, "/api/v1/me/second-factor", &director.auth, Some(off)).await;
    assert_eq!(kept.status, StatusCode::CONFLICT, "the group decides: {}", kept.text);
    let challenge = first_step(&app, &director).await["challenge"].clone();
    let code = code_sent_to(&app, &twilio, "+31687654321").await;
    let signed_in = second_step(&app, json!({"challenge": challenge, "code": code})).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);

    // The audit log tells how each sign-in was finished, and holds no code.
    let audit = app.get("/api/v1/audit-events?limit=200", &world.admin.auth).await;
    assert!(audit.text.contains("recovery_code") && audit.text.contains("second_step_started"), "{}", audit.text);
    assert!(!audit.text.contains(&code) && !audit.text.contains(&codes[2]), "no codes in the audit log");
}
