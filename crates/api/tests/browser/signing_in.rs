//! Signing in as each kind of user, wrong passwords, and the language switch.

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(
    each_role_sees_its_own_navigation,
    a_wrong_password_shows_the_error,
    the_language_switch_speaks_dutch
);

async fn each_role_sees_its_own_navigation(backend: Backend) {
    run("navigation", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        let expected: [(&str, &[(&str, &str)]); 3] = [
            (
                "beheer@loket.example",
                &[
                    ("/overview", "Overview"),
                    ("/tickets", "Helpdesk"),
                    ("/intake", "Intake"),
                    ("/access-requests", "Access requests"),
                    ("/helpdesk/settings", "Helpdesk settings"),
                    ("/intake/settings", "Intake settings"),
                    ("/releases", "Releases"),
                    ("/organisations", "Organisations"),
                    ("/users", "Users"),
                    ("/rights", "Groups and rights"),
                    ("/api-keys", "API keys"),
                    ("/webhooks", "Webhooks"),
                    ("/notifications", "Notifications"),
                    ("/audit", "Audit log"),
                    ("/profile", "My profile"),
                ],
            ),
            (
                "admin@noordbank.example",
                &[
                    ("/overview", "Overview"),
                    ("/intake", "Install requests"),
                    ("/organisations", "Clients"),
                    ("/client-imports", "Import clients"),
                    ("/users", "Users"),
                    ("/rights", "Groups and rights"),
                    ("/api-keys", "API keys"),
                    ("/webhooks", "Webhooks"),
                    ("/audit", "Audit log"),
                    ("/profile", "My profile"),
                ],
            ),
            (
                "eigenaar@korenschoof.example",
                &[
                    ("/overview", "Overview"),
                    ("/approvals", "Approvals"),
                    ("/intake", "Installation"),
                    ("/tickets", "Support tickets"),
                    ("/access-requests", "Access requests"),
                    ("/users", "Colleagues"),
                    ("/audit", "Audit log"),
                    ("/profile", "My profile"),
                ],
            ),
        ];
        for (email, links) in expected {
            // The demo users speak Dutch; the interface follows them after signing in.
            browser.goto("/login").await;
            browser.click(".language-switch button[lang=en]").await;
            browser.sign_in(email, DEMO_PASSWORD).await;
            browser.click(".language-switch button[lang=en]").await;
            browser.wait_text("nav.sidebar", "Overview").await;
            let navigation = browser.navigation().await;
            let want: Vec<(String, String)> = links.iter().map(|(h, l)| ((*h).to_owned(), (*l).to_owned())).collect();
            assert_eq!(navigation, want, "navigation of {email}");
            browser.assert_only_own_origin().await;
            browser.click(".topbar-actions button.button").await;
            browser.wait_path("/login").await;
        }
    })
    .await;
}

async fn a_wrong_password_shows_the_error(backend: Backend) {
    run("wrong-password", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        browser.goto("/login").await;
        browser.fill("#email", "beheer@loket.example").await;
        browser.fill("#password", "definitely-not-it").await;
        browser.click("button[type=submit]").await;
        browser.wait_text(".alert-error", "The e-mail address or password is not correct.").await;
        // No single field is at fault: focus goes to the announced message.
        browser.wait_focus(".alert-error[role=alert]").await;
        browser.wait_path("/login").await;
        // In Dutch, the same error in Dutch.
        browser.click(".language-switch button[lang=nl]").await;
        browser.wait_text(".alert-error", "Het e-mailadres of wachtwoord is niet juist.").await;
    })
    .await;
}

async fn the_language_switch_speaks_dutch(backend: Backend) {
    run("language", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        browser.goto("/login").await;
        browser.wait_text("label[for=email]", "E-mail address").await;
        browser.click(".language-switch button[lang=nl]").await;
        browser.wait_text("label[for=email]", "E-mailadres").await;
        browser.wait_text("h1", "Inloggen").await;
        let lang = browser.client.execute("return document.documentElement.lang;", vec![]).await.unwrap();
        assert_eq!(lang, "nl");
        // Signed in as an English-speaking user, the interface turns English; switching
        // to Dutch is remembered on the account.
        browser.sign_in("directie@hetanker.example", DEMO_PASSWORD).await;
        browser.wait_text("nav.sidebar", "Colleagues").await;
        browser.click(".language-switch button[lang=nl]").await;
        browser.wait_text("nav.sidebar", "Collega's").await;
        browser.wait_text("nav.sidebar", "Mijn profiel").await;
        let mut remembered = false;
        for _ in 0..50 {
            let me = app.bearer("directie@hetanker.example", DEMO_PASSWORD).await;
            if app.get("/api/v1/me", &me).await.body["language"] == "nl" {
                remembered = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(remembered, "the language choice was not stored on the account");
    })
    .await;
}
