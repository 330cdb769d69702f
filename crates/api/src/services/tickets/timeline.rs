//! A ticket's timeline: the filing, the messages of its board and every change of
//! status, type, priority, assignee, contract mark and decision from the audit log,
//! oldest first. Customers get neither internal notes nor staff-only entries.

use chrono::Utc;
use loket_api_types::audit::{AuditAction, EntityType, FieldChange};
use loket_api_types::pagination::NewestFirst;
use loket_api_types::tickets::TimelineEntry;
use loket_domain::policy::TicketAction;
use serde_json::Value;
use uuid::Uuid;

use super::ticket_with_facts;
use crate::auth::Principal;
use crate::db;
use crate::db::pagination::PageRequest;
use crate::error::ApiError;
use crate::state::AppState;

/// The fields of a ticket change the timeline shows.
const SHOWN: [&str; 8] = [
    "status",
    "ticket_type",
    "priority",
    "assignee_id",
    "out_of_contract_reason",
    "decline_reason",
    "estimate",
    "estimate_status",
];

/// How many audit entries of one ticket the timeline reads (newest kept).
const MAX_CHANGES: u32 = 200;

pub async fn timeline(state: &AppState, principal: &Principal, id: Uuid) -> Result<Vec<TimelineEntry>, ApiError> {
    let (ticket, _, facts) = ticket_with_facts(state, principal, TicketAction::Read, id).await?;
    let helpdesk = super::helpdesk(principal, &facts);
    let page = PageRequest::<NewestFirst>::new(None, None, Some(MAX_CHANGES))?;
    let filter =
        db::audit::Filter { entity_type: Some(EntityType::Ticket), entity_id: Some(ticket.id), ..Default::default() };
    let scope = db::audit::Scope { organisation_id: Some(ticket.organisation_id), staff: helpdesk };
    let (changes, _) = db::audit::list(&state.db, scope, &filter, &page).await?;
    let messages = db::ticket_messages::list(&state.db, ticket.id, helpdesk).await?;

    let mut people: Vec<Uuid> = vec![ticket.requester_id];
    for row in &changes {
        for change in parse_changes(&row.changes) {
            if change.field == "assignee_id" {
                people.extend([&change.old, &change.new].into_iter().filter_map(|v| v.as_str()?.parse::<Uuid>().ok()));
            }
        }
    }
    let names = db::users::by_ids(&state.db, &people).await?;
    let name_of = |value: &Value| -> Value {
        value
            .as_str()
            .and_then(|id| id.parse::<Uuid>().ok())
            .and_then(|id| names.get(&id))
            .map_or(Value::Null, |user| Value::String(user.name.clone()))
    };

    let mut entries = vec![TimelineEntry {
        at: ticket.created_at.with_timezone(&Utc),
        actor_name: names.get(&ticket.requester_id).map(|u| u.name.clone()).unwrap_or_default(),
        action: AuditAction::Created,
        changes: Vec::new(),
        message: None,
    }];
    for row in changes.iter().filter(|row| row.action != AuditAction::Created.as_str()) {
        let Some(action) = AuditAction::parse(&row.action) else { continue };
        let shown: Vec<FieldChange> = parse_changes(&row.changes)
            .into_iter()
            .filter(|change| SHOWN.contains(&change.field.as_str()))
            .map(|change| match change.field.as_str() {
                "assignee_id" => {
                    FieldChange { field: "assignee".to_owned(), old: name_of(&change.old), new: name_of(&change.new) }
                }
                _ => change,
            })
            .collect();
        if shown.is_empty() && action == AuditAction::Updated {
            continue;
        }
        entries.push(TimelineEntry {
            at: row.occurred_at.with_timezone(&Utc),
            actor_name: row.actor_name.clone(),
            action,
            changes: shown,
            message: None,
        });
    }
    let messages = super::messages::with_files(state, ticket.id, &messages, helpdesk).await?;
    entries.extend(messages.into_iter().map(|message| TimelineEntry {
        at: message.created_at,
        actor_name: message.author_name.clone(),
        action: AuditAction::Created,
        changes: Vec::new(),
        message: Some(message),
    }));
    entries.sort_by_key(|entry| entry.at);
    Ok(entries)
}

fn parse_changes(stored: &str) -> Vec<FieldChange> {
    serde_json::from_str(stored).unwrap_or_default()
}
