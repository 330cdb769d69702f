//! The installation instructions of a case, rendered at delivery: the one-time
//! installation token is made here (stored only as its hash, earlier unused tokens of
//! the case revoked) and the download link signed here, so neither rests in the outbox.
//! Instructions superseded by newer ones for the same case are not sent.

use chrono::{DateTime, Utc};
use loket_domain::Language;
use loket_domain::onboarding::releases::{INSTALLATION_TOKEN_DAYS, expiry};
use sea_orm::{ConnectionTrait, DbErr};

use crate::adapters::DeliveryError;
use crate::adapters::mail::Email;
use crate::adapters::mail_templates::{self, MailKind, format_moment};
use crate::auth::signed_links::LinkSigner;
use crate::auth::tokens;
use crate::db;
use crate::jobs::account_links::LinkSettings;
use crate::jobs::payload::InstructionsRef;

fn transient(error: DbErr) -> DeliveryError {
    DeliveryError::transient(format!("the database could not be read: {error}"))
}

/// A size as people read it: "12.4 MB".
fn size_text(bytes: i64) -> String {
    let mb = bytes as f64 / 1_000_000.0;
    if mb >= 1.0 { format!("{mb:.1} MB") } else { format!("{} kB", (bytes + 999) / 1000) }
}

pub async fn render(
    db: &impl ConnectionTrait,
    settings: &LinkSettings,
    signer: &LinkSigner,
    reference: &InstructionsRef,
    now: DateTime<Utc>,
) -> Result<Option<Email>, DeliveryError> {
    let scope = loket_domain::policy::InstallRequestScope::Helpdesk;
    let Some(request) = db::install_requests::find(db, &scope, reference.request_id).await.map_err(transient)? else {
        return Ok(None);
    };
    let latest = db::releases::latest_link_of(db, request.id).await.map_err(transient)?;
    let Some(link) = latest.filter(|l| l.id == reference.link_id) else {
        tracing::info!(request_id = %request.id, "instructions superseded; not sent");
        return Ok(None);
    };
    let release = db::releases::release(db, link.release_id)
        .await
        .map_err(transient)?
        .ok_or_else(|| DeliveryError::permanent("the release of the instructions is gone"))?;
    let product = db::releases::product(db, release.product_id)
        .await
        .map_err(transient)?
        .ok_or_else(|| DeliveryError::permanent("the product of the instructions is gone"))?;
    let language = match db::auth_lookup::user_by_email(db, &request.technical_email).await.map_err(transient)? {
        Some(user) => Language::parse(&user.language).unwrap_or_default(),
        None => Language::default(),
    };
    let token = tokens::generate_token();
    let token_expires = expiry(now, INSTALLATION_TOKEN_DAYS);
    db::installations::issue_token(db, request.id, tokens::hash_token(&token), token_expires, now)
        .await
        .map_err(transient)?;
    let expires_at = link.expires_at.with_timezone(&Utc);
    let url = signer.url(&settings.public_url, link.id, expires_at.timestamp());
    let context = minijinja::context! {
        name => request.technical_name.clone(),
        company => request.company_name.clone(),
        number => request.number.clone(),
        product => product.name.clone(),
        version => release.release_version.clone(),
        file_name => release.file_name.clone(),
        size => size_text(release.size_bytes),
        sha256 => release.sha256.clone(),
        // Built here from the configured URL, a UUID, digits and hex: nothing to escape.
        link => minijinja::Value::from_safe_string(url),
        link_expires => format_moment(expires_at, language),
        token,
        token_expires => format_moment(token_expires, language),
    };
    let rendered = mail_templates::render(MailKind::Instructions, language, context)
        .map_err(|e| DeliveryError::permanent(format!("the template could not be rendered: {e}")))?;
    Ok(Some(Email {
        to_name: request.technical_name,
        to: request.technical_email,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        language: language.as_str().to_owned(),
    }))
}
