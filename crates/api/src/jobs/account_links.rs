//! Rendering account links at delivery: the token is created here, stored only as its
//! hash, and put into the e-mail that leaves. Nothing in the outbox ever holds it.

use chrono::{DateTime, Duration, Utc};
use loket_domain::Language;
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::adapters::DeliveryError;
use crate::adapters::mail::Email;
use crate::adapters::mail_templates::{self, MailKind, format_moment};
use crate::auth::tokens;
use crate::db;
use crate::db::tokens::Purpose;
use crate::db::users::{STATUS_ACTIVE, STATUS_INVITED};
use crate::jobs::payload::LinkPurpose;

/// The SPA routes the links open.
pub const INVITATION_ROUTE: &str = "/welcome";
pub const PASSWORD_RESET_ROUTE: &str = "/reset-password";

/// At most one reset link per account per this many seconds.
const RESET_RESEND_SECS: i64 = 60;

/// What link rendering needs from the settings.
#[derive(Debug, Clone)]
pub struct LinkSettings {
    pub public_url: String,
    pub invitation_ttl: Duration,
    pub reset_ttl: Duration,
}

fn transient(error: DbErr) -> DeliveryError {
    DeliveryError::transient(format!("the database could not be read: {error}"))
}

/// Renders the link e-mail for `user_id`, or nothing when the account no longer needs
/// it (an invitation already accepted, a reset for a deactivated account).
pub async fn render(
    db: &impl ConnectionTrait,
    settings: &LinkSettings,
    user_id: Uuid,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> Result<Option<Email>, DeliveryError> {
    let Some(user) = db::auth_lookup::user_by_id(db, user_id).await.map_err(transient)? else {
        return Ok(None);
    };
    let (wanted_status, route, kind, ttl) = match purpose {
        LinkPurpose::Invitation => (STATUS_INVITED, INVITATION_ROUTE, MailKind::Invitation, settings.invitation_ttl),
        LinkPurpose::PasswordReset => {
            (STATUS_ACTIVE, PASSWORD_RESET_ROUTE, MailKind::PasswordReset, settings.reset_ttl)
        }
    };
    if user.status != wanted_status {
        tracing::info!(%user_id, purpose = ?purpose, "account link no longer needed; not sent");
        return Ok(None);
    }
    let organisation_name = db::auth_lookup::organisation_by_id(db, user.organisation_id)
        .await
        .map_err(transient)?
        .map(|o| o.name)
        .unwrap_or_default();
    let token = tokens::generate_token();
    let expires_at = now + ttl;
    db::tokens::issue(db, user.id, Purpose::from(purpose), tokens::hash_token(&token), expires_at, now)
        .await
        .map_err(transient)?;
    let link = format!("{}{route}#token={token}", settings.public_url);
    let language = Language::parse(&user.language).unwrap_or_default();
    let context = minijinja::context! {
        name => user.name.clone(),
        email => user.email.clone(),
        organisation => organisation_name,
        // Built by us from the configured URL and a base64url token: nothing to escape.
        link => minijinja::Value::from_safe_string(link),
        expires => format_moment(expires_at, language),
    };
    let rendered = mail_templates::render(kind, language, context)
        .map_err(|e| DeliveryError::permanent(format!("the template could not be rendered: {e}")))?;
    Ok(Some(Email {
        to_name: user.name,
        to: user.email,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        language: language.as_str().to_owned(),
    }))
}

/// Renders a reset link for the account with `email`, if there is an active one that
/// has not had a link in the last minute; otherwise nothing is sent.
pub async fn render_reset_request(
    db: &impl ConnectionTrait,
    settings: &LinkSettings,
    email: &str,
    now: DateTime<Utc>,
) -> Result<Option<Email>, DeliveryError> {
    let Some(user) = db::auth_lookup::user_by_email(db, email).await.map_err(transient)? else {
        tracing::info!("password reset requested for an unknown address; nothing sent");
        return Ok(None);
    };
    if let Some(last) = db::tokens::last_issued_at(db, user.id, Purpose::PasswordReset).await.map_err(transient)?
        && now - last < Duration::seconds(RESET_RESEND_SECS)
    {
        tracing::info!(user_id = %user.id, "password reset requested again within a minute; not resent");
        return Ok(None);
    }
    render(db, settings, user.id, LinkPurpose::PasswordReset, now).await
}
