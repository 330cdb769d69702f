//! Partner intake over HTTP: a partner system files install requests with an API key and
//! an `Idempotency-Key`, the helpdesk returns one for what is missing, the partner
//! amends and resubmits, the helpdesk rejects; every move is on the timeline, in a
//! signed webhook and in an e-mail. Field checks, duplicates and visibility.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fixtures::{Fixture, Org};
use crate::helpers::{Auth, Backend, Reply, TestApp, spawn_app};
use crate::on_both_databases;
use crate::peers::WebhookReceiver;

on_both_databases!(
    a_partner_system_files_and_the_helpdesk_reviews,
    fields_are_checked_one_by_one,
    duplicates_are_flagged_and_requests_stay_with_their_partner,
    concurrent_filings_with_one_key_make_one_request,
    accepting_makes_the_client_and_invites_its_superuser,
);

/// A valid request for `company` with KvK `coc`.
pub fn request_body(company: &str, coc: &str) -> Value {
    json!({
        "company": {
            "name": company, "coc_number": coc, "vat_number": "NL123456789B01",
            "address": {"street": "Molenstraat", "house_number": "12a", "postcode": "3511ab", "city": "Utrecht", "country": "NL"}
        },
        "contacts": {
            "general": {"name": "Karin de Boer", "email": "karin@korenschoof.example", "phone": "030 234 5678"},
            "technical": {"name": "Tim Techniek", "email": "it@korenschoof.example", "phone": "06 1234 5678"}
        },
        "accounting_package": {"kind": "other", "name": "Boekhoudpakket X"},
        "partner_fields": {"bank_reference": "NB-2026-17"},
        "remarks": "Graag installeren\nna 1 januari."
    })
}

async fn file(app: &TestApp, auth: &Auth, key: &str, body: &Value) -> Reply {
    app.request_with(
        &app.client,
        Method::POST,
        "/api/v1/install-requests",
        auth,
        Some(body.clone()),
        &[("idempotency-key", key)],
    )
    .await
}

