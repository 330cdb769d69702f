//! The app is split per area (frontend/src/areas.rs): the first screen loads none of the
//! areas' code, each area's module is fetched once on its first visit, and a tab left
//! open across a deploy recovers when its build's files are gone.

use serde_json::{Value, json};

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::{Browser, run, run_with, spa_dir};
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(each_area_is_loaded_once_on_its_first_visit, a_tab_from_an_older_build_recovers);

/// How often each area module (`split_load_<area>_….wasm`) was fetched, by area.
async fn area_fetches(browser: &Browser) -> Value {
    browser
        .client
        .execute(
            "const counts = {};
             for (const e of performance.getEntriesByType('resource')) {
               const m = e.name.match(/split_load_([a-z_]+?)_[0-9]+\\.wasm/);
               if (m) counts[m[1]] = (counts[m[1]] || 0) + 1;
             }
             return counts;",
            vec![],
        )
        .await
        .unwrap()
}

async fn each_area_is_loaded_once_on_its_first_visit(backend: Backend) {
    run("areas-once", backend, "en-GB", |app, browser| async move {
        app.seed_demo().await;
        browser.goto("/login").await;
        browser.wait_text("main h1", "Sign in").await;
        assert_eq!(browser.client.title().await.unwrap(), "Sign in · Loket");
        browser.sign_in("beheer@loket.example", DEMO_PASSWORD).await;
        assert_eq!(area_fetches(&browser).await, json!({}), "the overview needs no area");

        for (link, title) in [("/audit", "Auditlog"), ("/users", "Gebruikers"), ("/audit", "Auditlog")] {
            browser.click(&format!("nav.sidebar a[href='{link}']")).await;
            browser.wait_path(link).await;
            browser.wait_text("main h1", title).await;
            // Each screen names the tab after its heading.
            assert_eq!(browser.client.title().await.unwrap(), format!("{title} · Loket"));
        }
        assert_eq!(area_fetches(&browser).await, json!({"audit": 1, "users": 1}));
        browser.assert_only_own_origin().await;
    })
    .await;
}

async fn a_tab_from_an_older_build_recovers(backend: Backend) {
    // A copy of the build this server serves, to be replaced while the tab is open.
    let served = tempfile::tempdir().unwrap();
    copy_dir(&spa_dir(), served.path());
    let dir = served.path().to_path_buf();
    let old = build_folder(&dir);
    let settings = [("LOKET_SPA_DIR", served.path().to_str().unwrap())];
    run_with("stale-build", backend, "en-GB", &settings, |app, browser| async move {
        app.seed_demo().await;
        browser.sign_in("beheer@loket.example", DEMO_PASSWORD).await;

        // A deploy: the old build's folder is gone, a new one is in place.
        let new = "pkg-00000000000000aa";
        std::fs::rename(dir.join(&old), dir.join(new)).unwrap();
        let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
        std::fs::write(dir.join("index.html"), index.replace(&old, new)).unwrap();
        for compressed in ["index.html.br", "index.html.gz"] {
            let _ = std::fs::remove_file(dir.join(compressed));
        }
        let stale = app.client.get(format!("{}/{old}/loket_bg.wasm", app.address)).send().await.unwrap();
        assert_eq!(stale.status(), 404, "a file of a build that is gone is not found");
        assert_eq!(stale.headers()["content-type"], "application/problem+json");

        // The old tab opens an area it has not loaded yet: its module is missing, the page
        // loads the new build once, at the address that was asked for.
        browser.click("nav.sidebar a[href='/audit']").await;
        browser.wait_path("/audit").await;
        browser.wait_text("main h1", "Auditlog").await;
        let scripts =
            browser.client.execute("return [...document.scripts].map(s => s.src).join(' ');", vec![]).await.unwrap();
        assert!(scripts.as_str().unwrap().contains(new), "running the new build: {scripts}");
    })
    .await;
}

/// The build's own folder (`pkg-<hash>`) inside a served copy.
fn build_folder(dir: &std::path::Path) -> String {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("pkg-"))
        .expect("a split release build (scripts/build-frontend.sh)")
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().filter_map(Result::ok) {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
