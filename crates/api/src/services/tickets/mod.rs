//! The support desk: tickets filed by a client's people and worked by the helpdesk.
//!
//! Every ticket is read through the caller's [`TicketScope`] (the repository filters by
//! it) and then checked by the ticket policy, so another tenant's ticket is a 404 and a
//! ticket awaiting approval does not exist for the helpdesk.

pub mod attachments;
pub mod dashboard;
pub mod estimates;
pub mod mail;
pub mod messages;
pub mod rules;
pub mod timeline;
pub mod work;

use chrono::{Datelike, Utc};
use loket_api_types::pagination::Page;
use loket_api_types::tickets::{
    CreateTicketRequest, Ticket, TicketListQuery, TicketPerson, TicketQueue, TicketSummary,
};
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::policy::{Decision, FileTickets, TicketAction, TicketFacts, TicketScope, ticket_scope};
use loket_domain::support::{Priority, StatusPeriod, TicketStatus};
use uuid::Uuid;

use self::mail::TicketMail;
use self::rules::SupportRules;
use crate::auth::Principal;
use crate::db;
use crate::db::entities::{tickets, users};
use crate::db::pagination::PageRequest;
use crate::db::ticket_search::Search;
use crate::db::tickets::{NewTicket, TicketFilter};
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

/// The fields of a ticket the audit log (and so the timeline) compares.
pub(crate) fn audited(model: &tickets::Model) -> Snapshot {
    Snapshot::new()
        .field("number", &model.number)
        .field("title", &model.title)
        .field("ticket_type", &model.ticket_type)
        .field("status", &model.status)
        .field("priority", &model.priority)
        .field("assignee_id", model.assignee_id)
        .field("out_of_contract_reason", &model.out_of_contract_reason)
        .field("decline_reason", &model.decline_reason)
        .field("estimate", estimates::audited_summary(model))
        .field("estimate_status", &model.estimate_status)
}

/// Whether the ticket policy lets the caller work with internal notes (and the files
/// uploaded for them): the helpdesk.
pub(crate) fn helpdesk(principal: &Principal, facts: &TicketFacts) -> bool {
    principal.actor.decide(TicketAction::InternalNotes, facts) == Decision::Allow
}

/// The signed-in user behind `principal` (tickets are for people, not API keys).
pub(crate) async fn acting_user(state: &AppState, principal: &Principal) -> Result<users::Model, ApiError> {
    let id = principal.require_user()?;
    db::users::by_ids(&state.db, &[id])
        .await?
        .remove(&id)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("the signed-in user {id} is missing")))
}

/// The caller's list scope.
pub(crate) async fn scope(
    state: &AppState,
    principal: &Principal,
) -> Result<(TicketScope, Option<users::Model>), ApiError> {
    if principal.actor.user_id().is_none() {
        return Ok((TicketScope::Nothing, None));
    }
    let user = acting_user(state, principal).await?;
    Ok((ticket_scope(&principal.actor, user.is_contact_person), Some(user)))
}

/// The ticket `id`, once `action` on it is allowed; with the acting user.
pub(crate) async fn ticket_for(
    state: &AppState,
    principal: &Principal,
    action: TicketAction,
    id: Uuid,
) -> Result<(tickets::Model, users::Model), ApiError> {
    let (ticket, user, _) = ticket_with_facts(state, principal, action, id).await?;
    Ok((ticket, user))
}

/// As [`ticket_for`], with the facts the policy decided on (to ask it more).
pub(crate) async fn ticket_with_facts(
    state: &AppState,
    principal: &Principal,
    action: TicketAction,
    id: Uuid,
) -> Result<(tickets::Model, users::Model, TicketFacts), ApiError> {
    principal.require_user()?;
    let (scope, user) = scope(state, principal).await?;
    let (Some(ticket), Some(user)) = (db::tickets::find(&state.db, &scope, id).await?, user) else {
        return Err(ApiError::NotFound);
    };
    let organisation = crate::services::access::organisation(state, principal, ticket.organisation_id).await?;
    let facts = TicketFacts {
        organisation: db::organisations::facts(&organisation)?,
        requester_id: ticket.requester_id,
        status: db::tickets::status_of(&ticket)?,
        actor_is_contact_person: user.is_contact_person && user.organisation_id == ticket.organisation_id,
    };
    principal.authorize(action, &facts)?;
    Ok((ticket, user, facts))
}

