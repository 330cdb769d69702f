//! `/install-requests/{id}/contracts` and `/install-requests/{id}/instructions`: the
//! contracts of an install case and its installation instructions.

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get, patch, post};
use loket_api_types::contracts::{Contract, ContractList, CreateContract, UpdateContract};
use loket_api_types::install_requests::InstallRequest;
use loket_api_types::releases::{InstructionsStatus, SendInstructions};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, PathId, path_uuid, versioned};
use crate::services::install_requests::{contracts, instructions};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_contracts)
        .service(create_contract)
        .service(update_contract)
        .service(send_instructions)
        .service(get_instructions);
}

/// A case's contracts, oldest first, and whether they are complete (every company's
/// contract in force).
#[utoipa::path(
    tag = "install-requests",
    operation_id = "list_contracts",
    params(("id" = Uuid, Path, description = "Install request id")),
    responses((status = 200, description = "The contracts", body = ContractList)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/install-requests/{id}/contracts")]
pub async fn list_contracts(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(contracts::list(&state, &principal, id.0).await?))
}

/// Record a contract for one of the client's companies (the helpdesk), once the
/// questionnaire is submitted. The number is unique; a company has one contract on a
/// case that is not ended.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "create_contract",
    params(("id" = Uuid, Path, description = "Install request id")),
    request_body = CreateContract,
    responses(
        (status = 201, description = "Recorded", body = Contract, headers(("ETag" = String, description = "The version"))),
        (status = 409, description = "The number is taken, the company has a contract already, or the case is not at a step that keeps contracts", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/install-requests/{id}/contracts")]
pub async fn create_contract(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<CreateContract>,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::CREATED, &contracts::create(&state, &principal, id.0, body.0).await?))
}

/// Change a contract (the helpdesk): its terms while it is a draft; its status from
/// draft to active to ended. Requires `If-Match`.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "update_contract",
    params(
        ("id" = Uuid, Path, description = "Install request id"),
        ("contract_id" = Uuid, Path, description = "Contract id"),
        ("If-Match" = String, Header, description = "The ETag of the version being changed, e.g. `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    request_body = UpdateContract,
    responses(
        (status = 200, description = "Changed", body = Contract, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "The number is taken, or the case is not at a step that keeps contracts", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed meanwhile; `current` is the contract as it is now", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or a change the contract's status does not allow", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/install-requests/{id}/contracts/{contract_id}")]
pub async fn update_contract(
    state: Data<AppState>,
    principal: Principal,
    request: HttpRequest,
    if_match: IfMatch,
    id: PathId,
    body: Json<UpdateContract>,
) -> Result<HttpResponse, ApiError> {
    let contract_id = path_uuid(&request, "contract_id")?;
    let saved = contracts::update(&state, &principal, id.0, contract_id, if_match.0, body.0).await?;
    Ok(versioned(StatusCode::OK, &saved))
}

/// Send the installation instructions (the helpdesk) to the case's technical contact: a
/// signed download link for the release, valid 14 days, and a one-time installation
/// token, valid 30 days. The first time, every company's contract must be in force and
/// the case moves on to `instructions`; sending again makes a new link and token and
/// revokes the unused ones.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "send_instructions",
    params(("id" = Uuid, Path, description = "Install request id")),
    request_body = SendInstructions,
    responses(
        (status = 200, description = "Sent (the mail is on its way)", body = InstallRequest),
        (status = 409, description = "Not every contract is in force, or the case is past its instructions", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The release is unknown, withdrawn or not out yet", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/install-requests/{id}/instructions")]
pub async fn send_instructions(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<SendInstructions>,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &instructions::send(&state, &principal, id.0, body.0).await?))
}

/// The case's latest instructions: which release, until when the link works, how often
/// it was used. 404 before any were sent.
#[utoipa::path(
    tag = "install-requests",
    operation_id = "get_instructions",
    params(("id" = Uuid, Path, description = "Install request id")),
    responses((status = 200, description = "The latest instructions", body = InstructionsStatus)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/install-requests/{id}/instructions")]
pub async fn get_instructions(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(instructions::status(&state, &principal, id.0).await?))
}
