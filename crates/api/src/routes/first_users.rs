//! Setting up clients in bulk: `/first-user-candidates` (clients nobody belongs to yet),
//! `/first-users` (create and invite their superusers) and `/pin-letters` (new PINs for
//! their people, printed).

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get, post};
use loket_api_types::first_users::{CreateFirstUsers, FirstUserCandidate, FirstUserCandidatesQuery, FirstUsersCreated};
use loket_api_types::pagination::Page;
use loket_api_types::pin_letters::IssuePinLetters;
use loket_api_types::ticket_attachments::FileContent;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{Json, Query};
use crate::services;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_first_user_candidates).service(create_first_users).service(issue_pin_letters);
}

/// The clients the caller sees that nobody belongs to yet, by name, each with the
/// contact of the firm's client record (from the import) as the proposed first user.
/// Partner and vendor administrators.
#[utoipa::path(
    tag = "users",
    operation_id = "list_first_user_candidates",
    params(FirstUserCandidatesQuery),
    responses(
        (status = 200, description = "A page of clients without users", body = Page<FirstUserCandidate>),
        (status = 403, description = "Not an administrator", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/first-user-candidates")]
pub async fn list_first_user_candidates(
    state: Data<AppState>,
    principal: Principal,
    query: Query<FirstUserCandidatesQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::first_users::candidates(&state, &principal, query.0).await?))
}

/// Create the first user of each client named, a superuser, and invite it by e-mail; it
/// joins the chosen client group, or the one its client was imported into. Name and
/// address default to the client record's contact. All or nothing: any item at fault
/// (a client with users already, no address on record, an address in use or named
/// twice) refuses the request with every fault named (`users[i].field`). The client's
/// firm's administrators and vendor administrators.
#[utoipa::path(
    tag = "users",
    operation_id = "create_first_users",
    request_body = CreateFirstUsers,
    responses(
        (status = 201, description = "Created and invited", body = FirstUsersCreated),
        (status = 403, description = "Not an administrator of a client's firm", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "An e-mail address was taken at the same moment", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Items at fault, each named", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/first-users")]
pub async fn create_first_users(
    state: Data<AppState>,
    principal: Principal,
    body: Json<CreateFirstUsers>,
) -> Result<HttpResponse, ApiError> {
    let created = services::first_users::create(&state, &principal, body.0).await?;
    Ok(HttpResponse::Created().json(created))
}

/// New PINs for a firm's clients' people, as one PDF of printable letters (a page per
/// person, in the person's language, under the firm's or the client's branch's
/// letterhead). Name the clients (every person not deactivated) or the people; at most
/// 100 letters. Each person's earlier PIN stops working; the new ones are kept only as
/// hashes and shown nowhere but in this PDF, which is not stored. All or nothing, every
/// fault named (`organisation_ids[i]`, `user_ids[i]`). The client's firm's administrators
/// and vendor administrators. Sent as `application/pdf`, or as
/// `application/octet-stream` to a client whose `Accept` asks for that and not for PDF.
#[utoipa::path(
    tag = "users",
    operation_id = "issue_pin_letters",
    request_body = IssuePinLetters,
    responses(
        (status = 200, description = "The letters", content(
            (FileContent = "application/pdf"),
            (FileContent = "application/octet-stream"),
        )),
        (status = 403, description = "Not an administrator of a client's firm", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Items at fault, each named; no people; more than 100 letters", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Too many PINs being hashed right now; try again", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/pin-letters")]
pub async fn issue_pin_letters(
    state: Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    body: Json<IssuePinLetters>,
) -> Result<HttpResponse, ApiError> {
    let bytes = services::pin_letters::issue(&state, &principal, body.0).await?;
    let name = format!("pincodes-{}.pdf", chrono::Utc::now().format("%Y-%m-%d"));
    let media_type = super::file_response::negotiated(&request, "application/pdf");
    Ok(super::file_response::attachment(&name, media_type)?.body(bytes))
}
