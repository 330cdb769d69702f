//! Self-service access through HTTP: asking with a customer number, confirming the
//! address, the superuser's or the helpdesk's decision, the e-mails, and that nothing
//! tells a caller whether a number belongs to a client.

use reqwest::Method;
use serde_json::{Value, json};

use crate::fixtures::{Fixture, Org, PASSWORD, Person};
use crate::helpers::{Auth, Backend, TestApp, client_from, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    a_confirmed_request_goes_to_the_superuser_who_approves_it,
    an_unknown_number_answers_alike_and_reaches_the_helpdesk,
    requests_are_checked_and_throttled
);

const REQUESTS: &str = "/api/v1/access-requests";

fn ask(number: &str, email: &str, name: &str) -> Value {
    json!({"customer_number": number, "email": email, "name": name})
}

async fn client_with_number(app: &TestApp, fixture: &Fixture, name: &str, number: &str) -> Org {
    let body = json!({"kind": "client", "name": name, "customer_number": number,
        "consultant_name": "Sanne Verbeek", "consultant_email": "sanne@leverancier.example"});
    let reply = app.post("/api/v1/organisations", &fixture.admin.auth, body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.body["customer_number"], number.to_uppercase());
    assert_eq!(reply.body["consultant"]["name"], "Sanne Verbeek");
    Org { id: reply.body["id"].as_str().unwrap().to_owned() }
}

/// Confirms the request e-mailed to `email`; returns the reply.
async fn confirm(app: &TestApp, email: &str) -> crate::helpers::Reply {
    let mail = app.last_mail_to(email).await;
    assert!(mail.link().contains("/access/confirm#token="), "{}", mail.text);
    app.post("/api/v1/access-confirmations", &Auth::None, json!({"token": mail.token()})).await
}

fn pending_ids(reply: &crate::helpers::Reply) -> Vec<String> {
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
}

async fn a_confirmed_request_goes_to_the_superuser_who_approves_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let fixture = Fixture::new(&app).await;
    let client = client_with_number(&app, &fixture, "Bakkerij Korenschoof", "ks-1001").await;
    let superuser: Person = fixture.person(&app, &client, "client_superuser", &[]).await;
    let colleague = fixture.person(&app, &client, "client_user", &[]).await;
    let other = client_with_number(&app, &fixture, "Van Dijk Transport", "VD-2002").await;
    let other_superuser = fixture.person(&app, &other, "client_superuser", &[]).await;

    let reply = app.post(REQUESTS, &Auth::None, ask("ks-1001", "joost@korenschoof.example", "Joost Akkerman")).await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    assert_eq!(reply.body, json!({"next_step": "confirm_email"}));
    // Unconfirmed, it exists for nobody, and there is no account.
    assert!(pending_ids(&app.get(REQUESTS, &superuser.auth).await).is_empty());
    assert_eq!(app.login("joost@korenschoof.example", PASSWORD).await.status, 401);

    let reply = confirm(&app, "joost@korenschoof.example").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body, json!({"next_step": "await_approval"}));
    // The link works once.
    let mail = app.last_mail_to("joost@korenschoof.example").await;
    let again = app.post("/api/v1/access-confirmations", &Auth::None, json!({"token": mail.token()})).await;
    assert_eq!(again.status, 401, "{}", again.text);
    assert_eq!(again.body["code"], "invalid_token");

    // The superuser is e-mailed and finds it; nobody else outside the helpdesk does.
    let asked = app.last_mail_to(&superuser.email).await;
    assert!(asked.subject.contains("Joost Akkerman"), "{}", asked.subject);
    assert!(asked.text.contains("KS-1001") && asked.text.contains("/access-requests"), "{}", asked.text);
    let ids = pending_ids(&app.get(REQUESTS, &superuser.auth).await);
    assert_eq!(ids.len(), 1);
    let id = &ids[0];
    let one = app.get(&format!("{REQUESTS}/{id}"), &superuser.auth).await;
    assert_eq!(one.status, 200, "{}", one.text);
    assert_eq!(one.body["organisation_name"], "Bakkerij Korenschoof");
    assert_eq!(one.body["routed_to"], "client");
    assert_eq!(one.body["status"], "pending");
    assert!(pending_ids(&app.get(REQUESTS, &other_superuser.auth).await).is_empty());
    assert_eq!(app.get(&format!("{REQUESTS}/{id}"), &other_superuser.auth).await.status, 404);
    assert_eq!(app.get(REQUESTS, &colleague.auth).await.status, 403);
    let approve = format!("{REQUESTS}/{id}/approve");
    assert_eq!(app.post(&approve, &other_superuser.auth, json!({})).await.status, 404);
    // A superuser cannot send the account to another client.
    let moved = app.post(&approve, &superuser.auth, json!({"organisation_id": other.id})).await;
    assert_eq!(moved.status, 422, "{}", moved.text);

    let reply = app.post(&approve, &superuser.auth, json!({})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["status"], "approved");
    assert!(reply.body["decided_by_name"].is_string());
    let user_id = reply.body["user_id"].as_str().unwrap().to_owned();
    assert_eq!(app.post(&approve, &superuser.auth, json!({})).await.status, 409);
    assert_eq!(
        app.post(&format!("{REQUESTS}/{id}/decline"), &superuser.auth, json!({"reason": "x"})).await.status,
        409
    );

    // The account is a client user of that client, invited to choose a password.
    let user = app.get(&format!("/api/v1/users/{user_id}"), &superuser.auth).await;
    assert_eq!(user.body["role"], "client_user");
    assert_eq!(user.body["organisation_id"], client.id.as_str());
    assert_eq!(user.body["status"], "invited");
    let invitation = app.last_mail_to("joost@korenschoof.example").await;
    let body = json!({"token": invitation.token(), "password": "Een-lang-nieuw-wachtwoord-7"});
    let accepted = app.post("/api/v1/auth/invitations/accept", &Auth::None, body).await;
    assert_eq!(accepted.status, 204, "{}", accepted.text);
    assert_eq!(app.login("joost@korenschoof.example", "Een-lang-nieuw-wachtwoord-7").await.status, 200);

    // The decision is in the client's audit log.
    let audit = app.get("/api/v1/audit-events?entity_type=access_request", &superuser.auth).await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    assert!(audit.text.contains("\"approved\""), "{}", audit.text);
}

