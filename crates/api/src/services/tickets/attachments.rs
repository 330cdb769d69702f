//! Files on tickets. An upload streams into the file store while its kind is judged by
//! its bytes and its size counted against the limits per file and per ticket; only a
//! complete, accepted file gets a row (and an audit entry). Files are listed and read
//! only through a ticket the caller may read; files for internal notes by the helpdesk
//! only.

use actix_web::web::Bytes;
use chrono::Utc;
use futures_util::Stream;
use loket_api_types::ticket_attachments::TicketAttachment;
use loket_api_types::tickets::TicketPerson;
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::policy::TicketAction;
use loket_domain::support::attachments::{self, FileKind};
use loket_domain::support::{Side, TicketEvent};
use uuid::Uuid;

use super::{helpdesk, ticket_with_facts};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::{ticket_attachments, users};
use crate::db::ticket_attachments::NewAttachment;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::uploads::{self, Accepted, Received, size_text, store_error, too_large};
use crate::services::write::Write;
use crate::state::AppState;

/// A file as the API shows it; `people` names the uploaders.
pub(crate) fn to_dto(
    model: &ticket_attachments::Model,
    people: &std::collections::HashMap<Uuid, users::Model>,
) -> TicketAttachment {
    TicketAttachment {
        id: model.id,
        ticket_id: model.ticket_id,
        message_id: model.message_id,
        file_name: model.file_name.clone(),
        media_type: model.media_type.clone(),
        size_bytes: model.size_bytes,
        is_image: FileKind::from_media_type(&model.media_type).is_some_and(FileKind::is_image),
        internal: model.internal,
        uploaded_by: TicketPerson {
            id: model.uploaded_by_id,
            name: people.get(&model.uploaded_by_id).map(|u| u.name.clone()).unwrap_or_default(),
        },
        created_at: model.created_at.with_timezone(&Utc),
    }
}

/// Files with their uploaders' names.
pub(crate) async fn to_dtos(
    state: &AppState,
    models: &[ticket_attachments::Model],
) -> Result<Vec<TicketAttachment>, ApiError> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.uploaded_by_id).collect();
    let people = db::users::by_ids(&state.db, &ids).await?;
    Ok(models.iter().map(|m| to_dto(m, &people)).collect())
}

/// What tickets take.
const TICKET_FILES: Accepted = Accepted {
    kinds: &FileKind::ALL,
    hint: "Attach images (PNG, JPEG, GIF, WebP), PDF, zip archives or plain text (UTF-8) only.",
};

/// The limits one upload is held to.
#[derive(Clone, Copy)]
struct Limits {
    /// The most this file may hold.
    file: u64,
    /// Whether `file` comes from the ticket's remaining budget rather than the per-file
    /// limit (for the message).
    by_ticket: bool,
    per_file: u64,
    per_ticket: u64,
}

impl Limits {
    fn exceeded(&self) -> ApiError {
        if self.by_ticket {
            too_large(format!(
                "A ticket's attachments may hold {} together; this file does not fit in what is left.",
                size_text(self.per_ticket)
            ))
        } else {
            too_large(format!("An attachment may hold at most {}.", size_text(self.per_file)))
        }
    }
}

