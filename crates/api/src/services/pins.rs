//! A user's PIN (seed 002, "accorderingstokens"): set by the user with its password (or,
//! later, on a printed PIN letter), kept only as an Argon2 hash, checked when it confirms
//! an approval. Five wrong tries in a row lock it for a while; each try is counted in its
//! own statement before the PIN is checked, so neither a refused request nor a burst of
//! parallel guesses gets past the count.

use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_api_types::documents::{PinStatus, SetPin};
use loket_domain::approvals::secrets::{Pin, PinLock};
use loket_domain::audit::{AuditAction, EntityType, Snapshot};

use crate::auth::{Principal, password};
use crate::db;
use crate::db::entities::users;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

fn parse(text: &str) -> Result<Pin, ApiError> {
    Pin::parse(text).ok_or_else(|| ApiError::field("pin", "invalid", "a PIN is six digits"))
}

/// The signed-in person behind `principal` (API keys are refused).
pub(crate) async fn caller(state: &AppState, principal: &Principal) -> Result<users::Model, ApiError> {
    let user_id = principal.require_user()?;
    db::auth_lookup::user_by_id(&state.db, user_id).await?.ok_or(ApiError::NotFound)
}

pub async fn status(state: &AppState, principal: &Principal) -> Result<PinStatus, ApiError> {
    let user = caller(state, principal).await?;
    let pin = db::pins::find(&state.db, user.id).await?;
    let now = Utc::now();
    Ok(PinStatus {
        set: pin.is_some(),
        set_at: pin.as_ref().map(|p| p.set_at.to_utc()),
        locked_until: pin.and_then(|p| p.locked_until).map(|t| t.to_utc()).filter(|until| *until > now),
    })
}

/// Sets the caller's PIN after checking its password (throttled like signing in).
pub async fn set(state: &AppState, principal: &Principal, request: SetPin) -> Result<PinStatus, ApiError> {
    let user = caller(state, principal).await?;
    let pin = parse(&request.pin)?;
    let keys = crate::services::auth::claim_password_attempt(state, &user.email, principal.origin.ip).await?;
    if !password::verify_password(request.current_password, user.password_hash.clone()).await? {
        return Err(ApiError::field(
            "current_password",
            ErrorCode::InvalidCredentials.as_str(),
            "your current password is not correct",
        ));
    }
    crate::services::auth::password_attempt_succeeded(state, &keys).await?;
    let hash = password::hash_password(pin.digits().to_owned()).await?;
    let had = db::pins::find(&state.db, user.id).await?.is_some();
    let mut write = Write::begin(state, principal.into()).await?;
    db::pins::set(write.db(), user.id, hash, Utc::now()).await?;
    let action = if had { AuditAction::Updated } else { AuditAction::Created };
    let change = Change::event(action, EntityType::UserPin, user.id, Some(user.organisation_id))
        .in_history_of(EntityType::User, user.id);
    write.record(change).await?;
    write.commit().await?;
    status(state, principal).await
}

/// Checks `text` as `user`'s PIN: a field error when it is not six digits or not set, 429
/// while locked, a field error when wrong. The try is counted before the PIN is checked
/// (like a sign-in), so a burst of parallel guesses gets no more tries than one by one.
pub async fn verify(state: &AppState, principal: &Principal, user: &users::Model, text: &str) -> Result<(), ApiError> {
    let pin = parse(text)?;
    let Some(stored) = db::pins::find(&state.db, user.id).await? else {
        return Err(ApiError::field("pin", "not_set", "you have no PIN yet; set one on the Approvals page"));
    };
    let now = Utc::now();
    let lock = PinLock::default();
    let retry = |until: chrono::DateTime<Utc>| ApiError::retry_at(until, now);
    if let Some(until) = stored.locked_until.map(|t| t.to_utc()) {
        if !PinLock::open(Some(until), now) {
            return Err(retry(until));
        }
        db::pins::unlock(&state.db, user.id, until).await?;
    }
    let tries = db::pins::count_try(&state.db, user.id).await?;
    if tries > lock.max_failures {
        // A parallel guess past the limit: the one that reached it locks the PIN.
        return Err(retry(now + lock.lock_for));
    }
    if password::verify_password(pin.digits().to_owned(), Some(stored.pin_hash)).await? {
        db::pins::clear_failures(&state.db, user.id).await?;
        return Ok(());
    }
    if let Some(until) = lock.after_failure(tries, now) {
        locked(state, principal, user, until).await?;
        return Err(retry(until));
    }
    let left = lock.max_failures.saturating_sub(tries);
    Err(ApiError::field("pin", "wrong_pin", format!("the PIN is not correct; {left} more tries before it locks")))
}

/// Locks the PIN until `until` (audited in the user's history).
async fn locked(
    state: &AppState,
    principal: &Principal,
    user: &users::Model,
    until: chrono::DateTime<Utc>,
) -> Result<(), ApiError> {
    let mut write = Write::begin(state, principal.into()).await?;
    db::pins::lock(write.db(), user.id, until).await?;
    let change = Change::updated(
        EntityType::UserPin,
        user.id,
        Some(user.organisation_id),
        &Snapshot::new().field("locked_until", Option::<String>::None),
        &Snapshot::new().field("locked_until", until.to_rfc3339()),
    )
    .in_history_of(EntityType::User, user.id);
    write.record(change).await?;
    write.commit().await
}