/// Trims `raw`; an empty result is `None`.
fn optional(raw: Option<String>) -> Option<String> {
    raw.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn required(raw: &str, field: &str, message: &str) -> Result<String, ApiError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(ApiError::field(field, "required", message));
    }
    Ok(text.to_owned())
}

/// The ticket as the API shows it, with its clocks at `now`.
pub(crate) async fn to_dto(state: &AppState, rules: &SupportRules, model: &tickets::Model) -> Result<Ticket, ApiError> {
    let now = Utc::now();
    let history = db::tickets::periods(&state.db, model.id).await?;
    let clocks = rules::clocks(rules, model, &history, now)?;
    let mut people: Vec<Uuid> = vec![model.requester_id];
    people.extend(model.assignee_id);
    let people = db::users::by_ids(&state.db, &people).await?;
    let person = |id: Uuid| TicketPerson { id, name: people.get(&id).map(|u| u.name.clone()).unwrap_or_default() };
    let organisation_name =
        db::organisations::names(&state.db, &[model.organisation_id]).await?.remove(&model.organisation_id);
    Ok(Ticket {
        id: model.id,
        number: model.number.clone(),
        organisation_id: model.organisation_id,
        organisation_name: organisation_name.unwrap_or_default(),
        requester: person(model.requester_id),
        title: model.title.clone(),
        description: model.description.clone(),
        ticket_type: db::tickets::type_of(model)?,
        status: db::tickets::status_of(model)?,
        priority: db::tickets::priority_of(model)?,
        assignee: model.assignee_id.map(person),
        module: model.module.clone(),
        affected_user: model.affected_user.clone(),
        company: model.company.clone(),
        error_message: model.error_message.clone(),
        steps_before: model.steps_before.clone(),
        out_of_contract_reason: model.out_of_contract_reason.clone(),
        decline_reason: model.decline_reason.clone(),
        sla: rules::sla_dto(rules, model, clocks)?,
        estimate: estimates::to_dto_part(model)?,
        created_at: model.created_at.with_timezone(&Utc),
        updated_at: model.updated_at.with_timezone(&Utc),
        closed_at: model.closed_at.map(|at| at.with_timezone(&Utc)),
        version: model.version,
    })
}

pub async fn create(state: &AppState, principal: &Principal, request: CreateTicketRequest) -> Result<Ticket, ApiError> {
    principal.authorize(FileTickets, &())?;
    let requester = acting_user(state, principal).await?;
    let title = required(&request.title, "title", "give the ticket a title")?;
    let description = required(&request.description, "description", "describe the problem")?;
    let status = if requester.is_contact_person { TicketStatus::New } else { TicketStatus::AwaitingApproval };
    let now = Utc::now();
    let rules = SupportRules::load(&state.db, now).await?;
    let organisation = crate::services::organisations::own_organisation(state, principal).await?;

    let mut write = Write::begin(state, principal.into()).await?;
    let number = db::tickets::next_number(write.db(), now.year()).await?;
    let id = Uuid::now_v7();
    let mut new = NewTicket {
        id,
        number: number.to_string(),
        organisation_id: organisation.id,
        requester_id: requester.id,
        title,
        description,
        priority: request.priority.unwrap_or(Priority::Normal),
        status,
        module: optional(request.module),
        affected_user: optional(request.affected_user),
        company: optional(request.company),
        error_message: optional(request.error_message),
        steps_before: optional(request.steps_before),
        sla_sort: db::tickets::sla_sort_key(None),
    };
    if status.reached_helpdesk() {
        // A new ticket's clocks both start now (or at the next opening); the first
        // response is due first.
        let target = rules.targets.first_response(new.priority);
        let history = [StatusPeriod { status, from: now }];
        let due = loket_domain::support::sla::evaluate(&rules.calendar, &history, target, None, now).sort_instant();
        new.sla_sort = db::tickets::sla_sort_key(due);
    }
    let saved = db::tickets::insert(write.db(), new, now).await?;
    write.record(Change::created(EntityType::Ticket, saved.id, Some(organisation.id), &audited(&saved))).await?;
    if status.reached_helpdesk() {
        mail::send(
            state,
            write.db(),
            &saved,
            &organisation.name,
            TicketMail::Created,
            &requester.name,
            std::slice::from_ref(&requester),
        )
        .await?;
    } else {
        let reviewers: Vec<_> = db::users::contact_persons(write.db(), organisation.id).await?;
        mail::send(
            state,
            write.db(),
            &saved,
            &organisation.name,
            TicketMail::ApprovalNeeded,
            &requester.name,
            &reviewers,
        )
        .await?;
        mail::send(
            state,
            write.db(),
            &saved,
            &organisation.name,
            TicketMail::AwaitingApproval,
            &requester.name,
            std::slice::from_ref(&requester),
        )
        .await?;
    }
    write.commit().await?;
    tracing::info!(ticket_id = %saved.id, number = %saved.number, status = %saved.status, "ticket filed");
    to_dto(state, &rules, &saved).await
}

