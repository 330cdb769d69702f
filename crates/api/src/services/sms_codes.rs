//! One-time SMS codes (seed 002): asked for a purpose, sent by the worker to a number
//! (the digits made at delivery, only their hash kept), checked once. Every try is
//! counted in its own statement before the code is checked, so parallel guesses get no
//! more tries than one by one; a code works once, for its purpose, for a few minutes.

use chrono::{DateTime, Utc};
use loket_api_types::mobile::CodeSent;
use loket_domain::PhoneNumber;
use loket_domain::approvals::secrets::{CodePurpose, CodeRefused, CodeRules, IssuedCode, OneTimeCode};
use loket_domain::audit::{AuditAction, EntityType, Snapshot};

use crate::auth::password;
use crate::db;
use crate::db::entities::{sms_codes, users};
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::notifications;
use crate::services::write::Write;
use crate::state::AppState;

/// Until when the last code for `user_id` and `purpose` holds the next one back: while
/// it still waits to be typed and is younger than the resend interval (a used one does
/// not hold anything back).
pub async fn held_back_until(
    db: &impl sea_orm::ConnectionTrait,
    user_id: uuid::Uuid,
    purpose: CodePurpose,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ApiError> {
    let last = db::sms_codes::latest(db, user_id, purpose).await?.filter(|code| pending(code, now));
    Ok(CodeRules::default().next_send_at(last.map(|code| code.created_at.to_utc())).filter(|next| *next > now))
}

/// Asks a code for `user` and `purpose`, sent to `to`, inside `write` (audited there).
/// Refused with 429 while the last code for the same purpose is too recent and unused,
/// and after ten codes in 24 hours.
pub async fn send(
    state: &AppState,
    write: &mut Write,
    user: &users::Model,
    purpose: CodePurpose,
    to: &PhoneNumber,
) -> Result<CodeSent, ApiError> {
    let rules = CodeRules::default();
    let now = state.clock.now();
    if let Some(next) = held_back_until(write.db(), user.id, purpose, now).await? {
        return Err(ApiError::retry_at(next, now));
    }
    let asked = db::sms_codes::asked_since(write.db(), user.id, purpose, now - chrono::Duration::days(1)).await?;
    if let Some(until) = rules.daily_limit_until(&asked) {
        return Err(ApiError::retry_at(until, now));
    }
    let code = db::sms_codes::insert(write.db(), user.id, purpose, to.as_str(), now).await?;
    notifications::queue_sms_code(state, write.db(), code.id, &to.masked(), Some(user.organisation_id)).await?;
    let snapshot = Snapshot::new().field("purpose", purpose.as_str()).field("sent_to", to.masked());
    let change = Change::event(AuditAction::CodeSent, EntityType::UserMobile, user.id, Some(user.organisation_id))
        .comparing(None, Some(&snapshot))
        .in_history_of(EntityType::User, user.id);
    write.record(change).await?;
    Ok(CodeSent {
        sent_to: to.masked(),
        valid_for_secs: u32::try_from(rules.valid_for.num_seconds()).unwrap_or(600),
        resend_at: now + rules.resend_after,
    })
}

fn refused(field: &str, refusal: CodeRefused) -> ApiError {
    let code = match refusal {
        CodeRefused::Used => "used",
        CodeRefused::Expired => "expired",
        CodeRefused::TooManyAttempts => "too_many_attempts",
        CodeRefused::Wrong => "wrong_code",
    };
    ApiError::field(field, code, refusal.to_string())
}

/// Checks `text` as the code last sent to `user` for `purpose` and uses it up. Errors
/// name `field`: not six digits, none asked, not arrived yet, used, expired, too many
/// tries, wrong.
pub async fn verify(
    state: &AppState,
    user: &users::Model,
    purpose: CodePurpose,
    text: &str,
    field: &str,
) -> Result<sms_codes::Model, ApiError> {
    let typed = OneTimeCode::parse(text).ok_or_else(|| ApiError::field(field, "invalid", "a code is six digits"))?;
    let Some(code) = db::sms_codes::latest(&state.db, user.id, purpose).await? else {
        return Err(ApiError::field(field, "not_sent", "no code was sent; ask for one first"));
    };
    let (Some(hash), Some(issued_at)) = (code.code_hash.clone(), code.issued_at) else {
        return Err(ApiError::field(field, "not_sent", "the code is still on its way; try again in a moment"));
    };
    let rules = CodeRules::default();
    let now = state.clock.now();
    let tries = db::sms_codes::count_try(&state.db, code.id).await?;
    let issued = IssuedCode {
        issued_at: issued_at.to_utc(),
        attempts: tries.saturating_sub(1),
        used_at: code.used_at.map(|t| t.to_utc()),
    };
    // Used, expired or tried too often: refused without looking at the digits.
    rules.check(&issued, now, true).map_err(|r| refused(field, r))?;
    let matches = password::verify_password(typed.digits().to_owned(), Some(hash)).await?;
    rules.check(&issued, now, matches).map_err(|r| refused(field, r))?;
    if !db::sms_codes::use_code(&state.db, code.id, now).await? {
        return Err(refused(field, CodeRefused::Used));
    }
    Ok(code)
}

/// The moment `code` stops working, once it has been sent.
pub fn expires_at(code: &sms_codes::Model) -> Option<DateTime<Utc>> {
    code.issued_at.map(|at| at.to_utc() + CodeRules::default().valid_for)
}

/// Whether `code` still waits to be typed: not used and not expired.
pub fn pending(code: &sms_codes::Model, now: DateTime<Utc>) -> bool {
    let asked = code.created_at.to_utc();
    code.used_at.is_none() && expires_at(code).unwrap_or(asked + CodeRules::default().valid_for) > now
}
