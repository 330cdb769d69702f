//! Background work that runs beside the HTTP server (`loket serve`) or alone
//! (`loket worker`): the outbox worker, periodic cleanup and the reminders before a
//! document's due date.

pub mod access_links;
pub mod account_links;
pub mod cleanup;
pub mod client_imports;
pub mod dispatch;
pub mod instructions;
pub mod payload;
pub mod sms_codes;
pub mod worker;

use std::time::Duration;

use crate::state::AppState;

/// Runs the outbox worker and the cleanup and reminder loop until the process stops.
pub async fn run(state: AppState) {
    let settings = &state.settings;
    let worker = worker::Worker::new(
        state.db.clone(),
        state.dispatcher.clone(),
        settings.retry_policy(),
        settings.worker_batch,
        settings.worker_lease_secs,
        settings.worker_poll_ms,
    );
    let cleanup = async {
        let mut interval = tokio::time::interval(Duration::from_secs(600));
        loop {
            interval.tick().await;
            if let Err(error) = cleanup::run_once(&state.db).await {
                tracing::error!(error = ?error, "cleanup failed");
            }
            match crate::services::documents::remind::send_reminders(&state).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(documents = sent, "approval reminders sent"),
                Err(error) => tracing::error!(error = ?error, "approval reminders failed"),
            }
        }
    };
    tokio::join!(worker.run(), cleanup, client_imports::run(state.clone()));
}
