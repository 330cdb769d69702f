//! Signing in, refreshing and signing out.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use loket_api_types::ErrorCode;
use loket_api_types::auth::{LoginRequest, SecondFactorRequired, TokenResponse};
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::throttle::{ThrottleKeys, ThrottleRule};

use crate::auth::origin::RequestOrigin;
use crate::auth::{password, tokens};
use crate::db;
use crate::db::entities::{sessions, users};
use crate::db::sessions::{NewSession, REVOKED_LOGOUT, REVOKED_REUSE};
use crate::db::throttle::Claim;
use crate::db::users::STATUS_ACTIVE;
use crate::error::ApiError;
use crate::services::audit::{Author, Change};
use crate::services::profile::me_for_user;
use crate::services::second_factor;
use crate::services::write::Write;
use crate::state::AppState;

/// The name the audit log gives Loket when it ends a session on its own.
const SESSION_GUARD: &str = "Loket sessiebewaking";

/// A successful sign-in or refresh: the body, plus the refresh token for the cookie.
pub struct Issued {
    pub body: TokenResponse,
    pub refresh_token: String,
    pub refresh_max_age_secs: i64,
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthenticated(ErrorCode::InvalidCredentials, "The e-mail address or password is not correct.")
}

/// Counts a password attempt under the account, the account from this address and the
/// address, before the password is looked at; refuses it (429) when any of them waits.
pub async fn claim_password_attempt(state: &AppState, login_name: &str, ip: IpAddr) -> Result<ThrottleKeys, ApiError> {
    let now = Utc::now();
    let keys = ThrottleKeys::new(login_name, ip);
    let policy = state.throttle;
    let claims = [
        (keys.account.as_str(), &policy.account),
        (keys.account_from_address.as_str(), &policy.account_from_address),
        (keys.address.as_str(), &policy.address),
    ];
    // Refused without checking the password: waiting cannot be used to test guesses.
    claim_all(state, &claims, now, "password attempt").await?;
    Ok(keys)
}

/// Counts one attempt under each key, in order; the first key that waits refuses the
/// attempt with 429 and the seconds to wait. Shared by every throttled endpoint.
pub async fn claim_all(
    state: &AppState,
    claims: &[(&str, &ThrottleRule)],
    now: DateTime<Utc>,
    what: &'static str,
) -> Result<(), ApiError> {
    for (key, rule) in claims {
        if let Claim::Blocked(until) = db::throttle::claim(&state.db, key, rule, now).await? {
            let wait = (until - now).num_milliseconds().max(1);
            let retry_after_secs = u64::try_from((wait + 999) / 1000).unwrap_or(1);
            tracing::warn!(retry_after_secs, what, "attempt throttled");
            return Err(ApiError::TooManyRequests { retry_after_secs });
        }
    }
    Ok(())
}

/// After a correct password: the account's counts start afresh and the address gets its
/// attempt back (it is shared by everyone behind it).
pub async fn password_attempt_succeeded(state: &AppState, keys: &ThrottleKeys) -> Result<(), ApiError> {
    db::throttle::clear(&state.db, &[keys.account.as_str(), keys.account_from_address.as_str()]).await?;
    db::throttle::refund(&state.db, &keys.address).await?;
    Ok(())
}

/// What a right password leads to: a session, or the second step when the account signs
/// in with a code by SMS as well.
pub enum SignIn {
    Issued(Issued),
    SecondFactor(SecondFactorRequired),
}

pub async fn login(state: &AppState, request: LoginRequest, origin: RequestOrigin) -> Result<SignIn, ApiError> {
    let login_name = request.email.trim().to_lowercase();
    let keys = claim_password_attempt(state, &login_name, origin.ip).await?;

    let user = db::auth_lookup::user_by_email(&state.db, &login_name).await?;
    let stored_hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let password_ok = password::verify_password(request.password, stored_hash).await?;
    // A deactivated or not yet activated account answers exactly like a wrong password,
    // so the answer tells a guesser nothing about the account.
    let Some(user) = user.filter(|u| password_ok && u.status == STATUS_ACTIVE) else {
        tracing::info!("login failed");
        return Err(invalid_credentials());
    };
    password_attempt_succeeded(state, &keys).await?;
    if let Some(number) = second_factor::sends_code_to(state, &user).await? {
        let challenge = second_factor::begin(state, &user, &origin, &number).await?;
        return Ok(SignIn::SecondFactor(challenge));
    }
    Ok(SignIn::Issued(start_session(state, &user, &origin, None).await?))
}

/// Opens a session for `user` who proved who it is (`second_factor` names the second
/// step, if there was one), audited as a sign-in.
pub(crate) async fn start_session(
    state: &AppState,
    user: &users::Model,
    origin: &RequestOrigin,
    second_factor: Option<&'static str>,
) -> Result<Issued, ApiError> {
    let now = Utc::now();
    let settings = &state.settings;
    let refresh_token = tokens::generate_token();
    let refresh_ttl = Duration::seconds(i64::try_from(settings.refresh_token_ttl_secs).unwrap_or(43_200));
    let session_expires = now + Duration::seconds(i64::try_from(settings.session_max_age_secs).unwrap_or(1_209_600));
    let mut write = Write::begin(state, Author::user(user, origin)).await?;
    let session = db::sessions::create(
        write.db(),
        NewSession {
            user_id: user.id,
            ip_address: Some(origin.ip.to_string()),
            user_agent: origin.user_agent.clone(),
            expires_at: session_expires,
        },
        tokens::hash_token(&refresh_token),
        (now + refresh_ttl).min(session_expires),
        now,
    )
    .await?;
    db::users::record_login(write.db(), user.id, now).await?;
    let mut change = Change::event(AuditAction::SignedIn, EntityType::User, user.id, Some(user.organisation_id));
    if let Some(how) = second_factor {
        change = change.comparing(None, Some(&Snapshot::new().field("second_factor", how)));
    }
    write.record(change).await?;
    write.commit().await?;
    tracing::info!(user_id = %user.id, session_id = %session.id, "signed in");

    let access_token = state.jwt.issue(user.id, session.id, now.timestamp())?;
    let me = me_for_user(&state.db, user).await?;
    Ok(Issued {
        body: TokenResponse {
            access_token,
            token_type: "Bearer".to_owned(),
            expires_in: state.jwt.access_ttl_secs,
            user: me,
        },
        refresh_token,
        refresh_max_age_secs: refresh_ttl.num_seconds().min((session_expires - now).num_seconds()),
    })
}

