//! The helpdesk's review of a submitted request (return it for what is missing, reject
//! it) and the partner's answer to a return (amend and resubmit). Each is a move of the
//! install flow, checked by the engine, saved under the row's version, on the timeline
//! and told to the partner. Acceptance also makes the client and invites its superuser
//! (`accept`).

use chrono::Utc;
use loket_api_types::install_requests::{
    InstallEventKind, InstallRequest, InstallRequestData, RejectInstallRequest, ReturnInstallRequest,
};
use loket_domain::audit::{AuditAction, EntityType};
use loket_domain::onboarding::InstallStep;
use loket_domain::policy::InstallRequestAction;
use sea_orm::Set;
use uuid::Uuid;

use super::moves::{self, Moved};
use super::view::{self, Names, NewEvent};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::install_requests;
use crate::db::tz;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

/// One move of a request, as a use case asks for it.
struct Plan {
    action: InstallRequestAction,
    to: InstallStep,
    kind: InstallEventKind,
    audit: AuditAction,
    /// The data the engine sees as present for the move.
    present: &'static [&'static str],
    message: Option<String>,
    items: Vec<String>,
    /// New data (a resubmission), already checked.
    data: Option<InstallRequestData>,
    /// The version the caller read (`If-Match`), for edits of the data.
    if_match: Option<i64>,
}

async fn apply(state: &AppState, principal: &Principal, id: Uuid, plan: Plan) -> Result<InstallRequest, ApiError> {
    let mut write = Write::begin(state, principal.into()).await?;
    let current = super::visible(write.db(), principal, id, plan.action).await?;
    if let Some(expected) = plan.if_match
        && expected != current.version
    {
        let now = super::answer(write.db(), principal, &current).await?;
        return Err(ApiError::Stale(Box::new(serde_json::to_value(now).map_err(ApiError::internal)?)));
    }
    let from = db::install_requests::step_of(&current)?;
    let by = moves::party_of(&principal.actor);
    moves::check_move(from, plan.to, by, plan.present)?;
    let now = Utc::now();
    let mut changes = install_requests::ActiveModel { step: Set(plan.to.as_str().to_owned()), ..Default::default() };
    let mut revision = None;
    if plan.to == InstallStep::Questionnaire {
        let data = view::data_of(&current, &Names::load(write.db(), std::slice::from_ref(&current), false).await?)?;
        let (client, _) = super::accept::make_client(state, &mut write, &current, &data).await?;
        changes.client_id = Set(Some(client.id));
        super::questionnaire::start(write.db(), current.id).await?;
    }
    if let Some(data) = &plan.data {
        view::set_data(&mut changes, data)?;
        let next = current.revision + 1;
        changes.revision = Set(next);
        changes.submitted_at = Set(tz(now));
        let snapshot = serde_json::to_string(data).map_err(ApiError::internal)?;
        db::install_requests::add_revision(write.db(), current.id, next, snapshot, now).await?;
        revision = Some(next);
    }
    // Inside the writing transaction the version read is the one saved against; a
    // concurrent move on PostgreSQL loses here and is told to reload.
    let saved = db::install_requests::save(write.db(), current.id, current.version, changes, now)
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    let change = Change::event(plan.audit, EntityType::InstallRequest, saved.id, Some(saved.partner_id))
        .comparing(Some(&view::audited(&current)), Some(&view::audited(&saved)));
    write.record(change).await?;
    let partner = view::partner_of(write.db(), &saved).await?;
    let names = Names::load(write.db(), std::slice::from_ref(&saved), false).await?;
    let dto = view::to_dto(&saved, &names)?;
    let event = NewEvent {
        kind: plan.kind,
        from: Some(from),
        to: Some(plan.to),
        actor_name: &principal.name,
        party: moves::event_party(by),
        message: plan.message,
        items: plan.items,
        revision,
    };
    moves::record(state, write.db(), Moved { request: &saved, dto: &dto, partner: &partner, event }).await?;
    let answer = super::answer(write.db(), principal, &saved).await?;
    write.commit().await?;
    tracing::info!(install_request_id = %saved.id, from = from.as_str(), to = plan.to.as_str(), "install request moved");
    Ok(answer)
}

fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}

/// The helpdesk returns a submitted request with what is missing.
pub async fn return_to_partner(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    request: ReturnInstallRequest,
) -> Result<InstallRequest, ApiError> {
    let mut items = Vec::new();
    for (index, item) in request.missing.iter().enumerate() {
        let text = item.trim();
        if text.is_empty() || text.chars().count() > 200 {
            return Err(ApiError::field(&format!("missing[{index}]"), "length", "each point has 1 to 200 characters"));
        }
        items.push(text.to_owned());
    }
    let plan = Plan {
        action: InstallRequestAction::Review,
        to: InstallStep::Returned,
        kind: InstallEventKind::Returned,
        audit: AuditAction::Returned,
        present: &[],
        message: trimmed(request.message.as_deref()),
        items,
        data: None,
        if_match: None,
    };
    apply(state, principal, id, plan).await
}

/// The helpdesk accepts a submitted request: the client and its superuser are made, the
/// superuser is invited, the client's questionnaire is next.
pub async fn accept(state: &AppState, principal: &Principal, id: Uuid) -> Result<InstallRequest, ApiError> {
    let plan = Plan {
        action: InstallRequestAction::Review,
        to: InstallStep::Questionnaire,
        kind: InstallEventKind::Accepted,
        audit: AuditAction::Accepted,
        present: &[],
        message: None,
        items: Vec::new(),
        data: None,
        if_match: None,
    };
    apply(state, principal, id, plan).await
}

/// The helpdesk rejects a submitted request, with a reason.
pub async fn reject(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    request: RejectInstallRequest,
) -> Result<InstallRequest, ApiError> {
    let reason =
        trimmed(Some(&request.reason)).ok_or_else(|| ApiError::field("reason", "required", "give a reason"))?;
    let plan = Plan {
        action: InstallRequestAction::Review,
        to: InstallStep::Rejected,
        kind: InstallEventKind::Rejected,
        audit: AuditAction::Rejected,
        present: &[],
        message: Some(reason),
        items: Vec::new(),
        data: None,
        if_match: None,
    };
    apply(state, principal, id, plan).await
}

/// The partner amends a returned request and submits it again: the new data is a new
/// version (the previous ones stay under `/revisions`), the request waits for review.
pub async fn resubmit(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    expected_version: i64,
    request: InstallRequestData,
) -> Result<InstallRequest, ApiError> {
    let current = super::visible(&state.db, principal, id, InstallRequestAction::Amend).await?;
    let checked = super::data::check(&state.db, &principal.actor, current.partner_id, &request).await?;
    let plan = Plan {
        action: InstallRequestAction::Amend,
        to: InstallStep::Submitted,
        kind: InstallEventKind::Resubmitted,
        audit: AuditAction::Resubmitted,
        present: &["amendment"],
        message: None,
        items: Vec::new(),
        data: Some(checked),
        if_match: Some(expected_version),
    };
    apply(state, principal, id, plan).await
}
