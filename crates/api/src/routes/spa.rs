//! The browser app: static files from `frontend/dist`, with every other non-API path
//! answered by `index.html` so that client-side routes survive a reload.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::guard::{self, GuardContext};
use actix_web::http::header;

/// Paths the SPA never answers: the API and the operational endpoints.
pub fn is_server_path(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api" || matches!(path, "/healthz" | "/readyz" | "/metrics")
}

fn spa_guard(ctx: &GuardContext<'_>) -> bool {
    let head = ctx.head();
    (head.method == actix_web::http::Method::GET || head.method == actix_web::http::Method::HEAD)
        && !is_server_path(head.uri.path())
}

/// The SPA's index file, if the app has been built.
pub fn index_path(dir: &Path) -> Option<PathBuf> {
    let index = dir.join("index.html");
    index.is_file().then_some(index)
}

/// SHA-256 hashes (base64) of the inline `<script>` elements of the app's index page,
/// for the Content-Security-Policy. Scripts with a `src` are covered by `'self'`.
pub fn inline_script_hashes(index_html: &str) -> Vec<String> {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    let mut hashes = Vec::new();
    let mut rest = index_html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body_and_more = &after[open_end + 1..];
        let Some(close) = body_and_more.find("</script>") else { break };
        let body = &body_and_more[..close];
        if !tag.contains(" src=") && !body.is_empty() {
            hashes.push(base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes())));
        }
        rest = &body_and_more[close..];
    }
    hashes
}

/// Serves the built app from `dir`, falling back to `index.html`.
pub fn service(dir: &Path, index: PathBuf) -> Files {
    Files::new("/", dir).index_file("index.html").guard(guard::fn_guard(spa_guard)).default_handler(fn_service(
        move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let file = NamedFile::open_async(&index).await?;
                let mut response = file.into_response(&req);
                response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
                Ok(ServiceResponse::new(req, response))
            }
        },
    ))
}

/// The page at `/` when the app has not been built.
pub const NOT_BUILT_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Loket</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2933}code{background:#eef2f5;padding:.1rem .3rem;border-radius:3px}</style>
</head><body>
<h1>Loket is running</h1>
<p>The API is at <a href="/api/docs/">/api/docs/</a>. The browser app has not been built yet.</p>
<p>Build it with <code>just frontend</code> (or <code>bash scripts/build-frontend.sh</code>) and reload this page.</p>
</body></html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = r#"<head><script src="/app.js"></script><script type="module">init();</script></head>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        // printf 'init();' | openssl dgst -sha256 -binary | base64
        assert_eq!(hashes[0], "GEnM5q1nYY/iACnyMTdov+tNp9OFcBnnDgNXUXaVNXc=");
    }
}