/// A bank whose requests carry a required reference and an optional credit limit.
async fn bank_with_fields(app: &TestApp, fx: &Fixture) -> Org {
    let bank = fx.partner(app, "Noordbank N.V.", "bank").await;
    let fields = json!({"items": [
        {"key": "bank_reference", "label": "Referentie bank", "field_type": "text", "required": true},
        {"key": "credit_limit", "label": "Kredietlimiet", "field_type": "number", "required": false}
    ]});
    let put = app
        .request(
            Method::PUT,
            &format!("/api/v1/organisations/{}/partner-fields", bank.id),
            &fx.admin.auth,
            Some(fields),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    bank
}

async fn a_partner_system_files_and_the_helpdesk_reviews(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let receiver = WebhookReceiver::start(dir.path(), 0).await;
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = bank_with_fields(&app, &fx).await;
    let partner_admin = fx.person(&app, &bank, "partner_admin", &[]).await;
    let system = fx.key(&app, &bank, &["install_requests:read", "install_requests:write"]).await;
    let hook = app
        .post(
            "/api/v1/webhooks",
            &partner_admin.auth,
            json!({"organisation_id": bank.id, "url": receiver.url(), "event_types": ["install_request.step_changed"]}),
        )
        .await;
    assert_eq!(hook.status, StatusCode::CREATED, "{}", hook.text);
    receiver.set_secrets(&[hook.body["secret"].as_str().unwrap()]);
    let agent = fx.person(&app, &fx.vendor, "agent", &[]).await.auth;
    let package = app.post("/api/v1/accounting-packages", &fx.admin.auth, json!({"name": "Exact Online"})).await;
    assert_eq!(package.status, StatusCode::CREATED, "{}", package.text);
    let packages = app.get("/api/v1/accounting-packages", &system).await;
    assert_eq!(packages.body["items"][0]["name"], "Exact Online", "partners read the list");

    // Filed by the partner system; the retry answers the first response.
    let body = request_body("Bakkerij De Korenschoof B.V.", "1234 5678");
    let filed = file(&app, &system, "b1c1f5a0-intake-1", &body).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    let id = filed.body["id"].as_str().unwrap().to_owned();
    assert!(filed.body["number"].as_str().unwrap().starts_with("A-20"));
    assert_eq!(filed.body["step"], "submitted");
    let data = &filed.body["data"];
    assert_eq!(data["company"]["coc_number"], "12345678");
    assert_eq!(data["company"]["address"]["postcode"], "3511 AB");
    assert_eq!(data["contacts"]["technical"]["phone"], "+31612345678");
    assert!(filed.body.get("possible_duplicate").is_none(), "only the helpdesk is told of duplicates");
    let retry = file(&app, &system, "b1c1f5a0-intake-1", &body).await;
    assert_eq!((retry.status, retry.header("idempotent-replayed")), (StatusCode::CREATED, Some("true")));
    assert_eq!(retry.body["id"], filed.body["id"]);
    let mut other = body.clone();
    other["company"]["name"] = json!("Een ander bedrijf");
    let reused = file(&app, &system, "b1c1f5a0-intake-1", &other).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reused.body["code"], "idempotency_key_reused");
    let mine = app.get("/api/v1/install-requests", &system).await;
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 1, "one request, however often it was sent");

    // The helpdesk's queue; only the helpdesk reviews.
    let queue = app.get("/api/v1/install-requests?step=submitted&sort=created_at", &agent).await;
    assert_eq!(queue.body["items"][0]["id"], id.as_str());
    assert_eq!(queue.body["items"][0]["possible_duplicate"], false);
    let returned_path = format!("/api/v1/install-requests/{id}/return");
    let missing = json!({"missing": ["Uittreksel KvK", "Handtekening contract"], "message": "Graag beide\nmeesturen."});
    let by_partner = app.post(&returned_path, &partner_admin.auth, missing.clone()).await;
    assert_eq!(by_partner.status, StatusCode::FORBIDDEN);
    let returned = app.post(&returned_path, &agent, missing.clone()).await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.text);
    assert_eq!(returned.body["step"], "returned");
    let twice = app.post(&returned_path, &agent, missing).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(twice.body["code"], "invalid_transition");
    assert_eq!(twice.body["allowed_next"], json!(["submitted"]), "{}", twice.text);

    // The partner amends and resubmits under If-Match.
    let resubmit_path = format!("/api/v1/install-requests/{id}/resubmit");
    let mut amended = body.clone();
    amended["remarks"] = json!("Uittreksel en handtekening volgen per post.");
    let without = app.post(&resubmit_path, &system, amended.clone()).await;
    assert_eq!(without.status, StatusCode::PRECONDITION_REQUIRED);
    let stale = app
        .request_with(
            &app.client,
            Method::POST,
            &resubmit_path,
            &system,
            Some(amended.clone()),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.body["current"]["step"], "returned");
    let version = format!("\"{}\"", stale.body["current"]["version"]);
    let resubmitted = app
        .request_with(&app.client, Method::POST, &resubmit_path, &system, Some(amended), &[("if-match", &version)])
        .await;
    assert_eq!(resubmitted.status, StatusCode::OK, "{}", resubmitted.text);
    assert_eq!(
        (resubmitted.body["step"].as_str(), resubmitted.body["revision"].as_i64()),
        (Some("submitted"), Some(2))
    );
    let revisions = app.get(&format!("/api/v1/install-requests/{id}/revisions"), &system).await;
    let versions = revisions.body["items"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "both versions are kept");
    assert_eq!(versions[0]["data"]["remarks"], "Graag installeren\nna 1 januari.");
    assert_eq!(versions[1]["data"]["remarks"], "Uittreksel en handtekening volgen per post.");

    // Rejected, with a reason: the end of the road.
    let rejected = app
        .post(&format!("/api/v1/install-requests/{id}/reject"), &agent, json!({"reason": "De klant heeft afgezegd."}))
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.text);
    let after = app.post(&format!("/api/v1/install-requests/{id}/reject"), &agent, json!({"reason": "Nogmaals"})).await;
    assert_eq!(after.status, StatusCode::CONFLICT);
    assert_eq!(after.body["allowed_next"], Value::Null, "a rejected request goes nowhere: {}", after.text);

    // The timeline tells the whole story, to the partner as well.
    let timeline = app.get(&format!("/api/v1/install-requests/{id}/timeline"), &system).await;
    let kinds: Vec<&str> =
        timeline.body["items"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["submitted", "returned", "resubmitted", "rejected"]);
    assert_eq!(timeline.body["items"][1]["items"], json!(["Uittreksel KvK", "Handtekening contract"]));
    assert_eq!(timeline.body["items"][2]["revision"], 2);
    assert_eq!(timeline.body["items"][3]["message"], "De klant heeft afgezegd.");

    // Told by signed webhook and by e-mail at every move.
    app.drain_outbox().await;
    let received = receiver.wait_for(4).await;
    assert!(received.iter().all(|r| r.verified && r.status == 204), "signed and accepted");
    // Deliveries of one drain may arrive in any order: put them in the order of the moves.
    let mut received = received;
    received.sort_by_key(|r| {
        let body: Value = serde_json::from_str(&r.body).unwrap();
        chrono::DateTime::parse_from_rfc3339(body["data"]["event"]["at"].as_str().unwrap()).unwrap()
    });
    let moves: Vec<(String, String)> = received
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_str(&r.body).unwrap();
            assert_eq!(body["type"], "install_request.step_changed");
            assert_eq!(body["data"]["install_request"]["id"], id.as_str());
            (
                body["data"]["event"]["kind"].as_str().unwrap().to_owned(),
                body["data"]["to_step"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected =
        [("submitted", "submitted"), ("returned", "returned"), ("resubmitted", "submitted"), ("rejected", "rejected")];
    assert_eq!(moves, expected.map(|(k, s)| (k.to_owned(), s.to_owned())));
    let mails: Vec<String> = app
        .mails()
        .await
        .into_iter()
        .filter(|m| m.to == partner_admin.email && m.subject.contains(" A-20"))
        .map(|m| m.subject)
        .collect();
    assert_eq!(mails.len(), 4, "{mails:?}");
    for words in
        [["ontvangen", "received"], ["onvolledig", "incomplete"], ["Aangevulde", "Amended"], ["afgewezen", "rejected"]]
    {
        assert!(mails.iter().any(|m| words.iter().any(|w| m.contains(w))), "a mail about {words:?}: {mails:?}");
    }
    let rejected_mail = app
        .mails()
        .await
        .into_iter()
        .find(|m| m.to == partner_admin.email && m.text.contains("De klant heeft afgezegd."));
    assert!(rejected_mail.is_some(), "the reason is in the rejection mail");
}

async fn fields_are_checked_one_by_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = bank_with_fields(&app, &fx).await;
    let partner = fx.person(&app, &bank, "partner_user", &[]).await.auth;
    let mut body = request_body("Bakkerij", "1234567");
    body["company"]["vat_number"] = json!("BE0123456749");
    body["company"]["address"]["postcode"] = json!("0123 AB");
    body["contacts"]["general"]["phone"] = json!("12");
    body["contacts"]["technical"]["email"] = json!("geen adres");
    body["accounting_package"] = json!({"kind": "listed", "id": "01890a5d-ac96-774b-bcce-b302099a8057"});
    body["partner_fields"] = json!({"credit_limit": "veel", "onbekend": "x"});
    let refused = app.post("/api/v1/install-requests", &partner, body).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    let mut fields: Vec<&str> =
        refused.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "accounting_package.id",
            "company.address.postcode",
            "company.coc_number",
            "contacts.general.phone",
            "contacts.technical.email",
            "partner_fields.bank_reference",
            "partner_fields.credit_limit",
            "partner_fields.onbekend",
        ]
    );
    // A Belgian company: the enterprise number and the VAT number that carries it.
    let mut belgian = request_body("Boulangerie", "0123.456.749");
    belgian["company"]["address"]["country"] = json!("BE");
    belgian["company"]["address"]["postcode"] = json!("1000");
    belgian["company"]["vat_number"] = json!("NL123456789B01");
    let wrong_vat = app.post("/api/v1/install-requests", &partner, belgian.clone()).await;
    assert_eq!(wrong_vat.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong_vat.body["errors"][0]["field"], "company.vat_number");
    belgian["company"]["vat_number"] = json!("BE 0123 456 749");
    let filed = app.post("/api/v1/install-requests", &partner, belgian).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    assert_eq!(filed.body["data"]["company"]["vat_number"], "BE0123456749");
    assert_eq!(filed.body["data"]["partner_fields"], json!({"bank_reference": "NB-2026-17"}));
    // Nothing but partners file; a key needs the write scope.
    let agent = fx.person(&app, &fx.vendor, "agent", &[]).await.auth;
    let by_agent = app.post("/api/v1/install-requests", &agent, request_body("X", "12345678")).await;
    assert_eq!(by_agent.status, StatusCode::FORBIDDEN);
    let reader = fx.key(&app, &bank, &["install_requests:read"]).await;
    let by_reader = app.post("/api/v1/install-requests", &reader, request_body("X", "12345678")).await;
    assert_eq!(by_reader.status, StatusCode::FORBIDDEN);
}

