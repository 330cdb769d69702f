//! Groups and rights in the browser: the accountancy's administrator makes a client
//! group (its name first refused when empty), puts a client's bookkeeper in it, sees the
//! group's rights among the bookkeeper's, grants it one more right of its own, then takes
//! it out of the group and deletes the group.

use serde_json::Value;

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(the_partner_keeps_groups_and_a_users_rights);

fn effective(rights: &Value) -> Vec<String> {
    rights["effective"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| format!("{}:{}", g["capability"].as_str().unwrap(), g["access"].as_str().unwrap()))
        .collect()
}

async fn the_partner_keeps_groups_and_a_users_rights(backend: Backend) {
    run("rights", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        let partner = app.bearer("admin@vandijk.example", DEMO_PASSWORD).await;
        let found = app.get("/api/v1/users?q=boekhouding", &partner).await;
        let bookkeeper = found.body["items"][0]["id"].as_str().unwrap().to_owned();
        let rights_path = format!("/api/v1/users/{bookkeeper}/rights");
        let before = effective(&app.get(&rights_path, &partner).await.body);
        assert!(!before.contains(&"users:read".to_owned()), "{before:?}");

        browser.sign_in("admin@vandijk.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/rights']").await;
        browser.wait_text("h1", "Groups and rights").await;
        browser.wait_text("tr.group[data-name='Cliënten met alle rechten']", "2").await;

        // A new client group: refused without a name, then made.
        browser.click("#group-right-users option[value=read]").await;
        browser.click(".new-group button[type=submit]").await;
        browser.wait_text("#group-name-error", "name").await;
        browser.fill("#group-name", "Gebruikers inzien").await;
        browser.click(".new-group button[type=submit]").await;
        browser.wait_text("h1", "Gebruikers inzien").await;

        // The bookkeeper joins and holds the group's right at once.
        browser.click(&format!("#new-member option[value='{bookkeeper}']")).await;
        browser.click("form.add-member button[type=submit]").await;
        browser.find("tr.member[data-email='boekhouding@fietsenjansen.example']").await;
        let joined = effective(&app.get(&rights_path, &partner).await.body);
        assert!(joined.contains(&"users:read".to_owned()), "{joined:?}");

        // On the bookkeeper's page: its groups, what it may do, and one right of its own.
        browser.goto(&format!("/users/{bookkeeper}")).await;
        browser.wait_text(".user-rights .user-groups", "Gebruikers inzien").await;
        browser.find(".effective-rights li[data-capability=users][data-access=read]").await;
        browser.click("#own-right-news option[value=write]").await;
        browser.click("form.own-grants button[type=submit]").await;
        browser.wait_text("form.own-grants .alert-success", "Saved").await;
        browser.find(".effective-rights li[data-capability=news][data-access=write]").await;
        let own = app.get(&rights_path, &partner).await;
        assert_eq!(own.body["own"], serde_json::json!([{"capability": "news", "access": "write"}]), "{}", own.text);

        // Out of the group, and the group gone: the own right stays.
        browser.goto("/rights").await;
        browser.click("tr.group[data-name='Gebruikers inzien'] a").await;
        browser.click("tr.member[data-email='boekhouding@fietsenjansen.example'] button.remove-member").await;
        browser.wait_gone("tr.member[data-email='boekhouding@fietsenjansen.example']").await;
        browser.click("button.delete-group").await;
        browser.click("dialog[open] .button.danger").await;
        browser.wait_path("/rights").await;
        browser.wait_gone("tr.group[data-name='Gebruikers inzien']").await;
        let after = effective(&app.get(&rights_path, &partner).await.body);
        assert!(!after.contains(&"users:read".to_owned()) && after.contains(&"news:write".to_owned()), "{after:?}");
    })
    .await;
}
