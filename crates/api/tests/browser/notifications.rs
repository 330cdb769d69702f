//! The notification screens: the outbox for vendor admins, webhooks for partner admins.

use std::time::Duration;

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::{Browser, run};
use crate::helpers::Backend;
use crate::on_both_databases;
use crate::peers::{SmtpSink, WebhookReceiver, free_port};

on_both_databases!(an_admin_retries_a_dead_notification, a_partner_registers_and_tests_a_webhook);

async fn sign_in_english(browser: &Browser, email: &str) {
    browser.goto("/login").await;
    browser.click(".language-switch button[lang=en]").await;
    browser.sign_in(email, DEMO_PASSWORD).await;
    browser.click(".language-switch button[lang=en]").await;
    browser.wait_text("nav.sidebar", "Overview").await;
}

async fn an_admin_retries_a_dead_notification(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut sink = SmtpSink::start(&dir.path().join("smtp"), port, &["--reject", "kwijt@korenschoof.example"]).await;
    let spa = concat!(env!("CARGO_MANIFEST_DIR"), "/../../frontend/dist");
    let smtp = sink.url();
    crate::harness::run_with(
        "outbox",
        backend,
        "en-GB",
        &[("LOKET_SMTP_URL", &smtp), ("LOKET_SPA_DIR", spa)],
        |app, browser| async move {
            let admin = app.seed_demo().await;
            let bakery = app.organisation_id(&admin, "Bakkerij De Korenschoof B.V.").await;
            app.create_user(&admin, &bakery, "kwijt@korenschoof.example", "client_user").await;
            app.drain_outbox().await;

            sign_in_english(&browser, "beheer@loket.example").await;
            browser.click("nav.sidebar a[href='/notifications']").await;
            browser.wait_text("table", "kwijt@korenschoof.example").await;
            browser.wait_text("table", "refused").await;
            browser.wait_text(".tab[data-status=dead]", "1").await;

            // The mailbox exists now; the admin retries and the message goes out.
            sink.stop();
            let fixed = SmtpSink::start(&dir.path().join("smtp2"), port, &[]).await;
            browser.click("table .button.secondary").await;
            browser.wait_text(".alert-success", "Queued again.").await;
            fixed.wait_for(1, Duration::from_secs(20)).await;
            browser.click(".tab[data-status=sent]").await;
            browser.wait_text("table", "kwijt@korenschoof.example").await;
        },
    )
    .await;
}

async fn a_partner_registers_and_tests_a_webhook(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let receiver = WebhookReceiver::start(dir.path(), 0).await;
    run("webhooks", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        sign_in_english(&browser, "admin@noordbank.example").await;
        browser.click("nav.sidebar a[href='/webhooks']").await;
        browser.wait_path("/webhooks").await;
        browser.fill("#hook-url", &receiver.url()).await;
        browser.fill("#hook-description", "CRM").await;
        browser.click("form button[type=submit]").await;
        let secret = browser.wait_text("#shown-secret", "whsec_").await;
        browser.wait_text("dialog[open]", "It will not be shown again.").await;
        receiver.set_secrets(&[secret.trim()]);
        browser.click("dialog[open] .button.primary").await;
        browser.wait_text(".endpoints", &receiver.url()).await;
        assert!(!browser.client.source().await.unwrap().contains(secret.trim()), "the secret left the page");

        browser.click(".endpoint .actions .button.secondary").await;
        browser.wait_text(".alert-success", "A test event is on its way.").await;
        let received = receiver.wait_for(1).await;
        assert!(received[0].verified);
        assert_eq!(received[0].event_type.as_deref(), Some("webhook.test"));
        app.drain_outbox().await;
        browser.client.refresh().await.unwrap();
        browser.wait_text(".last-delivery", "Sent").await;
        browser.wait_text(".last-delivery", "HTTP 204").await;
    })
    .await;
}
