//! `/install-requests`: partners file and follow their requests, the helpdesk reviews.

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpResponse, get, post};
use loket_api_types::install_requests::{
    InstallRequest, InstallRequestData, InstallRequestListQuery, InstallRequestRevisions, InstallRequestTimeline,
    RejectInstallRequest, ReturnInstallRequest,
};
use loket_api_types::pagination::Page;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IdempotencyKey, IfMatch, Json, PathId, Query, versioned};
use crate::services::idempotency::Once;
use crate::services::install_requests::{self, review};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_install_requests)
        .service(create_install_request)
        .service(get_install_request)
        .service(get_install_request_timeline)
        .service(list_install_request_revisions)
        .service(accept_install_request)
        .service(return_install_request)
        .service(reject_install_request)
        .service(resubmit_install_request);
}

/// The install requests the caller can see: a partner's own (a branch-limited user's of
/// their branches), every request for the helpdesk. Newest first by default.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "list_install_requests",
    params(InstallRequestListQuery),
    responses((status = 200, description = "A page of requests", body = Page<InstallRequest>)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/install-requests")]
pub async fn list_install_requests(
    state: Data<AppState>,
    principal: Principal,
    query: Query<InstallRequestListQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(install_requests::list(&state, &principal, query.0).await?))
}

/// File an install request for a client-to-be. Every field is checked and all problems
/// are answered at once (422, each by its JSON path). Send an `Idempotency-Key` so that
/// a retry never files a second request.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "create_install_request",
    params(IdempotencyKey),
    request_body = InstallRequestData,
    responses(
        (status = 201, description = "Filed (or, for a repeated `Idempotency-Key`, the first answer again)", body = InstallRequest, headers(("ETag" = String, description = "The version"), ("Idempotent-Replayed" = String, description = "`true` when this is the first answer to the key, replayed"))),
        (status = 422, description = "Invalid fields, or the `Idempotency-Key` was used for another request", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[post("/install-requests")]
pub async fn create_install_request(
    state: Data<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    body: Json<InstallRequestData>,
) -> Result<HttpResponse, ApiError> {
    let once = Once::new(&principal, key, "POST /api/v1/install-requests", &body.0)?;
    Ok(install_requests::create(&state, &principal, body.0, once).await?.response())
}

/// One install request.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "get_install_request",
    params(("id" = Uuid, Path, description = "Install request id")),
    responses((status = 200, description = "The request", body = InstallRequest, headers(("ETag" = String, description = "The version to send in If-Match")))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/install-requests/{id}")]
pub async fn get_install_request(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &install_requests::get(&state, &principal, id.0).await?))
}

/// What happened to a request, oldest first: filed, returned (with what is missing),
/// resubmitted, rejected, accepted.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "get_install_request_timeline",
    params(("id" = Uuid, Path, description = "Install request id")),
    responses((status = 200, description = "The timeline", body = InstallRequestTimeline)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/install-requests/{id}/timeline")]
pub async fn get_install_request_timeline(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(install_requests::timeline(&state, &principal, id.0).await?))
}

/// Every submitted version of a request's data, oldest first.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "list_install_request_revisions",
    params(("id" = Uuid, Path, description = "Install request id")),
    responses((status = 200, description = "The versions", body = InstallRequestRevisions)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/install-requests/{id}/revisions")]
pub async fn list_install_request_revisions(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(install_requests::revisions(&state, &principal, id.0).await?))
}

/// The helpdesk accepts a submitted request: the client organisation is made (managed by
/// the partner) with the general contact as its superuser, who is invited by e-mail to
/// choose a password and fill in the new-customer questionnaire.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "accept_install_request",
    params(("id" = Uuid, Path, description = "Install request id")),
    responses(
        (status = 200, description = "Accepted; `client_id` names the new client", body = InstallRequest),
        (status = 409, description = "The request is not waiting for review (`allowed_next` names where it may go), or the general contact's address has a login already", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/install-requests/{id}/accept")]
pub async fn accept_install_request(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &review::accept(&state, &principal, id.0).await?))
}

/// The helpdesk returns a submitted request to the partner with what is missing.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "return_install_request",
    params(("id" = Uuid, Path, description = "Install request id")),
    request_body = ReturnInstallRequest,
    responses(
        (status = 200, description = "Returned", body = InstallRequest),
        (status = 409, description = "The request is not waiting for review; `allowed_next` names where it may go", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/install-requests/{id}/return")]
pub async fn return_install_request(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<ReturnInstallRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &review::return_to_partner(&state, &principal, id.0, body.0).await?))
}

/// The helpdesk rejects a submitted request, with a reason.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "reject_install_request",
    params(("id" = Uuid, Path, description = "Install request id")),
    request_body = RejectInstallRequest,
    responses(
        (status = 200, description = "Rejected", body = InstallRequest),
        (status = 409, description = "The request is not waiting for review; `allowed_next` names where it may go", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/install-requests/{id}/reject")]
pub async fn reject_install_request(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<RejectInstallRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &review::reject(&state, &principal, id.0, body.0).await?))
}

/// The partner amends a returned request and submits it again (the whole data, as when
/// filing). The previous version stays under `/revisions`. Requires `If-Match`.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "resubmit_install_request",
    params(
        ("id" = Uuid, Path, description = "Install request id"),
        ("If-Match" = String, Header, description = "The ETag of the version being amended, e.g. `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    request_body = InstallRequestData,
    responses(
        (status = 200, description = "Resubmitted", body = InstallRequest, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The request was not returned; `allowed_next` names where it may go", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed meanwhile; `current` is the request as it is now", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[post("/install-requests/{id}/resubmit")]
pub async fn resubmit_install_request(
    state: Data<AppState>,
    principal: Principal,
    if_match: IfMatch,
    id: PathId,
    body: Json<InstallRequestData>,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &review::resubmit(&state, &principal, id.0, if_match.0, body.0).await?))
}
