//! Tickets, their status history and their numbers, always read through the caller's
//! [`TicketScope`]: the helpdesk never gets a ticket awaiting approval, a customer never
//! another organisation's.

use chrono::{DateTime, Utc};
use loket_api_types::pagination::ListSort;
use loket_domain::policy::TicketScope;
use loket_domain::support::{Priority, StatusPeriod, TicketNumber, TicketStatus, TicketType};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::entities::ticket_status_periods;
use super::entities::tickets::{ActiveModel, Column, Entity, Model};
use super::pagination::PageRequest;
use super::ticket_search::{self, Search};
use super::{stored, tz};

/// `sla_sort` of a ticket with no running or breached clock: sorts after every instant.
pub const NO_SLA_DUE: &str = "~";

/// The sortable text form of an SLA instant.
pub fn sla_sort_key(due: Option<DateTime<Utc>>) -> String {
    due.map_or_else(|| NO_SLA_DUE.to_owned(), |at| at.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// The instant an `sla_sort` value names.
pub fn sla_due(model: &Model) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&model.sla_sort).ok().map(|at| at.with_timezone(&Utc))
}

pub fn status_of(model: &Model) -> Result<TicketStatus, DbErr> {
    stored(TicketStatus::parse(&model.status), "tickets.status", &model.status)
}

pub fn type_of(model: &Model) -> Result<TicketType, DbErr> {
    stored(TicketType::parse(&model.ticket_type), "tickets.ticket_type", &model.ticket_type)
}

pub fn priority_of(model: &Model) -> Result<Priority, DbErr> {
    stored(Priority::parse(&model.priority), "tickets.priority", &model.priority)
}

fn with_helpdesk() -> Condition {
    Condition::all()
        .add(Column::Status.is_not_in([TicketStatus::AwaitingApproval.as_str(), TicketStatus::Declined.as_str()]))
}

/// The SQL form of a [`TicketScope`]; it must agree with the ticket policy's
/// visibility (the integration tests check both on both databases).
pub fn scope_condition(scope: &TicketScope) -> Condition {
    match scope {
        TicketScope::Helpdesk => with_helpdesk(),
        TicketScope::Customer { organisation_id, user_id, sees_unapproved } => {
            let mut own = Condition::all().add(Column::OrganisationId.eq(*organisation_id));
            if !*sees_unapproved {
                own = own.add(Condition::any().add(with_helpdesk()).add(Column::RequesterId.eq(*user_id)));
            }
            own
        }
        // The primary key is never null: no row.
        TicketScope::Nothing => Condition::all().add(Column::Id.is_null()),
    }
}

/// The next ticket number of `year` (see [`super::numbers`]).
pub async fn next_number(db: &impl ConnectionTrait, year: i32) -> Result<TicketNumber, DbErr> {
    let sequence = super::numbers::next(db, "T", year).await?;
    u16::try_from(year)
        .ok()
        .zip(u32::try_from(sequence).ok())
        .and_then(|(year, sequence)| TicketNumber::new(year, sequence))
        .ok_or_else(|| DbErr::Custom(format!("ticket number {sequence} of {year} is out of range")))
}

