//! What the helpdesk dashboard counts: the open tickets with the helpdesk, and the
//! tickets closed lately. Only tickets that reached the helpdesk are read.

use chrono::{DateTime, Utc};
use loket_domain::support::TicketStatus;
use sea_orm::prelude::DateTimeWithTimeZone;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::entities::tickets::{Column, Entity, Model};
use super::tz;

/// One open ticket as the dashboard needs it.
pub struct OpenTicket {
    pub created_at: DateTime<Utc>,
    pub ticket_type: String,
    pub assignee_id: Option<Uuid>,
    pub sla_sort: String,
}

/// The tickets with the helpdesk that are not closed.
pub async fn open(db: &impl ConnectionTrait) -> Result<Vec<OpenTicket>, DbErr> {
    let working = [TicketStatus::New, TicketStatus::Open, TicketStatus::WaitingOnCustomer].map(TicketStatus::as_str);
    let rows: Vec<(DateTimeWithTimeZone, String, Option<Uuid>, String)> = Entity::find()
        .select_only()
        .column(Column::CreatedAt)
        .column(Column::TicketType)
        .column(Column::AssigneeId)
        .column(Column::SlaSort)
        .filter(Column::Status.is_in(working))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(created_at, ticket_type, assignee_id, sla_sort)| OpenTicket {
            created_at: created_at.with_timezone(&Utc),
            ticket_type,
            assignee_id,
            sla_sort,
        })
        .collect())
}

/// The tickets closed at or after `since`.
pub async fn closed_since(db: &impl ConnectionTrait, since: DateTime<Utc>) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::Status.eq(TicketStatus::Closed.as_str()))
        .filter(Column::ClosedAt.gte(tz(since)))
        .all(db)
        .await
}
