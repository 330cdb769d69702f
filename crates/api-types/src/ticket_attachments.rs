//! Files attached to tickets and their messages.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::tickets::TicketPerson;

/// A file on a ticket: on the ticket itself (`message_id` empty) or on one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketAttachment {
    pub id: Uuid,
    pub ticket_id: Uuid,
    /// The message it belongs to, once a message named it in `attachment_ids`.
    pub message_id: Option<Uuid>,
    /// The stored name: no folders, an extension that fits the content.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub file_name: String,
    /// The type found in the file's bytes, as it is downloaded.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "image/png",
            pattern = r"^(image/(png|jpeg|gif|webp)|application/(pdf|zip)|text/plain; charset=utf-8)$"
        )
    )]
    pub media_type: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub size_bytes: i64,
    /// Shown in the app as a preview.
    pub is_image: bool,
    /// For the helpdesk only (uploaded for an internal note).
    pub internal: bool,
    pub uploaded_by: TicketPerson,
    pub created_at: DateTime<Utc>,
}

/// The `multipart/form-data` body of an upload: one part named `file`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadTicketAttachment {
    /// The file: an image (PNG, JPEG, GIF, WebP), a PDF, a zip archive or UTF-8 text,
    /// judged by its bytes. The part's `filename` becomes the stored name.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
    pub file: Vec<u8>,
}

/// Options of an upload.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct UploadAttachmentQuery {
    /// For an internal note: only the helpdesk sees the file (helpdesk only).
    pub internal: Option<bool>,
}

/// The bytes of a file (documentation of a download's body).
#[derive(Debug, Clone)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
pub struct FileContent(pub Vec<u8>);