async fn duplicates_are_flagged_and_requests_stay_with_their_partner(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = bank_with_fields(&app, &fx).await;
    let accountancy = fx.partner(&app, "Accountants & Co", "accountancy").await;
    let north = fx.branch(&app, &accountancy, "Noord").await;
    let south = fx.branch(&app, &accountancy, "Zuid").await;
    let banker = fx.person(&app, &bank, "partner_user", &[]).await.auth;
    let north_user = fx.person(&app, &accountancy, "partner_user", &[&north]).await.auth;
    let south_user = fx.person(&app, &accountancy, "partner_user", &[&south]).await.auth;
    let agent = fx.person(&app, &fx.vendor, "agent", &[]).await.auth;
    // A client with this KvK number exists already.
    let existing = app
        .post(
            "/api/v1/organisations",
            &fx.admin.auth,
            json!({"kind": "client", "name": "Jansen", "coc_number": "87654321"}),
        )
        .await;
    assert_eq!(existing.status, StatusCode::CREATED);

    let first = app.post("/api/v1/install-requests", &banker, request_body("Bakkerij", "11112222")).await;
    let mut for_north = request_body("Bakkerij (via accountant)", "11112222");
    for_north["partner_fields"] = json!({});
    let second = app.post("/api/v1/install-requests", &north_user, for_north.clone()).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text);
    assert_eq!(second.body["data"]["branch_id"], north.as_str(), "a one-branch user files for their branch");
    let mut known = for_north.clone();
    known["company"]["coc_number"] = json!("87654321");
    let third = app.post("/api/v1/install-requests", &north_user, known).await;
    let mut alone = for_north;
    alone["company"]["coc_number"] = json!("99990000");
    let fourth = app.post("/api/v1/install-requests", &north_user, alone).await;

    let queue = app.get("/api/v1/install-requests?sort=created_at", &agent).await;
    let flags: Vec<(String, bool)> = queue.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r["possible_duplicate"].as_bool().unwrap()))
        .collect();
    let id = |reply: &Reply| reply.body["id"].as_str().unwrap().to_owned();
    assert_eq!(flags, [(id(&first), true), (id(&second), true), (id(&third), true), (id(&fourth), false)]);
    let searched = app.get("/api/v1/install-requests?q=via%20accountant", &agent).await;
    assert_eq!(searched.body["items"].as_array().unwrap().len(), 3);

    // Each partner sees its own; a branch-limited user their branch's.
    assert_eq!(app.get("/api/v1/install-requests", &banker).await.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(app.get("/api/v1/install-requests", &north_user).await.body["items"].as_array().unwrap().len(), 3);
    assert_eq!(app.get("/api/v1/install-requests", &south_user).await.body["items"].as_array().unwrap().len(), 0);
    let hidden = app.get(&format!("/api/v1/install-requests/{}", id(&second)), &banker).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let hidden = app.get(&format!("/api/v1/install-requests/{}/timeline", id(&second)), &south_user).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let wrong_branch = {
        let mut body = request_body("X", "12121212");
        body["partner_fields"] = json!({});
        body["branch_id"] = json!(south);
        app.post("/api/v1/install-requests", &north_user, body).await
    };
    assert_eq!(wrong_branch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong_branch.body["errors"][0]["field"], "branch_id");
}

