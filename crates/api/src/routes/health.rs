//! Liveness, readiness and metrics.

use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
}

/// The process is up.
#[utoipa::path(tag = "operations", operation_id = "healthz", responses((status = 200, description = "The process is up", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok".to_owned() })
}

/// The database answers; load balancers send traffic only when this is 200.
#[utoipa::path(
    tag = "operations",
    operation_id = "readyz",
    responses((status = 200, description = "Ready to serve", body = Health))
)]
#[get("/readyz")]
pub async fn readyz(state: Data<AppState>) -> Result<HttpResponse, ApiError> {
    if db::ping(&state.db).await {
        Ok(HttpResponse::Ok().json(Health { status: "ok".to_owned() }))
    } else {
        Err(ApiError::ServiceUnavailable)
    }
}

/// Prometheus metrics: requests and latency per route and status, database pool,
/// outbox backlog and deliveries.
#[utoipa::path(
    tag = "operations",
    operation_id = "metrics",
    responses((status = 200, description = "Prometheus text exposition format", body = String, content_type = "text/plain"))
)]
#[get("/metrics")]
pub async fn metrics(state: Data<AppState>) -> HttpResponse {
    let (size, idle) = db::pool_stats(&state.db);
    ::metrics::gauge!("db_pool_connections").set(f64::from(size));
    ::metrics::gauge!("db_pool_idle_connections").set(idle as f64);
    match db::outbox::backlog(&state.db).await {
        Ok(backlog) => ::metrics::gauge!("outbox_backlog").set(backlog as f64),
        Err(error) => tracing::warn!(error = %error, "outbox backlog unavailable"),
    }
    HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(state.metrics.render())
}
