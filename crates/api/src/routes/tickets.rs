//! `/api/v1/tickets`: the support desk.

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpResponse, get, patch, post};
use loket_api_types::pagination::Page;
use loket_api_types::tickets::{
    CreateTicketMessageRequest, CreateTicketRequest, DeclineTicketRequest, Ticket, TicketListQuery, TicketMessage,
    TicketSummary, TimelineEntry, UpdateTicketRequest,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, PathId, Query, Versioned, versioned};
use crate::services::tickets;
use crate::state::AppState;
use loket_api_types::ticket_estimates::{AnswerEstimateRequest, ProposeEstimateRequest};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_tickets)
        .service(create_ticket)
        .service(get_ticket)
        .service(update_ticket)
        .service(approve_ticket)
        .service(decline_ticket)
        .service(reopen_ticket)
        .service(get_helpdesk_dashboard)
        .service(propose_ticket_estimate)
        .service(answer_ticket_estimate)
        .service(get_ticket_timeline)
        .service(list_ticket_messages)
        .service(create_ticket_message);
}

impl Versioned for Ticket {
    fn version(&self) -> i64 {
        self.version
    }
}

/// Tickets the caller can see. Customers see their organisation's tickets (open ones
/// unless `all` or `status`); the helpdesk sees every ticket that reached it, and has
/// queues. Newest first unless `sort` says otherwise.
#[utoipa::path(
    tag = "tickets",
    operation_id = "list_tickets",
    params(TicketListQuery),
    responses((status = 200, description = "A page of tickets", body = Page<TicketSummary>)),
    security(("bearer" = []))
)]
#[get("/tickets")]
pub async fn list_tickets(
    state: Data<AppState>,
    principal: Principal,
    query: Query<TicketListQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(tickets::list(&state, &principal, query.0).await?))
}

/// File a ticket (a client's users). The answer carries its number at once; the
/// requester gets a confirmation e-mail. A ticket from someone who is not one of the
/// client's contact persons waits for a contact person's approval.
#[utoipa::path(
    tag = "tickets",
    operation_id = "create_ticket",
    request_body = CreateTicketRequest,
    responses((status = 201, description = "Filed", body = Ticket, headers(("ETag" = String, description = "The version")))),
    security(("bearer" = []))
)]
#[post("/tickets")]
pub async fn create_ticket(
    state: Data<AppState>,
    principal: Principal,
    body: Json<CreateTicketRequest>,
) -> Result<HttpResponse, ApiError> {
    let ticket = tickets::create(&state, &principal, body.0).await?;
    Ok(versioned(StatusCode::CREATED, &ticket))
}

/// One ticket, with its SLA clocks.
#[utoipa::path(
    tag = "tickets",
    operation_id = "get_ticket",
    params(("id" = Uuid, Path, description = "Ticket id")),
    responses((status = 200, description = "The ticket", body = Ticket, headers(("ETag" = String, description = "The version to send in If-Match")))),
    security(("bearer" = []))
)]
#[get("/tickets/{id}")]
pub async fn get_ticket(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &tickets::get(&state, &principal, id.0).await?))
}