pub struct NewTicket {
    pub id: Uuid,
    pub number: String,
    pub organisation_id: Uuid,
    pub requester_id: Uuid,
    pub title: String,
    pub description: String,
    pub priority: Priority,
    pub status: TicketStatus,
    pub module: Option<String>,
    pub affected_user: Option<String>,
    pub company: Option<String>,
    pub error_message: Option<String>,
    pub steps_before: Option<String>,
    pub sla_sort: String,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewTicket, now: DateTime<Utc>) -> Result<Model, DbErr> {
    let reached = new.status.reached_helpdesk().then(|| tz(now));
    let model = ActiveModel {
        id: Set(new.id),
        number: Set(new.number),
        organisation_id: Set(new.organisation_id),
        requester_id: Set(new.requester_id),
        title: Set(new.title),
        description: Set(new.description),
        ticket_type: Set(TicketType::Question.as_str().to_owned()),
        status: Set(new.status.as_str().to_owned()),
        priority: Set(new.priority.as_str().to_owned()),
        assignee_id: Set(None),
        module: Set(new.module),
        affected_user: Set(new.affected_user),
        company: Set(new.company),
        error_message: Set(new.error_message),
        steps_before: Set(new.steps_before),
        out_of_contract_reason: Set(None),
        decline_reason: Set(None),
        decided_by_id: Set(None),
        reached_helpdesk_at: Set(reached),
        first_response_at: Set(None),
        closed_at: Set(None),
        sla_sort: Set(new.sla_sort),
        created_at: Set(tz(now)),
        updated_at: Set(tz(now)),
        version: Set(1),
        attachment_bytes: Set(0),
        estimate_minutes: Set(None),
        estimate_amount_cents: Set(None),
        estimate_description: Set(None),
        estimate_status: Set(None),
        estimate_reason: Set(None),
    }
    .insert(db)
    .await?;
    add_period(db, model.id, new.status, now).await?;
    Ok(model)
}

/// The ticket `id`, if it is in `scope`.
pub async fn find(db: &impl ConnectionTrait, scope: &TicketScope, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).filter(scope_condition(scope)).one(db).await
}

/// The list filters, already checked against the caller.
#[derive(Debug, Default)]
pub struct TicketFilter {
    pub statuses: Option<Vec<TicketStatus>>,
    pub ticket_type: Option<TicketType>,
    pub priority: Option<Priority>,
    pub assignee_id: Option<Uuid>,
    pub unassigned: bool,
    pub organisation_id: Option<Uuid>,
    pub created_from: Option<DateTime<Utc>>,
    pub created_until: Option<DateTime<Utc>>,
    /// Words in the number or the text (see `ticket_search`).
    pub search: Option<Search>,
    /// With `search`: the best matches first, one page only.
    pub ranked: bool,
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &TicketScope,
    filter: &TicketFilter,
    page: &PageRequest<impl ListSort>,
) -> Result<(Vec<Model>, Option<String>), DbErr> {
    let mut select = Entity::find().filter(scope_condition(scope));
    if let Some(statuses) = &filter.statuses {
        select = select.filter(Column::Status.is_in(statuses.iter().map(|s| s.as_str())));
    }
    if let Some(ticket_type) = filter.ticket_type {
        select = select.filter(Column::TicketType.eq(ticket_type.as_str()));
    }
    if let Some(priority) = filter.priority {
        select = select.filter(Column::Priority.eq(priority.as_str()));
    }
    if let Some(assignee) = filter.assignee_id {
        select = select.filter(Column::AssigneeId.eq(assignee));
    }
    if filter.unassigned {
        select = select.filter(Column::AssigneeId.is_null());
    }
    if let Some(organisation) = filter.organisation_id {
        select = select.filter(Column::OrganisationId.eq(organisation));
    }
    if let Some(from) = filter.created_from {
        select = select.filter(Column::CreatedAt.gte(tz(from)));
    }
    if let Some(until) = filter.created_until {
        select = select.filter(Column::CreatedAt.lt(tz(until)));
    }
    if let Some(search) = &filter.search {
        let backend = db.get_database_backend();
        // A whole ticket number, in any case, finds its ticket too.
        let number = TicketNumber::parse(&search.text.trim().to_ascii_uppercase()).map(|n| n.to_string());
        if let Some(matches) = ticket_search::condition(backend, search, number.as_deref()) {
            select = select.filter(matches);
        }
        if filter.ranked {
            if let Some(rank) = ticket_search::rank(backend, search) {
                select = select.order_by(rank, Order::Desc);
            }
            let rows = select.order_by_desc(Column::Id).limit(page.limit).all(db).await?;
            return Ok((rows, None));
        }
    }
    let rows = page.fetch(db, select, Column::SlaSort, Column::Id).await?;
    Ok(page.finish(rows, |m| (m.sla_sort.clone(), m.id)))
}

