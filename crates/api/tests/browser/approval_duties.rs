//! Approval duties on a client's page: the accountancy's administrator sees who approves
//! Fietsenmakerij Jansen's annual accounts (both must-approvers of the demo) and makes
//! the bookkeeper the one who must approve its VAT returns.

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(the_firm_names_who_must_approve);

async fn the_firm_names_who_must_approve(backend: Backend) {
    run("approval-duties", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        let jansen = app.organisation_id(&admin, "Fietsenmakerij Jansen").await;
        browser.sign_in("admin@vandijk.example", DEMO_PASSWORD).await;
        browser.goto(&format!("/organisations/{jansen}")).await;
        // Switched after the reload: a reload right after the switch could cut off saving it.
        browser.click(".language-switch button[lang=en]").await;
        browser.wait_text(".approval-duties h2", "Approval duties").await;
        let annual = "form.type-duties[data-type=annual_accounts]";
        let approvers = browser.wait_text(&format!("{annual} .approvers"), "Jan Jansen").await;
        assert!(approvers.contains("Els Jansen"), "{approvers}");

        // The bookkeeper alone must approve VAT returns.
        let vat = "form.type-duties[data-type=vat_return]";
        browser.click(&format!("{vat} input[data-email='boekhouding@fietsenjansen.example']")).await;
        browser.click(&format!("{vat} button[type=submit]")).await;
        browser.wait_text(&format!("{vat} .alert-success"), "Saved").await;
        let now = browser.wait_text(&format!("{vat} .approvers"), "Els Jansen").await;
        assert!(!now.contains("Jan Jansen"), "must overrides may: {now}");
        let duties = app
            .get(
                &format!("/api/v1/organisations/{jansen}/approval-duties"),
                &app.bearer("admin@vandijk.example", DEMO_PASSWORD).await,
            )
            .await;
        let entry = duties.body["types"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["document_type"] == "vat_return")
            .unwrap()
            .clone();
        let must: Vec<&str> = entry["must"].as_array().unwrap().iter().map(|p| p["email"].as_str().unwrap()).collect();
        assert_eq!(must, ["boekhouding@fietsenjansen.example"], "{}", duties.text);
    })
    .await;
}
