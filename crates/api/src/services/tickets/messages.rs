//! A ticket's message board: public messages between the customer and the helpdesk, and
//! the helpdesk's internal notes, which no customer ever reads, receives or finds.

use chrono::Utc;
use loket_api_types::tickets::{CreateTicketMessageRequest, TicketMessage};
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::policy::{Decision, TicketAction, TicketFacts};
use loket_domain::support::{Side, TicketEvent};
use uuid::Uuid;

use super::mail::{self, TicketMail};
use super::rules::SupportRules;
use super::work::{move_status, organisation_name, retrying, save};
use super::{audited, ticket_with_facts};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::ticket_messages;
use crate::db::ticket_messages::NewMessage;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

pub(crate) fn to_dto(model: &ticket_messages::Model) -> TicketMessage {
    TicketMessage {
        id: model.id,
        ticket_id: model.ticket_id,
        author_name: model.author_name.clone(),
        from_staff: model.from_staff,
        internal: model.internal,
        body: model.body.clone(),
        created_at: model.created_at.with_timezone(&Utc),
    }
}

/// Whether the ticket policy lets the caller work with internal notes: the helpdesk.
fn helpdesk(principal: &Principal, facts: &TicketFacts) -> bool {
    principal.actor.decide(TicketAction::InternalNotes, facts) == Decision::Allow
}

/// The board of a ticket, oldest first; internal notes for the helpdesk only.
pub async fn list(state: &AppState, principal: &Principal, ticket_id: Uuid) -> Result<Vec<TicketMessage>, ApiError> {
    let (ticket, _, facts) = ticket_with_facts(state, principal, TicketAction::Read, ticket_id).await?;
    let rows = db::ticket_messages::list(&state.db, ticket.id, helpdesk(principal, &facts)).await?;
    Ok(rows.iter().map(to_dto).collect())
}

async fn post_once(
    state: &AppState,
    principal: &Principal,
    ticket_id: Uuid,
    body: &str,
    internal: bool,
) -> Result<TicketMessage, ApiError> {
    let action = if internal { TicketAction::InternalNotes } else { TicketAction::Reply };
    let (mut ticket, user, facts) = ticket_with_facts(state, principal, action, ticket_id).await?;
    let now = Utc::now();
    let from_staff = helpdesk(principal, &facts);
    let before = audited(&ticket);
    let version = ticket.version;
    let current = db::tickets::status_of(&ticket)?;
    // A public message may move the status (a customer's reply reopens a waiting
    // ticket; the helpdesk's first reply takes a new one up) and stops the
    // first-response clock. A note changes nothing for the customer.
    let mut moved_to = None;
    let mut ticket_changed = false;
    if !internal {
        let side = if from_staff { Side::Staff } else { Side::Customer };
        let next = current.after(TicketEvent::Reply(side))?;
        if next != current {
            move_status(&mut ticket, next, now);
            moved_to = Some(next);
            ticket_changed = true;
        }
        if from_staff && ticket.first_response_at.is_none() {
            ticket.first_response_at = Some(now.into());
            ticket_changed = true;
        }
    }
    let mut write = Write::begin(state, principal.into()).await?;
    if ticket_changed {
        let rules = SupportRules::standard(now);
        let after = audited(&ticket);
        ticket = save(write.db(), &rules, ticket, version, moved_to, now).await?;
        write
            .record(Change::updated(EntityType::Ticket, ticket.id, Some(ticket.organisation_id), &before, &after))
            .await?;
    }
    let message = db::ticket_messages::insert(
        write.db(),
        NewMessage {
            ticket_id: ticket.id,
            author_id: Some(user.id),
            author_name: user.name.clone(),
            from_staff,
            internal,
            body: body.to_owned(),
        },
        now,
    )
    .await?;
    let snapshot = Snapshot::new().field("internal", internal).field("from_staff", from_staff);
    let mut change = Change::created(EntityType::TicketMessage, message.id, Some(ticket.organisation_id), &snapshot)
        .in_history_of(EntityType::Ticket, ticket.id);
    if internal {
        change = change.staff_only();
    }
    write.record(change).await?;
    if !internal {
        let recipients = mail::customer_side(write.db(), &ticket, Some(user.id)).await?;
        let organisation = organisation_name(write.db(), &ticket).await?;
        mail::send(state, write.db(), &ticket, &organisation, TicketMail::Message { body }, &user.name, &recipients)
            .await?;
    }
    write.commit().await?;
    Ok(to_dto(&message))
}

/// Posts a public message, or with `internal` a note for the helpdesk.
pub async fn post(
    state: &AppState,
    principal: &Principal,
    ticket_id: Uuid,
    request: CreateTicketMessageRequest,
) -> Result<TicketMessage, ApiError> {
    let body = request.body.trim().to_owned();
    if body.is_empty() {
        return Err(ApiError::field("body", "required", "write a message"));
    }
    retrying(|| post_once(state, principal, ticket_id, &body, request.internal)).await
}
