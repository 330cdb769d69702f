//! Partner intake in the browser: a partner files an install request through the form
//! (the server's errors appear beside each field, then the corrected request goes
//! through); the helpdesk returns a request from its queue with what is missing and the
//! partner amends and resubmits it, both versions kept; the client's superuser fills in
//! the new-customer questionnaire (a draft with an error beside its answer, then the
//! submission); the helpdesk puts the last contract in force and sends the installation
//! instructions.

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(
    a_partner_files_a_request_and_sees_the_errors_per_field,
    the_helpdesk_returns_and_the_partner_amends,
    the_client_fills_in_its_questionnaire,
    the_helpdesk_completes_the_contracts_and_sends_the_instructions
);

async fn a_partner_files_a_request_and_sees_the_errors_per_field(backend: Backend) {
    run("intake-form", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        browser.sign_in("admin@noordbank.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/intake']").await;
        browser.wait_text("h1", "Install requests").await;
        browser.click("a[href='/intake/new']").await;
        browser.wait_text("h1", "New install request").await;

        // Wrong in five places: each error shows beside its own field.
        browser.fill("#company-name", "Visserij De Haven").await;
        browser.fill("#coc-number", "1234567").await;
        browser.fill("#street", "Havenweg").await;
        browser.fill("#house-number", "3").await;
        browser.fill("#postcode", "0123 AB").await;
        browser.fill("#city", "Urk").await;
        browser.fill("#general-name", "Hein Visser").await;
        browser.fill("#general-email", "hein@dehaven.example").await;
        browser.fill("#general-phone", "12").await;
        browser.fill("#technical-name", "Ties Visser").await;
        browser.fill("#technical-email", "geen adres").await;
        browser.fill("#technical-phone", "06 1234 5678").await;
        browser.click("#package option[value=other]").await;
        browser.fill("#other-package", "Visboek").await;
        browser.find("#pf-bank_reference").await;
        browser.click("form.intake-form button[type=submit]").await;
        browser.wait_text("#coc-number-error", "8 digits").await;
        browser.wait_text("#postcode-error", "postcode").await;
        browser.wait_text("#general-phone-error", "phone").await;
        browser.wait_text("#technical-email-error", "e-mail").await;
        browser.wait_text("#pf-bank_reference-error", "required").await;
        let before = app.get("/api/v1/install-requests?q=haven", &admin).await;
        assert_eq!(before.body["items"].as_array().unwrap().len(), 0, "nothing filed");

        // Corrected, it goes to the helpdesk.
        browser.fill("#coc-number", "8765 4321").await;
        browser.fill("#postcode", "8321ab").await;
        browser.fill("#general-phone", "0527 123 456").await;
        browser.fill("#technical-email", "ties@dehaven.example").await;
        browser.fill("#pf-bank_reference", "NB-2026-0500").await;
        browser.click("form.intake-form button[type=submit]").await;
        browser.wait_text(".alert-success", "with the helpdesk").await;
        browser.wait_text(".install-request .coc", "87654321").await;
        browser.wait_text(".install-timeline", "Submitted").await;
        let filed = app.get("/api/v1/install-requests?q=haven", &admin).await;
        let request = &filed.body["items"][0];
        assert_eq!(request["data"]["company"]["address"]["postcode"], "8321 AB");
        assert_eq!(request["data"]["partner_fields"]["bank_reference"], "NB-2026-0500");
    })
    .await;
}

