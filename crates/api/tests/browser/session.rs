//! The session: deep links survive a reload, signing out ends it, signed-out visitors
//! go to the login page and come back.

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(a_deep_link_survives_a_reload_and_logout_ends_the_session);

async fn a_deep_link_survives_a_reload_and_logout_ends_the_session(backend: Backend) {
    run("deep-link", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        let bakery = app.organisation_id(&admin, "Bakkerij De Korenschoof B.V.").await;
        let deep = format!("/organisations/{bakery}");

        // Signed out: the deep link leads to the login page, and back after signing in.
        browser.goto(&deep).await;
        browser.wait_path("/login").await;
        browser.fill("#email", "beheer@loket.example").await;
        browser.fill("#password", DEMO_PASSWORD).await;
        browser.click("button[type=submit]").await;
        browser.wait_path(&deep).await;
        browser.wait_text("h1", "Bakkerij De Korenschoof B.V.").await;

        // A reload keeps the session (refresh cookie) and the page.
        browser.client.refresh().await.unwrap();
        browser.wait_path(&deep).await;
        browser.wait_text("h1", "Bakkerij De Korenschoof B.V.").await;
        // Its people (the users' table, below its documents for approval).
        browser.wait_text("main", "eigenaar@korenschoof.example").await;

        // Signing out ends the session: a reload of the deep link asks to sign in again.
        browser.click(".topbar-actions button.button").await;
        browser.wait_path("/login").await;
        browser.goto(&deep).await;
        browser.wait_path("/login").await;
    })
    .await;
}