/// Stores one file on ticket `ticket_id`; with `internal`, for the helpdesk's notes only.
pub async fn upload<S, E>(
    state: &AppState,
    principal: &Principal,
    ticket_id: Uuid,
    internal: bool,
    uploaded_name: &str,
    body: S,
) -> Result<TicketAttachment, ApiError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let action = if internal { TicketAction::InternalNotes } else { TicketAction::Reply };
    let (ticket, user, facts) = ticket_with_facts(state, principal, action, ticket_id).await?;
    if !internal {
        // A public file is part of the conversation: only where a message could go.
        let side = if helpdesk(principal, &facts) { Side::Staff } else { Side::Customer };
        db::tickets::status_of(&ticket)?.after(TicketEvent::Reply(side))?;
    }
    let settings = &state.settings;
    let left =
        settings.ticket_attachments_max_bytes.saturating_sub(u64::try_from(ticket.attachment_bytes).unwrap_or(0));
    let limits = Limits {
        file: settings.attachment_max_bytes.min(left),
        by_ticket: left < settings.attachment_max_bytes,
        per_file: settings.attachment_max_bytes,
        per_ticket: settings.ticket_attachments_max_bytes,
    };
    if limits.file == 0 {
        return Err(limits.exceeded());
    }
    let id = Uuid::now_v7();
    let key = format!("tickets/{}/{id}", ticket.id);
    let (upload, received) =
        uploads::receive(&state.files, &key, body, &TICKET_FILES, limits.file, || limits.exceeded()).await?;
    upload.finish().await.map_err(store_error)?;
    let kept = keep(state, principal, &ticket, &user, id, &key, internal, uploaded_name, &received, &limits).await;
    if kept.is_err()
        && let Err(error) = state.files.delete(&key).await
    {
        tracing::warn!(%error, key, "a refused upload stayed in the file store");
    }
    let model = kept?;
    Ok(to_dto(&model, &std::collections::HashMap::from([(user.id, user)])))
}

/// Records a stored file: its share of the ticket's budget, its row, its audit entry.
#[allow(clippy::too_many_arguments)]
async fn keep(
    state: &AppState,
    principal: &Principal,
    ticket: &db::entities::tickets::Model,
    user: &users::Model,
    id: Uuid,
    key: &str,
    internal: bool,
    uploaded_name: &str,
    received: &Received,
    limits: &Limits,
) -> Result<ticket_attachments::Model, ApiError> {
    let size = i64::try_from(received.size).map_err(ApiError::internal)?;
    let max = i64::try_from(limits.per_ticket).unwrap_or(i64::MAX);
    let mut write = Write::begin(state, principal.into()).await?;
    if !db::ticket_attachments::reserve(write.db(), ticket.id, size, max).await? {
        return Err(Limits { by_ticket: true, ..*limits }.exceeded());
    }
    let model = db::ticket_attachments::insert(
        write.db(),
        NewAttachment {
            id,
            ticket_id: ticket.id,
            organisation_id: ticket.organisation_id,
            uploaded_by_id: user.id,
            internal,
            file_name: attachments::stored_name(uploaded_name, received.kind),
            media_type: received.kind.media_type().to_owned(),
            size_bytes: size,
            sha256: received.sha256.clone(),
            storage_key: key.to_owned(),
        },
        Utc::now(),
    )
    .await?;
    let snapshot = Snapshot::new()
        .field("file_name", &model.file_name)
        .field("media_type", &model.media_type)
        .field("size_bytes", model.size_bytes)
        .field("internal", internal);
    let mut change = Change::created(EntityType::TicketAttachment, model.id, Some(ticket.organisation_id), &snapshot)
        .in_history_of(EntityType::Ticket, ticket.id);
    if internal {
        change = change.staff_only();
    }
    write.record(change).await?;
    write.commit().await?;
    Ok(model)
}

/// The files of a ticket, oldest first; the helpdesk also gets those for notes.
pub async fn list(state: &AppState, principal: &Principal, ticket_id: Uuid) -> Result<Vec<TicketAttachment>, ApiError> {
    let (ticket, _, facts) = ticket_with_facts(state, principal, TicketAction::Read, ticket_id).await?;
    let rows = db::ticket_attachments::list(&state.db, ticket.id, helpdesk(principal, &facts)).await?;
    to_dtos(state, &rows).await
}

/// A file to send: its row and its bytes.
pub struct Download {
    pub attachment: ticket_attachments::Model,
    pub body: futures_util::stream::BoxStream<'static, std::io::Result<Bytes>>,
}

pub async fn download(
    state: &AppState,
    principal: &Principal,
    ticket_id: Uuid,
    attachment_id: Uuid,
) -> Result<Download, ApiError> {
    let (ticket, _, facts) = ticket_with_facts(state, principal, TicketAction::Read, ticket_id).await?;
    let attachment = db::ticket_attachments::find(&state.db, ticket.id, attachment_id, helpdesk(principal, &facts))
        .await?
        .ok_or(ApiError::NotFound)?;
    let body = state.files.read(&attachment.storage_key).await.map_err(store_error)?;
    Ok(Download { attachment, body })
}
