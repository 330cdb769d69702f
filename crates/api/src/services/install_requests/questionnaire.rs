//! The new-customer questionnaire (seed 000 step 4): the vendor administrator saves new
//! versions of its definition; an accepted case answers the version current at its
//! acceptance; the client's superuser saves drafts and submits (checked answer by
//! answer, errors by path under `answers.`), which moves the case on to its contracts.

use std::collections::BTreeMap;

use chrono::Utc;
use loket_api_types::install_requests::InstallEventKind;
use loket_api_types::questionnaires::{
    Answer, CaseQuestionnaire, QuestionnaireDefinition, QuestionnaireStatus, ReplaceQuestionnaire, Section,
};
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::onboarding::InstallStep;
use loket_domain::onboarding::questionnaire::{AnswerProblem, Saving, check_answers, check_definition, standard};
use loket_domain::policy::{InstallRequestAction, QuestionnaireAction};
use sea_orm::{ConnectionTrait, Set};
use uuid::Uuid;

use super::moves::{self, Moved};
use super::view::{self, Names, NewEvent};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::{install_requests, questionnaire_answers};
use crate::db::tz;
use crate::error::ApiError;
use crate::extract::Versioned;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

impl Versioned for QuestionnaireDefinition {
    fn version(&self) -> i64 {
        i64::from(self.version)
    }
}

impl Versioned for CaseQuestionnaire {
    fn version(&self) -> i64 {
        self.version
    }
}

fn parse_sections(json: &str) -> Result<Vec<Section>, ApiError> {
    serde_json::from_str(json).map_err(ApiError::internal)
}

/// The definition in force: the latest saved version, or the built-in standard (0).
pub(crate) async fn current(db: &impl ConnectionTrait) -> Result<QuestionnaireDefinition, ApiError> {
    Ok(match db::questionnaires::latest(db).await? {
        Some(row) => QuestionnaireDefinition {
            version: row.number,
            sections: parse_sections(&row.sections)?,
            created_at: Some(row.created_at.with_timezone(&Utc)),
            created_by: Some(row.created_by_name),
        },
        None => QuestionnaireDefinition { version: 0, sections: standard(), created_at: None, created_by: None },
    })
}

async fn definition_of(db: &impl ConnectionTrait, number: i32) -> Result<Vec<Section>, ApiError> {
    if number == 0 {
        return Ok(standard());
    }
    let row = db::questionnaires::version(db, number)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("questionnaire version {number} is missing")))?;
    parse_sections(&row.sections)
}

pub async fn definition(state: &AppState, principal: &Principal) -> Result<QuestionnaireDefinition, ApiError> {
    principal.authorize(QuestionnaireAction::Read, &())?;
    current(&state.db).await
}

/// Saves a new version; `expected` is the version the editor started from (If-Match).
pub async fn replace_definition(
    state: &AppState,
    principal: &Principal,
    expected: i64,
    request: ReplaceQuestionnaire,
) -> Result<QuestionnaireDefinition, ApiError> {
    principal.authorize(QuestionnaireAction::Edit, &())?;
    check_definition(&request.sections).map_err(|e| ApiError::field(&e.path, "invalid", e.reason))?;
    let mut write = Write::begin(state, principal.into()).await?;
    let now = current(write.db()).await?;
    if i64::from(now.version) != expected {
        return Err(ApiError::Stale(Box::new(serde_json::to_value(&now).map_err(ApiError::internal)?)));
    }
    let sections = serde_json::to_string(&request.sections).map_err(ApiError::internal)?;
    let saved =
        db::questionnaires::insert_version(write.db(), now.version + 1, sections, &principal.name, Utc::now()).await?;
    let before = Snapshot::new().field("version", now.version).field("sections", &now.sections);
    let after = Snapshot::new().field("version", saved.number).field("sections", &request.sections);
    let id = Uuid::from_u128(u128::try_from(saved.number).unwrap_or_default());
    write.record(Change::updated(EntityType::Questionnaire, id, None, &before, &after)).await?;
    write.commit().await?;
    current(&state.db).await
}

