//! The helpdesk's watch on installations in the browser: the demo's stalled case shows
//! on the stalled list with its last upload error; a follow-up with a next check takes it
//! off the list and shows on the case's timeline; the funnel draws the demo's cases per
//! step as SVG with the same figures as the API.

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(the_helpdesk_follows_up_a_stalled_installation, the_funnel_shows_the_cases_per_step);

async fn the_helpdesk_follows_up_a_stalled_installation(backend: Backend) {
    run("stalled", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        let stalled = app.get("/api/v1/stalled-install-requests", &admin).await;
        assert_eq!(stalled.status, 200, "{}", stalled.text);
        let number = stalled.body["items"][0]["number"].as_str().unwrap().to_owned();
        browser.sign_in("anna@loket.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/intake']").await;
        browser.click("a.stalled-link").await;
        browser.wait_text("h1", "Stalled installations").await;
        let row = format!("tr[data-number='{number}']");
        browser.wait_text(&format!("{row} .upload-error"), "SnelStart weigert de koppeling").await;
        browser.wait_text(&format!("{row} .waiting"), "business days").await;

        // The case: a follow-up without a note is refused beside the field.
        browser.click(&format!("{row} a")).await;
        browser.wait_text("h1", &number).await;
        browser.click("form.follow-up-form button[type=submit]").await;
        browser.wait_text("#follow-up-note-error", "characters").await;
        browser.fill("#follow-up-note", "Bram gebeld: nieuwe koppelsleutel aangevraagd bij SnelStart.").await;
        // A date field types per locale; set its value as the date picker would.
        let later = (chrono::Utc::now() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
        let pick = "const f = document.querySelector('#next-check'); f.value = arguments[0]; \
                    f.dispatchEvent(new Event('input', { bubbles: true }));";
        browser.client.execute(pick, vec![serde_json::json!(later)]).await.unwrap();
        browser.click("form.follow-up-form button[type=submit]").await;
        browser.wait_text(".install-timeline .event-followed_up .follow-up-kind", "Phone call").await;
        browser.wait_text(".install-timeline .event-followed_up .next-check", "Next check").await;

        // Off the stalled list until the next check.
        browser.goto("/intake/stalled").await;
        browser.wait_text("main .empty", "No installation is stalled").await;
        let after = app.get("/api/v1/stalled-install-requests", &admin).await;
        assert_eq!(after.body["items"].as_array().unwrap().len(), 0, "{}", after.text);
    })
    .await;
}

async fn the_funnel_shows_the_cases_per_step(backend: Backend) {
    run("funnel", backend, "nl-NL", |app, browser| async move {
        let admin = app.seed_demo().await;
        let funnel = app.get("/api/v1/install-funnel", &admin).await;
        assert_eq!(funnel.status, 200, "{}", funnel.text);
        browser.sign_in("anna@loket.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=nl]").await;
        browser.click("nav.sidebar a[href='/intake']").await;
        browser.click("a.funnel-link").await;
        browser.wait_text("h1", "Intaketrechter").await;
        // One bar per step of the main path, each with the API's figure.
        for step in ["submitted", "questionnaire", "contracts", "instructions", "installing", "completed"] {
            let figures = funnel.body["steps"].as_array().unwrap().iter().find(|s| s["step"] == step).unwrap();
            let reached = figures["reached"].to_string();
            browser.wait_text(&format!("svg g.funnel-step[data-step={step}] text.value"), &reached).await;
            browser.wait_text(&format!("table.funnel-figures tr[data-step={step}] td.reached"), &reached).await;
        }
        let submitted = funnel.body["steps"][0]["reached"].as_u64().unwrap();
        assert!(submitted >= 7, "every demo case was submitted: {}", funnel.text);
        let median = browser.find("table.funnel-figures tr[data-step=submitted] td.median").await.text().await.unwrap();
        assert!(median != "—" && !median.is_empty(), "returned and accepted cases ended their stay: {median}");
        browser.wait_text("main .lead", "dossiers ingediend").await;
    })
    .await;
}
