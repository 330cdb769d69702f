//! A ticket's message board: public messages between the customer and the helpdesk, and
//! the helpdesk's internal notes, which no customer ever reads, receives or finds.

use chrono::Utc;
use loket_api_types::ticket_attachments::TicketAttachment;
use loket_api_types::tickets::{CreateTicketMessageRequest, TicketMessage};
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::policy::TicketAction;
use loket_domain::support::{Side, TicketEvent};
use uuid::Uuid;

use super::attachments;
use super::mail::{self, TicketMail};
use super::rules::SupportRules;
use super::work::{move_status, organisation_name, retrying, save};
use super::{audited, helpdesk, ticket_with_facts};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::ticket_messages;
use crate::db::ticket_messages::NewMessage;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

pub(crate) fn to_dto(model: &ticket_messages::Model, attachments: Vec<TicketAttachment>) -> TicketMessage {
    TicketMessage {
        id: model.id,
        ticket_id: model.ticket_id,
        author_name: model.author_name.clone(),
        from_staff: model.from_staff,
        internal: model.internal,
        body: model.body.clone(),
        attachments,
        created_at: model.created_at.with_timezone(&Utc),
    }
}

/// The board of a ticket, oldest first; internal notes for the helpdesk only.
pub async fn list(state: &AppState, principal: &Principal, ticket_id: Uuid) -> Result<Vec<TicketMessage>, ApiError> {
    let (ticket, _, facts) = ticket_with_facts(state, principal, TicketAction::Read, ticket_id).await?;
    let staff = helpdesk(principal, &facts);
    let rows = db::ticket_messages::list(&state.db, ticket.id, staff).await?;
    with_files(state, ticket.id, &rows, staff).await
}

/// The messages `rows` of one ticket with their files (files for notes only for `staff`).
pub(crate) async fn with_files(
    state: &AppState,
    ticket_id: Uuid,
    rows: &[ticket_messages::Model],
    staff: bool,
) -> Result<Vec<TicketMessage>, ApiError> {
    let mut files = db::ticket_attachments::by_message(&state.db, ticket_id).await?;
    // The uploaders of all files at once.
    let uploaders: Vec<Uuid> = files.values().flatten().map(|file| file.uploaded_by_id).collect();
    let people = db::users::by_ids(&state.db, &uploaders).await?;
    Ok(rows
        .iter()
        .map(|row| {
            let on_message = files.remove(&row.id).unwrap_or_default();
            let shown = on_message.iter().filter(|file| staff || !file.internal);
            to_dto(row, shown.map(|file| attachments::to_dto(file, &people)).collect())
        })
        .collect())
}

async fn post_once(
    state: &AppState,
    principal: &Principal,
    ticket_id: Uuid,
    body: &str,
    internal: bool,
    attachment_ids: &[Uuid],
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
        let rules = SupportRules::load(write.db(), now).await?;
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
    let claimed = if attachment_ids.is_empty() {
        Vec::new()
    } else {
        let taken =
            db::ticket_attachments::claim(write.db(), ticket.id, attachment_ids, user.id, internal, message.id).await?;
        if taken != attachment_ids.len() as u64 {
            return Err(ApiError::field(
                "attachment_ids",
                "unknown",
                "name only files you uploaded to this ticket for this audience and did not post yet",
            ));
        }
        db::ticket_attachments::by_message(write.db(), ticket.id).await?.remove(&message.id).unwrap_or_default()
    };
    let snapshot =
        Snapshot::new().field("internal", internal).field("from_staff", from_staff).field("attachments", claimed.len());
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
    Ok(to_dto(&message, attachments::to_dtos(state, &claimed).await?))
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
    let mut ids = request.attachment_ids;
    ids.sort_unstable();
    ids.dedup();
    retrying(|| post_once(state, principal, ticket_id, &body, request.internal, &ids)).await
}
