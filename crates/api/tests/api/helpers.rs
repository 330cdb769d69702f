//! The test harness: `spawn_app`, per-test databases, an HTTP client, mail reading.

use std::collections::HashMap;
use std::net::{IpAddr, TcpListener};
use std::path::PathBuf;
use std::time::Duration;

use loket_api::config::Settings;
use loket_api::startup::{Application, build_state};
use loket_api::state::AppState;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use tempfile::TempDir;

/// Declares one test per database for an `async fn(Backend)`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::helpers::Backend::Postgres).await;
                }
            }
        )+
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database of one test: a SQLite file in a temp folder, or a PostgreSQL database
/// created for the test and dropped afterwards.
pub struct TestDb {
    pub url: String,
    postgres: Option<(String, String)>,
}

fn postgres_admin_url() -> String {
    std::env::var("LOKET_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

impl TestDb {
    pub async fn new(backend: Backend, dir: &TempDir) -> Self {
        match backend {
            Backend::Sqlite => {
                Self { url: format!("sqlite://{}/loket.db?mode=rwc", dir.path().display()), postgres: None }
            }
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("loket_test_{}", uuid::Uuid::new_v4().simple());
                let conn = Database::connect(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("PostgreSQL at {admin} is needed for the tests: {e}"));
                conn.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
                conn.close().await.ok();
                let base = admin.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin);
                Self { url: format!("{base}/{name}"), postgres: Some((admin, name)) }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs outside async; use a runtime of our own on a plain thread.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                let conn = Database::connect(&admin).await.ok()?;
                conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok()?;
                conn.close().await.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("warning: a test database could not be dropped");
        }
    }
}

/// A running server with its own database and mail folder.
pub struct TestApp {
    pub address: String,
    /// The database URL, for worker processes the test starts itself.
    pub database_url: String,
    pub state: AppState,
    pub mail_dir: PathBuf,
    pub client: reqwest::Client,
    // Field order: the database is dropped after the server's pool stops being used.
    _dir: TempDir,
    _db: TestDb,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

/// Starts the server with extra `LOKET_*` settings.
pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = TestDb::new(backend, &dir).await;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("local address").port();
    let mail_dir = dir.path().join("mail");
    let mut vars: HashMap<String, String> = HashMap::from([
        ("LOKET_DATABASE_URL".to_owned(), db.url.clone()),
        ("LOKET_DATABASE_MAX_CONNECTIONS".to_owned(), "5".to_owned()),
        ("LOKET_PUBLIC_URL".to_owned(), format!("http://127.0.0.1:{port}")),
        ("LOKET_DATA_DIR".to_owned(), dir.path().display().to_string()),
        ("LOKET_MAIL_DIR".to_owned(), mail_dir.display().to_string()),
        ("LOKET_SPA_DIR".to_owned(), dir.path().join("no-spa").display().to_string()),
        ("LOKET_SMS_DIR".to_owned(), dir.path().join("sms").display().to_string()),
        ("LOKET_WORKER_POLL_MS".to_owned(), "25".to_owned()),
        ("LOKET_OUTBOX_RETRY_BASE_MS".to_owned(), "100".to_owned()),
        ("LOKET_OUTBOX_RETRY_MAX_MS".to_owned(), "1000".to_owned()),
    ]);
    for (key, value) in extra {
        vars.insert((*key).to_owned(), (*value).to_owned());
    }
    let settings = Settings::load_from(vars).expect("settings");
    let state = build_state(settings).await.expect("application state");
    let app = Application::with_state(listener, state.clone()).expect("server");
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        database_url: db.url.clone(),
        state,
        mail_dir,
        client: client_from(None),
        _dir: dir,
        _db: db,
    }
}

/// An HTTP client, optionally connecting from another loopback address (127.0.0.x).
pub fn client_from(source: Option<IpAddr>) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(source)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("http client")
}

/// A response, read completely.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The value of a `Set-Cookie` with this name, if set.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find_map(|cookie| {
            let first = cookie.split(';').next()?;
            let (key, value) = first.split_once('=')?;
            (key.trim() == name).then(|| value.to_owned())
        })
    }

    pub fn set_cookie_header(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }
}

/// How a request authenticates.
#[derive(Debug, Clone)]
pub enum Auth {
    None,
    Bearer(String),
    ApiKey(String),
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn request(&self, method: Method, path: &str, auth: &Auth, body: Option<Value>) -> Reply {
        self.request_with(&self.client, method, path, auth, body, &[]).await
    }

