//! The `loket` command.

use clap::{Parser, Subcommand};
use loket_api::config::Settings;
use loket_api::startup::{Application, build_state};
use loket_api::{db, jobs, openapi, seed, telemetry};
use secrecy::ExposeSecret;

#[derive(Parser)]
#[command(name = "loket", version, about = "Loket, the customer portal: API server, worker and tools")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server and the background worker (applies migrations first).
    Serve,
    /// Run only the background worker.
    Worker,
    /// Apply pending database migrations.
    Migrate,
    /// Create the demo data (idempotent) and print the demo logins.
    SeedDemo,
    /// Migrate, seed the demo data, print the logins and serve: the quickstart.
    Demo,
    /// Print the OpenAPI document.
    Openapi,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Two TLS stacks are linked (ring via sqlx/lettre, aws-lc via reqwest); pick one.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        print!("{}", openapi::to_pretty_json(&openapi::build())?);
        return Ok(());
    }
    let settings = Settings::load()?;
    telemetry::init_logging(settings.is_production());
    tracing::debug!(?settings, "settings loaded");
    match cli.command {
        Command::Openapi => Ok(()),
        Command::Serve => serve(settings).await,
        Command::Worker => {
            let state = build_state(settings).await?;
            tracing::info!("worker running");
            jobs::run(state).await;
            Ok(())
        }
        Command::Migrate => {
            let conn = db::connect(settings.database_url.expose_secret(), 2).await?;
            db::migrate(&conn).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::SeedDemo => {
            let url = settings.public_url.clone();
            let conn = db::connect(settings.database_url.expose_secret(), 2).await?;
            db::migrate(&conn).await?;
            let files = loket_api::adapters::files::FileStore::from_settings(&settings)?;
            let summary = seed::seed_demo(&conn, &files).await?;
            println!("{}", seed::describe(&summary, &url));
            Ok(())
        }
        Command::Demo => {
            let url = settings.public_url.clone();
            let app = Application::build(settings).await?;
            let summary = seed::seed_demo(&app.state().db, &app.state().files).await?;
            println!("{}", seed::describe(&summary, &url));
            println!("Loket is listening on http://127.0.0.1:{} (Ctrl+C stops it).\n", app.port());
            app.run_until_stopped().await?;
            Ok(())
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let listen = settings.listen;
    let app = Application::build(settings).await?;
    tracing::info!(%listen, port = app.port(), "Loket is listening");
    app.run_until_stopped().await?;
    Ok(())
}