/// The helpdesk changes status, type, priority, assignee or the out-of-contract mark.
/// Requires `If-Match`: a 412 means another agent changed the ticket first.
#[utoipa::path(
    tag = "tickets",
    operation_id = "update_ticket",
    params(
        ("id" = Uuid, Path, description = "Ticket id"),
        ("If-Match" = String, Header, description = "The ETag of the version being changed, e.g. `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    request_body = UpdateTicketRequest,
    responses(
        (status = 200, description = "The changed ticket", body = Ticket, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The status cannot change that way", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/tickets/{id}")]
pub async fn update_ticket(
    state: Data<AppState>,
    principal: Principal,
    if_match: IfMatch,
    id: PathId,
    body: Json<UpdateTicketRequest>,
) -> Result<HttpResponse, ApiError> {
    let ticket = tickets::work::update(&state, &principal, id.0, if_match.0, body.0).await?;
    Ok(versioned(StatusCode::OK, &ticket))
}

/// A contact person passes a colleague's ticket to the helpdesk.
#[utoipa::path(
    tag = "tickets",
    operation_id = "approve_ticket",
    params(("id" = Uuid, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "Approved", body = Ticket),
        (status = 409, description = "The ticket is not awaiting approval", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/tickets/{id}/approve")]
pub async fn approve_ticket(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &tickets::work::approve(&state, &principal, id.0).await?))
}

/// A contact person declines a colleague's ticket, with a reason the requester is told.
#[utoipa::path(
    tag = "tickets",
    operation_id = "decline_ticket",
    params(("id" = Uuid, Path, description = "Ticket id")),
    request_body = DeclineTicketRequest,
    responses(
        (status = 200, description = "Declined", body = Ticket),
        (status = 409, description = "The ticket is not awaiting approval", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/tickets/{id}/decline")]
pub async fn decline_ticket(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<DeclineTicketRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &tickets::work::decline(&state, &principal, id.0, body.0).await?))
}

/// The customer reopens a closed ticket, within the reopen period after closing.
#[utoipa::path(
    tag = "tickets",
    operation_id = "reopen_ticket",
    params(("id" = Uuid, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "Open again", body = Ticket),
        (status = 409, description = "Not closed, or the reopen period has passed", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/tickets/{id}/reopen")]
pub async fn reopen_ticket(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &tickets::work::reopen(&state, &principal, id.0).await?))
}

/// The helpdesk attaches a cost estimate to a change request (hours, amount, what it
/// covers). The ticket waits on the customer, who is e-mailed; a new estimate replaces
/// one not yet answered.
#[utoipa::path(
    tag = "tickets",
    operation_id = "propose_ticket_estimate",
    params(("id" = Uuid, Path, description = "Ticket id")),
    request_body = ProposeEstimateRequest,
    responses(
        (status = 200, description = "Waiting on the customer", body = Ticket),
        (status = 409, description = "Not a change request, or not with the helpdesk", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/tickets/{id}/estimate")]
pub async fn propose_ticket_estimate(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<ProposeEstimateRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &tickets::estimates::propose(&state, &principal, id.0, body.0).await?))
}

/// The customer accepts or declines the pending estimate; the helpdesk works on.
#[utoipa::path(
    tag = "tickets",
    operation_id = "answer_ticket_estimate",
    params(("id" = Uuid, Path, description = "Ticket id")),
    request_body = AnswerEstimateRequest,
    responses(
        (status = 200, description = "Answered; the ticket is open again", body = Ticket),
        (status = 409, description = "No estimate waits for an answer", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/tickets/{id}/estimate/answer")]
pub async fn answer_ticket_estimate(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<AnswerEstimateRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &tickets::estimates::answer(&state, &principal, id.0, body.0).await?))
}

/// The helpdesk's dashboard: the open backlog by age, SLA results of the last eight
/// weeks and open tickets per type. Helpdesk only.
#[utoipa::path(
    tag = "tickets",
    operation_id = "get_helpdesk_dashboard",
    responses((status = 200, description = "The figures", body = loket_api_types::ticket_dashboard::HelpdeskDashboard)),
    security(("bearer" = []))
)]
#[get("/helpdesk/dashboard")]
pub async fn get_helpdesk_dashboard(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(tickets::dashboard::dashboard(&state, &principal).await?))
}

/// The ticket's history, oldest first: the filing, the messages, and every change of
/// status, type, priority, assignee and decision with who and when. Customers get
/// neither internal notes nor staff-only entries.
#[utoipa::path(
    tag = "tickets",
    operation_id = "get_ticket_timeline",
    params(("id" = Uuid, Path, description = "Ticket id")),
    responses((status = 200, description = "The timeline", body = Vec<TimelineEntry>)),
    security(("bearer" = []))
)]
#[get("/tickets/{id}/timeline")]
pub async fn get_ticket_timeline(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(tickets::timeline::timeline(&state, &principal, id.0).await?))
}

/// The ticket's message board, oldest first. The helpdesk also gets its internal notes.
#[utoipa::path(
    tag = "tickets",
    operation_id = "list_ticket_messages",
    params(("id" = Uuid, Path, description = "Ticket id")),
    responses((status = 200, description = "The messages", body = Vec<TicketMessage>)),
    security(("bearer" = []))
)]
#[get("/tickets/{id}/messages")]
pub async fn list_ticket_messages(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(tickets::messages::list(&state, &principal, id.0).await?))
}

/// Post a public message (e-mailed to the requester and the client's contact persons),
/// or, for the helpdesk, an internal note. A customer's reply reopens a ticket that was
/// waiting on the customer.
#[utoipa::path(
    tag = "tickets",
    operation_id = "create_ticket_message",
    params(("id" = Uuid, Path, description = "Ticket id")),
    request_body = CreateTicketMessageRequest,
    responses(
        (status = 201, description = "Posted", body = TicketMessage),
        (status = 409, description = "The ticket is closed or declined", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/tickets/{id}/messages")]
pub async fn create_ticket_message(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<CreateTicketMessageRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(tickets::messages::post(&state, &principal, id.0, body.0).await?))
}
