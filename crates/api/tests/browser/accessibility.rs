//! axe-core (the accessibility engine from npm, installed by scripts/ensure-tools.sh)
//! on every screen, in both languages: no serious or critical violation.

use serde_json::Value;

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::{Browser, run};
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(every_screen_passes_axe_in_both_languages);

pub(crate) fn axe_source() -> String {
    let path = std::env::var("LOKET_AXE_JS").unwrap_or_else(|_| {
        let tools = std::env::var("LOKET_TOOLS_DIR")
            .unwrap_or_else(|_| format!("{}/.cache/loket-tools", std::env::var("HOME").unwrap_or_default()));
        format!("{tools}/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("axe-core at {path} (scripts/ensure-tools.sh): {e}"))
}

/// The serious and critical violations on the current screen, one line each.
pub(crate) async fn violations(browser: &Browser, axe: &str) -> Vec<String> {
    browser.client.execute(axe, vec![]).await.unwrap();
    let found = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {resultTypes: ['violations']}).then(r => done(
               r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))
             ));",
            vec![],
        )
        .await
        .unwrap();
    match found {
        Value::Array(items) => items.into_iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect(),
        other => vec![format!("axe did not answer: {other}")],
    }
}

async fn every_screen_passes_axe_in_both_languages(backend: Backend) {
    run("axe", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        let bakery = app.organisation_id(&admin, "Bakkerij De Korenschoof B.V.").await;
        let users = app.get("/api/v1/users?q=eigenaar", &admin).await;
        let user = format!("/users/{}", users.body["items"][0]["id"].as_str().unwrap());
        let tickets = app.get("/api/v1/tickets?all=true", &admin).await;
        let ticket = format!("/tickets/{}", tickets.body["items"][0]["id"].as_str().unwrap());
        // A request with a version before its resubmission: timeline and versions on show.
        let intake = app.get("/api/v1/install-requests?q=peeters", &admin).await;
        let install_request = format!("/intake/{}", intake.body["items"][0]["id"].as_str().unwrap());
        // The stalled case: install progress and the follow-up form on show.
        let stalled = app.get("/api/v1/install-requests?q=jansen", &admin).await;
        let stalled_case = format!("/intake/{}", stalled.body["items"][0]["id"].as_str().unwrap());
        let groups = app.get("/api/v1/permission-groups", &admin).await;
        let group = format!("/rights/{}", groups.body["items"][0]["id"].as_str().unwrap());
        let documents = app.get(&format!("/api/v1/organisations/{bakery}/documents"), &admin).await;
        let document = format!("/documents/{}", documents.body[0]["id"].as_str().unwrap());
        let axe = axe_source();
        let mut report = Vec::new();
        for language in ["nl", "en"] {
            browser.goto("/login").await;
            browser.click(&format!(".language-switch button[lang={language}]")).await;
            browser.find("main h1").await;
            // The set-password pages as a visitor with a used or mistyped link sees them.
            for path in [
                "/login",
                "/forgot-password",
                "/access",
                "/welcome#token=verlopen",
                "/reset-password#token=verlopen",
                "/access/confirm#token=verlopen",
            ] {
                browser.goto(path).await;
                browser.find(if path.contains("#token") { "main .alert-error" } else { "main h1" }).await;
                report.extend(violations(&browser, &axe).await.into_iter().map(|v| format!("{language} {path}: {v}")));
            }
        }
        browser.sign_in("beheer@loket.example", DEMO_PASSWORD).await;
        let organisation = format!("/organisations/{bakery}");
        let screens = [
            "/overview",
            "/profile",
            "/organisations",
            "/organisations/new",
            organisation.as_str(),
            "/users",
            "/users/new",
            user.as_str(),
            "/api-keys",
            "/webhooks",
            "/notifications",
            "/audit",
            "/tickets",
            "/tickets/new",
            "/helpdesk/dashboard",
            "/helpdesk/settings",
            "/releases",
            "/access-requests",
            "/intake",
            "/intake/stalled",
            "/intake/funnel",
            "/intake/settings",
            "/intake/questionnaire",
            "/rights",
            group.as_str(),
            "/first-users",
            "/pin-letters",
            "/approvals",
            "/security",
            document.as_str(),
            install_request.as_str(),
            stalled_case.as_str(),
            ticket.as_str(),
            "/nergens",
        ];
        for language in ["nl", "en"] {
            browser.goto("/overview").await;
            browser.click(&format!(".language-switch button[lang={language}]")).await;
            for path in screens {
                browser.goto(path).await;
                browser.find("main h1").await;
                // Lists and details have arrived (or said they are empty).
                browser.wait_gone("main .state-loading").await;
                report.extend(violations(&browser, &axe).await.into_iter().map(|v| format!("{language} {path}: {v}")));
            }
        }
        // The dialogs: a new API key's secret, and the confirmation before revoking it.
        browser.goto("/api-keys").await;
        browser.fill("#key-name", "Toegankelijkheid").await;
        browser.click("form button[type=submit]").await;
        browser.find("dialog[open] #shown-secret").await;
        report.extend(violations(&browser, &axe).await.into_iter().map(|v| format!("secret dialog: {v}")));
        browser.click("dialog[open] .button.primary").await;
        browser.wait_gone("dialog[open]").await;
        browser.click("table .button.danger").await;
        browser.find("dialog[open] #confirm-message").await;
        report.extend(violations(&browser, &axe).await.into_iter().map(|v| format!("confirm dialog: {v}")));
        browser.click("dialog[open] .button.secondary").await;
        browser.wait_gone("dialog[open]").await;
        assert!(report.is_empty(), "serious or critical accessibility violations:\n{}", report.join("\n"));

        // The check can fail: an image without a text alternative is reported.
        browser
            .client
            .execute("document.querySelector('main').append(document.createElement('img'));", vec![])
            .await
            .unwrap();
        let broken = violations(&browser, &axe).await;
        assert!(broken.iter().any(|v| v.starts_with("image-alt")), "{broken:?}");
    })
    .await;
}