/// Binds an accepted case to the questionnaire in force (inside the accepting write).
pub(crate) async fn start(db: &impl ConnectionTrait, request_id: Uuid) -> Result<(), ApiError> {
    let version = current(db).await?.version;
    db::questionnaires::start(db, request_id, version, Utc::now()).await?;
    Ok(())
}

async fn case_answers(
    db: &impl ConnectionTrait,
    request: &install_requests::Model,
) -> Result<questionnaire_answers::Model, ApiError> {
    db::questionnaires::answers_of(db, request.id).await?.ok_or_else(|| {
        ApiError::transition("The questionnaire starts when the helpdesk accepts the request.", Vec::new())
    })
}

async fn to_dto(db: &impl ConnectionTrait, row: &questionnaire_answers::Model) -> Result<CaseQuestionnaire, ApiError> {
    Ok(CaseQuestionnaire {
        request_id: row.request_id,
        questionnaire_version: row.questionnaire_version,
        sections: definition_of(db, row.questionnaire_version).await?,
        answers: serde_json::from_str(&row.answers).map_err(ApiError::internal)?,
        status: if row.status == "submitted" { QuestionnaireStatus::Submitted } else { QuestionnaireStatus::Draft },
        saved_at: row.saved_at.map(|at| at.with_timezone(&Utc)),
        saved_by: row.saved_by_name.clone(),
        submitted_at: row.submitted_at.map(|at| at.with_timezone(&Utc)),
        version: row.version,
    })
}

pub async fn get(state: &AppState, principal: &Principal, id: Uuid) -> Result<CaseQuestionnaire, ApiError> {
    let request = super::visible(&state.db, principal, id, InstallRequestAction::Read).await?;
    to_dto(&state.db, &case_answers(&state.db, &request).await?).await
}

fn problems_to_error(problems: Vec<AnswerProblem>) -> ApiError {
    ApiError::Validation(
        problems
            .into_iter()
            .map(|p| loket_api_types::FieldError {
                field: format!("answers.{}", p.path),
                code: p.code.to_owned(),
                message: p.message.to_owned(),
            })
            .collect(),
    )
}

/// Saves a draft, or submits (`saving`), under `If-Match`.
pub async fn save(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    answers: BTreeMap<String, Answer>,
    saving: Saving,
) -> Result<CaseQuestionnaire, ApiError> {
    let mut write = Write::begin(state, principal.into()).await?;
    let request = super::visible(write.db(), principal, id, InstallRequestAction::Answer).await?;
    let row = case_answers(write.db(), &request).await?;
    if row.version != expected {
        let now = to_dto(write.db(), &row).await?;
        return Err(ApiError::Stale(Box::new(serde_json::to_value(now).map_err(ApiError::internal)?)));
    }
    let step = db::install_requests::step_of(&request)?;
    if row.status == "submitted" || step != InstallStep::Questionnaire {
        return Err(ApiError::transition("The questionnaire has been submitted; it no longer changes.", Vec::new()));
    }
    let sections = definition_of(write.db(), row.questionnaire_version).await?;
    let written = check_answers(&sections, &answers, saving).map_err(problems_to_error)?;
    let now = Utc::now();
    let submitting = saving == Saving::Submit;
    if submitting {
        moves::check_move(step, InstallStep::Contracts, moves::party_of(&principal.actor), &["questionnaire"])?;
    }
    let changes = questionnaire_answers::ActiveModel {
        answers: Set(serde_json::to_string(&written).map_err(ApiError::internal)?),
        status: Set(if submitting { "submitted" } else { "draft" }.to_owned()),
        saved_at: Set(Some(tz(now))),
        saved_by_name: Set(Some(principal.name.chars().take(120).collect())),
        submitted_at: Set(submitting.then(|| tz(now))),
        ..Default::default()
    };
    let saved = db::questionnaires::save_answers(write.db(), request.id, expected, changes, now)
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    let before = Snapshot::new().field("status", &row.status).field("answers", &row.answers);
    let after = Snapshot::new().field("status", &saved.status).field("answers", &saved.answers);
    let action = if submitting { AuditAction::Submitted } else { AuditAction::Updated };
    let change = Change::updated(EntityType::QuestionnaireAnswers, request.id, request.client_id, &before, &after)
        .with_action(action)
        .in_history_of(EntityType::InstallRequest, request.id);
    write.record(change).await?;
    if submitting {
        let changes = install_requests::ActiveModel {
            step: Set(InstallStep::Contracts.as_str().to_owned()),
            ..Default::default()
        };
        let moved = db::install_requests::save(write.db(), request.id, request.version, changes, now)
            .await?
            .ok_or(ApiError::PreconditionFailed)?;
        let partner = view::partner_of(write.db(), &moved).await?;
        let names = Names::load(write.db(), std::slice::from_ref(&moved), false).await?;
        let dto = view::to_dto(&moved, &names)?;
        let event = NewEvent {
            kind: InstallEventKind::QuestionnaireSubmitted,
            from: Some(InstallStep::Questionnaire),
            to: Some(InstallStep::Contracts),
            actor_name: &principal.name,
            party: moves::event_party(moves::party_of(&principal.actor)),
            message: None,
            items: Vec::new(),
            revision: None,
        };
        moves::record(state, write.db(), Moved { request: &moved, dto: &dto, partner: &partner, event }).await?;
    }
    let answer = to_dto(write.db(), &saved).await?;
    write.commit().await?;
    Ok(answer)
}

