//! The helpdesk's watch on installations under way: the stalled cases and the
//! follow-ups it logs on a case's timeline.

use actix_web::web::Data;
use actix_web::{HttpResponse, get, post};
use loket_api_types::install_requests::InstallRequestEvent;
use loket_api_types::monitoring::{CreateFollowUp, InstallFunnel, StalledCases};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{Json, PathId};
use crate::services::install_requests::monitoring;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_stalled_install_requests).service(create_install_follow_up).service(get_install_funnel);
}

/// The cases whose installation instructions went out but whose software has not
/// delivered data within the vendor's number of business days (`stall_after_days` of the
/// support settings, on the support desk's calendar), longest waiting first, with the
/// last heartbeat, the last upload and its error, and the last follow-up. A case whose
/// next check is scheduled after today is left off until then.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "list_stalled_install_requests",
    responses((status = 200, description = "The stalled cases", body = StalledCases)),
    security(("bearer" = []))
)]
#[get("/stalled-install-requests")]
pub async fn list_stalled_install_requests(
    state: Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(monitoring::stalled(&state, &principal).await?))
}

/// Log a follow-up (phone call, remote session or note) on a case's timeline, optionally
/// with the day to look again. Only the helpdesk sees follow-ups; the partner is not told.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "create_install_follow_up",
    params(("id" = Uuid, Path, description = "Install request id")),
    request_body = CreateFollowUp,
    responses(
        (status = 201, description = "On the timeline", body = InstallRequestEvent),
        (status = 422, description = "No note, or a next check in the past or more than a year ahead", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/install-requests/{id}/follow-ups")]
pub async fn create_install_follow_up(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<CreateFollowUp>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(monitoring::follow_up(&state, &principal, id.0, body.0).await?))
}

/// The intake funnel of the cases filed in the last 365 days: for every step in the
/// flow's order, the cases that reached it, the cases there now and the median time a
/// case stayed in it (over the stays that ended).
#[utoipa::path(
    tag = "install-requests",
    operation_id = "get_install_funnel",
    responses((status = 200, description = "The funnel", body = InstallFunnel)),
    security(("bearer" = []))
)]
#[get("/install-funnel")]
pub async fn get_install_funnel(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(monitoring::funnel(&state, &principal).await?))
}
