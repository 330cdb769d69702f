//! Changing a ticket: the helpdesk's working fields (with `If-Match`), a contact
//! person's approval or refusal, and a customer's request to reopen. Every status move
//! goes through the domain's state machine and starts a new period of the SLA history.

use std::future::Future;

use chrono::{DateTime, Utc};
use loket_api_types::tickets::{DeclineTicketRequest, Ticket, UpdateTicketRequest};
use loket_domain::Role;
use loket_domain::audit::{AuditAction, EntityType};
use loket_domain::policy::TicketAction;
use loket_domain::support::{StatusPeriod, TicketEvent, TicketStatus};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::mail::{self, TicketMail};
use super::rules::{self, SupportRules};
use super::{audited, ticket_for, to_dto};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::tickets;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

/// Runs `attempt` again (twice at most) when the ticket changed between reading and
/// saving it: for changes that do not carry an `If-Match` of their own.
pub(crate) async fn retrying<T, F, Fut>(mut attempt: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut tries = 0;
    loop {
        match attempt().await {
            Err(ApiError::PreconditionFailed) if tries < 2 => tries += 1,
            outcome => return outcome,
        }
    }
}

/// Moves `ticket` to `to` at `now`: closing stamps the time, reopening clears it, and
/// reaching the helpdesk starts the clocks.
pub(crate) fn move_status(ticket: &mut tickets::Model, to: TicketStatus, now: DateTime<Utc>) {
    ticket.status = to.as_str().to_owned();
    ticket.closed_at = (to == TicketStatus::Closed).then(|| now.into());
    if to.reached_helpdesk() && ticket.reached_helpdesk_at.is_none() {
        ticket.reached_helpdesk_at = Some(now.into());
    }
}

/// Saves `changed`, read at `expected_version`: a moved status opens a new SLA period,
/// and the SLA sort key follows. `PreconditionFailed` when someone saved first.
pub(crate) async fn save(
    db: &impl ConnectionTrait,
    rules: &SupportRules,
    mut changed: tickets::Model,
    expected_version: i64,
    moved_to: Option<TicketStatus>,
    now: DateTime<Utc>,
) -> Result<tickets::Model, ApiError> {
    let mut history = db::tickets::periods(db, changed.id).await?;
    if let Some(status) = moved_to {
        history.push(StatusPeriod { status, from: now });
    }
    let clocks = rules::clocks(rules, &changed, &history, now)?;
    changed.sla_sort = rules::live_sort_key(&changed, clocks);
    let saved =
        db::tickets::update_versioned(db, changed, expected_version, now).await?.ok_or(ApiError::PreconditionFailed)?;
    if let Some(status) = moved_to {
        db::tickets::add_period(db, saved.id, status, now).await?;
    }
    Ok(saved)
}

pub(crate) async fn organisation_name(db: &impl ConnectionTrait, ticket: &tickets::Model) -> Result<String, ApiError> {
    Ok(db::organisations::names(db, &[ticket.organisation_id])
        .await?
        .remove(&ticket.organisation_id)
        .unwrap_or_default())
}

/// The client's consultant as a mail names them: "name (e-mail, phone)"; empty when the
/// client has none.
async fn consultant_line(db: &impl ConnectionTrait, ticket: &tickets::Model) -> Result<String, ApiError> {
    let Some(client) = db::auth_lookup::organisation_by_id(db, ticket.organisation_id).await? else {
        return Ok(String::new());
    };
    let Some(name) = client.consultant_name else {
        return Ok(String::new());
    };
    let reach: Vec<String> = [client.consultant_email, client.consultant_phone].into_iter().flatten().collect();
    Ok(if reach.is_empty() { name } else { format!("{name} ({})", reach.join(", ")) })
}

/// An assignee must be an active member of the vendor's staff (a role only vendor
/// users hold).
async fn check_assignee(state: &AppState, id: Uuid) -> Result<(), ApiError> {
    let user = db::users::by_ids(&state.db, &[id]).await?.remove(&id);
    let staff = user.as_ref().is_some_and(|u| {
        u.status == db::users::STATUS_ACTIVE && Role::parse(&u.role).is_some_and(Role::is_vendor_staff)
    });
    if !staff {
        return Err(ApiError::field("assignee_id", "not_an_agent", "assign the ticket to an active helpdesk agent"));
    }
    Ok(())
}

/// The helpdesk's change of status, type, priority, assignee or contract mark, made on
/// the version the agent saw: a 412 carries the ticket as it is now.
pub async fn update(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    expected_version: i64,
    request: UpdateTicketRequest,
) -> Result<Ticket, ApiError> {
    match update_seen(state, principal, id, expected_version, request).await {
        Err(ApiError::PreconditionFailed) => {
            let current = super::get(state, principal, id).await?;
            Err(ApiError::Stale(Box::new(serde_json::to_value(current).map_err(ApiError::internal)?)))
        }
        outcome => outcome,
    }
}

