//! Queueing notifications. Every function here writes an outbox row with the caller's
//! connection, so a service that changes state and queues its notifications inside one
//! transaction commits both or neither. The worker (`jobs::worker`) delivers them.

use chrono::Utc;
use loket_domain::outbox::JobKind;
use loket_domain::webhooks::WebhookEvent;
use loket_domain::{Language, OrganisationKind, PhoneNumber};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::adapters::mail::Email;
use crate::adapters::mail_templates::{self, MailKind};
use crate::adapters::sms::Sms;
use crate::db;
use crate::db::entities::{access_requests, organisations, users, webhook_endpoints};
use crate::db::outbox::NewJob;
use crate::error::ApiError;
use crate::jobs::payload::{
    AccessConfirmationRef, AccountLinkRef, InstructionsRef, LinkPurpose, Payload, ResetRequestRef, SmsCodeRef,
    WebhookMessage,
};
use crate::state::AppState;

async fn queue(
    state: &AppState,
    db: &impl ConnectionTrait,
    kind: JobKind,
    payload: &Payload,
    summary: &str,
    organisation_id: Option<Uuid>,
    reference: Option<Uuid>,
) -> Result<Uuid, ApiError> {
    let id = Uuid::now_v7();
    let payload = serde_json::to_string(payload).map_err(ApiError::internal)?;
    let job = NewJob {
        id,
        kind,
        payload,
        summary: summary.to_owned(),
        organisation_id,
        reference,
        max_attempts: state.settings.outbox_max_attempts.max(1),
    };
    db::outbox::insert(db, job, Utc::now()).await?;
    Ok(id)
}

/// Renders `kind` in `language` and queues it for one recipient.
#[allow(clippy::too_many_arguments)]
pub async fn queue_mail(
    state: &AppState,
    db: &impl ConnectionTrait,
    kind: MailKind,
    language: Language,
    to_name: &str,
    to: &str,
    context: minijinja::Value,
    organisation_id: Option<Uuid>,
) -> Result<Uuid, ApiError> {
    let rendered = mail_templates::render(kind, language, context).map_err(ApiError::internal)?;
    let email = Email {
        to_name: to_name.to_owned(),
        to: to.to_owned(),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        language: language.as_str().to_owned(),
    };
    queue(state, db, JobKind::Email, &Payload::Email(email), to, organisation_id, None).await
}

/// Renders `kind` in `user`'s language, with the context `context` makes for that
/// language, and queues it to `user`.
pub async fn queue_mail_to(
    state: &AppState,
    db: &impl ConnectionTrait,
    kind: MailKind,
    user: &users::Model,
    organisation_id: Option<Uuid>,
    context: impl FnOnce(Language) -> minijinja::Value,
) -> Result<Uuid, ApiError> {
    let language = Language::parse(&user.language).unwrap_or_default();
    queue_mail(state, db, kind, language, &user.name, &user.email, context(language), organisation_id).await
}

/// Queues an invitation or reset link for `user`; the worker makes the token when it
/// sends the e-mail, so the token never rests in the outbox.
pub async fn queue_account_link(
    state: &AppState,
    db: &impl ConnectionTrait,
    user: &users::Model,
    purpose: LinkPurpose,
) -> Result<Uuid, ApiError> {
    let payload = Payload::AccountLink(AccountLinkRef { user_id: user.id, purpose });
    queue(state, db, JobKind::Email, &payload, &user.email, Some(user.organisation_id), Some(user.id)).await
}

/// Queues "send a reset link to this address"; the worker decides whether there is an
/// account to send it to.
pub async fn queue_password_reset_request(
    state: &AppState,
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Uuid, ApiError> {
    let payload = Payload::PasswordResetRequest(ResetRequestRef { email: email.to_owned() });
    queue(state, db, JobKind::Email, &payload, "password reset request", None, None).await
}

/// Queues the confirmation e-mail of an access request; the worker makes its token (or,
/// for an address that has a login, points to the password reset).
pub async fn queue_access_confirmation(
    state: &AppState,
    db: &impl ConnectionTrait,
    request: &access_requests::Model,
) -> Result<Uuid, ApiError> {
    let payload = Payload::AccessConfirmation(AccessConfirmationRef { request_id: request.id });
    queue(state, db, JobKind::Email, &payload, "access request confirmation", None, Some(request.id)).await
}

/// Queues the installation instructions of a case; the worker makes the token and signs
/// the link at delivery.
pub async fn queue_instructions(
    state: &AppState,
    db: &impl ConnectionTrait,
    request: &crate::db::entities::install_requests::Model,
    link_id: Uuid,
) -> Result<Uuid, ApiError> {
    let payload = Payload::InstallationInstructions(InstructionsRef { request_id: request.id, link_id });
    queue(state, db, JobKind::Email, &payload, &request.technical_email, request.client_id, Some(request.id)).await
}

/// Queues a text message to a validated number.
pub async fn queue_sms(
    state: &AppState,
    db: &impl ConnectionTrait,
    to: &PhoneNumber,
    body: &str,
    organisation_id: Option<Uuid>,
) -> Result<Uuid, ApiError> {
    let sms = Sms { to: to.as_str().to_owned(), body: body.to_owned() };
    queue(state, db, JobKind::Sms, &Payload::Sms(sms), to.as_str(), organisation_id, None).await
}

/// Queues a one-time code by SMS (`code` names the row the worker makes the digits
/// for); `summary` is the masked number.
pub async fn queue_sms_code(
    state: &AppState,
    db: &impl ConnectionTrait,
    code_id: Uuid,
    summary: &str,
    organisation_id: Option<Uuid>,
) -> Result<Uuid, ApiError> {
    let payload = Payload::SmsCode(SmsCodeRef { code_id });
    queue(state, db, JobKind::Sms, &payload, summary, organisation_id, Some(code_id)).await
}

/// The partner that hears about events of `organisation`: itself, or a client's
/// managing partner. The vendor and unmanaged clients have none.
fn listening_partner(organisation: &organisations::Model) -> Result<Option<Uuid>, DbErr> {
    Ok(match db::organisations::kind_of(organisation)? {
        OrganisationKind::Partner => Some(organisation.id),
        OrganisationKind::Client => organisation.managing_partner_id,
        OrganisationKind::Vendor => None,
    })
}

/// Queues `event` for every endpoint of the listening partner that subscribed to it.
pub async fn emit(
    state: &AppState,
    db: &impl ConnectionTrait,
    event: WebhookEvent,
    organisation: &organisations::Model,
    data: serde_json::Value,
) -> Result<(), ApiError> {
    let Some(partner) = listening_partner(organisation)? else {
        return Ok(());
    };
    for endpoint in db::webhooks::subscribed(db, partner, event).await? {
        queue_webhook(state, db, &endpoint, event, data.clone()).await?;
    }
    Ok(())
}

/// Queues one event for one endpoint (used directly for test pings).
pub async fn queue_webhook(
    state: &AppState,
    db: &impl ConnectionTrait,
    endpoint: &webhook_endpoints::Model,
    event: WebhookEvent,
    data: serde_json::Value,
) -> Result<Uuid, ApiError> {
    let body = serde_json::json!({
        "type": event.as_str(),
        "timestamp": Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": data,
    });
    let message = WebhookMessage { endpoint_id: endpoint.id, event_type: event, body: body.to_string() };
    queue(
        state,
        db,
        JobKind::Webhook,
        &Payload::Webhook(message),
        &endpoint.url,
        Some(endpoint.organisation_id),
        Some(endpoint.id),
    )
    .await
}