/// The helpdesk invites the people a submitted questionnaire lists as users of the
/// client: administrators as superusers, the others as users. An address that has a
/// login already is left alone, so asking twice invites nobody twice.
pub async fn invite_people(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
) -> Result<loket_api_types::questionnaires::PersonInvitations, ApiError> {
    use loket_api_types::questionnaires::{InvitationOutcome, PersonInvitation, PersonInvitations, SoftwareRole};
    let mut write = Write::begin(state, principal.into()).await?;
    let request = super::visible(write.db(), principal, id, InstallRequestAction::Review).await?;
    let row = case_answers(write.db(), &request).await?;
    let (Some(client_id), true) = (request.client_id, row.status == "submitted") else {
        return Err(ApiError::transition("The people are invited once the questionnaire is submitted.", Vec::new()));
    };
    let answers: BTreeMap<String, Answer> = serde_json::from_str(&row.answers).map_err(ApiError::internal)?;
    let people = answers.into_values().filter_map(|answer| match answer {
        Answer::Persons(people) => Some(people),
        _ => None,
    });
    let mut items = Vec::new();
    for person in people.flatten() {
        let mut outcome = PersonInvitation {
            name: person.name.clone(),
            email: person.email.clone(),
            role: person.role,
            outcome: InvitationOutcome::AlreadyUser,
            user_id: None,
        };
        if !db::users::email_taken(write.db(), &person.email, None).await? {
            let role = match person.role {
                SoftwareRole::Administrator => loket_domain::Role::ClientSuperuser,
                SoftwareRole::User | SoftwareRole::ReadOnly => loket_domain::Role::ClientUser,
            };
            let user = db::users::insert(
                write.db(),
                db::users::NewUser {
                    organisation_id: client_id,
                    email: person.email.clone(),
                    name: person.name.clone(),
                    phone: Some(person.phone.clone()),
                    language: loket_domain::Language::Nl,
                    role,
                    is_contact_person: false,
                    is_technical_contact: false,
                    password_hash: None,
                },
                Utc::now(),
            )
            .await?;
            crate::services::account_links::queue_invitation(state, write.db(), &user).await?;
            let snapshot = crate::services::users::audited(&user, &[]);
            write.record(Change::created(EntityType::User, user.id, Some(client_id), &snapshot)).await?;
            outcome.outcome = InvitationOutcome::Invited;
            outcome.user_id = Some(user.id);
        }
        items.push(outcome);
    }
    if !anyone_invited(&items) {
        // Nobody new: nothing changed, so nothing is committed (or audited).
        return Ok(PersonInvitations { items });
    }
    write.commit().await?;
    Ok(PersonInvitations { items })
}

fn anyone_invited(items: &[loket_api_types::questionnaires::PersonInvitation]) -> bool {
    items.iter().any(|i| i.outcome == loket_api_types::questionnaires::InvitationOutcome::Invited)
}
