//! Starting chromedriver and Chromium, and small waiting helpers.

use std::future::Future;
use std::net::TcpListener;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use serde_json::json;

use crate::helpers::{Backend, TestApp, spawn_app_with};

/// A browser session. Clones share the chromedriver process, which stops when the last
/// clone is gone (so a failing test can still take its screenshot).
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    pub base: String,
    _driver: std::sync::Arc<Driver>,
}

struct Driver {
    process: std::sync::Mutex<Child>,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Ok(mut process) = self.process.lock() {
            let _ = process.kill();
            let _ = process.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn spa_dir() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../frontend/dist"));
    assert!(dir.join("index.html").is_file(), "the SPA is not built: run scripts/build-frontend.sh first");
    dir
}

impl Browser {
    async fn start(base: String, language: &str) -> Self {
        let port = free_port();
        let driver = Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (apt-get install chromium-driver)");
        // Wait until chromedriver accepts connections.
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        let host_port = base.trim_start_matches("http://").to_owned();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                    format!("--lang={language}"),
                    format!("--user-data-dir={}", profile.path().display()),
                    // Only the Loket server is reachable: no CDN, fonts or trackers can load.
                    format!("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {}", host_port.split(':').next().unwrap()),
                ],
                "prefs": {"intl.accept_languages": language},
            }),
        );
        let client = ClientBuilder::rustls()
            .unwrap()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a Chromium session");
        Self {
            client,
            base,
            _driver: std::sync::Arc::new(Driver { process: std::sync::Mutex::new(driver), _profile: profile }),
        }
    }

    pub async fn goto(&self, path: &str) {
        self.client.goto(&format!("{}{path}", self.base)).await.unwrap();
    }

    /// The element, once it is there (up to 15 s).
    pub async fn find(&self, css: &str) -> Element {
        match self.client.wait().at_most(Duration::from_secs(15)).for_element(Locator::Css(css)).await {
            Ok(element) => element,
            Err(error) => {
                // Where the app stood: the address and what the page said.
                let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                let text = match self.client.find(Locator::Css("body")).await {
                    Ok(body) => body.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                panic!("no element {css} at {url}: {error}\npage text: {text}")
            }
        }
    }

    /// Waits until the element's text contains `expected`.
    pub async fn wait_text(&self, css: &str, expected: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
            {
                if text.contains(expected) {
                    return text;
                }
                last = text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} never showed {expected:?}; last text: {last:?}");
    }

    /// Waits until the image `css` has loaded and has pixels.
    pub async fn assert_image_shown(&self, css: &str) {
        let image = self.find(css).await;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let width = self
                .client
                .execute(
                    "return arguments[0].complete ? arguments[0].naturalWidth : 0;",
                    vec![serde_json::to_value(&image).unwrap()],
                )
                .await
                .unwrap();
            if width.as_u64().unwrap_or(0) > 0 {
                return;
            }
            assert!(Instant::now() < deadline, "{css} never showed an image");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until no element matches `css` (a filter has taken effect, a dialog closed).
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.client.find_all(Locator::Css(css)).await.is_ok_and(|found| found.is_empty()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} is still there");
    }

    /// Waits until the element with keyboard focus matches `css` (focus moved to an error).
    pub async fn wait_focus(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut focused = serde_json::Value::Null;
        while Instant::now() < deadline {
            let script = "const e = document.activeElement; return e ? e.matches(arguments[0]) : false;";
            if self.client.execute(script, vec![css.into()]).await.is_ok_and(|matched| matched == true) {
                return;
            }
            let describe = "const e = document.activeElement; return e ? e.outerHTML.slice(0, 120) : null;";
            focused = self.client.execute(describe, vec![]).await.unwrap_or_default();
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("focus never reached {css}; it is on {focused}");
    }

    /// Waits until the path of the page is `path`.
    pub async fn wait_path(&self, path: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut current = String::new();
        while Instant::now() < deadline {
            current = self.client.current_url().await.unwrap().path().to_owned();
            if current == path {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected to be at {path}, still at {current}");
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let element = self.find(css).await;
        element.clear().await.unwrap();
        element.send_keys(value).await.unwrap();
    }

    /// Clicks the element `css` names. When the app re-renders it between finding and
    /// clicking (a stale reference), it is found again, a few times; when the sticky top
    /// bar covers it (the browser scrolled it just into view, under the bar), it is
    /// scrolled to the middle of the window first.
    pub async fn click(&self, css: &str) {
        for attempt in 0.. {
            let element = self.find(css).await;
            match element.clone().click().await {
                Ok(_) => return,
                Err(error) if error.is_stale_element_reference() && attempt < 5 => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(CmdError::Standard(refusal))
                    if refusal.error == ErrorStatus::ElementClickIntercepted && attempt < 5 =>
                {
                    let reference = serde_json::to_value(&element).unwrap();
                    let centre = "arguments[0].scrollIntoView({ block: 'center' });";
                    self.client.execute(centre, vec![reference]).await.unwrap();
                }
                Err(error) => panic!("clicking {css}: {error}"),
            }
        }
    }

    /// Signs in through the login form and waits for the overview.
    pub async fn sign_in(&self, email: &str, password: &str) {
        self.goto("/login").await;
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.click("button[type=submit]").await;
        self.wait_path("/overview").await;
        self.find("nav.sidebar").await;
    }

    /// The labels of the main navigation.
    pub async fn navigation(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for link in self.client.find_all(Locator::Css("nav.sidebar a")).await.unwrap() {
            out.push((link.attr("href").await.unwrap().unwrap_or_default(), link.text().await.unwrap()));
        }
        out
    }

    /// Every resource the page loaded came from the Loket server.
    pub async fn assert_only_own_origin(&self) {
        let foreign = self
            .client
            .execute(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin) && !n.startsWith('data:'));",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(foreign, json!([]), "the page loaded resources from elsewhere");
    }
}

/// Runs `body` with a fresh server and browser; on failure saves a screenshot.
pub async fn run<F, Fut>(name: &str, backend: Backend, language: &str, body: F)
where
    F: FnOnce(TestApp, Browser) -> Fut,
    Fut: Future<Output = ()>,
{
    let spa = spa_dir();
    run_with(name, backend, language, &[("LOKET_SPA_DIR", spa.to_str().unwrap())], body).await;
}

/// As [`run`], with extra `LOKET_*` settings (which must include `LOKET_SPA_DIR`).
pub async fn run_with<F, Fut>(name: &str, backend: Backend, language: &str, settings: &[(&str, &str)], body: F)
where
    F: FnOnce(TestApp, Browser) -> Fut,
    Fut: Future<Output = ()>,
{
    spa_dir();
    let app = spawn_app_with(backend, settings).await;
    let browser = Browser::start(app.address.clone(), language).await;
    let keep_alive = browser.clone();
    let client = browser.client.clone();
    let outcome = AssertUnwindSafe(body(app, browser)).catch_unwind().await;
    if let Err(panic) = outcome {
        let dir =
            PathBuf::from(std::env::var("LOKET_SCREENSHOT_DIR").unwrap_or_else(|_| {
                concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/browser-screenshots").to_owned()
            }));
        let _ = std::fs::create_dir_all(&dir);
        if let Ok(png) = client.screenshot().await {
            let path = dir.join(format!("{name}-{backend:?}.png"));
            let _ = std::fs::write(&path, png);
            eprintln!("screenshot of the failure: {}", path.display());
        }
        let _ = client.close().await;
        std::panic::resume_unwind(panic);
    }
    let _ = client.close().await;
    drop(keep_alive);
}