pub async fn get(state: &AppState, principal: &Principal, id: Uuid) -> Result<Ticket, ApiError> {
    let (ticket, _) = ticket_for(state, principal, TicketAction::Read, id).await?;
    to_dto(state, &SupportRules::load(&state.db, Utc::now()).await?, &ticket).await
}

pub async fn list(
    state: &AppState,
    principal: &Principal,
    query: TicketListQuery,
) -> Result<Page<TicketSummary>, ApiError> {
    let (scope, user) = scope(state, principal).await?;
    let Some(user) = user else {
        return Err(ApiError::forbidden("Tickets are for signed-in users."));
    };
    if matches!(scope, TicketScope::Nothing) {
        return Err(ApiError::forbidden("Tickets are between a client and the helpdesk."));
    }
    let helpdesk = matches!(scope, TicketScope::Helpdesk);
    if query.queue.is_some() && !helpdesk {
        return Err(ApiError::forbidden("Queues are for the helpdesk."));
    }
    let page = PageRequest::new(query.sort, query.cursor.as_deref(), query.limit)?;
    if let (Some(from), Some(until)) = (query.created_from, query.created_until)
        && from >= until
    {
        return Ok(Page { items: Vec::new(), next_cursor: None });
    }
    let open: Vec<TicketStatus> = TicketStatus::ALL.iter().copied().filter(|s| s.is_open()).collect();
    let mut filter = TicketFilter {
        statuses: match (query.status, query.all) {
            (Some(status), _) => Some(vec![status]),
            (None, Some(true)) => None,
            (None, _) => Some(open.clone()),
        },
        ticket_type: query.ticket_type,
        priority: query.priority,
        assignee_id: query.assignee_id,
        unassigned: false,
        organisation_id: query.organisation_id,
        created_from: query.created_from,
        created_until: query.created_until,
        search: query
            .q
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty())
            .map(|text| Search { text, staff: helpdesk }),
        ranked: query.sort.is_none(),
    };
    match query.queue {
        Some(TicketQueue::Unassigned) => {
            filter.unassigned = true;
            filter.statuses = Some(vec![TicketStatus::New, TicketStatus::Open]);
        }
        Some(TicketQueue::Mine) => {
            filter.assignee_id = Some(user.id);
            filter.statuses = Some(open);
        }
        Some(TicketQueue::Waiting) => filter.statuses = Some(vec![TicketStatus::WaitingOnCustomer]),
        None => {}
    }
    let (rows, next_cursor) = db::tickets::list(&state.db, &scope, &filter, &page).await?;
    let mut people: Vec<Uuid> = rows.iter().map(|t| t.requester_id).collect();
    people.extend(rows.iter().filter_map(|t| t.assignee_id));
    people.sort_unstable();
    people.dedup();
    let people = db::users::by_ids(&state.db, &people).await?;
    let mut organisations: Vec<Uuid> = rows.iter().map(|t| t.organisation_id).collect();
    organisations.sort_unstable();
    organisations.dedup();
    let organisations = db::organisations::names(&state.db, &organisations).await?;
    let now = Utc::now();
    let name = |id: Uuid| people.get(&id).map(|u| u.name.clone()).unwrap_or_default();
    let items = rows
        .iter()
        .map(|t| {
            let due = db::tickets::sla_due(t);
            Ok(TicketSummary {
                id: t.id,
                number: t.number.clone(),
                organisation_id: t.organisation_id,
                organisation_name: organisations.get(&t.organisation_id).cloned().unwrap_or_default(),
                requester_name: name(t.requester_id),
                title: t.title.clone(),
                ticket_type: db::tickets::type_of(t)?,
                status: db::tickets::status_of(t)?,
                priority: db::tickets::priority_of(t)?,
                assignee_name: t.assignee_id.map(name),
                sla_due_at: due,
                sla_breached: due.is_some_and(|due| due <= now),
                created_at: t.created_at.with_timezone(&Utc),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Page { items, next_cursor })
}
