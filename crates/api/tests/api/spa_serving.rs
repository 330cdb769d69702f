//! How the browser app's files are served: precompressed copies by `Accept-Encoding`,
//! content-named files cached for a year, the page itself never cached, client-side
//! routes answered by the page, and files the build does not have answered by 404.

use reqwest::{Method, StatusCode};

use crate::helpers::{Auth, Backend, TestApp, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(assets_are_served_precompressed_cached_and_never_guessed);

const BUILD: &str = "pkg-0123456789abcdef";

/// A small build: the page, a module in a build folder with its compressed copies, and
/// a content-named stylesheet.
fn write_build(dir: &std::path::Path) {
    std::fs::create_dir_all(dir.join(BUILD)).unwrap();
    std::fs::write(dir.join("index.html"), "<!DOCTYPE html><title>Loket</title>").unwrap();
    std::fs::write(dir.join(BUILD).join("loket.js"), "export default 1;").unwrap();
    std::fs::write(dir.join(BUILD).join("loket.js.br"), "brotli bytes").unwrap();
    std::fs::write(dir.join(BUILD).join("loket.js.gz"), "gzip bytes").unwrap();
    std::fs::write(dir.join("style-fedcba9876543210.css"), "body{}").unwrap();
    std::fs::write(dir.join("robots.txt"), "User-agent: *").unwrap();
}

async fn fetch(app: &TestApp, path: &str, encoding: Option<&str>) -> crate::helpers::Reply {
    let headers: Vec<(&str, &str)> = encoding.map(|e| ("accept-encoding", e)).into_iter().collect();
    app.request_with(&app.client, Method::GET, path, &Auth::None, None, &headers).await
}

async fn assets_are_served_precompressed_cached_and_never_guessed(backend: Backend) {
    let dist = tempfile::tempdir().unwrap();
    write_build(dist.path());
    let app = spawn_app_with(backend, &[("LOKET_SPA_DIR", dist.path().to_str().unwrap())]).await;
    let module = format!("/{BUILD}/loket.js");

    for (accepts, body, encoding) in [
        (Some("gzip, deflate, br"), "brotli bytes", Some("br")),
        (Some("br;q=0.5, gzip"), "gzip bytes", Some("gzip")),
        (Some("identity"), "export default 1;", None),
        (None, "export default 1;", None),
    ] {
        let reply = fetch(&app, &module, accepts).await;
        assert_eq!(reply.status, StatusCode::OK, "{accepts:?}");
        assert_eq!(reply.text, body, "{accepts:?}");
        assert_eq!(reply.header("content-encoding"), encoding, "{accepts:?}");
        assert!(reply.header("content-type").is_some_and(|t| t.starts_with("text/javascript")), "{accepts:?}");
        assert_eq!(reply.header("cache-control"), Some("public, max-age=31536000, immutable"));
        assert_eq!(reply.header("vary"), Some("accept-encoding"));
    }
    let style = fetch(&app, "/style-fedcba9876543210.css", None).await;
    assert_eq!(style.header("cache-control"), Some("public, max-age=31536000, immutable"));
    // Files not named by their content are checked again on every use.
    assert_eq!(fetch(&app, "/robots.txt", None).await.header("cache-control"), Some("no-cache"));

    // The page answers client-side routes, never cached, so a deploy shows at once.
    for route in ["/", "/overview", "/organisations/0192f0c2-7a1e-7000-8000-000000000000"] {
        let page = fetch(&app, route, Some("br")).await;
        assert_eq!(page.status, StatusCode::OK, "{route}");
        assert!(page.text.contains("<title>Loket</title>"), "{route}");
        assert_eq!(page.header("cache-control"), Some("no-cache"), "{route}");
    }
    // A file the build does not have is not found: never the page in place of code.
    for missing in [
        "/pkg-fedcba9876543210/loket.js".to_owned(),
        format!("/{BUILD}/chunk_99.wasm"),
        "/favicon.ico".to_owned(),
        format!("/{BUILD}/../index.html.js"),
        "/.env.js".to_owned(),
    ] {
        let reply = fetch(&app, &missing, None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(reply.header("content-type"), Some("application/problem+json"), "{missing}");
    }
}
