//! Attachment rows (the bytes are in the file store). Callers reach them only through a
//! ticket they may read; files meant for internal notes are read only when the caller
//! asks for them, which only the helpdesk may.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::entities::ticket_attachments::{ActiveModel, Column, Entity, Model};
use super::entities::tickets;
use super::tz;

pub struct NewAttachment {
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub organisation_id: Uuid,
    pub uploaded_by_id: Uuid,
    pub internal: bool,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
}

/// Takes `size` bytes of the ticket's attachment budget in one conditional UPDATE, so
/// concurrent uploads cannot together pass `max`. False when the file does not fit.
pub async fn reserve(db: &impl ConnectionTrait, ticket_id: Uuid, size: i64, max: i64) -> Result<bool, DbErr> {
    let done = tickets::Entity::update_many()
        .col_expr(tickets::Column::AttachmentBytes, Expr::col(tickets::Column::AttachmentBytes).add(size))
        .filter(tickets::Column::Id.eq(ticket_id))
        .filter(Expr::col(tickets::Column::AttachmentBytes).add(size).lte(max))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

pub async fn insert(db: &impl ConnectionTrait, new: NewAttachment, now: DateTime<Utc>) -> Result<Model, DbErr> {
    ActiveModel {
        id: Set(new.id),
        ticket_id: Set(new.ticket_id),
        organisation_id: Set(new.organisation_id),
        message_id: Set(None),
        uploaded_by_id: Set(new.uploaded_by_id),
        internal: Set(new.internal),
        file_name: Set(new.file_name),
        media_type: Set(new.media_type),
        size_bytes: Set(new.size_bytes),
        sha256: Set(new.sha256),
        storage_key: Set(new.storage_key),
        created_at: Set(tz(now)),
    }
    .insert(db)
    .await
}

/// The files of `ticket_id`, oldest first; internal ones only with `with_internal`.
pub async fn list(db: &impl ConnectionTrait, ticket_id: Uuid, with_internal: bool) -> Result<Vec<Model>, DbErr> {
    let mut select = Entity::find().filter(Column::TicketId.eq(ticket_id));
    if !with_internal {
        select = select.filter(Column::Internal.eq(false));
    }
    select.order_by_asc(Column::CreatedAt).order_by_asc(Column::Id).all(db).await
}

/// One file of `ticket_id`; an internal one only with `with_internal`.
pub async fn find(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    id: Uuid,
    with_internal: bool,
) -> Result<Option<Model>, DbErr> {
    let mut select = Entity::find_by_id(id).filter(Column::TicketId.eq(ticket_id));
    if !with_internal {
        select = select.filter(Column::Internal.eq(false));
    }
    select.one(db).await
}

/// Puts the uploader's loose files `ids` (same ticket, same visibility, on no message
/// yet) on `message_id`; the number of files it took.
pub async fn claim(
    db: &impl ConnectionTrait,
    ticket_id: Uuid,
    ids: &[Uuid],
    uploader: Uuid,
    internal: bool,
    message_id: Uuid,
) -> Result<u64, DbErr> {
    let done = Entity::update_many()
        .col_expr(Column::MessageId, Expr::value(message_id))
        .filter(Column::TicketId.eq(ticket_id))
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::UploadedById.eq(uploader))
        .filter(Column::Internal.eq(internal))
        .filter(Column::MessageId.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}

/// The files on the messages of `ticket_id`, by message.
pub async fn by_message(db: &impl ConnectionTrait, ticket_id: Uuid) -> Result<HashMap<Uuid, Vec<Model>>, DbErr> {
    let rows = Entity::find()
        .filter(Column::TicketId.eq(ticket_id))
        .filter(Column::MessageId.is_not_null())
        .order_by_asc(Column::CreatedAt)
        .all(db)
        .await?;
    let mut grouped: HashMap<Uuid, Vec<Model>> = HashMap::new();
    for row in rows {
        if let Some(message) = row.message_id {
            grouped.entry(message).or_default().push(row);
        }
    }
    Ok(grouped)
}
