//! A request's moves between steps: the onboarding engine decides whether a move is
//! allowed; a move that happens is written on the timeline and told to the partner by a
//! signed webhook (`install_request.step_changed`) and by e-mail (to whoever filed it and
//! to the partner's administrators for that branch), all in the moving transaction.

use std::sync::OnceLock;

use loket_api_types::install_requests::{InstallEventKind, InstallEventParty, InstallRequest};
use loket_domain::onboarding::{Flow, InstallStep, MoveRefused, Party, install_flow};
use loket_domain::policy::Actor;
use loket_domain::webhooks::WebhookEvent;
use loket_domain::{OrganisationKind, Role};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::view::{self, NewEvent};
use crate::adapters::mail_templates::MailKind;
use crate::db;
use crate::db::entities::{install_requests, organisations, users};
use crate::error::ApiError;
use crate::services::notifications;
use crate::state::AppState;

/// The install flow, checked once.
pub fn flow() -> Result<&'static Flow, ApiError> {
    static FLOW: OnceLock<Result<Flow, String>> = OnceLock::new();
    FLOW.get_or_init(|| install_flow().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| ApiError::internal(anyhow::anyhow!("the install flow is broken: {e}")))
}

/// The party an actor acts as on a case.
pub fn party_of(actor: &Actor) -> Party {
    match actor.organisation_kind {
        OrganisationKind::Vendor => Party::Helpdesk,
        OrganisationKind::Partner => Party::Partner,
        OrganisationKind::Client => Party::Client,
    }
}

pub fn event_party(party: Party) -> InstallEventParty {
    match party {
        Party::Helpdesk | Party::Vendor => InstallEventParty::Helpdesk,
        Party::Partner | Party::Accountant | Party::Payer => InstallEventParty::Partner,
        Party::Client => InstallEventParty::Client,
        Party::Software => InstallEventParty::Software,
    }
}

/// Asks the engine whether `by` may move a case from `from` to `to` with the data
/// `present`: 409 `invalid_transition` with the allowed next steps when not.
pub fn check_move(from: InstallStep, to: InstallStep, by: Party, present: &[&str]) -> Result<(), ApiError> {
    let present = present.iter().copied().collect();
    match flow()?.advance(from.as_str(), to.as_str(), by, &present) {
        Ok(_) => Ok(()),
        Err(MoveRefused::NotAllowed { from, allowed, .. }) => Err(ApiError::transition(
            format!("A request at step {from} cannot go to {}.", to.as_str()),
            allowed.iter().map(|s| (*s).to_owned()).collect(),
        )),
        Err(MoveRefused::NotOwner { step, .. }) => {
            Err(ApiError::forbidden(format!("Someone else acts on a request at step {step}.")))
        }
        Err(MoveRefused::MissingData { step, missing }) => Err(ApiError::transition(
            format!("A request leaves step {step} only with {}.", missing.join(", ")),
            Vec::new(),
        )),
        Err(MoveRefused::UnknownStep(step)) => Err(ApiError::internal(anyhow::anyhow!("unknown step {step}"))),
    }
}

/// What a move says.
pub struct Moved<'a> {
    pub request: &'a install_requests::Model,
    pub dto: &'a InstallRequest,
    pub partner: &'a organisations::Model,
    pub event: NewEvent<'a>,
}

/// The mail event name of a timeline entry, when the partner is mailed about it.
fn mail_event(kind: InstallEventKind) -> Option<&'static str> {
    match kind {
        InstallEventKind::Submitted => Some("submitted"),
        InstallEventKind::Resubmitted => Some("resubmitted"),
        InstallEventKind::Returned => Some("returned"),
        InstallEventKind::Rejected => Some("rejected"),
        InstallEventKind::Accepted => Some("accepted"),
        InstallEventKind::QuestionnaireSubmitted => Some("questionnaire_submitted"),
        InstallEventKind::InstructionsSent => Some("instructions_sent"),
        InstallEventKind::InstallationRegistered => Some("installation_registered"),
        InstallEventKind::Completed => Some("completed"),
        InstallEventKind::Amended | InstallEventKind::FollowedUp => None,
    }
}

/// Writes the move on the timeline and queues the webhook and the e-mails.
pub async fn record(state: &AppState, db: &impl ConnectionTrait, moved: Moved<'_>) -> Result<(), ApiError> {
    let now = chrono::Utc::now();
    let Moved { request, dto, partner, event } = moved;
    let kind = event.kind;
    let author = event.actor_name.to_owned();
    let row = view::event_row(request.id, event, now)?;
    let stored = row.clone();
    db::install_requests::add_event(db, row).await?;
    let entry = view::event_to_dto(&sea_orm::TryIntoModel::try_into_model(stored).map_err(ApiError::internal)?)?;
    let data = serde_json::json!({
        "install_request": dto,
        "from_step": entry.from_step,
        "to_step": entry.to_step,
        "event": entry,
    });
    notifications::emit(state, db, WebhookEvent::InstallRequestStepChanged, partner, data).await?;
    if let Some(mail) = mail_event(kind) {
        let link = format!("{}/intake/{}", state.settings.public_url, request.id);
        for person in partner_people(db, request).await? {
            notifications::queue_mail_to(state, db, MailKind::InstallRequest, &person, Some(request.partner_id), |_| {
                minijinja::context! {
                    event => mail, name => &person.name, number => &request.number, company => &request.company_name,
                    author => &author, revision => request.revision, items => &entry.items,
                    message => entry.message.as_deref().unwrap_or_default(),
                    // Built here from the public URL and the request id: nothing to escape.
                    link => minijinja::Value::from_safe_string(link.clone()),
                }
            })
            .await?;
        }
    }
    Ok(())
}

/// Who at the partner hears of a request: whoever filed it and the partner's
/// administrators who see it (not limited to other branches), each once.
async fn partner_people(
    db: &impl ConnectionTrait,
    request: &install_requests::Model,
) -> Result<Vec<users::Model>, ApiError> {
    let admins = db::users::with_role(db, request.partner_id, Role::PartnerAdmin.as_str()).await?;
    let ids: Vec<Uuid> = admins.iter().map(|a| a.id).collect();
    let branches = db::users::branch_ids(db, &ids).await?;
    let mut people: Vec<users::Model> = admins
        .into_iter()
        .filter(|admin| match (branches.get(&admin.id), request.branch_id) {
            (Some(limited), Some(branch)) if !limited.is_empty() => limited.contains(&branch),
            _ => true,
        })
        .collect();
    if let Some(filer) = request.filed_by_user_id
        && !people.iter().any(|p| p.id == filer)
        && let Some(user) = db::users::by_ids(db, &[filer]).await?.remove(&filer)
        && user.status == db::users::STATUS_ACTIVE
    {
        people.insert(0, user);
    }
    Ok(people)
}
