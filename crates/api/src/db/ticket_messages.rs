//! A ticket's message board. Callers reach it only through a ticket they may read;
//! internal notes are read only when the caller asks for them, which only staff may.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::entities::ticket_messages::{ActiveModel, Column, Entity, Model};
use super::tz;

pub struct NewMessage {
    pub ticket_id: Uuid,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub from_staff: bool,
    pub internal: bool,
    pub body: String,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewMessage, now: DateTime<Utc>) -> Result<Model, DbErr> {
    ActiveModel {
        id: Set(Uuid::now_v7()),
        ticket_id: Set(new.ticket_id),
        author_id: Set(new.author_id),
        author_name: Set(new.author_name),
        from_staff: Set(new.from_staff),
        internal: Set(new.internal),
        body: Set(new.body),
        created_at: Set(tz(now)),
    }
    .insert(db)
    .await
}

/// The messages of `ticket_id`, oldest first; internal notes only with `with_internal`.
pub async fn list(db: &impl ConnectionTrait, ticket_id: Uuid, with_internal: bool) -> Result<Vec<Model>, DbErr> {
    let mut select = Entity::find().filter(Column::TicketId.eq(ticket_id));
    if !with_internal {
        select = select.filter(Column::Internal.eq(false));
    }
    select.order_by_asc(Column::Id).all(db).await
}
