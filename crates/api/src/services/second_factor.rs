//! Signing in with a code by SMS after the password (seed 002): per user by choice or
//! required by a group it is in, with recovery codes for a lost phone. The first step
//! (a right password) leaves a challenge — a random token kept only as its hash — and
//! sends a code; the second step presents both and opens the session.

use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_api_types::auth::{ResendSignInCode, SecondFactorLogin, SecondFactorRequired};
use loket_api_types::mobile::{CodeSent, NewRecoveryCodes, RecoveryCodes, SecondFactorStatus, SetSecondFactor};
use loket_domain::PhoneNumber;
use loket_domain::approvals::secrets::{
    CodePurpose, CodeRules, RECOVERY_ALPHABET, RECOVERY_CODES, RECOVERY_LENGTH, RecoveryCode, second_factor_required,
};
use loket_domain::audit::{AuditAction, EntityType, Snapshot};

use crate::auth::origin::RequestOrigin;
use crate::auth::{Principal, password, tokens};
use crate::db;
use crate::db::entities::{sign_in_challenges, users};
use crate::db::second_factor::NewChallenge;
use crate::db::users::STATUS_ACTIVE;
use crate::error::ApiError;
use crate::services::audit::{Author, Change};
use crate::services::auth::{Issued, start_session};
use crate::services::write::Write;
use crate::services::{pins, sms_codes};
use crate::state::AppState;

/// Wrong recovery codes one challenge takes before it ends.
const RECOVERY_TRIES: u32 = 5;

/// Where `user`'s sign-in code goes, if signing in takes one: required (by choice or by
/// a group) and a verified number to send it to.
pub async fn sends_code_to(state: &AppState, user: &users::Model) -> Result<Option<PhoneNumber>, ApiError> {
    let Some(mobile) = db::sms_codes::mobile(&state.db, user.id).await? else {
        return Ok(None);
    };
    let groups = db::second_factor::groups_requiring(&state.db, user.id).await?;
    if !second_factor_required(mobile.sign_in_since.is_some(), usize::try_from(groups).unwrap_or(usize::MAX)) {
        return Ok(None);
    }
    Ok(Some(PhoneNumber::parse(&mobile.number).map_err(ApiError::internal)?))
}

/// The first step succeeded: a challenge, and a code on its way (unless one sent less
/// than a minute ago still works: signing in twice in a row sends one SMS).
pub async fn begin(
    state: &AppState,
    user: &users::Model,
    origin: &RequestOrigin,
    to: &PhoneNumber,
) -> Result<SecondFactorRequired, ApiError> {
    let now = state.clock.now();
    let rules = CodeRules::default();
    let token = tokens::generate_token();
    let expires_at = now + rules.valid_for;
    let mut write = Write::begin(state, Author::user(user, origin)).await?;
    let challenge = NewChallenge {
        user_id: user.id,
        token_hash: tokens::hash_token(&token),
        ip_address: Some(origin.ip.to_string()),
        expires_at,
    };
    db::second_factor::create_challenge(write.db(), challenge, now).await?;
    let resend_at = match sms_codes::held_back_until(write.db(), user.id, CodePurpose::SignIn, now).await? {
        Some(next) => next,
        None => sms_codes::send(state, &mut write, user, CodePurpose::SignIn, to).await?.resend_at,
    };
    let step = Snapshot::new().field("sent_to", to.masked()).field("expires_at", expires_at.to_rfc3339());
    let change = Change::event(AuditAction::SecondStepStarted, EntityType::User, user.id, Some(user.organisation_id))
        .comparing(None, Some(&step));
    write.record(change).await?;
    write.commit().await?;
    Ok(SecondFactorRequired { challenge: token, sent_to: to.masked(), expires_at, resend_at })
}

fn sign_in_again() -> ApiError {
    ApiError::unauthenticated(ErrorCode::InvalidToken, "This sign-in has expired; sign in again.")
}

/// The challenge `presented` and its user, while it works.
async fn challenge_of(
    state: &AppState,
    presented: &str,
) -> Result<(sign_in_challenges::Model, users::Model), ApiError> {
    let challenge =
        db::second_factor::challenge(&state.db, &tokens::hash_token(presented)).await?.ok_or_else(sign_in_again)?;
    if challenge.used_at.is_some() || challenge.expires_at.to_utc() <= state.clock.now() {
        return Err(sign_in_again());
    }
    let user = db::auth_lookup::user_by_id(&state.db, challenge.user_id)
        .await?
        .filter(|u| u.status == STATUS_ACTIVE)
        .ok_or_else(sign_in_again)?;
    Ok((challenge, user))
}

/// The second step: the code from the SMS or a recovery code, then the session.
pub async fn complete(
    state: &AppState,
    request: SecondFactorLogin,
    origin: &RequestOrigin,
) -> Result<Issued, ApiError> {
    let (challenge, user) = challenge_of(state, &request.challenge).await?;
    let how = match (request.code.as_deref(), request.recovery_code.as_deref()) {
        (Some(code), None) => {
            sms_codes::verify(state, &user, CodePurpose::SignIn, code, "code").await?;
            "sms_code"
        }
        (None, Some(text)) => {
            use_recovery_code(state, &challenge, &user, text).await?;
            "recovery_code"
        }
        (Some(_), Some(_)) => {
            return Err(ApiError::field("code", "one_of", "give the code or a recovery code, not both"));
        }
        (None, None) => return Err(ApiError::field("code", "required", "give the code from the SMS")),
    };
    if !db::second_factor::use_challenge(&state.db, challenge.id, state.clock.now()).await? {
        return Err(sign_in_again());
    }
    start_session(state, &user, origin, Some(how)).await
}

