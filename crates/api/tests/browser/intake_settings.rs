//! The vendor administrator's intake settings in the browser: an accounting package is
//! added and another taken out of the list; a partner's fields get one more, first with
//! a key the server refuses (the error beside that row's key), then corrected. The
//! questionnaire editor saves a new version with one more question, its key checked
//! the same way.

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(the_administrator_keeps_packages_and_partner_fields, the_administrator_adds_a_question);

async fn the_administrator_keeps_packages_and_partner_fields(backend: Backend) {
    run("intake-settings", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        let bank = app.organisation_id(&admin, "Noordbank N.V.").await;
        browser.sign_in("beheer@loket.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/intake/settings']").await;
        browser.wait_text("h1", "Intake settings").await;

        // A package added, another taken out of the partners' list.
        browser.fill("#new-package", "AFAS Profit").await;
        browser.click("form.new-package button[type=submit]").await;
        browser.find("tr.package[data-name='AFAS Profit']").await;
        browser.click("tr.package[data-name='SnelStart'] button.toggle").await;
        browser.find("tr.package.inactive[data-name='SnelStart']").await;
        let offered =
            app.get("/api/v1/accounting-packages", &app.bearer("admin@noordbank.example", DEMO_PASSWORD).await).await;
        let names: Vec<&str> =
            offered.body["items"].as_array().unwrap().iter().filter_map(|p| p["name"].as_str()).collect();
        assert!(names.contains(&"AFAS Profit") && !names.contains(&"SnelStart"), "{names:?}");

        // The bank's fields: one more, its key refused, then corrected.
        browser.click(&format!("#fields-partner option[value='{bank}']")).await;
        browser.find("#field-1-key").await;
        browser.click("button.add-field").await;
        browser.fill("#field-2-key", "Klant Nummer").await;
        browser.fill("#field-2-label", "Klantnummer bij de bank").await;
        browser.click("form.fields-form button[type=submit]").await;
        browser.wait_text("#field-2-key-error", "lower-case letter").await;
        browser.fill("#field-2-key", "klantnummer").await;
        browser.click("form.fields-form button[type=submit]").await;
        browser.wait_text("form.fields-form .alert-success", "Saved").await;
        let fields = app.get(&format!("/api/v1/organisations/{bank}/partner-fields"), &admin).await;
        let keys: Vec<&str> =
            fields.body["items"].as_array().unwrap().iter().filter_map(|f| f["key"].as_str()).collect();
        assert_eq!(keys, ["bank_reference", "credit_limit", "klantnummer"]);
    })
    .await;
}

async fn the_administrator_adds_a_question(backend: Backend) {
    run("questionnaire-editor", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        let before = app.get("/api/v1/questionnaire", &admin).await;
        let sections = before.body["sections"].as_array().unwrap().len();
        let last = sections - 1;
        let questions = before.body["sections"][last]["questions"].as_array().unwrap().len();
        browser.sign_in("beheer@loket.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/intake/settings']").await;
        browser.click("a.questionnaire-editor-link").await;
        browser.wait_text("h1", "New-customer questionnaire").await;

        // One more question in the last section: a choice, first with a bad key.
        let section = format!("fieldset.section-editor[data-index='{last}']");
        browser.click(&format!("{section} button.add-question")).await;
        let id = format!("s{last}-q{questions}");
        browser.fill(&format!("#{id}-key"), "Backup Frequentie").await;
        browser.fill(&format!("#{id}-label-nl"), "Hoe vaak maakt u een back-up?").await;
        browser.fill(&format!("#{id}-label-en"), "How often do you make a backup?").await;
        browser.click(&format!("#{id}-kind option[value=choice]")).await;
        browser.fill(&format!("#{id}-options"), "Dagelijks\nWekelijks\nNooit").await;
        browser.click("form.questionnaire-editor button[type=submit]").await;
        browser.wait_text(&format!("#{id}-key-error"), "lower-case letter").await;
        browser.fill(&format!("#{id}-key"), "backup_frequency").await;
        browser.click("form.questionnaire-editor button[type=submit]").await;
        browser.wait_text("form.questionnaire-editor .alert-success", "new version").await;

        let after = app.get("/api/v1/questionnaire", &admin).await;
        assert_eq!(after.body["version"], before.body["version"].as_i64().unwrap() + 1, "{}", after.text);
        let added = &after.body["sections"][last]["questions"][questions];
        assert_eq!(added["key"], "backup_frequency", "{}", after.text);
        assert_eq!(
            added["kind"],
            serde_json::json!({"type": "choice", "options": ["Dagelijks", "Wekelijks", "Nooit"]})
        );
    })
    .await;
}