fn refresh_refused(detail: &str) -> ApiError {
    ApiError::unauthenticated(ErrorCode::InvalidToken, detail.to_owned())
}

/// Exchanges a refresh token for a new access token and the next refresh token.
pub async fn refresh(state: &AppState, presented: Option<String>, origin: &RequestOrigin) -> Result<Issued, ApiError> {
    let presented = presented.filter(|t| !t.is_empty()).ok_or_else(|| {
        ApiError::unauthenticated(ErrorCode::Unauthenticated, "No session: the refresh cookie is missing. Sign in.")
    })?;
    let now = Utc::now();
    // Reads the token, then marks it used: a writing transaction from the start.
    let txn = db::begin_writing(&state.db).await?;
    let (token, session) = db::sessions::find_refresh_token(&txn, &tokens::hash_token(&presented))
        .await?
        .ok_or_else(|| refresh_refused("The session is not known; sign in again."))?;
    if session.revoked_at.is_some() || session.expires_at <= now {
        return Err(refresh_refused("The session has ended; sign in again."));
    }
    let first_use = token.used_at.is_none() && db::sessions::use_refresh_token(&txn, token.id, now).await?;
    if !first_use {
        txn.rollback().await?;
        revoke_reused_session(state, &session, origin, now).await?;
        return Err(refresh_refused("This sign-in was ended for your safety; sign in again."));
    }
    if token.expires_at <= now {
        return Err(refresh_refused("The session has expired; sign in again."));
    }
    let user = db::auth_lookup::user_by_id(&txn, session.user_id)
        .await?
        .filter(|u| u.status == STATUS_ACTIVE)
        .ok_or_else(|| refresh_refused("The account is no longer active."))?;

    let next = tokens::generate_token();
    let session_expires = session.expires_at.with_timezone(&Utc);
    let refresh_ttl = Duration::seconds(i64::try_from(state.settings.refresh_token_ttl_secs).unwrap_or(43_200));
    let next_expires = (now + refresh_ttl).min(session_expires);
    db::sessions::add_refresh_token(&txn, session.id, tokens::hash_token(&next), next_expires, now).await?;
    db::sessions::touch(&txn, session.id, now).await?;
    txn.commit().await?;

    let access_token = state.jwt.issue(user.id, session.id, now.timestamp())?;
    let me = me_for_user(&state.db, &user).await?;
    Ok(Issued {
        body: TokenResponse {
            access_token,
            token_type: "Bearer".to_owned(),
            expires_in: state.jwt.access_ttl_secs,
            user: me,
        },
        refresh_token: next,
        refresh_max_age_secs: (next_expires - now).num_seconds(),
    })
}

/// A used refresh token came back: someone holds a copy. The whole family ends, and the
/// account's audit history says so, with the address the copy was presented from.
async fn revoke_reused_session(
    state: &AppState,
    session: &sessions::Model,
    origin: &RequestOrigin,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let organisation_id = db::auth_lookup::user_by_id(&state.db, session.user_id).await?.map(|u| u.organisation_id);
    let mut write = Write::begin(state, Author::system_for(SESSION_GUARD, origin)).await?;
    db::sessions::revoke(write.db(), session.id, REVOKED_REUSE, now).await?;
    let change = Change::event(AuditAction::SessionRevoked, EntityType::User, session.user_id, organisation_id);
    write.record(change).await?;
    write.commit().await?;
    tracing::warn!(session_id = %session.id, user_id = %session.user_id, "refresh token reused; session revoked");
    Ok(())
}

/// Ends the session the refresh cookie belongs to. Signing out twice is harmless.
pub async fn logout(state: &AppState, presented: Option<String>, origin: &RequestOrigin) -> Result<(), ApiError> {
    let Some(presented) = presented.filter(|t| !t.is_empty()) else {
        return Ok(());
    };
    let found = db::sessions::find_refresh_token(&state.db, &tokens::hash_token(&presented)).await?;
    let Some((_, session)) = found.filter(|(_, session)| session.revoked_at.is_none()) else {
        return Ok(());
    };
    let Some(user) = db::auth_lookup::user_by_id(&state.db, session.user_id).await? else {
        return Ok(());
    };
    let mut write = Write::begin(state, Author::user(&user, origin)).await?;
    // Revoking twice (two sign-outs at once) is harmless.
    db::sessions::revoke(write.db(), session.id, REVOKED_LOGOUT, Utc::now()).await?;
    write.record(Change::event(AuditAction::SignedOut, EntityType::User, user.id, Some(user.organisation_id))).await?;
    write.commit().await?;
    tracing::info!(session_id = %session.id, "signed out");
    Ok(())
}
