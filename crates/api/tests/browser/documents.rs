//! Documents for approval in the browser: the firm uploads a PDF on the client's page;
//! the client's superuser finds it under Approvals, is told a wrong PIN is wrong and
//! approves it with the right one on the document's page, then
//! approves what else awaits it in a batch under one PIN.

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(documents_are_uploaded_and_approved_with_a_pin);

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

async fn documents_are_uploaded_and_approved_with_a_pin(backend: Backend) {
    run("documents", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        let bakery = app.organisation_id(&admin, "Bakkerij De Korenschoof B.V.").await;
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("btw-q4-2026.pdf");
        std::fs::write(&pdf, PDF).unwrap();

        // The bank uploads its client's VAT return; without a title it is told so.
        browser.sign_in("admin@noordbank.example", DEMO_PASSWORD).await;
        browser.goto(&format!("/organisations/{bakery}")).await;
        // Switched after the reload: a reload right after the switch could cut off saving it.
        browser.click(".language-switch button[lang=en]").await;
        browser.wait_text(".client-documents h2", "Documents for approval").await;
        browser.wait_text(".client-documents table", "Btw-aangifte Q3 2026").await;
        browser.click("#document-type option[value=vat_return]").await;
        browser.fill("#document-period", "Q4 2026").await;
        browser.find(&format!("#document-file-{bakery}")).await.send_keys(pdf.to_str().unwrap()).await.unwrap();
        browser.click("form.document-upload button[type=submit]").await;
        browser.wait_text("#document-title-error", "required").await;
        browser.fill("#document-title", "Btw-aangifte Q4 2026").await;
        browser.click("form.document-upload button[type=submit]").await;
        browser.wait_text(".client-documents table", "Btw-aangifte Q4 2026").await;
        let listed = app.get(&format!("/api/v1/organisations/{bakery}/documents"), &admin).await;
        let q4 = listed.body.as_array().unwrap().iter().find(|d| d["title"] == "Btw-aangifte Q4 2026").unwrap();
        assert_eq!(q4["document_type"], "vat_return");
        let q4 = q4["id"].as_str().unwrap().to_owned();
        browser.click(".topbar-actions button.button").await;
        browser.wait_path("/login").await;

        // The superuser approves one on its page: a wrong PIN is refused beside the field.
        browser.sign_in("eigenaar@korenschoof.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/approvals']").await;
        browser.wait_text("h1", "Awaiting my approval").await;
        browser.wait_text(".awaiting table", "Btw-aangifte Q3 2026").await;
        browser.wait_text(".awaiting table", "Btw-aangifte Q4 2026").await;
        browser.click(&format!(".awaiting table a[href='/documents/{q4}']")).await;
        browser.wait_text("main h1", "Btw-aangifte Q4 2026").await;
        browser.fill("#approve-pin", "111111").await;
        browser.click("form.approve-form button[type=submit]").await;
        browser.wait_text("#approve-pin-error", "not correct").await;
        browser.fill("#approve-pin", "246 810").await;
        browser.click("form.approve-form button[type=submit]").await;
        browser.wait_text(".document-status", "Approved").await;
        browser.wait_text("ul.decisions", "confirmed with PIN").await;

        // The rest in a batch from the list, under one PIN.
        browser.goto("/approvals").await;
        browser.wait_text(".awaiting table", "Btw-aangifte Q3 2026").await;
        browser.click(".awaiting input.pick").await;
        browser.fill("#batch-pin", "246810").await;
        browser.click("form.batch-approve button[type=submit]").await;
        browser.wait_text(".awaiting .alert-success", "1 documents approved").await;
        browser.wait_text(".awaiting", "Nothing awaits your approval").await;
        let documents = app.get(&format!("/api/v1/organisations/{bakery}/documents"), &admin).await;
        let statuses: Vec<&str> =
            documents.body.as_array().unwrap().iter().map(|d| d["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["approved", "approved", "approved"], "{}", documents.text);
    })
    .await;
}
