//! Building and running the HTTP server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::web::{self, Data};
use actix_web::{App, HttpServer};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use loket_domain::access::AccessThrottlePolicy;
use loket_domain::throttle::LoginThrottlePolicy;
use secrecy::ExposeSecret;
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::adapters::files::FileStore;
use crate::auth::jwt::JwtKeys;
use crate::config::Settings;
use crate::jobs::dispatch::Dispatcher;
use crate::routes::fallback::KnownRoutes;
use crate::state::AppState;
use crate::{db, middleware, openapi, routes, telemetry};

/// Connects to the database, applies migrations and assembles the shared state.
pub async fn build_state(settings: Settings) -> anyhow::Result<AppState> {
    let db = db::connect(settings.database_url.expose_secret(), settings.database_max_connections).await?;
    db::migrate(&db).await?;
    let secret = match &settings.jwt_secret {
        Some(secret) => secret.expose_secret().as_bytes().to_vec(),
        None => {
            let stored = db::secrets::get_or_create(&db, "jwt_signing_key", || {
                let mut bytes = [0u8; 64];
                rand::fill(&mut bytes);
                STANDARD.encode(bytes)
            })
            .await?;
            STANDARD.decode(stored)?
        }
    };
    if secret.len() < 32 {
        anyhow::bail!("LOKET_JWT_SECRET must be at least 32 bytes");
    }
    let signer = crate::auth::signed_links::LinkSigner::derive(&secret);
    let clock = crate::clock::Clock::default();
    let dispatcher = Arc::new(Dispatcher::from_settings(&settings, signer.clone(), clock.clone())?);
    let files = FileStore::from_settings(&settings)?;
    Ok(AppState {
        files,
        db,
        clock,
        jwt: JwtKeys::new(&secret, settings.access_token_ttl_secs),
        signer,
        dispatcher,
        throttle: LoginThrottlePolicy::default(),
        access_throttle: AccessThrottlePolicy::with_free_per_address(settings.access_requests_per_address),
        metrics: telemetry::metrics_handle(),
        imports_waiting: Arc::new(tokio::sync::Notify::new()),
        settings: Arc::new(settings),
    })
}

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

impl Application {
    /// Binds to `settings.listen` (port 0 picks a free port) and prepares the server.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.listen)?;
        let state = build_state(settings).await?;
        Self::with_state(listener, state)
    }

    pub fn with_state(listener: TcpListener, state: AppState) -> anyhow::Result<Self> {
        let port = listener.local_addr()?.port();
        let server = run(listener, state.clone())?;
        Ok(Self { port, server, state })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until the process is told to stop; the background worker runs alongside
    /// unless `LOKET_RUN_WORKER=false`.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let jobs = self.state.settings.run_worker.then(|| tokio::spawn(crate::jobs::run(self.state.clone())));
        let result = self.server.await;
        if let Some(jobs) = jobs {
            jobs.abort();
        }
        result
    }
}

fn run(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let api = openapi::build();
    let known = Data::new(KnownRoutes::from_openapi(&api));
    let api_json = openapi::to_json(&api)?;
    let spa_dir = state.settings.spa_dir.clone();
    let spa_index = routes::spa::index_path(&spa_dir);
    match &spa_index {
        Some(_) => tracing::info!(dir = %spa_dir.display(), "serving the browser app"),
        None => tracing::warn!(
            dir = %spa_dir.display(),
            "the browser app is not built; serving the API only (build it with `just frontend`)"
        ),
    }
    let inline_scripts = spa_index
        .as_ref()
        .and_then(|index| std::fs::read_to_string(index).ok())
        .map(|html| routes::spa::inline_script_hashes(&html))
        .unwrap_or_default();
    let security = Data::new(middleware::SecurityPolicy::new(&inline_scripts, state.settings.is_production()));
    let max_json_bytes = state.settings.max_json_bytes;
    let data = Data::new(state);
    let server = HttpServer::new(move || {
        let app = App::new()
            .app_data(data.clone())
            .app_data(known.clone())
            .app_data(security.clone())
            .app_data(web::PayloadConfig::new(max_json_bytes))
            .wrap(from_fn(middleware::record_metrics))
            .wrap(from_fn(middleware::request_id_and_headers))
            .wrap(TracingLogger::default())
            .wrap(Compress::default())
            .into_utoipa_app()
            .configure(routes::configure)
            .into_app()
            .service(SwaggerUi::new("/api/docs/{_:.*}").external_url_unchecked("/api/openapi.json", api_json.clone()));
        let app = match &spa_index {
            Some(index) => app.service(routes::spa::service(&spa_dir, index.clone())),
            None => app,
        };
        app.default_service(web::to(routes::fallback::handle))
    })
    // Nagle's algorithm off: a response written in more than one piece (compressed
    // bodies are streamed) would otherwise wait for the client's delayed ACK, 40 ms on
    // Linux, on every kept-alive request (bench/tickets measured it on every list).
    .tcp_nodelay(true)
    .listen(listener)?
    .run();
    Ok(server)
}
