//! The browser app: the files of `frontend/dist` (precompressed, content-named ones cached
//! for a year), with every other non-API path that names no file answered by
//! `index.html` so that client-side routes survive a reload.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::guard::{self, GuardContext};
use actix_web::http::header::{self, AcceptEncoding, ContentEncoding, Encoding, Header as _};
use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse, Resource};

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

/// The built app: where its files are and which page answers client-side routes.
#[derive(Debug, Clone)]
pub struct SpaFiles {
    dir: PathBuf,
    index: PathBuf,
}

/// What a browser path asks for.
#[derive(Debug, PartialEq, Eq)]
enum Wanted<'a> {
    /// A client-side route (no file extension): the app's `index.html`.
    Page,
    /// A file of the build, relative to its folder.
    Asset(&'a str),
    /// A path no build file can have (`..`, hidden names, odd characters).
    Nothing,
}

fn wanted(path: &str) -> Wanted<'_> {
    let relative = path.trim_start_matches('/');
    let last = relative.rsplit('/').next().unwrap_or_default();
    if !last.contains('.') {
        return Wanted::Page;
    }
    let plain = |segment: &str| {
        !segment.is_empty()
            && !segment.starts_with('.')
            && segment.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    };
    if relative.split('/').all(plain) { Wanted::Asset(relative) } else { Wanted::Nothing }
}

/// Files named by their content (a build folder `pkg-<hash>/`, or `name-<16 hex>.ext`)
/// never change: browsers may keep them for a year without asking again.
fn is_content_named(relative: &str) -> bool {
    let hashed =
        |name: &str| name.split(['-', '.']).any(|part| part.len() == 16 && part.chars().all(|c| c.is_ascii_hexdigit()));
    relative.starts_with("pkg-") && relative.split('/').next().is_some_and(hashed)
        || relative.rsplit('/').next().is_some_and(hashed)
}

/// The build's copy of `file` in the best encoding the request accepts.
fn negotiated(req: &HttpRequest, file: &Path) -> (PathBuf, ContentEncoding) {
    let accepted = AcceptEncoding::parse(req).unwrap_or_else(|_| AcceptEncoding(Vec::new()));
    let mut offered = vec![Encoding::identity()];
    for (encoding, suffix) in [(Encoding::brotli(), "br"), (Encoding::gzip(), "gz")] {
        if variant(file, suffix).is_file() {
            offered.push(encoding);
        }
    }
    match accepted.negotiate(offered.iter()) {
        Some(Encoding::Known(ContentEncoding::Brotli)) => (variant(file, "br"), ContentEncoding::Brotli),
        Some(Encoding::Known(ContentEncoding::Gzip)) => (variant(file, "gz"), ContentEncoding::Gzip),
        _ => (file.to_path_buf(), ContentEncoding::Identity),
    }
}

fn variant(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Answers a browser path: a build file (precompressed copy if accepted, cached for a
/// year when content-named), the app's page for client-side routes (`no-cache`, so a
/// deploy shows at the next load), or 404 for a file the build does not have, so that a
/// tab from an older build gets a clear failure instead of a page where code should be.
async fn serve(req: HttpRequest, files: Data<SpaFiles>) -> actix_web::Result<HttpResponse> {
    let (path, cache) = match wanted(req.path()) {
        Wanted::Page => (files.index.clone(), "no-cache"),
        Wanted::Asset(relative) if files.dir.join(relative).is_file() => {
            let cache = if is_content_named(relative) { "public, max-age=31536000, immutable" } else { "no-cache" };
            (files.dir.join(relative), cache)
        }
        Wanted::Asset(_) | Wanted::Nothing => return Ok(crate::routes::fallback::not_found(&req)),
    };
    let (encoded, encoding) = negotiated(&req, &path);
    let content_type = mime_guess::from_path(&path).first_or_octet_stream();
    let mut file = NamedFile::open_async(&encoded).await?.set_content_type(content_type).disable_content_disposition();
    // RFC 9110 §8.4.1: `identity` is never sent as a Content-Encoding.
    if encoding != ContentEncoding::Identity {
        file = file.set_content_encoding(encoding);
    }
    let mut response = file.into_response(&req);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static(cache));
    headers.insert(header::VARY, header::HeaderValue::from_static("accept-encoding"));
    Ok(response)
}

/// Serves the built app from `dir` for every GET or HEAD outside the API.
pub fn service(dir: &Path, index: PathBuf) -> Resource {
    web::resource("/{path:.*}")
        .guard(guard::fn_guard(spa_guard))
        .app_data(Data::new(SpaFiles { dir: dir.to_path_buf(), index }))
        .route(web::get().to(serve))
        .route(web::head().to(serve))
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
    fn paths_are_pages_assets_or_nothing() {
        assert_eq!(wanted("/users/0192f0c2-7a1e-7000-8000-000000000000"), Wanted::Page);
        assert_eq!(wanted("/"), Wanted::Page);
        assert_eq!(wanted("/pkg-0123456789abcdef/loket_bg.wasm"), Wanted::Asset("pkg-0123456789abcdef/loket_bg.wasm"));
        assert_eq!(wanted("/favicon.ico"), Wanted::Asset("favicon.ico"));
        assert_eq!(wanted("/pkg-x/../../etc/passwd.txt"), Wanted::Nothing);
        assert_eq!(wanted("/.env.txt"), Wanted::Nothing);
        assert_eq!(wanted("/a%2F..%2Fb.js"), Wanted::Nothing);
    }

    #[test]
    fn only_content_named_files_are_immutable() {
        assert!(is_content_named("pkg-0123456789abcdef/chunk_1.wasm"));
        assert!(is_content_named("style-0123456789abcdef.css"));
        assert!(!is_content_named("favicon.ico"));
        assert!(!is_content_named("index.html"));
        assert!(!is_content_named("pkg-old/loket.js"));
    }

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = r#"<head><script src="/app.js"></script><script type="module">init();</script></head>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        // printf 'init();' | openssl dgst -sha256 -binary | base64
        assert_eq!(hashes[0], "GEnM5q1nYY/iACnyMTdov+tNp9OFcBnnDgNXUXaVNXc=");
    }
}
