//! `/api/v1/organisations` and their branches.

use actix_web::web::Data;
use actix_web::{HttpResponse, get, patch, post};
use loket_api_types::organisations::{
    Branch, CreateBranchRequest, CreateOrganisationRequest, Organisation, OrganisationListQuery,
    UpdateOrganisationRequest,
};
use loket_api_types::pagination::Page;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, PathId, Query, Versioned, versioned};
use crate::services;
use crate::state::AppState;

/// Registers this module's handlers (and so their OpenAPI operations).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_organisations)
        .service(create_organisation)
        .service(get_organisation)
        .service(update_organisation)
        .service(list_branches)
        .service(create_branch);
}

impl Versioned for Organisation {
    fn version(&self) -> i64 {
        self.version
    }
}

/// List the organisations the caller can see, with filters and cursor pagination.
#[utoipa::path(
    tag = "organisations",
    operation_id = "list_organisations",
    params(OrganisationListQuery),
    responses((status = 200, description = "A page of organisations", body = Page<Organisation>)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/organisations")]
pub async fn list_organisations(
    state: Data<AppState>,
    principal: Principal,
    query: Query<OrganisationListQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::organisations::list(&state, &principal, query.0).await?))
}

/// Create a partner or client organisation (vendor admins).
#[utoipa::path(
    tag = "organisations",
    operation_id = "create_organisation",
    request_body = CreateOrganisationRequest,
    responses(
        (status = 201, description = "Created", body = Organisation, headers(("ETag" = String, description = "The version"))),
        (status = 409, description = "Another client has this customer number", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organisations")]
pub async fn create_organisation(
    state: Data<AppState>,
    principal: Principal,
    body: Json<CreateOrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = services::organisations::create(&state, &principal, body.0).await?;
    Ok(versioned(actix_web::http::StatusCode::CREATED, &created))
}

/// One organisation.
#[utoipa::path(
    tag = "organisations",
    operation_id = "get_organisation",
    params(("id" = Uuid, Path, description = "Organisation id")),
    responses((status = 200, description = "The organisation", body = Organisation, headers(("ETag" = String, description = "The version to send in If-Match")))),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/organisations/{id}")]
pub async fn get_organisation(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let organisation = services::organisations::get(&state, &principal, id.0).await?;
    Ok(versioned(actix_web::http::StatusCode::OK, &organisation))
}

/// Change an organisation (vendor admins). Requires `If-Match` with the current ETag.
#[utoipa::path(
    tag = "organisations",
    operation_id = "update_organisation",
    params(
        ("id" = Uuid, Path, description = "Organisation id"),
        ("If-Match" = String, Header, description = "The ETag of the version being changed, e.g. `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    request_body = UpdateOrganisationRequest,
    responses(
        (status = 200, description = "The changed organisation", body = Organisation, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "Another client has this customer number", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/organisations/{id}")]
pub async fn update_organisation(
    state: Data<AppState>,
    principal: Principal,
    if_match: IfMatch,
    id: PathId,
    body: Json<UpdateOrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    let organisation = services::organisations::update(&state, &principal, id.0, if_match.0, body.0).await?;
    Ok(versioned(actix_web::http::StatusCode::OK, &organisation))
}

/// The branches (vestigingen) of a partner.
#[utoipa::path(
    tag = "organisations",
    operation_id = "list_branches",
    params(("id" = Uuid, Path, description = "Organisation id")),
    responses((status = 200, description = "The branches, by name", body = Vec<Branch>)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/organisations/{id}/branches")]
pub async fn list_branches(state: Data<AppState>, principal: Principal, id: PathId) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(services::organisations::list_branches(&state, &principal, id.0).await?))
}

/// Add a branch to a partner (vendor admins, or the partner's admins).
#[utoipa::path(
    tag = "organisations",
    operation_id = "create_branch",
    params(("id" = Uuid, Path, description = "Organisation id")),
    request_body = CreateBranchRequest,
    responses(
        (status = 201, description = "Created", body = Branch),
        (status = 409, description = "A branch with this name exists", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organisations/{id}/branches")]
pub async fn create_branch(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<CreateBranchRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(services::organisations::create_branch(&state, &principal, id.0, body.0).await?))
}
