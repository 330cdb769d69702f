//! Codes by SMS in the browser (the texts read from the SMS folder): a client's owner
//! with a verified number who signs in with a code is asked for it after its password,
//! is told a wrong one is wrong, gets in with the right one, and then approves a VAT
//! return with a code sent at its request instead of its PIN.

use reqwest::Method;
use serde_json::json;

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::{Backend, TestApp};
use crate::on_both_databases;

on_both_databases!(signing_in_and_approving_with_a_code_by_sms);

/// Delivers what is queued and reads the code in the newest text to `to`.
async fn last_code(app: &TestApp, to: &str) -> String {
    app.drain_outbox().await;
    let dir = app.state.settings.sms_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    let text = files
        .iter()
        .rev()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .find(|t| t.starts_with(&format!("To: {to}\n")))
        .unwrap_or_else(|| panic!("no text to {to}"));
    let after = text.split(" is ").nth(1).unwrap_or_default();
    let code: String = after.chars().take(7).filter(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 6, "{text}");
    code
}

async fn signing_in_and_approving_with_a_code_by_sms(backend: Backend) {
    run("second_factor", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        let owner = app.bearer("eigenaar@korenschoof.example", DEMO_PASSWORD).await;
        let mobile = json!({"mobile": "06 2345 6789", "pin": "246810"});
        assert_eq!(app.request(Method::PUT, "/api/v1/me/mobile", &owner, Some(mobile)).await.status, 202);
        let code = last_code(&app, "+31623456789").await;
        let proven = app.post("/api/v1/me/mobile/confirmation", &owner, json!({"code": code})).await;
        assert_eq!(proven.status, 200, "{}", proven.text);
        let on = json!({"enabled": true, "pin": "246810"});
        assert_eq!(app.request(Method::PUT, "/api/v1/me/second-factor", &owner, Some(on)).await.status, 200);

        // Password, then the code: a wrong one is refused beside the field.
        browser.goto("/login").await;
        browser.click(".language-switch button[lang=en]").await;
        browser.fill("#email", "eigenaar@korenschoof.example").await;
        browser.fill("#password", DEMO_PASSWORD).await;
        browser.click("form button[type=submit]").await;
        browser.wait_text(".second-step-title", "Code by SMS").await;
        browser.wait_text("p.hint", "+31 6 ••••••89").await;
        let code = last_code(&app, "+31623456789").await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        browser.fill("#sign-in-code", wrong).await;
        browser.click("form.second-step button[type=submit]").await;
        browser.wait_text("#sign-in-code-error", "not correct").await;
        browser.fill("#sign-in-code", &code).await;
        browser.click("form.second-step button[type=submit]").await;
        browser.wait_path("/overview").await;

        // Approving with a code instead of the PIN.
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/approvals']").await;
        browser.wait_text(".awaiting table", "Btw-aangifte Q3 2026").await;
        browser.click(".awaiting table a[href^='/documents/']").await;
        browser.wait_text("main h1", "Btw-aangifte Q3 2026").await;
        browser.click("#approve-by-sms").await;
        browser.click("form.approve-form button.send-code").await;
        browser.wait_text("form.approve-form .sms-code p.hint", "+31 6 ••••••89").await;
        let code = last_code(&app, "+31623456789").await;
        browser.fill("#approve-code", &code).await;
        browser.click("form.approve-form button[type=submit]").await;
        browser.wait_text(".document-status", "Approved").await;
        browser.wait_text("ul.decisions", "with an SMS code").await;
        browser.assert_only_own_origin().await;
    })
    .await;
}
