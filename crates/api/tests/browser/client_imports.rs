//! Client import in the browser: the firm's administrator uploads a client list with
//! errors, watches the check's progress bar (the worker is held back and let go by the
//! test, so the bar is seen for certain), reads each row's problem in the preview,
//! chooses a client group and imports the valid row, then gives the new clients their
//! first users (one row lacking a name until it is filled in); the import list shows it
//! imported. axe finds nothing serious on the list, the progress, the preview and the
//! first users with a fault on show.

use crate::accessibility::{axe_source, violations};
use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::{run_with, spa_dir};
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(the_firm_imports_its_clients_and_sees_the_errors);

const LIST: &str = "Relatienummer;Naam;KvK-nummer;E-mailadres\n\
                    VD-900;Kwekerij Groenrijk;11223344;info@groenrijk.example\n\
                    VD-901;Slagerij Vers;1234;info@vers.example\n\
                    vd-900;Dubbel;;\n";

/// Lets the held-back import worker do all the work there is (the demo's own uploaded
/// list included).
async fn worker_step(app: &crate::helpers::TestApp) {
    let mut steps = 0;
    while loket_api::jobs::client_imports::run_once(&app.state).await.unwrap() {
        steps += 1;
    }
    assert!(steps > 0, "no import had work");
}

async fn the_firm_imports_its_clients_and_sees_the_errors(backend: Backend) {
    let spa = spa_dir();
    let settings = [("LOKET_SPA_DIR", spa.to_str().unwrap()), ("LOKET_RUN_WORKER", "false")];
    run_with("client-imports", backend, "en-GB", &settings, |app, browser| async move {
        app.seed_demo().await;
        let partner = app.bearer("admin@vandijk.example", DEMO_PASSWORD).await;
        let groups = app.get("/api/v1/permission-groups", &partner).await;
        let group = groups.body["items"].as_array().unwrap().iter().find(|g| g["name"] == "Cliënten met alle rechten");
        let group = group.unwrap()["id"].as_str().unwrap().to_owned();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("klanten.csv");
        std::fs::write(&file, LIST).unwrap();
        let axe = axe_source();
        let mut report = Vec::new();

        browser.sign_in("admin@vandijk.example", DEMO_PASSWORD).await;
        browser.goto("/client-imports").await;
        browser.click(".language-switch button[lang=en]").await;
        browser.wait_text("h1", "Import clients").await;
        browser.wait_gone("main .state-loading").await;
        report.extend(violations(&browser, &axe).await);

        // Without a file it is told so; with one, the check waits for the worker.
        browser.click("form.import-upload button[type=submit]").await;
        browser.wait_text("#import-file-error", "required").await;
        browser.find("#import-file").await.send_keys(file.to_str().unwrap()).await.unwrap();
        browser.click("form.import-upload button[type=submit]").await;
        browser.find(".import-checking progress.import-progress").await;
        browser.wait_text(".import-checking .progress-text", "0 / 3 rows checked").await;
        report.extend(violations(&browser, &axe).await);
        worker_step(&app).await;

        // The preview: one valid row, two with their problems named.
        browser.wait_text(".import-summary .valid", "1").await;
        browser.wait_text(".import-summary .errors", "2").await;
        browser.wait_text("h1", "klanten.csv").await;
        browser.click(".tabs button[data-filter=errors]").await;
        // The list of all rows stays on show until the filtered one has arrived.
        browser.wait_gone("table.import-rows tr[data-line='2']").await;
        let problems = browser.wait_text("table.import-rows", "KvK number: a KvK number has 8 digits").await;
        assert!(problems.contains("External id: is in this file already"), "{problems}");
        assert!(!problems.contains("Kwekerij Groenrijk"), "{problems}");
        browser.wait_gone("main .state-loading").await;
        report.extend(violations(&browser, &axe).await);
        browser.click(".tabs button[data-filter=valid]").await;
        browser.wait_text("table.import-rows tr[data-line='2']", "New client").await;
        browser.find("#pick-line-2:checked").await;

        // Into the client group, and imported.
        browser.click(&format!("#import-group option[value='{group}']")).await;
        browser.wait_text(".import-commit .chosen", "1 chosen to import").await;
        browser.click(".import-commit button[type=submit]").await;
        browser.find(".import-saving progress.import-progress").await;
        worker_step(&app).await;
        browser.wait_text(".import-done", "1 created, 0 updated").await;
        let found = app.get("/api/v1/organisations?q=groenrijk", &partner).await;
        assert_eq!(found.body["items"][0]["coc_number"], "11223344", "{}", found.text);

        // First users: the demo's imported hairdresser is proposed complete and ticked;
        // the new nursery has an address but no contact person, which its row says.
        let candidates = app.get("/api/v1/first-user-candidates", &partner).await;
        let id_of = |name: &str| {
            let items = candidates.body["items"].as_array().unwrap();
            let found = items.iter().find(|c| c["organisation_name"] == name);
            found.unwrap_or_else(|| panic!("{name} is no candidate: {}", candidates.text))["organisation_id"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let (knip, groen) = (id_of("Kapsalon Knip"), id_of("Kwekerij Groenrijk"));
        browser.click(".import-done a[href='/first-users']").await;
        browser.wait_text("h1", "First users").await;
        browser.find(&format!("#pick-{knip}:checked")).await;
        browser.wait_text(".first-users .chosen", "1 chosen").await;
        browser.click(&format!("#pick-{groen}")).await;
        browser.click(".first-users button[type=submit]").await;
        browser.wait_text(&format!("tr[data-client='{groen}']"), "This field is required.").await;
        report.extend(violations(&browser, &axe).await);
        browser.fill(&format!("#name-{groen}"), "Gert Groen").await;
        browser.click(".first-users button[type=submit]").await;
        browser.wait_text("main .alert-success", "2 users created and invited.").await;
        browser.wait_text("main", "Every client has users already.").await;
        let invited = app.get("/api/v1/users?q=groenrijk", &partner).await;
        assert_eq!(
            (invited.body["items"][0]["name"].as_str(), invited.body["items"][0]["status"].as_str()),
            (Some("Gert Groen"), Some("invited")),
            "{}",
            invited.text
        );

        browser.goto("/client-imports").await;
        browser.wait_text("table.client-imports tr[data-status=committed]", "Imported").await;
        assert!(report.is_empty(), "serious or critical accessibility violations:\n{}", report.join("\n"));
    })
    .await;
}
