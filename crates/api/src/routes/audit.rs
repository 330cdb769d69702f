//! `/api/v1/audit-events`.

use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use loket_api_types::audit::{AuditEvent, AuditEventListQuery};
use loket_api_types::pagination::Page;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::Query;
use crate::services;
use crate::state::AppState;

/// Registers this module's handlers (and so their OpenAPI operations).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_audit_events);
}

/// The audit log, newest first: every change with who made it, from where, and which
/// fields changed. Vendor administrators read everything; a partner administrator (not
/// limited to branches) and a client superuser read their own organisation's.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit_events",
    params(AuditEventListQuery),
    responses(
        (status = 200, description = "A page of entries", body = Page<AuditEvent>),
        (status = 403, description = "Not an administrator", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/audit-events")]
pub async fn list_audit_events(
    state: Data<AppState>,
    principal: Principal,
    query: Query<AuditEventListQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::audit::list(&state, &principal, query.0).await?))
}
