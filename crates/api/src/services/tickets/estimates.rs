//! Cost estimates on change requests (seed 003): the helpdesk proposes one (hours,
//! amount, what it covers) and the ticket waits on the customer, who is e-mailed; the
//! customer accepts or declines it in the app and the helpdesk works on. Both are
//! changes of the ticket, so both are on its timeline.

use chrono::Utc;
use loket_api_types::ticket_estimates::{
    AnswerEstimateRequest, EstimateAnswer, ProposeEstimateRequest, TicketEstimate,
};
use loket_api_types::tickets::Ticket;
use loket_domain::Language;
use loket_domain::audit::{AuditAction, EntityType};
use loket_domain::policy::TicketAction;
use loket_domain::support::{Estimate, EstimateStatus, estimate};
use uuid::Uuid;

use super::mail::{self, TicketMail};
use super::rules::SupportRules;
use super::work::{move_status, organisation_name, retrying, save};
use super::{audited, ticket_for, to_dto};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::tickets;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

/// The stored estimate of `ticket`, if it has one.
pub(crate) fn of(ticket: &tickets::Model) -> Result<Option<(Estimate, EstimateStatus)>, ApiError> {
    let (Some(minutes), Some(cents), Some(status)) =
        (ticket.estimate_minutes, ticket.estimate_amount_cents, ticket.estimate_status.as_deref())
    else {
        return Ok(None);
    };
    let broken = || ApiError::internal(anyhow::anyhow!("ticket {} has an unreadable estimate", ticket.id));
    let estimate = Estimate::from_stored(minutes, cents).ok_or_else(broken)?;
    let status = EstimateStatus::parse(status).ok_or_else(broken)?;
    Ok(Some((estimate, status)))
}

pub(crate) fn to_dto_part(ticket: &tickets::Model) -> Result<Option<TicketEstimate>, ApiError> {
    Ok(of(ticket)?.map(|(estimate, status)| TicketEstimate {
        hours: estimate.hours(),
        amount_cents: estimate.amount_cents(),
        description: ticket.estimate_description.clone().unwrap_or_default(),
        status,
        answer_reason: ticket.estimate_reason.clone(),
    }))
}

/// The estimate as the audit log and the timeline show it: "6.5 h · € 780.00".
pub(crate) fn audited_summary(ticket: &tickets::Model) -> Option<String> {
    of(ticket).ok().flatten().map(|(estimate, _)| estimate.summary(Language::En))
}

async fn propose_once(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    estimate: Estimate,
    description: &str,
) -> Result<Ticket, ApiError> {
    let (mut ticket, user) = ticket_for(state, principal, TicketAction::Work, id).await?;
    let next = estimate::propose(db::tickets::type_of(&ticket)?, db::tickets::status_of(&ticket)?)?;
    let now = Utc::now();
    let rules = SupportRules::load(&state.db, now).await?;
    let before = audited(&ticket);
    let version = ticket.version;
    let moved = (db::tickets::status_of(&ticket)? != next).then_some(next);
    move_status(&mut ticket, next, now);
    ticket.estimate_minutes = Some(i32::try_from(estimate.minutes()).map_err(ApiError::internal)?);
    ticket.estimate_amount_cents = Some(estimate.amount_cents());
    ticket.estimate_description = Some(description.to_owned());
    ticket.estimate_status = Some(EstimateStatus::Pending.as_str().to_owned());
    ticket.estimate_reason = None;
    let change =
        Change::updated(EntityType::Ticket, ticket.id, Some(ticket.organisation_id), &before, &audited(&ticket));
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = save(write.db(), &rules, ticket, version, moved, now).await?;
    write.record(change).await?;
    let recipients = mail::customer_side(write.db(), &saved, None).await?;
    let organisation = organisation_name(write.db(), &saved).await?;
    mail::send(
        state,
        write.db(),
        &saved,
        &organisation,
        TicketMail::Estimate { estimate, description },
        &user.name,
        &recipients,
    )
    .await?;
    write.commit().await?;
    to_dto(state, &rules, &saved).await
}

/// The helpdesk attaches an estimate to a change request; the ticket waits on the
/// customer, who is e-mailed. A new estimate replaces one not yet answered.
pub async fn propose(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    request: ProposeEstimateRequest,
) -> Result<Ticket, ApiError> {
    let estimate = Estimate::new(request.hours, request.amount_cents).map_err(|error| match error {
        loket_domain::support::EstimateError::Hours => ApiError::field("hours", "range", error.to_string()),
        loket_domain::support::EstimateError::Amount => ApiError::field("amount_cents", "range", error.to_string()),
    })?;
    let description = request.description.trim().to_owned();
    if description.is_empty() {
        return Err(ApiError::field("description", "required", "describe the work the estimate covers"));
    }
    retrying(|| propose_once(state, principal, id, estimate, &description)).await
}

async fn answer_once(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    answer: EstimateAnswer,
    reason: Option<&str>,
) -> Result<Ticket, ApiError> {
    let (mut ticket, _) = ticket_for(state, principal, TicketAction::Decide, id).await?;
    let pending = of(&ticket)?.map(|(_, status)| status);
    let next = estimate::answer(db::tickets::status_of(&ticket)?, pending)?;
    let now = Utc::now();
    let rules = SupportRules::load(&state.db, now).await?;
    let before = audited(&ticket);
    let version = ticket.version;
    let moved = (db::tickets::status_of(&ticket)? != next).then_some(next);
    move_status(&mut ticket, next, now);
    let (status, action) = match answer {
        EstimateAnswer::Accept => (EstimateStatus::Accepted, AuditAction::Approved),
        EstimateAnswer::Decline => (EstimateStatus::Declined, AuditAction::Declined),
    };
    ticket.estimate_status = Some(status.as_str().to_owned());
    ticket.estimate_reason = reason.map(str::to_owned);
    let change =
        Change::updated(EntityType::Ticket, ticket.id, Some(ticket.organisation_id), &before, &audited(&ticket))
            .with_action(action);
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = save(write.db(), &rules, ticket, version, moved, now).await?;
    write.record(change).await?;
    write.commit().await?;
    to_dto(state, &rules, &saved).await
}

/// The customer accepts or declines the pending estimate; the helpdesk works on.
pub async fn answer(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    request: AnswerEstimateRequest,
) -> Result<Ticket, ApiError> {
    let reason = request.reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    retrying(|| answer_once(state, principal, id, request.answer, reason.as_deref())).await
}
