//! Administration screens: creating a user and an API key.

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(an_admin_creates_a_user_and_sees_it_listed, an_api_key_is_shown_once);

async fn an_admin_creates_a_user_and_sees_it_listed(backend: Backend) {
    run("create-user", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        browser.goto("/login").await;
        browser.click(".language-switch button[lang=en]").await;
        browser.sign_in("admin@noordbank.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/users']").await;
        browser.wait_path("/users").await;
        browser.click("a[href='/users/new']").await;
        browser.wait_path("/users/new").await;
        // A server-side validation error appears next to its field.
        browser.fill("#email", "not-an-address").await;
        browser.fill("#name", "Ruud Relatiebeheer").await;
        browser.click("button[type=submit]").await;
        browser.wait_text("#email-error", "This is not a valid e-mail address.").await;
        // Focus lands on the rejected field, which names its error.
        browser.wait_focus("#email[aria-invalid=true][aria-describedby~=email-error]").await;
        browser.fill("#email", "ruud@noordbank.example").await;
        browser.click("button[type=submit]").await;
        browser.wait_text(".alert-success", "invited by e-mail").await;
        browser.click("nav.sidebar a[href='/users']").await;
        browser.wait_text("table", "ruud@noordbank.example").await;
        browser.wait_text("table", "Ruud Relatiebeheer").await;
        // The invitation went out.
        assert_eq!(
            app.last_mail_to("ruud@noordbank.example").await.subject,
            "Uitnodiging voor Loket van Noordbank N.V."
        );
    })
    .await;
}

async fn an_api_key_is_shown_once(backend: Backend) {
    run("api-key", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        browser.goto("/login").await;
        browser.click(".language-switch button[lang=en]").await;
        browser.sign_in("admin@noordbank.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/api-keys']").await;
        browser.fill("#key-name", "Boekhoudkoppeling").await;
        browser.click("form button[type=submit]").await;
        let secret = browser.wait_text("#shown-secret", "lk_").await;
        browser.wait_text("dialog[open]", "It will not be shown again.").await;
        browser.click("dialog[open] .button.primary").await;
        browser.wait_text("table", "Boekhoudkoppeling").await;
        let page = browser.client.source().await.unwrap();
        assert!(!page.contains(secret.trim()), "the secret is still on the page");
        // The key works.
        let key = crate::helpers::Auth::ApiKey(secret.trim().to_owned());
        assert_eq!(app.get("/api/v1/organisations", &key).await.status, reqwest::StatusCode::OK);
        // Revoking asks for confirmation first.
        browser.click("table .button.danger").await;
        browser.wait_text("dialog[open]", "Revoke the key Boekhoudkoppeling?").await;
        browser.click("dialog[open] .button.danger").await;
        let mut revoked = false;
        for _ in 0..50 {
            if app.get("/api/v1/organisations", &key).await.status == reqwest::StatusCode::UNAUTHORIZED {
                revoked = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(revoked);
    })
    .await;
}
