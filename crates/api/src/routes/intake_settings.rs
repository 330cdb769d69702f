//! The vendor's set-up of partner intake: `/accounting-packages` and
//! `/organisations/{id}/partner-fields`.

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpResponse, get, patch, post, put};
use loket_api_types::install_requests::{
    AccountingPackage, AccountingPackageList, CreateAccountingPackage, PartnerFields, UpdateAccountingPackage,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, PathId, versioned};
use crate::services::intake_settings;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_accounting_packages)
        .service(create_accounting_package)
        .service(update_accounting_package)
        .service(get_partner_fields)
        .service(replace_partner_fields);
}

/// The accounting packages a request can name, in their order: the active ones for
/// partners, every one (inactive too) for the helpdesk.
#[utoipa::path(
    tag = "intake-settings",
    operation_id = "list_accounting_packages",
    responses((status = 200, description = "The packages", body = AccountingPackageList)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/accounting-packages")]
pub async fn list_accounting_packages(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(intake_settings::list_packages(&state, &principal).await?))
}

/// Add a package to the list (vendor administrators).
#[utoipa::path(
    tag = "intake-settings",
    operation_id = "create_accounting_package",
    request_body = CreateAccountingPackage,
    responses(
        (status = 201, description = "Added", body = AccountingPackage, headers(("ETag" = String, description = "The version"))),
        (status = 409, description = "A package with this name exists", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/accounting-packages")]
pub async fn create_accounting_package(
    state: Data<AppState>,
    principal: Principal,
    body: Json<CreateAccountingPackage>,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::CREATED, &intake_settings::create_package(&state, &principal, body.0).await?))
}

/// Rename, reorder, or (de)activate a package. Requires `If-Match`.
#[utoipa::path(
    tag = "intake-settings",
    operation_id = "update_accounting_package",
    params(
        ("id" = Uuid, Path, description = "Package id"),
        ("If-Match" = String, Header, description = "The ETag of the version being changed, e.g. `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    request_body = UpdateAccountingPackage,
    responses(
        (status = 200, description = "Changed", body = AccountingPackage, headers(("ETag" = String, description = "The new version"))),
        (status = 412, description = "Changed meanwhile; `current` is the package as it is now", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/accounting-packages/{id}")]
pub async fn update_accounting_package(
    state: Data<AppState>,
    principal: Principal,
    if_match: IfMatch,
    id: PathId,
    body: Json<UpdateAccountingPackage>,
) -> Result<HttpResponse, ApiError> {
    let package = intake_settings::update_package(&state, &principal, id.0, if_match.0, body.0).await?;
    Ok(versioned(StatusCode::OK, &package))
}

/// The fields a partner's install requests carry, in the order its form shows them.
#[utoipa::path(
    tag = "intake-settings",
    operation_id = "get_partner_fields",
    params(("id" = Uuid, Path, description = "The partner's organisation id")),
    responses((status = 200, description = "The fields", body = PartnerFields)),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/organisations/{id}/partner-fields")]
pub async fn get_partner_fields(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(intake_settings::partner_fields(&state, &principal, id.0).await?))
}

/// Replace a partner's request fields (vendor administrators). Requests already filed
/// keep their values.
#[utoipa::path(
    tag = "intake-settings",
    operation_id = "replace_partner_fields",
    params(("id" = Uuid, Path, description = "The partner's organisation id")),
    request_body = PartnerFields,
    responses((status = 200, description = "The fields now", body = PartnerFields)),
    security(("bearer" = []))
)]
#[put("/organisations/{id}/partner-fields")]
pub async fn replace_partner_fields(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
    body: Json<PartnerFields>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(intake_settings::replace_partner_fields(&state, &principal, id.0, body.0).await?))
}
