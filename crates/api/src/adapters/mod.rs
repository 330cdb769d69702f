//! Adapters to the outside world: e-mail, SMS and webhooks, whose only caller is the
//! outbox worker (each reports failures as [`DeliveryError`], saying whether trying
//! again can help); and the file store attachments live in.

pub mod files;
pub mod mail;
pub mod mail_templates;
pub mod sms;
pub mod webhook;

/// A failed delivery.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DeliveryError {
    pub message: String,
    /// Retrying will not help (a rejected address, a 4xx from a webhook endpoint).
    pub permanent: bool,
    /// The HTTP status, for webhook and SMS provider answers.
    pub http_status: Option<u16>,
}

impl DeliveryError {
    pub fn transient(message: impl Into<String>) -> Self {
        Self { message: message.into(), permanent: false, http_status: None }
    }

    pub fn permanent(message: impl Into<String>) -> Self {
        Self { message: message.into(), permanent: true, http_status: None }
    }
}
