//! Background work that runs beside the HTTP server (`loket serve`) or alone
//! (`loket worker`).

pub mod cleanup;

use std::time::Duration;

use crate::state::AppState;

/// Runs the background loops until the process stops.
pub async fn run(state: AppState) {
    let mut interval = tokio::time::interval(Duration::from_secs(600));
    loop {
        interval.tick().await;
        if let Err(error) = cleanup::run_once(&state.db).await {
            tracing::error!(error = ?error, "cleanup failed");
        }
    }
}
