//! Liveness, readiness and metrics.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get};
use secrecy::ExposeSecret;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use crate::services;
use crate::state::AppState;

/// Registers the operational endpoints (outside `/api/v1`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz).service(metrics);
}

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
    if services::operations::ready(&state).await {
        Ok(HttpResponse::Ok().json(Health { status: "ok".to_owned() }))
    } else {
        Err(ApiError::ServiceUnavailable)
    }
}

/// Prometheus metrics: requests and latency per route and status, database pool,
/// outbox backlog and deliveries. Requires the bearer token configured in
/// `LOKET_METRICS_TOKEN`; without one configured the endpoint is off.
#[utoipa::path(
    tag = "operations",
    operation_id = "metrics",
    responses(
        (status = 200, description = "Prometheus text exposition format", body = String, content_type = "text/plain"),
        (status = 401, description = "The metrics token is missing or wrong", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Metrics are not enabled on this server", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("metrics_token" = []))
)]
#[get("/metrics")]
pub async fn metrics(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let Some(expected) = &state.settings.metrics_token else {
        return Err(ApiError::NotFound);
    };
    let presented = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let matches: bool = subtle::ConstantTimeEq::ct_eq(presented.as_bytes(), expected.expose_secret().as_bytes()).into();
    if !matches {
        return Err(ApiError::unauthenticated(
            loket_api_types::ErrorCode::Unauthenticated,
            "Send the metrics token as a bearer token.",
        ));
    }
    services::operations::refresh_gauges(&state).await;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(state.metrics.render()))
}
