//! The audit screen: an administrator sees who changed what, and filters by record.

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(an_admin_reads_who_changed_what);

async fn an_admin_reads_who_changed_what(backend: Backend) {
    run("audit", backend, "en-GB", |app, browser| async move {
        let vendor = app.seed_demo().await;
        let bakery = app.organisation_id(&vendor, "Bakkerij De Korenschoof B.V.").await;
        app.create_user(&vendor, &bakery, "nieuw@korenschoof.example", "client_user").await;

        // The bakery's owner sees the vendor's change to the bakery, with the fields.
        browser.goto("/login").await;
        browser.click(".language-switch button[lang=en]").await;
        browser.sign_in("eigenaar@korenschoof.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/audit']").await;
        browser.wait_path("/audit").await;
        let row = browser.wait_text("table.audit tr[data-entity=user][data-action=created]", "Marieke Beheer").await;
        assert!(row.contains("email: – → nieuw@korenschoof.example"), "{row}");
        assert!(row.contains("Created"), "{row}");
        // Their own sign-in is there too; filtering by record type shows only that type.
        browser.wait_text("table.audit", "Signed in").await;
        browser.find("#audit-entity").await.select_by_value("organisation").await.unwrap();
        // The unfiltered rows stay until the filtered page has arrived.
        browser.wait_gone("table.audit tbody tr:not([data-entity=organisation])").await;
        let organisations = browser.wait_text("table.audit tbody", "name: – → Bakkerij De Korenschoof B.V.").await;
        assert!(!organisations.contains("nieuw@korenschoof.example"), "{organisations}");
        browser.find("#audit-action").await.select_by_value("deleted").await.unwrap();
        browser.wait_text(".state-empty", "No changes recorded yet.").await;
        browser.find("#audit-action").await.select_by_value("").await.unwrap();
        browser.find("#audit-entity").await.select_by_value("user").await.unwrap();
        browser.wait_text("table.audit", "nieuw@korenschoof.example").await;
        let page = browser.client.source().await.unwrap();
        assert!(!page.contains("Noordbank"), "nothing of another organisation");
        browser.assert_only_own_origin().await;
    })
    .await;
}
