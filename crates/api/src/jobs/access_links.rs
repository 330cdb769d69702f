//! The confirmation e-mail of an access request, rendered at delivery: the token is made
//! here and stored only as its hash. An address that already has a login gets a pointer
//! to the password reset instead, so the request's answer never says whether it has one.

use chrono::{DateTime, Duration, Utc};
use loket_domain::Language;
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::adapters::DeliveryError;
use crate::adapters::mail::Email;
use crate::adapters::mail_templates::{self, MailKind, format_moment};
use crate::auth::tokens;
use crate::db;
use crate::jobs::account_links::LinkSettings;

/// The SPA route the confirmation link opens.
pub const CONFIRM_ROUTE: &str = "/access/confirm";
/// Where someone who already has a login is sent.
pub const FORGOT_PASSWORD_ROUTE: &str = "/forgot-password";
/// How long a confirmation link works.
pub const CONFIRM_TTL_HOURS: i64 = 24;

fn transient(error: DbErr) -> DeliveryError {
    DeliveryError::transient(format!("the database could not be read: {error}"))
}

/// Renders the e-mail for request `request_id`, or nothing when it was confirmed meanwhile.
pub async fn render(
    db: &impl ConnectionTrait,
    settings: &LinkSettings,
    request_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Email>, DeliveryError> {
    let Some(request) = db::access_requests::by_id(db, request_id).await.map_err(transient)? else {
        return Ok(None);
    };
    if request.status != loket_domain::access::AccessRequestStatus::Unconfirmed.as_str() {
        tracing::info!(%request_id, "access request no longer unconfirmed; confirmation not sent");
        return Ok(None);
    }
    let language = Language::parse(&request.language).unwrap_or_default();
    let has_account = db::auth_lookup::user_by_email(db, &request.email).await.map_err(transient)?.is_some();
    let (event, link, expires) = if has_account {
        ("has_account", format!("{}{FORGOT_PASSWORD_ROUTE}", settings.public_url), String::new())
    } else {
        let token = tokens::generate_token();
        let expires_at = now + Duration::hours(CONFIRM_TTL_HOURS);
        if !db::access_requests::set_token(db, request.id, tokens::hash_token(&token), expires_at)
            .await
            .map_err(transient)?
        {
            return Ok(None);
        }
        (
            "confirm",
            format!("{}{CONFIRM_ROUTE}#token={token}", settings.public_url),
            format_moment(expires_at, language),
        )
    };
    let context = minijinja::context! {
        event,
        name => request.name.clone(),
        number => request.customer_number.clone(),
        // Built by us from the configured URL and a base64url token: nothing to escape.
        link => minijinja::Value::from_safe_string(link),
        expires,
    };
    let rendered = mail_templates::render(MailKind::Access, language, context)
        .map_err(|e| DeliveryError::permanent(format!("the template could not be rendered: {e}")))?;
    Ok(Some(Email {
        to_name: request.name,
        to: request.email,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        language: language.as_str().to_owned(),
    }))
}
