//! `/installation/…`: the API of the installed software, authenticated by its
//! installation key (`X-Installation-Key`) and by nothing else; and
//! `/install-requests/{id}/installations`, where the helpdesk and the partner follow it.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get, post};
use loket_api_types::installations::{
    ActivateInstallation, ActivatedInstallation, Heartbeat, InstallationList, InstallationSettings, UploadRecorded,
    UploadReport,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::auth::installation::Installed;
use crate::auth::origin::RequestOrigin;
use crate::error::ApiError;
use crate::extract::{Json, PathId};
use crate::services::installations;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(activate_installation)
        .service(get_installation_settings)
        .service(post_heartbeat)
        .service(post_upload)
        .service(list_installations);
}

/// Exchange the one-time installation code of the instructions for an installation key
/// (the software's first call; no other credential). The code works once; the key is
/// in this answer only. The case moves on to `installing`.
#[utoipa::path(
    tag = "installation",
    operation_id = "activate_installation",
    request_body = ActivateInstallation,
    responses(
        (status = 201, description = "Registered; keep the key", body = ActivatedInstallation),
        (status = 401, description = "The code is unknown, used, revoked or expired", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/installation/activate")]
pub async fn activate_installation(
    state: Data<AppState>,
    request: HttpRequest,
    body: Json<ActivateInstallation>,
) -> Result<HttpResponse, ApiError> {
    let origin = RequestOrigin::of(&request, &state);
    Ok(HttpResponse::Created().json(installations::activate(&state, &origin, body.0).await?))
}

/// The settings known so far of the installation's case: company, accounting package,
/// the partner and its fields, the contracts in force.
#[utoipa::path(
    tag = "installation",
    operation_id = "get_installation_settings",
    responses((status = 200, description = "The settings", body = InstallationSettings)),
    security(("installation_key" = []))
)]
#[get("/installation/settings")]
pub async fn get_installation_settings(state: Data<AppState>, installed: Installed) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(installations::settings(&state, &installed.installation).await?))
}

/// A sign of life, with the version running now.
#[utoipa::path(
    tag = "installation",
    operation_id = "post_heartbeat",
    request_body = Heartbeat,
    responses((status = 204, description = "Noted")),
    security(("installation_key" = []))
)]
#[post("/installation/heartbeats")]
pub async fn post_heartbeat(
    state: Data<AppState>,
    installed: Installed,
    body: Json<Heartbeat>,
) -> Result<HttpResponse, ApiError> {
    installations::heartbeat(&state, &installed.installation, body.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Report an upload to the partner, succeeded or failed (with what went wrong). The
/// first success completes the case.
#[utoipa::path(
    tag = "installation",
    operation_id = "post_upload",
    request_body = UploadReport,
    responses(
        (status = 201, description = "Recorded", body = UploadRecorded),
        (status = 422, description = "A failure without its error, a success with one, or negative counts", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("installation_key" = []))
)]
#[post("/installation/uploads")]
pub async fn post_upload(
    state: Data<AppState>,
    installed: Installed,
    body: Json<UploadReport>,
) -> Result<HttpResponse, ApiError> {
    let recorded = installations::upload(&state, &installed.origin, &installed.installation, body.0).await?;
    Ok(HttpResponse::Created().json(recorded))
}

/// The installations of a case: machine, version, last sign of life, last upload and
/// its error.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "list_installations",
    params(("id" = Uuid, Path, description = "Install request id")),
    responses((status = 200, description = "The installations, newest first", body = InstallationList)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/install-requests/{id}/installations")]
pub async fn list_installations(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(installations::list(&state, &principal, id.0).await?))
}
