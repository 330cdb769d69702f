//! The new-customer questionnaire: `/questionnaire` (its versioned definition) and
//! `/install-requests/{id}/questionnaire` (a case's answers).

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpResponse, get, post, put};
use loket_api_types::questionnaires::{
    CaseQuestionnaire, PersonInvitations, QuestionnaireDefinition, ReplaceQuestionnaire, SaveAnswers,
};
use loket_domain::onboarding::questionnaire::Saving;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, PathId, versioned};
use crate::services::install_requests::questionnaire;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_questionnaire)
        .service(replace_questionnaire)
        .service(get_case_questionnaire)
        .service(save_case_questionnaire)
        .service(submit_case_questionnaire)
        .service(invite_questionnaire_people);
}

/// The questionnaire in force (version 0 is the built-in standard).
#[utoipa::path(
    tag = "questionnaire",
    operation_id = "get_questionnaire",
    responses((status = 200, description = "The definition", body = QuestionnaireDefinition, headers(("ETag" = String, description = "The version, for If-Match")))),
    security(("bearer" = []))
)]
#[get("/questionnaire")]
pub async fn get_questionnaire(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &questionnaire::definition(&state, &principal).await?))
}

/// Save a new version of the questionnaire (vendor administrators). Cases accepted from
/// now on answer it; earlier cases keep theirs. Requires `If-Match` with the version the
/// editor started from.
#[utoipa::path(
    tag = "questionnaire",
    operation_id = "replace_questionnaire",
    params(("If-Match" = String, Header, description = "The ETag of the version being replaced, e.g. `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#)),
    request_body = ReplaceQuestionnaire,
    responses(
        (status = 200, description = "The new version", body = QuestionnaireDefinition, headers(("ETag" = String, description = "The new version"))),
        (status = 412, description = "Someone saved a newer version; `current` is it", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/questionnaire")]
pub async fn replace_questionnaire(
    state: Data<AppState>,
    principal: Principal,
    if_match: IfMatch,
    body: Json<ReplaceQuestionnaire>,
) -> Result<HttpResponse, ApiError> {
    let saved = questionnaire::replace_definition(&state, &principal, if_match.0, body.0).await?;
    Ok(versioned(StatusCode::OK, &saved))
}

/// A case's questionnaire: the version it answers and the answers so far (from the
/// helpdesk's acceptance on).
#[utoipa::path(
    tag = "questionnaire",
    operation_id = "get_case_questionnaire",
    params(("id" = Uuid, Path, description = "Install request id")),
    responses(
        (status = 200, description = "The questionnaire and its answers", body = CaseQuestionnaire, headers(("ETag" = String, description = "The version, for If-Match"))),
        (status = 409, description = "Not accepted yet: no questionnaire", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("api_key" = []))
)]
#[get("/install-requests/{id}/questionnaire")]
pub async fn get_case_questionnaire(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &questionnaire::get(&state, &principal, id.0).await?))
}

/// Save the answers as a draft (the client's superuser). Only what is filled in is
/// checked; errors name the answer (`answers.people[1].email`). Requires `If-Match`.
#[utoipa::path(
    tag = "questionnaire",
    operation_id = "save_case_questionnaire",
    params(
        ("id" = Uuid, Path, description = "Install request id"),
        ("If-Match" = String, Header, description = "The ETag of the answers being changed, e.g. `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    request_body = SaveAnswers,
    responses(
        (status = 200, description = "Saved", body = CaseQuestionnaire, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "Submitted already, or not accepted yet", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed meanwhile; `current` is how it is now", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/install-requests/{id}/questionnaire")]
pub async fn save_case_questionnaire(
    state: Data<AppState>,
    principal: Principal,
    if_match: IfMatch,
    id: PathId,
    body: Json<SaveAnswers>,
) -> Result<HttpResponse, ApiError> {
    let saved = questionnaire::save(&state, &principal, id.0, if_match.0, body.0.answers, Saving::Draft).await?;
    Ok(versioned(StatusCode::OK, &saved))
}

/// Submit the answers (the client's superuser): every required question answered and
/// every answer valid, or 422 naming each; the case moves on to its contracts.
#[utoipa::path(
    tag = "questionnaire",
    operation_id = "submit_case_questionnaire",
    params(
        ("id" = Uuid, Path, description = "Install request id"),
        ("If-Match" = String, Header, description = "The ETag of the answers being submitted, e.g. `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    request_body = SaveAnswers,
    responses(
        (status = 200, description = "Submitted", body = CaseQuestionnaire, headers(("ETag" = String, description = "The new version"))),
        (status = 409, description = "Submitted already, or not accepted yet", body = loket_api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed meanwhile; `current` is how it is now", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/install-requests/{id}/questionnaire/submit")]
pub async fn submit_case_questionnaire(
    state: Data<AppState>,
    principal: Principal,
    if_match: IfMatch,
    id: PathId,
    body: Json<SaveAnswers>,
) -> Result<HttpResponse, ApiError> {
    let saved = questionnaire::save(&state, &principal, id.0, if_match.0, body.0.answers, Saving::Submit).await?;
    Ok(versioned(StatusCode::OK, &saved))
}

/// The helpdesk invites the people the submitted questionnaire lists, in one step:
/// administrators become the client's superusers, the others its users, each invited by
/// e-mail. Addresses that have a login already are left alone (asking again is safe).
#[utoipa::path(
    tag = "questionnaire",
    operation_id = "invite_questionnaire_people",
    params(("id" = Uuid, Path, description = "Install request id")),
    responses(
        (status = 200, description = "Each listed person with what inviting them came to", body = PersonInvitations),
        (status = 409, description = "The questionnaire is not submitted", body = loket_api_types::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/install-requests/{id}/questionnaire/invitations")]
pub async fn invite_questionnaire_people(
    state: Data<AppState>,
    principal: Principal,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(questionnaire::invite_people(&state, &principal, id.0).await?))
}