async fn the_helpdesk_returns_and_the_partner_amends(backend: Backend) {
    run("intake-review", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        browser.sign_in("anna@loket.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/intake']").await;
        browser.wait_text("h1", "Intake").await;
        // The queue, oldest first; the request for a company that is a client already is flagged.
        browser.wait_text("table.install-requests", "Bloemisterij De Tulp").await;
        let flagged = browser.wait_text("table.install-requests tr:has(.duplicate)", "Korenschoof").await;
        assert!(flagged.contains("Possible duplicate"), "{flagged}");

        let queue = app.get("/api/v1/install-requests?q=tulp", &admin).await;
        let id = queue.body["items"][0]["id"].as_str().unwrap().to_owned();
        browser.click(&format!("a[href='/intake/{id}']")).await;
        browser.wait_text("h1", "Bloemisterij De Tulp").await;
        browser.fill("#missing", "Uittreksel KvK\nHandtekening directie").await;
        browser.fill("#return-message", "Graag beide meesturen.").await;
        browser.click("form.return-form button[type=submit]").await;
        browser.wait_text(".page-header .status", "Returned for information").await;
        browser.wait_text(".install-timeline .event-returned", "Handtekening directie").await;
        browser.find(".install-timeline .event-returned .missing li").await;

        // The partner sees it returned, amends and submits again.
        browser.click(".topbar-actions button.button").await;
        browser.wait_path("/login").await;
        browser.sign_in("admin@noordbank.example", DEMO_PASSWORD).await;
        browser.goto("/intake").await;
        // Switched after the reload: a reload right after the switch could cut off saving it.
        browser.click(".language-switch button[lang=en]").await;
        browser.click(".tabs button[data-step=returned]").await;
        browser.wait_text("table.install-requests", "Bloemisterij De Tulp").await;
        browser.click(&format!("a[href='/intake/{id}']")).await;
        browser.wait_text(".install-timeline", "Uittreksel KvK").await;
        browser.click(&format!("a[href='/intake/{id}/amend']")).await;
        browser.wait_text("h1", "Amend install request").await;
        browser.fill("#remarks", "Uittreksel en handtekening volgen per post.").await;
        browser.click("form.intake-form button[type=submit]").await;
        browser.wait_text(".page-header .status", "Awaiting review").await;
        browser.wait_text(".install-timeline .event-resubmitted", "Submitted again").await;
        browser.wait_text(".versions", "v2").await;
        let revisions = app.get(&format!("/api/v1/install-requests/{id}/revisions"), &admin).await;
        assert_eq!(revisions.body["items"].as_array().unwrap().len(), 2, "both versions kept");
        assert_eq!(revisions.body["items"][1]["data"]["remarks"], "Uittreksel en handtekening volgen per post.");
    })
    .await;
}