async fn update_seen(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    expected_version: i64,
    request: UpdateTicketRequest,
) -> Result<Ticket, ApiError> {
    let (mut ticket, user) = ticket_for(state, principal, TicketAction::Work, id).await?;
    if ticket.version != expected_version {
        return Err(ApiError::PreconditionFailed);
    }
    let now = Utc::now();
    let rules = SupportRules::load(&state.db, now).await?;
    let before = audited(&ticket);
    let current = db::tickets::status_of(&ticket)?;
    let mut moved_to = None;
    if let Some(status) = request.status
        && status != current
    {
        let next = current.after(TicketEvent::SetStatus(status))?;
        move_status(&mut ticket, next, now);
        moved_to = Some(next);
    }
    if let Some(ticket_type) = request.ticket_type {
        ticket.ticket_type = ticket_type.as_str().to_owned();
    }
    if let Some(priority) = request.priority {
        ticket.priority = priority.as_str().to_owned();
    }
    if request.unassign == Some(true) {
        ticket.assignee_id = None;
    } else if let Some(assignee) = request.assignee_id {
        check_assignee(state, assignee).await?;
        ticket.assignee_id = Some(assignee);
    }
    let previous_reason = ticket.out_of_contract_reason.clone();
    if let Some(reason) = request.out_of_contract_reason {
        ticket.out_of_contract_reason = Some(reason.trim().to_owned()).filter(|r| !r.is_empty());
    }
    let change =
        Change::updated(EntityType::Ticket, ticket.id, Some(ticket.organisation_id), &before, &audited(&ticket));
    if change.is_empty() {
        return to_dto(state, &rules, &ticket).await;
    }
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = save(write.db(), &rules, ticket, expected_version, moved_to, now).await?;
    write.record(change).await?;
    if let Some(status) = moved_to {
        let recipients = mail::customer_side(write.db(), &saved, Some(user.id)).await?;
        let organisation = organisation_name(write.db(), &saved).await?;
        mail::send(state, write.db(), &saved, &organisation, TicketMail::Status(status), &user.name, &recipients)
            .await?;
    }
    // Newly outside the contract: the customer hears why, and whom to ask instead.
    if let Some(reason) =
        saved.out_of_contract_reason.as_deref().filter(|_| saved.out_of_contract_reason != previous_reason)
    {
        let recipients = mail::customer_side(write.db(), &saved, Some(user.id)).await?;
        let organisation = organisation_name(write.db(), &saved).await?;
        let consultant = consultant_line(write.db(), &saved).await?;
        let mail = TicketMail::OutOfContract { reason, consultant: &consultant };
        mail::send(state, write.db(), &saved, &organisation, mail, &user.name, &recipients).await?;
    }
    write.commit().await?;
    to_dto(state, &rules, &saved).await
}

/// Approving or declining a colleague's ticket.
enum Decision<'a> {
    Approve,
    Decline(&'a str),
}

async fn decide(state: &AppState, principal: &Principal, id: Uuid, decision: Decision<'_>) -> Result<Ticket, ApiError> {
    let (mut ticket, user) = ticket_for(state, principal, TicketAction::Approve, id).await?;
    let now = Utc::now();
    let rules = SupportRules::load(&state.db, now).await?;
    let before = audited(&ticket);
    let version = ticket.version;
    let (event, action) = match decision {
        Decision::Approve => (TicketEvent::Approve, AuditAction::Approved),
        Decision::Decline(_) => (TicketEvent::Decline, AuditAction::Declined),
    };
    let next = db::tickets::status_of(&ticket)?.after(event)?;
    move_status(&mut ticket, next, now);
    ticket.decided_by_id = Some(user.id);
    if let Decision::Decline(reason) = decision {
        ticket.decline_reason = Some(reason.to_owned());
    }
    let change =
        Change::updated(EntityType::Ticket, ticket.id, Some(ticket.organisation_id), &before, &audited(&ticket))
            .with_action(action);
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = save(write.db(), &rules, ticket, version, Some(next), now).await?;
    write.record(change).await?;
    let requester = db::users::by_ids(write.db(), &[saved.requester_id]).await?.into_values().collect::<Vec<_>>();
    let organisation = organisation_name(write.db(), &saved).await?;
    let mail = match decision {
        Decision::Approve => TicketMail::Approved,
        Decision::Decline(reason) => TicketMail::Declined { reason },
    };
    mail::send(state, write.db(), &saved, &organisation, mail, &user.name, &requester).await?;
    write.commit().await?;
    to_dto(state, &rules, &saved).await
}

pub async fn approve(state: &AppState, principal: &Principal, id: Uuid) -> Result<Ticket, ApiError> {
    retrying(|| decide(state, principal, id, Decision::Approve)).await
}

pub async fn decline(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    request: DeclineTicketRequest,
) -> Result<Ticket, ApiError> {
    let reason = request.reason.trim().to_owned();
    if reason.is_empty() {
        return Err(ApiError::field("reason", "required", "say why the ticket is declined"));
    }
    retrying(|| decide(state, principal, id, Decision::Decline(&reason))).await
}

async fn reopen_once(state: &AppState, principal: &Principal, id: Uuid) -> Result<Ticket, ApiError> {
    let (mut ticket, _) = ticket_for(state, principal, TicketAction::Decide, id).await?;
    let now = Utc::now();
    let rules = SupportRules::load(&state.db, now).await?;
    let before = audited(&ticket);
    let version = ticket.version;
    let closed_at = ticket.closed_at.map_or(now, |at| at.with_timezone(&Utc));
    let event = TicketEvent::RequestReopen { closed_at, now, window: rules.reopen_window };
    let next = db::tickets::status_of(&ticket)?.after(event)?;
    move_status(&mut ticket, next, now);
    let change =
        Change::updated(EntityType::Ticket, ticket.id, Some(ticket.organisation_id), &before, &audited(&ticket))
            .with_action(AuditAction::Reopened);
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = save(write.db(), &rules, ticket, version, Some(next), now).await?;
    write.record(change).await?;
    write.commit().await?;
    to_dto(state, &rules, &saved).await
}

/// A customer asks to reopen a closed ticket, within the reopen window.
pub async fn reopen(state: &AppState, principal: &Principal, id: Uuid) -> Result<Ticket, ApiError> {
    retrying(|| reopen_once(state, principal, id)).await
}