async fn concurrent_filings_with_one_key_make_one_request(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = bank_with_fields(&app, &fx).await;
    let system = fx.key(&app, &bank, &["install_requests:read", "install_requests:write"]).await;
    let body = request_body("Bakkerij", "12345678");
    let replies = futures_util::future::join_all((0..6).map(|_| file(&app, &system, "same-key", &body))).await;
    for reply in &replies {
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        assert_eq!(reply.body["id"], replies[0].body["id"]);
    }
    let listed = app.get("/api/v1/install-requests", &system).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    let timeline = app
        .get(&format!("/api/v1/install-requests/{}/timeline", replies[0].body["id"].as_str().unwrap()), &system)
        .await;
    assert_eq!(timeline.body["items"].as_array().unwrap().len(), 1, "filed once");
}

async fn accepting_makes_the_client_and_invites_its_superuser(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = bank_with_fields(&app, &fx).await;
    let partner = fx.person(&app, &bank, "partner_admin", &[]).await;
    let agent = fx.person(&app, &fx.vendor, "agent", &[]).await.auth;
    let filed = app
        .post("/api/v1/install-requests", &partner.auth, request_body("Bakkerij De Korenschoof B.V.", "56781234"))
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    let id = filed.body["id"].as_str().unwrap().to_owned();

    let accepted = app.post(&format!("/api/v1/install-requests/{id}/accept"), &agent, json!({})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    assert_eq!(accepted.body["step"], "questionnaire");
    let client_id = accepted.body["client_id"].as_str().unwrap().to_owned();
    let again = app.post(&format!("/api/v1/install-requests/{id}/accept"), &agent, json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["allowed_next"], json!(["contracts"]));

    // The client is the partner's, with the request's registration.
    let client = app.get(&format!("/api/v1/organisations/{client_id}"), &partner.auth).await;
    assert_eq!(client.status, StatusCode::OK, "{}", client.text);
    assert_eq!(client.body["managing_partner_id"], bank.id.as_str());
    assert_eq!(
        (client.body["coc_number"].as_str(), client.body["vat_number"].as_str()),
        (Some("56781234"), Some("NL123456789B01"))
    );
    // Its superuser is the general contact, invited by e-mail; once in, they follow the case.
    app.drain_outbox().await;
    let invitation = app.last_mail_to("karin@korenschoof.example").await;
    let set = app
        .post(
            "/api/v1/auth/invitations/accept",
            &Auth::None,
            json!({"token": invitation.token(), "password": "Korenschoof-bakt-2026"}),
        )
        .await;
    assert_eq!(set.status.as_u16() / 100, 2, "{}", set.text);
    let superuser = app.bearer("karin@korenschoof.example", "Korenschoof-bakt-2026").await;
    let me = app.get("/api/v1/me", &superuser).await;
    assert_eq!(
        (me.body["role"].as_str(), me.body["organisation"]["id"].as_str()),
        (Some("client_superuser"), Some(client_id.as_str()))
    );
    let own = app.get("/api/v1/install-requests", &superuser).await;
    assert_eq!(own.body["items"][0]["id"], id.as_str(), "the client follows its own case");
    let amend = app
        .request_with(
            &app.client,
            Method::POST,
            &format!("/api/v1/install-requests/{id}/resubmit"),
            &superuser,
            Some(request_body("X", "12345678")),
            &[("if-match", "\"3\"")],
        )
        .await;
    assert_eq!(amend.status, StatusCode::FORBIDDEN, "only the partner amends");
    // The partner is told, and the timeline says who accepted.
    let mails: Vec<String> = app
        .mails()
        .await
        .into_iter()
        .filter(|m| m.to == partner.email && m.subject.contains(" A-20"))
        .map(|m| m.subject)
        .collect();
    assert!(mails.iter().any(|s| s.contains("geaccepteerd") || s.contains("accepted")), "{mails:?}");
    let timeline = app.get(&format!("/api/v1/install-requests/{id}/timeline"), &partner.auth).await;
    assert_eq!(timeline.body["items"][1]["kind"], "accepted");
    assert_eq!(timeline.body["items"][1]["to_step"], "questionnaire");

    // A second request whose general contact has a login now cannot be accepted.
    let second =
        app.post("/api/v1/install-requests", &partner.auth, request_body("Korenschoof Twee", "56781235")).await;
    let refused = app
        .post(&format!("/api/v1/install-requests/{}/accept", second.body["id"].as_str().unwrap()), &agent, json!({}))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    assert_eq!(refused.body["errors"][0]["field"], "contacts.general.email");
    assert_eq!(second.body["possible_duplicate"], Value::Null);
}