    pub async fn request_with(
        &self,
        client: &reqwest::Client,
        method: Method,
        path: &str,
        auth: &Auth,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = client.request(method, self.url(path));
        request = match auth {
            Auth::None => request,
            Auth::Bearer(token) => request.bearer_auth(token),
            Auth::ApiKey(key) => request.header("x-api-key", key),
        };
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        read(response).await
    }

    pub async fn get(&self, path: &str, auth: &Auth) -> Reply {
        self.request(Method::GET, path, auth, None).await
    }

    pub async fn post(&self, path: &str, auth: &Auth, body: Value) -> Reply {
        self.request(Method::POST, path, auth, Some(body)).await
    }

    /// Signs in; returns the reply (access token in the body, refresh cookie set).
    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.post("/api/v1/auth/login", &Auth::None, json!({"email": email, "password": password})).await
    }

    /// Signs in and returns a bearer credential, failing the test if it does not work.
    pub async fn bearer(&self, email: &str, password: &str) -> Auth {
        let reply = self.login(email, password).await;
        assert_eq!(reply.status, StatusCode::OK, "login {email}: {}", reply.text);
        Auth::Bearer(reply.body["access_token"].as_str().expect("access token").to_owned())
    }

    /// Posts to the refresh endpoint with a refresh token as the cookie.
    pub async fn refresh(&self, refresh_token: Option<&str>) -> Reply {
        let mut request = self.client.post(self.url("/api/v1/auth/refresh"));
        if let Some(token) = refresh_token {
            request = request.header("cookie", format!("loket_refresh={token}"));
        }
        read(request.send().await.expect("refresh sent")).await
    }

    pub async fn logout(&self, refresh_token: &str) -> Reply {
        let request = self
            .client
            .post(self.url("/api/v1/auth/logout"))
            .header("cookie", format!("loket_refresh={refresh_token}"));
        read(request.send().await.expect("logout sent")).await
    }

    /// Waits until the outbox has nothing left to deliver (up to 20 s).
    pub async fn drain_outbox(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let backlog = loket_api::db::outbox::backlog(&self.state.db).await.expect("outbox backlog");
            if backlog == 0 {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "the outbox still holds {backlog} jobs");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Every e-mail delivered so far (after the outbox drained), oldest first.
    pub async fn mails(&self) -> Vec<Mail> {
        self.drain_outbox().await;
        self.mail_files()
    }

    fn mail_files(&self) -> Vec<Mail> {
        let Ok(entries) = std::fs::read_dir(&self.mail_dir) else {
            return Vec::new();
        };
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .map(|e| (e.metadata().and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH), e.path()))
            .collect();
        files.sort();
        files.into_iter().map(|(_, path)| Mail::parse(&std::fs::read_to_string(path).expect("mail file"))).collect()
    }

    /// The newest e-mail to `address`, once the outbox has delivered it.
    pub async fn last_mail_to(&self, address: &str) -> Mail {
        self.mails()
            .await
            .into_iter()
            .rev()
            .find(|m| m.to.contains(address))
            .unwrap_or_else(|| panic!("no e-mail to {address}"))
    }

    /// Creates a user through the API and returns its JSON.
    pub async fn create_user(&self, auth: &Auth, organisation_id: &str, email: &str, role: &str) -> Value {
        let reply = self
            .post(
                "/api/v1/users",
                auth,
                json!({"organisation_id": organisation_id, "email": email, "name": "Test Gebruiker", "role": role}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "create user {email}: {}", reply.text);
        reply.body
    }
}

pub async fn read(response: reqwest::Response) -> Reply {
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply { status, headers, body, text }
}

/// A sent e-mail, decoded enough for assertions.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Mail {
    pub fn parse(raw: &str) -> Self {
        let message = mail_parser::MessageParser::default().parse(raw.as_bytes()).expect("parseable e-mail");
        let to = message
            .to()
            .map(|list| list.iter().filter_map(|a| a.address()).collect::<Vec<_>>().join(", "))
            .unwrap_or_default();
        Self {
            to,
            subject: message.subject().unwrap_or_default().to_owned(),
            text: message.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
            html: message.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
        }
    }

    /// The first link into the app in the plain-text part.
    pub fn link(&self) -> String {
        self.text
            .split_whitespace()
            .find(|word| word.starts_with("http://") || word.starts_with("https://"))
            .expect("a link in the e-mail")
            .to_owned()
    }

    /// The token in the link's fragment (`#token=…`).
    pub fn token(&self) -> String {
        self.link().split_once("#token=").map(|(_, token)| token.to_owned()).expect("a token in the link")
    }
}