/// Saves the changed working fields if the stored version is still `expected_version`.
pub async fn update_versioned(
    db: &impl ConnectionTrait,
    changed: Model,
    expected_version: i64,
    now: DateTime<Utc>,
) -> Result<Option<Model>, DbErr> {
    let changes = ActiveModel {
        ticket_type: Set(changed.ticket_type),
        status: Set(changed.status),
        priority: Set(changed.priority),
        assignee_id: Set(changed.assignee_id),
        out_of_contract_reason: Set(changed.out_of_contract_reason),
        decline_reason: Set(changed.decline_reason),
        decided_by_id: Set(changed.decided_by_id),
        reached_helpdesk_at: Set(changed.reached_helpdesk_at),
        first_response_at: Set(changed.first_response_at),
        closed_at: Set(changed.closed_at),
        sla_sort: Set(changed.sla_sort),
        estimate_minutes: Set(changed.estimate_minutes),
        estimate_amount_cents: Set(changed.estimate_amount_cents),
        estimate_description: Set(changed.estimate_description),
        estimate_status: Set(changed.estimate_status),
        estimate_reason: Set(changed.estimate_reason),
        ..ActiveModelTrait::default()
    };
    super::versioned::save(db, changed.id, expected_version, changes, now).await
}

/// Records that the ticket has `status` from `at` on.
pub async fn add_period(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    status: TicketStatus,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    ticket_status_periods::ActiveModel {
        id: Set(Uuid::now_v7()),
        ticket_id: Set(ticket_id),
        status: Set(status.as_str().to_owned()),
        started_at: Set(tz(at)),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The ticket's status history, oldest first.
pub async fn periods(db: &impl ConnectionTrait, ticket_id: Uuid) -> Result<Vec<StatusPeriod>, DbErr> {
    Ok(periods_of(db, &[ticket_id]).await?.remove(&ticket_id).unwrap_or_default())
}

/// Up to `limit` tickets whose clocks may still count (reached the helpdesk, not
/// closed), in id order after `after`: for computing every SLA sort key again.
pub async fn still_counting(db: &impl ConnectionTrait, after: Option<Uuid>, limit: u64) -> Result<Vec<Model>, DbErr> {
    let mut query = Entity::find()
        .filter(Column::ReachedHelpdeskAt.is_not_null())
        .filter(Column::Status.ne(TicketStatus::Closed.as_str()))
        .order_by_asc(Column::Id)
        .limit(limit);
    if let Some(after) = after {
        query = query.filter(Column::Id.gt(after));
    }
    query.all(db).await
}

/// The status histories of `ticket_ids`, oldest period first.
pub async fn periods_of(
    db: &impl ConnectionTrait,
    ticket_ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, Vec<StatusPeriod>>, DbErr> {
    let mut histories: std::collections::HashMap<Uuid, Vec<StatusPeriod>> = std::collections::HashMap::new();
    // In chunks: a statement carries at most 65,535 parameters on PostgreSQL.
    for chunk in ticket_ids.chunks(1000) {
        let rows = ticket_status_periods::Entity::find()
            .filter(ticket_status_periods::Column::TicketId.is_in(chunk.iter().copied()))
            .order_by_asc(ticket_status_periods::Column::Id)
            .all(db)
            .await?;
        for row in rows {
            let status = stored(TicketStatus::parse(&row.status), "ticket_status_periods.status", &row.status)?;
            let period = StatusPeriod { status, from: row.started_at.with_timezone(&Utc) };
            histories.entry(row.ticket_id).or_default().push(period);
        }
    }
    Ok(histories)
}

/// Stores a ticket's SLA sort key: derived from the rules, so not a change of the
/// ticket (its version stays).
pub async fn set_sla_sort(db: &impl ConnectionTrait, id: Uuid, key: String) -> Result<(), DbErr> {
    Entity::update_many().col_expr(Column::SlaSort, Expr::value(key)).filter(Column::Id.eq(id)).exec(db).await?;
    Ok(())
}