async fn an_unknown_number_answers_alike_and_reaches_the_helpdesk(backend: Backend) {
    let app = spawn_app(backend).await;
    let fixture = Fixture::new(&app).await;
    let agent = fixture.person(&app, &fixture.vendor, "agent", &[]).await;
    let known = client_with_number(&app, &fixture, "Bakkerij Korenschoof", "KS-1001").await;
    let lonely = client_with_number(&app, &fixture, "Zonder Beheerder BV", "ZB-3003").await;
    let member = fixture.person(&app, &known, "client_user", &[]).await;

    // Known and unknown numbers, and an address that already has a login: one answer.
    let mut answers = Vec::new();
    for (number, email) in
        [("KS-1001", "a@korenschoof.example"), ("NIET-1234", "b@elders.example"), ("KS-1001", member.email.as_str())]
    {
        let reply = app.post(REQUESTS, &Auth::None, ask(number, email, "Iemand Anders")).await;
        answers.push((reply.status, reply.body));
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    // The one with a login is pointed to the password reset; no token is made for it.
    let told = app.last_mail_to(&member.email).await;
    assert!(told.subject.contains("al een login"), "{}", told.subject);
    assert!(told.link().ends_with("/forgot-password"), "{}", told.text);

    // Unknown number → the helpdesk, which must name the client to approve.
    assert_eq!(confirm(&app, "b@elders.example").await.status, 200);
    let asked = app.last_mail_to(&agent.email).await;
    assert!(asked.text.contains("geen enkele klant"), "{}", asked.text);
    let list = app.get(REQUESTS, &agent.auth).await;
    let unknown = list.body["items"].as_array().unwrap().iter().find(|r| r["customer_number"] == "NIET-1234").unwrap();
    assert!(unknown["organisation_id"].is_null());
    assert_eq!(unknown["routed_to"], "vendor");
    let id = unknown["id"].as_str().unwrap();
    let reply = app.post(&format!("{REQUESTS}/{id}/approve"), &agent.auth, json!({})).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(reply.body["errors"][0]["field"], "organisation_id");
    let reply = app
        .post(
            &format!("{REQUESTS}/{id}/decline"),
            &agent.auth,
            json!({"reason": "Dit klantnummer kennen wij niet.\nBel ons even."}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["status"], "declined");
    let declined = app.last_mail_to("b@elders.example").await;
    assert!(declined.subject.contains("afgewezen"), "{}", declined.subject);
    let reason = declined.text.replace("\r\n", "\n");
    assert!(reason.contains("Dit klantnummer kennen wij niet.\nBel ons even."), "{}", declined.text);

    // A client without a superuser: the helpdesk decides, and may approve it.
    let reply = app.post(REQUESTS, &Auth::None, ask("zb-3003", "c@zonder.example", "Carla Zonder")).await;
    assert_eq!(reply.status, 202);
    assert_eq!(confirm(&app, "c@zonder.example").await.status, 200);
    let list = app.get(REQUESTS, &agent.auth).await;
    let waiting = list.body["items"].as_array().unwrap().iter().find(|r| r["email"] == "c@zonder.example").unwrap();
    assert_eq!(waiting["routed_to"], "vendor");
    assert_eq!(waiting["organisation_id"], lonely.id.as_str());
    let id = waiting["id"].as_str().unwrap();
    let reply = app.post(&format!("{REQUESTS}/{id}/approve"), &agent.auth, json!({})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let approved = app.get(&format!("{REQUESTS}?status=approved"), &agent.auth).await;
    assert_eq!(pending_ids(&approved).len(), 1);
    // Partners and API keys have no part in this.
    let partner = fixture.partner(&app, "Noordbank", "bank").await;
    let partner_admin = fixture.person(&app, &partner, "partner_admin", &[]).await;
    assert_eq!(app.get(REQUESTS, &partner_admin.auth).await.status, 403);
    assert_eq!(app.get(&format!("{REQUESTS}/{id}"), &partner_admin.auth).await.status, 403);
}

async fn requests_are_checked_and_throttled(backend: Backend) {
    let app = spawn_app(backend).await;
    let fixture = Fixture::new(&app).await;
    let _client = client_with_number(&app, &fixture, "Bakkerij Korenschoof", "KS-1001").await;

    for (body, field) in [
        (ask("12", "a@b.example", "Jan"), "customer_number"),
        (ask("KS-1001-", "a@b.example", "Jan"), "customer_number"),
        (ask("KS 1001", "a@b.example", "Jan"), "customer_number"),
        (ask("KS-1001", "geen-adres", "Jan"), "email"),
        (ask("KS-1001", "a@b.example", "Jan\u{0}Jansen"), "name"),
    ] {
        let reply = app.post(REQUESTS, &Auth::None, body).await;
        assert_eq!(reply.status, 422, "{}", reply.text);
        assert_eq!(reply.body["errors"][0]["field"], field, "{}", reply.text);
    }
    let reply = app.post("/api/v1/access-confirmations", &Auth::None, json!({"token": "bestaat-niet"})).await;
    assert_eq!(reply.status, 401);
    // A duplicate customer number is refused when a client is made.
    let body = json!({"kind": "client", "name": "Dubbel", "customer_number": "ks-1001"});
    let reply = app.post("/api/v1/organisations", &fixture.admin.auth, body).await;
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert_eq!(reply.body["errors"][0]["field"], "customer_number");

    // One address may ask five times an hour, whatever the numbers.
    let from = client_from(Some("127.0.0.7".parse().unwrap()));
    let mut statuses = Vec::new();
    for n in 0..6 {
        let body = ask(&format!("PROBE-{n:04}"), &format!("p{n}@elders.example"), "Probeer Der");
        let reply = app.request_with(&from, Method::POST, REQUESTS, &Auth::None, Some(body), &[]).await;
        statuses.push(reply.status.as_u16());
        if reply.status == 429 {
            assert!(reply.header("retry-after").is_some());
            assert_eq!(reply.body["code"], "too_many_requests");
        }
    }
    assert_eq!(statuses, [202, 202, 202, 202, 202, 429]);
    // One number from many addresses is limited as well, so it cannot be probed by hopping.
    let mut statuses = Vec::new();
    for n in 0..6 {
        let from = client_from(Some(format!("127.0.1.{}", n + 1).parse().unwrap()));
        let body = ask("KS-1001", &format!("q{n}@elders.example"), "Probeer Der");
        statuses
            .push(app.request_with(&from, Method::POST, REQUESTS, &Auth::None, Some(body), &[]).await.status.as_u16());
    }
    assert_eq!(statuses, [202, 202, 202, 202, 202, 429]);
}
