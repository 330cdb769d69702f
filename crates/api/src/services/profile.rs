//! The signed-in user's own profile and password.

use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_api_types::me::{ChangePasswordRequest, Me, OrganisationRef, UpdateMeRequest};
use loket_domain::audit::{AuditAction, EntityType};
use loket_domain::{Language, Role};
use sea_orm::ConnectionTrait;

use crate::auth::{Principal, password};
use crate::db;
use crate::db::entities::users;
use crate::db::sessions::REVOKED_PASSWORD_CHANGED;
use crate::error::ApiError;
use crate::services::account_links::check_new_password;
use crate::services::audit::Change;
use crate::services::users::{normalise_phone, parse_name};
use crate::services::write::Write;
use crate::state::AppState;

pub async fn me_for_user(db: &impl ConnectionTrait, user: &users::Model) -> Result<Me, ApiError> {
    let organisation = db::auth_lookup::organisation_by_id(db, user.organisation_id)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("user {} without organisation", user.id)))?;
    let branch_ids = db::users::branch_ids(db, &[user.id]).await?.remove(&user.id).unwrap_or_default();
    Ok(Me {
        id: user.id,
        email: user.email.clone(),
        name: user.name.clone(),
        phone: user.phone.clone(),
        language: db::stored(Language::parse(&user.language), "users.language", &user.language)?,
        role: db::stored(Role::parse(&user.role), "users.role", &user.role)?,
        is_contact_person: user.is_contact_person,
        is_technical_contact: user.is_technical_contact,
        branch_ids,
        organisation: OrganisationRef {
            id: organisation.id,
            kind: db::organisations::kind_of(&organisation)?,
            name: organisation.name,
        },
    })
}

async fn current_user(state: &AppState, principal: &Principal) -> Result<users::Model, ApiError> {
    let user_id = principal.require_user()?;
    db::auth_lookup::user_by_id(&state.db, user_id).await?.ok_or(ApiError::NotFound)
}

pub async fn get(state: &AppState, principal: &Principal) -> Result<Me, ApiError> {
    let user = current_user(state, principal).await?;
    me_for_user(&state.db, &user).await
}

pub async fn update(state: &AppState, principal: &Principal, request: UpdateMeRequest) -> Result<Me, ApiError> {
    let mut user = current_user(state, principal).await?;
    let before = crate::services::users::audited(&user, &[]);
    if let Some(name) = &request.name {
        user.name = parse_name(name)?.into_inner();
    }
    if let Some(phone) = &request.phone {
        user.phone = normalise_phone(phone)?;
    }
    if let Some(language) = request.language {
        user.language = language.as_str().to_owned();
    }
    // One's own profile has no concurrent editors that matter: save on the current version.
    let version = user.version;
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = db::users::update_versioned(write.db(), &user, version, Utc::now())
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    let after = crate::services::users::audited(&saved, &[]);
    let change = Change::updated(EntityType::User, saved.id, Some(saved.organisation_id), &before, &after);
    write.record(change).await?;
    write.commit().await?;
    me_for_user(&state.db, &saved).await
}

/// Changes the password after checking the current one; every other session ends.
pub async fn change_password(
    state: &AppState,
    principal: &Principal,
    request: ChangePasswordRequest,
) -> Result<(), ApiError> {
    let user = current_user(state, principal).await?;
    // Guessing the current password with a stolen session is throttled like signing in.
    let keys = crate::services::auth::claim_password_attempt(state, &user.email, principal.origin.ip).await?;
    if !password::verify_password(request.current_password, user.password_hash.clone()).await? {
        return Err(ApiError::Validation(vec![loket_api_types::FieldError {
            field: "current_password".to_owned(),
            code: ErrorCode::InvalidCredentials.as_str().to_owned(),
            message: "your current password is not correct".to_owned(),
        }]));
    }
    crate::services::auth::password_attempt_succeeded(state, &keys).await?;
    let new_password = check_new_password("new_password", &request.new_password, &user.email)?;
    let hash = password::hash_password(new_password.expose().to_owned()).await?;
    let now = Utc::now();
    let mut write = Write::begin(state, principal.into()).await?;
    db::users::set_password(write.db(), user.id, hash, now).await?;
    db::sessions::revoke_all_for_user(write.db(), user.id, principal.session_id, REVOKED_PASSWORD_CHANGED, now).await?;
    let change = Change::event(AuditAction::PasswordChanged, EntityType::User, user.id, Some(user.organisation_id));
    write.record(change).await?;
    write.commit().await?;
    Ok(())
}
