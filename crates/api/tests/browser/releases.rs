//! Products and releases in the browser: the vendor administrator publishes a release by
//! uploading its installer, sees it become current, and withdraws it again.

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(the_administrator_publishes_and_withdraws_a_release);

async fn the_administrator_publishes_and_withdraws_a_release(backend: Backend) {
    run("releases", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        let dir = tempfile::tempdir().unwrap();
        let installer = dir.path().join("LoketCollector-4.3.0-setup.exe");
        std::fs::write(&installer, b"MZ\x90\0 a stand-in installer").unwrap();
        browser.sign_in("beheer@loket.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/releases']").await;
        browser.wait_text("h1", "Products and releases").await;
        browser.wait_text("tr.release.current .version", "4.2.0").await;

        // A version that is not MAJOR.MINOR.PATCH is refused beside its field.
        let product = app.get("/api/v1/products", &admin).await.body["items"][0]["id"].as_str().unwrap().to_owned();
        browser.fill(&format!("#version-{product}"), "4.3").await;
        browser.find(&format!("#installer-{product}")).await.send_keys(installer.to_str().unwrap()).await.unwrap();
        browser.click("form.release-form button[type=submit]").await;
        browser.wait_text(&format!("#version-{product}-error"), "MAJOR.MINOR.PATCH").await;

        // Corrected, it is published and current.
        browser.fill(&format!("#version-{product}"), "4.3.0").await;
        browser.fill(&format!("#notes-{product}"), "Nieuwe koppeling met AFAS.").await;
        browser.click("form.release-form button[type=submit]").await;
        browser.wait_text("tr.release.current .version", "4.3.0").await;
        let releases = app.get(&format!("/api/v1/products/{product}/releases"), &admin).await;
        assert_eq!(releases.body["items"][0]["file_name"], "LoketCollector-4.3.0-setup.exe");

        // Withdrawn, the previous release is current again. (Back to the top first: the
        // sticky top bar would take a click meant for the table's first row.)
        browser.client.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
        browser.click("tr.release.current button.withdraw").await;
        browser.wait_text("tr.release.withdrawn .version", "4.3.0").await;
        browser.wait_text("tr.release.current .version", "4.2.0").await;
    })
    .await;
}
