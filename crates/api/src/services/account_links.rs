//! Links sent by e-mail: invitations (choose a first password) and password resets.
//! Each link carries a single-use token whose hash is stored; the token travels in the
//! URL fragment so it never reaches server logs or `Referer` headers.

use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_api_types::auth::{AcceptInvitationRequest, PasswordResetConfirm, PasswordResetRequest, TokenInfo};
use loket_domain::audit::{AuditAction, EntityType};
use loket_domain::password::PasswordError;
use loket_domain::webhooks::WebhookEvent;
use loket_domain::{EmailAddress, NewPassword};
use sea_orm::ConnectionTrait;

use crate::auth::origin::RequestOrigin;
use crate::auth::{password, tokens};
use crate::db;
use crate::db::entities::users;
use crate::db::sessions::REVOKED_PASSWORD_CHANGED;
pub use crate::db::tokens::Purpose;
use crate::db::users::{STATUS_ACTIVE, STATUS_INVITED};
use crate::error::ApiError;
use crate::jobs::payload::LinkPurpose;
use crate::services::audit::{Author, Change};
use crate::services::notifications;
use crate::services::users as users_service;
use crate::services::write::Write;
use crate::state::AppState;

/// Queues the invitation e-mail for `user` with the caller's connection (so inside the
/// caller's transaction). The link's token is made when the worker sends it.
pub async fn queue_invitation(
    state: &AppState,
    db: &impl ConnectionTrait,
    user: &users::Model,
) -> Result<(), ApiError> {
    notifications::queue_account_link(state, db, user, LinkPurpose::Invitation).await?;
    tracing::info!(user_id = %user.id, "invitation queued");
    Ok(())
}

fn link_invalid() -> ApiError {
    ApiError::unauthenticated(
        ErrorCode::InvalidToken,
        "This link is not valid (any more). Links work once and expire; ask for a new one.",
    )
}

fn password_error(field: &str, error: PasswordError) -> ApiError {
    let code = match error {
        PasswordError::TooShort | PasswordError::TooLong => "length",
        PasswordError::TooCommon => "too_common",
        PasswordError::ContainsEmail => "contains_email",
    };
    ApiError::field(field, code, error.to_string())
}

/// Checks a password choice against the policy for `user`.
pub fn check_new_password(field: &str, raw: &str, email: &str) -> Result<NewPassword, ApiError> {
    let owner = EmailAddress::parse(email).ok();
    NewPassword::parse(raw, owner.as_ref()).map_err(|e| password_error(field, e))
}

/// Shows whom a link is for, without using it.
pub async fn inspect(state: &AppState, purpose: Purpose, token: &str) -> Result<TokenInfo, ApiError> {
    let now = Utc::now();
    let found =
        db::tokens::find_usable(&state.db, &tokens::hash_token(token), purpose, now).await?.ok_or_else(link_invalid)?;
    let user = db::auth_lookup::user_by_id(&state.db, found.user_id).await?.ok_or_else(link_invalid)?;
    let organisation =
        db::auth_lookup::organisation_by_id(&state.db, user.organisation_id).await?.ok_or_else(link_invalid)?;
    Ok(TokenInfo {
        email: user.email,
        name: user.name,
        organisation_name: organisation.name,
        expires_at: found.expires_at.with_timezone(&Utc),
    })
}

/// Sets the first password from an invitation and activates the account.
pub async fn accept_invitation(
    state: &AppState,
    request: AcceptInvitationRequest,
    origin: &RequestOrigin,
) -> Result<(), ApiError> {
    use_link(state, Purpose::Invitation, &request.token, &request.password, origin).await
}

/// Sets a new password from a reset link and signs the user out everywhere.
pub async fn confirm_password_reset(
    state: &AppState,
    request: PasswordResetConfirm,
    origin: &RequestOrigin,
) -> Result<(), ApiError> {
    use_link(state, Purpose::PasswordReset, &request.token, &request.password, origin).await
}

async fn use_link(
    state: &AppState,
    purpose: Purpose,
    token: &str,
    new_password: &str,
    origin: &RequestOrigin,
) -> Result<(), ApiError> {
    let now = Utc::now();
    let hash = tokens::hash_token(token);
    let found = db::tokens::find_usable(&state.db, &hash, purpose, now).await?.ok_or_else(link_invalid)?;
    let user = db::auth_lookup::user_by_id(&state.db, found.user_id).await?.ok_or_else(link_invalid)?;
    let allowed_status = match purpose {
        Purpose::Invitation => STATUS_INVITED,
        Purpose::PasswordReset => STATUS_ACTIVE,
    };
    if user.status != allowed_status {
        return Err(link_invalid());
    }
    let password = check_new_password("password", new_password, &user.email)?;
    let password_hash = password::hash_password(password.expose().to_owned()).await?;
    let mut write = Write::begin(state, Author::user(&user, origin)).await?;
    if !db::tokens::consume(write.db(), found.id, now).await? {
        return Err(link_invalid());
    }
    db::users::set_password(write.db(), user.id, password_hash, now).await?;
    let ended = db::sessions::revoke_all_for_user(write.db(), user.id, None, REVOKED_PASSWORD_CHANGED, now).await?;
    if purpose == Purpose::Invitation
        && let Some(organisation) = db::auth_lookup::organisation_by_id(write.db(), user.organisation_id).await?
        && let Some(activated) = db::auth_lookup::user_by_id(write.db(), user.id).await?
    {
        let data = serde_json::json!({ "user": users_service::to_dto(&activated, Vec::new())? });
        notifications::emit(state, write.db(), WebhookEvent::UserActivated, &organisation, data).await?;
    }
    let action = match purpose {
        Purpose::Invitation => AuditAction::InvitationAccepted,
        Purpose::PasswordReset => AuditAction::PasswordReset,
    };
    let change = Change::event(action, EntityType::User, user.id, Some(user.organisation_id));
    write.record(change).await?;
    write.commit().await?;
    tracing::info!(user_id = %user.id, purpose = purpose.as_str(), sessions_ended = ended, "password set from link");
    Ok(())
}

/// Queues a reset request for the address. Whether it belongs to an active account is
/// decided by the worker, so known and unknown addresses take the same path here and get
/// the same answer in the same time; the worker also sends at most one link per account
/// per minute.
pub async fn request_password_reset(state: &AppState, request: PasswordResetRequest) -> Result<(), ApiError> {
    let Ok(email) = EmailAddress::parse(&request.email) else {
        return Ok(());
    };
    notifications::queue_password_reset_request(state, &state.db, email.as_str()).await?;
    Ok(())
}
