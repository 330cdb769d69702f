//! `/api/v1/access-requests` and `/api/v1/access-confirmations`: asking for a login with a
//! customer number and confirming the address (public), and
//! the approvers' list and decisions.

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpResponse, get, post};
use loket_api_types::Problem;
use loket_api_types::access_requests::{
    AccessRequest, AccessRequestListQuery, AccessRequestReceived, ApproveAccessRequest, ConfirmAccessRequest,
    CreateAccessRequest, DeclineAccessRequest,
};
use loket_api_types::pagination::Page;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::auth::origin::RequestOrigin;
use crate::error::ApiError;
use crate::extract::{Json, PathId, Query};
use crate::services::access_requests;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_access_request)
        .service(confirm_access_request)
        .service(list_access_requests)
        .service(get_access_request)
        .service(approve_access_request)
        .service(decline_access_request);
}

/// "I have no login yet": ask for access with the customer number on your invoices. The
/// answer is the same for every well-formed request, whether or not the number belongs
/// to a client: an e-mail to confirm the address is on its way.
#[utoipa::path(
    tag = "access",
    operation_id = "create_access_request",
    request_body = CreateAccessRequest,
    responses(
        (status = 202, description = "Confirm the address through the e-mailed link", body = AccessRequestReceived),
        (status = 429, description = "Too many requests from this address, for this number or this e-mail address; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/access-requests")]
pub async fn create_access_request(
    state: Data<AppState>,
    origin: RequestOrigin,
    body: Json<CreateAccessRequest>,
) -> Result<HttpResponse, ApiError> {
    let received = access_requests::request(&state, body.0, &origin).await?;
    Ok(HttpResponse::build(StatusCode::ACCEPTED).json(received))
}

/// Confirm the address with the e-mailed link; the request goes to its approvers.
#[utoipa::path(
    tag = "access",
    operation_id = "confirm_access_request",
    request_body = ConfirmAccessRequest,
    responses(
        (status = 200, description = "Confirmed; the request waits for approval", body = AccessRequestReceived),
        (status = 401, description = "The link is unknown, used or expired", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/access-confirmations")]
pub async fn confirm_access_request(
    state: Data<AppState>,
    origin: RequestOrigin,
    body: Json<ConfirmAccessRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(access_requests::confirm(&state, body.0, &origin).await?))
}

/// Confirmed requests the caller decides: a client superuser those for its own client,
/// the helpdesk all of them. Pending ones, oldest first, unless `status` or `sort` say
/// otherwise.
#[utoipa::path(
    tag = "access",
    operation_id = "list_access_requests",
    params(AccessRequestListQuery),
    responses((status = 200, description = "A page of requests", body = Page<AccessRequest>)),
    security(("bearer" = []))
)]
#[get("/access-requests")]
pub async fn list_access_requests(
    state: Data<AppState>,
    principal: Principal,
    query: Query<AccessRequestListQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(access_requests::list(&state, &principal, query.0).await?))
}

/// One request.
#[utoipa::path(
    tag = "access",
    operation_id = "get_access_request",
    params(("id" = Uuid, Path, description = "Access request id")),
    responses((status = 200, description = "The request", body = AccessRequest)),
    security(("bearer" = []))
)]
#[get("/access-requests/{id}")]
pub async fn get_access_request(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(access_requests::get(&state, &principal, id.0).await?))
}

/// Approve: the account is made as a user of the client and invited to choose a password.
#[utoipa::path(
    tag = "access",
    operation_id = "approve_access_request",
    params(("id" = Uuid, Path, description = "Access request id")),
    request_body = ApproveAccessRequest,
    responses(
        (status = 200, description = "Approved; the invitation is on its way", body = AccessRequest),
        (status = 409, description = "Already decided, or the address has a login", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/access-requests/{id}/approve")]
pub async fn approve_access_request(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<ApproveAccessRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(access_requests::approve(&state, &principal, id.0, body.0).await?))
}

/// Decline, with the reason the requester is e-mailed.
#[utoipa::path(
    tag = "access",
    operation_id = "decline_access_request",
    params(("id" = Uuid, Path, description = "Access request id")),
    request_body = DeclineAccessRequest,
    responses(
        (status = 200, description = "Declined; the requester is told", body = AccessRequest),
        (status = 409, description = "Already decided", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/access-requests/{id}/decline")]
pub async fn decline_access_request(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<DeclineAccessRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(access_requests::decline(&state, &principal, id.0, body.0).await?))
}
