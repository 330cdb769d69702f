//! What an outbox row delivers, stored as JSON in `outbox_jobs.payload`.
//!
//! **Rule of the outbox:** a stored payload never holds a secret. A message that carries
//! one (an invitation or password-reset link, a one-time SMS code; PIN letters later) is
//! stored as a *reference* and rendered by the worker at the moment of delivery, so the
//! secret exists only in the message that leaves, never at rest in the database.
//! The payload types live here, with the worker that reads them; services only queue
//! them (`services::notifications`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::adapters::mail::Email;
use crate::adapters::sms::Sms;
use crate::db::tokens::Purpose;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Payload {
    /// A rendered e-mail without secrets (notifications, confirmations).
    Email(Email),
    /// A rendered text message without secrets.
    Sms(Sms),
    /// A one-time code by SMS; the digits are made at delivery.
    SmsCode(SmsCodeRef),
    Webhook(WebhookMessage),
    /// An invitation or reset link for a known user; the token is made at delivery.
    AccountLink(AccountLinkRef),
    /// "Send me a reset link" for whatever address was typed in. The worker looks the
    /// account up, so the request's answer and timing do not depend on whether it exists.
    PasswordResetRequest(ResetRequestRef),
    /// "Confirm your address" for an access request; the token is made at delivery.
    AccessConfirmation(AccessConfirmationRef),
    /// The installation instructions of a case: the signed download link and the
    /// one-time installation token are made at delivery.
    InstallationInstructions(InstructionsRef),
}

/// A webhook message: the body is fixed when queued; the signature is made at each attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookMessage {
    pub endpoint_id: Uuid,
    pub event_type: loket_domain::webhooks::WebhookEvent,
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    Invitation,
    PasswordReset,
}

impl From<LinkPurpose> for Purpose {
    fn from(purpose: LinkPurpose) -> Self {
        match purpose {
            LinkPurpose::Invitation => Purpose::Invitation,
            LinkPurpose::PasswordReset => Purpose::PasswordReset,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountLinkRef {
    pub user_id: Uuid,
    pub purpose: LinkPurpose,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetRequestRef {
    /// The address as typed (normalised), not necessarily an account's.
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsCodeRef {
    pub code_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessConfirmationRef {
    pub request_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstructionsRef {
    pub request_id: Uuid,
    /// The download link made when the helpdesk sent them.
    pub link_id: Uuid,
}
