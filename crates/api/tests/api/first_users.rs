//! First users in bulk (seed 002): after an import the firm's administrator gives the
//! new clients their superusers, proposed from the import's contacts, invited by e-mail
//! and placed in the client group; all or nothing, every fault named per item; the
//! superuser then invites a colleague and grants only what it holds.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::client_imports::{Firm, firm, until, upload};
use crate::fixtures::PASSWORD;
use crate::helpers::{Auth, Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(imported_clients_get_their_first_users_in_bulk);

const CSV: &str = "Relatienummer;Naam;Contactpersoon;E-mailadres;Telefoon\n\
    K-1;Bakkerij De Korenschoof;Kees Koren;kees@korenschoof.example;0612345678\n\
    K-2;Fietsen Jansen;Jan Jansen;jan@fietsenjansen.example;\n\
    K-3;Slagerij Vers;;;\n";

fn fields(reply: &Value) -> Vec<String> {
    reply["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}:{}", e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect()
}

async fn imported_clients_get_their_first_users_in_bulk(backend: Backend) {
    let app = spawn_app(backend).await;
    let Firm { fixture, firm, admin } = firm(&app).await;
    let group = app
        .post(
            "/api/v1/permission-groups",
            &admin.auth,
            json!({"audience": "clients", "name": "Nieuwe cliënten",
                   "permissions": [{"capability": "tickets", "access": "write"}]}),
        )
        .await;
    assert_eq!(group.status, StatusCode::CREATED, "{}", group.text);
    let group_id = group.body["id"].as_str().unwrap().to_owned();
    let id = upload(&app, &admin, "klanten.csv", CSV.as_bytes()).await;
    until(&app, &admin, &id, "ready").await;
    let started =
        app.post(&format!("/api/v1/client-imports/{id}/commit"), &admin.auth, json!({"group_id": group_id})).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text);
    until(&app, &admin, &id, "committed").await;

    // The three new clients await a first user, proposed from the import's contacts.
    let candidates = app.get("/api/v1/first-user-candidates", &admin.auth).await;
    assert_eq!(candidates.status, StatusCode::OK, "{}", candidates.text);
    let items = candidates.body["items"].as_array().unwrap().clone();
    let names: Vec<&str> = items.iter().map(|c| c["organisation_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Bakkerij De Korenschoof", "Fietsen Jansen", "Slagerij Vers"]);
    assert_eq!(
        (items[0]["contact_name"].as_str(), items[0]["email"].as_str(), items[0]["phone"].as_str()),
        (Some("Kees Koren"), Some("kees@korenschoof.example"), Some("+31612345678"))
    );
    assert_eq!(items[0]["external_id"], "K-1");
    assert_eq!(items[0]["group"]["name"], "Nieuwe cliënten");
    assert!(items[2]["email"].is_null());
    let id_of = |n: usize| items[n]["organisation_id"].as_str().unwrap().to_owned();

    // Another firm's administrator sees none of them and cannot name them.
    let other_firm = fixture.partner(&app, "Kantoor Elders", "accountancy").await;
    let other_admin = fixture.person(&app, &other_firm, "partner_admin", &[]).await;
    let elsewhere = app.get("/api/v1/first-user-candidates", &other_admin.auth).await;
    assert_eq!(elsewhere.body["items"], json!([]), "{}", elsewhere.text);
    let foreign =
        app.post("/api/v1/first-users", &other_admin.auth, json!({"users": [{"organisation_id": id_of(0)}]})).await;
    assert_eq!(fields(&foreign.body), ["users[0].organisation_id:not_found"], "{}", foreign.text);
    // A partner user is no administrator.
    let colleague = fixture.person(&app, &firm, "partner_user", &[]).await;
    let refused =
        app.post("/api/v1/first-users", &colleague.auth, json!({"users": [{"organisation_id": id_of(0)}]})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);

    // All or nothing, every fault named: no address on record, an address in use, the
    // same address twice, the same client twice.
    let faults = app
        .post(
            "/api/v1/first-users",
            &admin.auth,
            json!({"users": [
                {"organisation_id": id_of(0)},
                {"organisation_id": id_of(1), "email": admin.email},
                {"organisation_id": id_of(2)},
                {"organisation_id": id_of(0)},
            ]}),
        )
        .await;
    assert_eq!(faults.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", faults.text);
    assert_eq!(
        fields(&faults.body),
        [
            "users[2].email:required",
            "users[2].name:required",
            "users[3].organisation_id:repeated",
            "users[1].email:taken",
        ]
    );
    let twice = app
        .post(
            "/api/v1/first-users",
            &admin.auth,
            json!({"users": [{"organisation_id": id_of(0)}, {"organisation_id": id_of(2), "name": "Vera Vers", "email": "KEES@korenschoof.example"}]}),
        )
        .await;
    assert_eq!(fields(&twice.body), ["users[1].email:repeated"], "{}", twice.text);
    assert_eq!(app.get("/api/v1/first-user-candidates", &admin.auth).await.body["items"].as_array().unwrap().len(), 3);

    // Filled in where the record is empty, all three are created and invited.
    let created = app
        .post(
            "/api/v1/first-users",
            &admin.auth,
            json!({"users": [
                {"organisation_id": id_of(0)},
                {"organisation_id": id_of(1), "language": "en"},
                {"organisation_id": id_of(2), "name": "Vera Vers", "email": "vera@slagerijvers.example"},
            ]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let users = created.body["users"].as_array().unwrap();
    let summary: Vec<(&str, &str, &str)> = users
        .iter()
        .map(|u| (u["email"].as_str().unwrap(), u["role"].as_str().unwrap(), u["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [
            ("kees@korenschoof.example", "client_superuser", "invited"),
            ("jan@fietsenjansen.example", "client_superuser", "invited"),
            ("vera@slagerijvers.example", "client_superuser", "invited"),
        ]
    );
    assert_eq!(users[0]["phone"], "+31612345678");
    assert_eq!(users[0]["is_contact_person"], true);
    let members = app.get(&format!("/api/v1/permission-groups/{group_id}/members"), &admin.auth).await;
    assert_eq!(members.body["items"].as_array().map(Vec::len), Some(3), "{}", members.text);
    assert_eq!(app.get("/api/v1/first-user-candidates", &admin.auth).await.body["items"], json!([]));
    let again = app.post("/api/v1/first-users", &admin.auth, json!({"users": [{"organisation_id": id_of(0)}]})).await;
    assert_eq!(fields(&again.body), ["users[0].organisation_id:has_users"], "{}", again.text);
    let history = app
        .get(
            &format!("/api/v1/audit-events?entity_type=user&entity_id={}", users[1]["id"].as_str().unwrap()),
            &fixture.admin.auth,
        )
        .await;
    assert!(history.text.contains("jan@fietsenjansen.example"), "{}", history.text);

    // Each invitation arrives in its language; Jan accepts and signs in.
    let mail = app.last_mail_to("jan@fietsenjansen.example").await;
    assert_eq!(mail.subject, "Your invitation to Loket for Fietsen Jansen");
    assert!(app.last_mail_to("kees@korenschoof.example").await.subject.contains("Bakkerij De Korenschoof"));
    let accepted = app
        .post("/api/v1/auth/invitations/accept", &Auth::None, json!({"token": mail.token(), "password": PASSWORD}))
        .await;
    assert_eq!(accepted.status, StatusCode::NO_CONTENT, "{}", accepted.text);
    let jan = app.bearer("jan@fietsenjansen.example", PASSWORD).await;

    // The superuser invites a colleague and grants it rights (within its own: the
    // `rights` tests refuse more).
    let colleague = app
        .post(
            "/api/v1/users",
            &jan,
            json!({"organisation_id": id_of(1), "email": "boekhouding@fietsenjansen.example", "name": "Bea Boekhouding", "role": "client_user"}),
        )
        .await;
    assert_eq!(colleague.status, StatusCode::CREATED, "{}", colleague.text);
    let rights = format!("/api/v1/users/{}/rights", colleague.body["id"].as_str().unwrap());
    let within = app
        .request(
            reqwest::Method::PUT,
            &rights,
            &jan,
            Some(json!({"grants": [{"capability": "tickets", "access": "write"}]})),
        )
        .await;
    assert_eq!(within.status, StatusCode::OK, "{}", within.text);
}
