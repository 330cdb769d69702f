//! What the operational endpoints need from the database: readiness and the gauges
//! that are read when metrics are scraped.

use crate::db;
use crate::state::AppState;

/// Whether the database answers.
pub async fn ready(state: &AppState) -> bool {
    db::ping(&state.db).await
}

/// Sets the gauges that are measured on demand: the pool and the outbox backlog.
pub async fn refresh_gauges(state: &AppState) {
    let (size, idle) = db::pool_stats(&state.db);
    ::metrics::gauge!("db_pool_connections").set(f64::from(size));
    ::metrics::gauge!("db_pool_idle_connections").set(idle as f64);
    match db::outbox::backlog(&state.db).await {
        Ok(backlog) => ::metrics::gauge!("outbox_backlog").set(backlog as f64),
        Err(error) => tracing::warn!(error = %error, "outbox backlog unavailable"),
    }
}