async fn use_recovery_code(
    state: &AppState,
    challenge: &sign_in_challenges::Model,
    user: &users::Model,
    text: &str,
) -> Result<(), ApiError> {
    let typed = RecoveryCode::parse(text)
        .ok_or_else(|| ApiError::field("recovery_code", "invalid", "a recovery code has ten letters and digits"))?;
    let tries = db::second_factor::count_recovery_try(&state.db, challenge.id).await?;
    if tries > RECOVERY_TRIES {
        db::second_factor::use_challenge(&state.db, challenge.id, state.clock.now()).await?;
        return Err(sign_in_again());
    }
    for stored in db::second_factor::unused_recovery_codes(&state.db, user.id).await? {
        if password::verify_password(typed.normalized().to_owned(), Some(stored.code_hash.clone())).await? {
            if db::second_factor::use_recovery_code(&state.db, stored.id, state.clock.now()).await? {
                return Ok(());
            }
            break;
        }
    }
    let left = RECOVERY_TRIES.saturating_sub(tries);
    Err(ApiError::field("recovery_code", "wrong_code", format!("this recovery code is not valid; {left} more tries")))
}

/// A new code for the sign-in under way.
pub async fn resend(state: &AppState, request: ResendSignInCode, origin: &RequestOrigin) -> Result<CodeSent, ApiError> {
    let (_, user) = challenge_of(state, &request.challenge).await?;
    let to = sends_code_to(state, &user).await?.ok_or_else(sign_in_again)?;
    let mut write = Write::begin(state, Author::user(&user, origin)).await?;
    let sent = sms_codes::send(state, &mut write, &user, CodePurpose::SignIn, &to).await?;
    write.commit().await?;
    Ok(sent)
}

pub async fn status(state: &AppState, principal: &Principal) -> Result<SecondFactorStatus, ApiError> {
    let user = pins::caller(state, principal).await?;
    let mobile = db::sms_codes::mobile(&state.db, user.id).await?;
    let groups = db::second_factor::groups_requiring(&state.db, user.id).await?;
    let enabled_at = mobile.as_ref().and_then(|m| m.sign_in_since).map(|t| t.to_utc());
    let required = second_factor_required(enabled_at.is_some(), usize::try_from(groups).unwrap_or(usize::MAX));
    let left = db::second_factor::unused_recovery_codes(&state.db, user.id).await?.len();
    Ok(SecondFactorStatus {
        enabled: enabled_at.is_some(),
        enabled_at,
        required_by_group: groups > 0,
        active: required && mobile.is_some(),
        recovery_codes_left: u32::try_from(left).unwrap_or(u32::MAX),
    })
}

/// Switches the caller's own choice, with its PIN.
pub async fn set(
    state: &AppState,
    principal: &Principal,
    request: SetSecondFactor,
) -> Result<SecondFactorStatus, ApiError> {
    let user = pins::caller(state, principal).await?;
    pins::verify(state, principal, &user, &request.pin).await?;
    let before = status(state, principal).await?;
    if request.enabled == before.enabled {
        return Ok(before);
    }
    if request.enabled && db::sms_codes::mobile(&state.db, user.id).await?.is_none() {
        return Err(ApiError::conflict(ErrorCode::Conflict, "Verify a mobile number first: the code goes there."));
    }
    if !request.enabled && before.required_by_group {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "A group you belong to requires a code at sign-in; it cannot be switched off.",
        ));
    }
    let mut write = Write::begin(state, principal.into()).await?;
    let since = request.enabled.then(|| state.clock.now());
    db::second_factor::choose(write.db(), user.id, since).await?;
    let change = Change::updated(
        EntityType::UserMobile,
        user.id,
        Some(user.organisation_id),
        &Snapshot::new().field("sign_in_with_code", before.enabled),
        &Snapshot::new().field("sign_in_with_code", request.enabled),
    )
    .in_history_of(EntityType::User, user.id);
    write.record(change).await?;
    write.commit().await?;
    status(state, principal).await
}

fn new_recovery_code() -> RecoveryCode {
    let raw: String = (0..RECOVERY_LENGTH)
        .map(|_| char::from(RECOVERY_ALPHABET[rand::random_range(0..RECOVERY_ALPHABET.len())]))
        .collect();
    // Made from the alphabet at the right length: it always reads back.
    RecoveryCode::parse(&raw).unwrap_or_else(|| unreachable!("a recovery code from the alphabet"))
}

/// Ten new recovery codes for the caller, with its PIN; the old ones stop working.
pub async fn new_recovery_codes(
    state: &AppState,
    principal: &Principal,
    request: NewRecoveryCodes,
) -> Result<RecoveryCodes, ApiError> {
    let user = pins::caller(state, principal).await?;
    pins::verify(state, principal, &user, &request.pin).await?;
    let codes: Vec<RecoveryCode> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
    let mut hashes = Vec::with_capacity(codes.len());
    for code in &codes {
        hashes.push(password::hash_password(code.normalized().to_owned()).await?);
    }
    let now = state.clock.now();
    let mut write = Write::begin(state, principal.into()).await?;
    db::second_factor::replace_recovery_codes(write.db(), user.id, hashes, now).await?;
    let change = Change::event(AuditAction::Created, EntityType::RecoveryCodes, user.id, Some(user.organisation_id))
        .comparing(None, Some(&Snapshot::new().field("count", codes.len())))
        .in_history_of(EntityType::User, user.id);
    write.record(change).await?;
    write.commit().await?;
    Ok(RecoveryCodes { codes: codes.iter().map(RecoveryCode::display).collect(), created_at: now.with_timezone(&Utc) })
}