async fn the_client_fills_in_its_questionnaire(backend: Backend) {
    run("questionnaire", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        // Filed by the bank, accepted by the helpdesk; the new superuser chooses a password.
        let bank = app.bearer("admin@noordbank.example", DEMO_PASSWORD).await;
        let agent = app.bearer("anna@loket.example", DEMO_PASSWORD).await;
        let body = serde_json::json!({
            "company": {"name": "Slagerij Vers", "coc_number": "44556677",
                "address": {"street": "Markt", "house_number": "2", "postcode": "3511 AA", "city": "Utrecht", "country": "NL"}},
            "contacts": {
                "general": {"name": "Sven Vers", "email": "sven@slagerijvers.example", "phone": "+31302345678"},
                "technical": {"name": "Sven Vers", "email": "sven@slagerijvers.example", "phone": "+31612345678"}},
            "accounting_package": {"kind": "other", "name": "Kasboek"},
            "partner_fields": {"bank_reference": "NB-2026-0600"}
        });
        let filed = app.post("/api/v1/install-requests", &bank, body).await;
        assert_eq!(filed.status, 201, "{}", filed.text);
        let id = filed.body["id"].as_str().unwrap().to_owned();
        let accepted = app.post(&format!("/api/v1/install-requests/{id}/accept"), &agent, serde_json::json!({})).await;
        assert_eq!(accepted.status, 200, "{}", accepted.text);
        app.drain_outbox().await;
        let token = app.last_mail_to("sven@slagerijvers.example").await.token();
        let password = "Slagerij-Vers-2026";
        let set = app
            .post("/api/v1/auth/invitations/accept", &crate::helpers::Auth::None, serde_json::json!({"token": token, "password": password}))
            .await;
        assert!(set.status.is_success(), "{}", set.text);

        browser.sign_in("sven@slagerijvers.example", password).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/intake']").await;
        browser.click(&format!("a[href='/intake/{id}']")).await;
        browser.wait_text(".questionnaire-link", "Fill in the questionnaire").await;
        browser.click(".questionnaire-link").await;
        browser.wait_text("h1", "New-customer questionnaire").await;

        // A wrong phone number in the first person's row: its error shows beside it.
        browser.fill("#p0-name", "Sven Vers").await;
        browser.fill("#p0-email", "sven@slagerijvers.example").await;
        browser.fill("#p0-phone", "12").await;
        browser.click("#p0-role option[value=administrator]").await;
        browser.click("button.add-person").await;
        browser.fill("#p1-name", "Vera Vers").await;
        browser.fill("#p1-email", "vera@slagerijvers.example").await;
        browser.fill("#p1-phone", "06 8765 4321").await;
        browser.click("button.save-draft").await;
        browser.wait_text("#p0-phone-error", "phone").await;
        browser.fill("#p0-phone", "030 234 5678").await;
        browser.click("button.save-draft").await;
        browser.wait_gone("#p0-phone-error:not(:empty)").await;
        // The error clears when the save starts: wait for the save itself.
        let path = format!("/api/v1/install-requests/{id}/questionnaire");
        let mut draft = app.get(&path, &admin).await;
        for _ in 0..100 {
            if draft.body["answers"]["people"][1]["phone"] == "+31687654321" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            draft = app.get(&path, &admin).await;
        }
        assert_eq!(draft.body["answers"]["people"][1]["phone"], "+31687654321", "{}", draft.text);
        assert_eq!(draft.body["status"], "draft");
        // And for the form to show the saved answers (in their written form): it reloads
        // with the new version, which the submission below must send.
        let mut shown = String::new();
        for _ in 0..100 {
            shown = browser.find("#p1-phone").await.prop("value").await.ok().flatten().unwrap_or_default();
            if shown == "+31687654321" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(shown, "+31687654321", "the form reloaded with the saved draft");

        // Submitting asks for the required answers, then goes through.
        browser.click("form.questionnaire button[type=submit]").await;
        browser.wait_text("#q-administrations-error", "required").await;
        browser.click("#q-administrations option[value='2-5']").await;
        browser
            .client
            .execute(
                "const input = document.querySelector('#q-fiscal_year_start'); input.value = '2027-01-01';
                 input.dispatchEvent(new Event('input', {bubbles: true}));",
                vec![],
            )
            .await
            .unwrap();
        browser.click("#q-server_hosted option[value=no]").await;
        browser.click("form.questionnaire button[type=submit]").await;
        browser.wait_text(".alert-success", "submitted").await;
        let case = app.get(&format!("/api/v1/install-requests/{id}"), &admin).await;
        assert_eq!(case.body["step"], "contracts");
    })
    .await;
}

async fn the_helpdesk_completes_the_contracts_and_sends_the_instructions(backend: Backend) {
    run("intake-contracts", backend, "nl-NL", |app, browser| async move {
        let admin = app.seed_demo().await;
        let cases = app.get("/api/v1/install-requests?step=contracts", &admin).await;
        let id = cases.body["items"][0]["id"].as_str().expect("the demo case at its contracts").to_owned();
        browser.sign_in("anna@loket.example", DEMO_PASSWORD).await;
        browser.goto(&format!("/intake/{id}")).await;
        browser.wait_text(".contracts .incomplete", "Nog niet").await;
        browser.wait_text(".contract-table", "CT-2026-0302").await;

        // A second contract for the same company is refused beside its field.
        browser.fill("#contract-number", "CT-2026-0399").await;
        browser.click("form.contract-form button[type=submit]").await;
        browser.wait_text("#contract-coc-error", "al in gebruik").await;

        // The holding's draft goes into force: the contracts are complete.
        browser.click("tr.status-draft button.activate").await;
        browser.wait_text(".contracts .complete", "lopend contract").await;

        // The instructions go to the technical contact, for the current release.
        browser.wait_text("#release", "Loket Collector 4.2.0").await;
        browser.click("form.instructions-form button[type=submit]").await;
        browser.wait_text(".install-progress .instructions-facts", "LoketCollector-4.2.0-setup.exe").await;
        browser.wait_text(".install-progress .not-installed", "nog niet aangemeld").await;
        browser.wait_text(".install-timeline", "Installatie-instructies verstuurd").await;
        let case = app.get(&format!("/api/v1/install-requests/{id}"), &admin).await;
        assert_eq!(case.body["step"], "instructions");
    })
    .await;
}
