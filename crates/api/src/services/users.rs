//! Managing users: vendor admins manage everyone, partner admins their own
//! organisation, client superusers their colleagues.

use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_api_types::pagination::Page;
use loket_api_types::users::{CreateUserRequest, UpdateUserRequest, User, UserListQuery, UserStatus};
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::policy::UserAction;
use loket_domain::policy::grants::{Holding, UserGrant, check_user_grant};
use loket_domain::webhooks::WebhookEvent;
use loket_domain::{EmailAddress, Language, OrganisationKind, PersonName, PhoneNumber, Role};
use sea_orm::DbErr;
use uuid::Uuid;

use crate::auth::Principal;
use crate::db;
use crate::db::entities::{organisations, users};
use crate::db::pagination::PageRequest;
use crate::db::sessions::REVOKED_DEACTIVATED;
use crate::db::users::{NewUser, STATUS_ACTIVE, STATUS_DEACTIVATED, STATUS_INVITED, UserFilter};
use crate::error::ApiError;
use crate::services::access;
use crate::services::audit::Change;
use crate::services::idempotency::{Created, Once};
use crate::services::organisations::own_organisation;
use crate::services::write::{Begun, Write};
use crate::services::{account_links, notifications};
use crate::state::AppState;

pub fn to_dto(model: &users::Model, branch_ids: Vec<Uuid>) -> Result<User, ApiError> {
    Ok(User {
        id: model.id,
        organisation_id: model.organisation_id,
        email: model.email.clone(),
        name: model.name.clone(),
        phone: model.phone.clone(),
        language: db::stored(Language::parse(&model.language), "users.language", &model.language)?,
        role: stored_role(model)?,
        is_contact_person: model.is_contact_person,
        is_technical_contact: model.is_technical_contact,
        status: status_of(model)?,
        branch_ids,
        last_login_at: model.last_login_at.map(|t| t.with_timezone(&Utc)),
        created_at: model.created_at.with_timezone(&Utc),
        updated_at: model.updated_at.with_timezone(&Utc),
        version: model.version,
    })
}

/// The fields of a user the audit log compares (never the password hash).
pub(crate) fn audited(model: &users::Model, branch_ids: &[Uuid]) -> Snapshot {
    Snapshot::new()
        .field("email", &model.email)
        .field("name", &model.name)
        .field("phone", &model.phone)
        .field("language", &model.language)
        .field("role", &model.role)
        .field("is_contact_person", model.is_contact_person)
        .field("is_technical_contact", model.is_technical_contact)
        .field("status", &model.status)
        .field("branch_ids", branch_ids)
}

/// The role stored on a user row. An unknown value is a broken database, not bad input.
pub(crate) fn stored_role(model: &users::Model) -> Result<Role, DbErr> {
    db::stored(Role::parse(&model.role), "users.role", &model.role)
}

fn status_of(model: &users::Model) -> Result<UserStatus, DbErr> {
    let status = match model.status.as_str() {
        STATUS_ACTIVE => Some(UserStatus::Active),
        STATUS_DEACTIVATED => Some(UserStatus::Deactivated),
        STATUS_INVITED => Some(UserStatus::Invited),
        _ => None,
    };
    db::stored(status, "users.status", &model.status)
}

fn status_str(status: UserStatus) -> &'static str {
    match status {
        UserStatus::Invited => STATUS_INVITED,
        UserStatus::Active => STATUS_ACTIVE,
        UserStatus::Deactivated => STATUS_DEACTIVATED,
    }
}

pub fn parse_name(raw: &str) -> Result<PersonName, ApiError> {
    PersonName::parse(raw).map_err(|e| ApiError::field("name", "name", e.to_string()))
}

/// A phone number in E.164 form (`+31612345678`); an empty string means none. Numbers
/// without a country code are taken as Dutch.
pub fn normalise_phone(raw: &str) -> Result<Option<String>, ApiError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    PhoneNumber::parse(raw)
        .map(|number| Some(number.into_inner()))
        .map_err(|e| ApiError::field("phone", "phone", e.to_string()))
}

/// Branch memberships are for partner users, and only with their own partner's branches.
async fn check_branches(
    state: &AppState,
    organisation: &organisations::Model,
    branch_ids: &[Uuid],
) -> Result<Vec<Uuid>, ApiError> {
    let mut ids = branch_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(ids);
    }
    if db::organisations::kind_of(organisation)? != OrganisationKind::Partner {
        return Err(ApiError::field("branch_ids", "not_a_partner", "only partner users can be limited to branches"));
    }
    if db::branches::count_in_organisation(&state.db, organisation.id, &ids).await? != ids.len() {
        return Err(ApiError::field(
            "branch_ids",
            "unknown_branch",
            "every branch must belong to the user's organisation",
        ));
    }
    Ok(ids)
}

fn check_role(role: Role, organisation: &organisations::Model) -> Result<(), ApiError> {
    let kind = db::organisations::kind_of(organisation)?;
    if role.fits(kind) {
        Ok(())
    } else {
        Err(ApiError::field(
            "role",
            "role_mismatch",
            format!("the role {} does not exist in a {} organisation", role.as_str(), kind.as_str()),
        ))
    }
}

pub async fn list(state: &AppState, principal: &Principal, query: UserListQuery) -> Result<Page<User>, ApiError> {
    let page = PageRequest::new(query.sort, query.cursor.as_deref(), query.limit)?;
    let scope_organisation = match query.organisation_id {
        Some(id) => access::organisation(state, principal, id).await?,
        None => own_organisation(state, principal).await?,
    };
    principal.authorize(UserAction::Read, &db::organisations::facts(&scope_organisation)?)?;
    let filter = UserFilter {
        organisation_id: query.organisation_id,
        role: query.role,
        status: query.status.map(status_str),
        search: query.q,
    };
    let (rows, next_cursor) = db::users::list(&state.db, &principal.visibility(), &filter, &page).await?;
    let ids: Vec<Uuid> = rows.iter().map(|u| u.id).collect();
    let mut branches = db::users::branch_ids(&state.db, &ids).await?;
    let items = rows.iter().map(|u| to_dto(u, branches.remove(&u.id).unwrap_or_default())).collect::<Result<_, _>>()?;
    Ok(Page { items, next_cursor })
}

async fn visible_user(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    action: UserAction,
) -> Result<(users::Model, organisations::Model), ApiError> {
    let found = db::users::find(&state.db, &principal.visibility(), id).await?;
    access::record_for(state, principal, action, found).await
}

pub async fn get(state: &AppState, principal: &Principal, id: Uuid) -> Result<User, ApiError> {
    let (user, _) = visible_user(state, principal, id, UserAction::Read).await?;
    let branches = db::users::branch_ids(&state.db, &[user.id]).await?.remove(&user.id).unwrap_or_default();
    to_dto(&user, branches)
}

/// Creates a user and queues their invitation; under an idempotency key a retry gets the
/// first answer (the key is claimed before the e-mail address is checked, so a retry of
/// a request that succeeded is not refused for its own address).
pub async fn create(
    state: &AppState,
    principal: &Principal,
    request: CreateUserRequest,
    once: Option<Once>,
) -> Result<Created<User>, ApiError> {
    let organisation = access::organisation_for(state, principal, UserAction::Manage, request.organisation_id).await?;
    let email = EmailAddress::parse(&request.email).map_err(|e| ApiError::field("email", "email", e.to_string()))?;
    let name = parse_name(&request.name)?;
    let phone = match &request.phone {
        Some(raw) => normalise_phone(raw)?,
        None => None,
    };
    check_role(request.role, &organisation)?;
    let branch_ids = check_branches(state, &organisation, &request.branch_ids).await?;
    let grant = UserGrant {
        target_user_id: None,
        current: None,
        proposed: Holding { role: request.role, branch_ids: &branch_ids },
        deactivates: false,
    };
    check_user_grant(&principal.actor, &grant).map_err(|e| ApiError::forbidden(e.to_string()))?;
    let mut write = match Write::begin_once(state, principal.into(), once).await? {
        Begun::Fresh(write) => write,
        Begun::Replay(replay) => return Ok(Created::Replayed(replay)),
    };
    if db::users::email_taken(write.db(), email.as_str(), None).await? {
        return Err(ApiError::Conflict {
            code: ErrorCode::EmailTaken,
            detail: "Another user already has this e-mail address.".to_owned(),
            errors: vec![loket_api_types::FieldError {
                field: "email".to_owned(),
                code: "taken".to_owned(),
                message: "this e-mail address is already in use".to_owned(),
            }],
        });
    }
    let now = Utc::now();
    let user = db::users::insert(
        write.db(),
        NewUser {
            organisation_id: organisation.id,
            email: email.into_inner(),
            name: name.into_inner(),
            phone,
            language: request.language.unwrap_or_default(),
            role: request.role,
            is_contact_person: request.is_contact_person,
            is_technical_contact: request.is_technical_contact,
            password_hash: None,
        },
        now,
    )
    .await?;
    db::users::set_branches(write.db(), user.id, &branch_ids).await?;
    account_links::queue_invitation(state, write.db(), &user).await?;
    let change = Change::created(EntityType::User, user.id, Some(organisation.id), &audited(&user, &branch_ids));
    write.record(change).await?;
    let created = to_dto(&user, branch_ids)?;
    notifications::emit(
        state,
        write.db(),
        WebhookEvent::UserInvited,
        &organisation,
        serde_json::json!({ "user": created }),
    )
    .await?;
    write.commit_created(&created).await?;
    tracing::info!(user_id = %user.id, organisation_id = %organisation.id, role = user.role, "user created");
    Ok(Created::New(created))
}

pub async fn update(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    expected_version: i64,
    request: UpdateUserRequest,
) -> Result<User, ApiError> {
    let (mut user, organisation) = visible_user(state, principal, id, UserAction::Manage).await?;
    let current_role = stored_role(&user)?;
    let current_branches = db::users::branch_ids(&state.db, &[user.id]).await?.remove(&user.id).unwrap_or_default();
    let before = audited(&user, &current_branches);
    let deactivates = request.active == Some(false) && user.status != STATUS_DEACTIVATED;
    let reactivates = request.active == Some(true) && user.status == STATUS_DEACTIVATED;
    if let Some(name) = &request.name {
        user.name = parse_name(name)?.into_inner();
    }
    if let Some(phone) = &request.phone {
        user.phone = normalise_phone(phone)?;
    }
    if let Some(language) = request.language {
        user.language = language.as_str().to_owned();
    }
    if let Some(role) = request.role {
        check_role(role, &organisation)?;
        user.role = role.as_str().to_owned();
    }
    if let Some(flag) = request.is_contact_person {
        user.is_contact_person = flag;
    }
    if let Some(flag) = request.is_technical_contact {
        user.is_technical_contact = flag;
    }
    match request.active {
        Some(false) => user.status = STATUS_DEACTIVATED.to_owned(),
        Some(true) if user.status == STATUS_DEACTIVATED => {
            user.status = if user.password_hash.is_some() { STATUS_ACTIVE } else { STATUS_INVITED }.to_owned();
        }
        _ => {}
    }
    let branch_ids = match &request.branch_ids {
        Some(ids) => Some(check_branches(state, &organisation, ids).await?),
        None => None,
    };
    let grant = UserGrant {
        target_user_id: Some(user.id),
        current: Some(Holding { role: current_role, branch_ids: &current_branches }),
        proposed: Holding {
            role: request.role.unwrap_or(current_role),
            branch_ids: branch_ids.as_deref().unwrap_or(&current_branches),
        },
        deactivates,
    };
    check_user_grant(&principal.actor, &grant).map_err(|e| ApiError::forbidden(e.to_string()))?;
    let now = Utc::now();
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = db::users::update_versioned(write.db(), &user, expected_version, now)
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    if let Some(ids) = &branch_ids {
        db::users::set_branches(write.db(), saved.id, ids).await?;
    }
    let branches = branch_ids.unwrap_or(current_branches);
    let action = match (deactivates, reactivates) {
        (true, _) => AuditAction::Deactivated,
        (_, true) => AuditAction::Reactivated,
        _ => AuditAction::Updated,
    };
    let change =
        Change::updated(EntityType::User, saved.id, Some(organisation.id), &before, &audited(&saved, &branches))
            .with_action(action);
    write.record(change).await?;
    let updated = to_dto(&saved, branches)?;
    if deactivates {
        db::sessions::revoke_all_for_user(write.db(), saved.id, None, REVOKED_DEACTIVATED, now).await?;
        let data = serde_json::json!({ "user": updated });
        notifications::emit(state, write.db(), WebhookEvent::UserDeactivated, &organisation, data).await?;
    }
    write.commit().await?;
    Ok(updated)
}

/// Sends a new invitation link; earlier links stop working.
pub async fn resend_invitation(state: &AppState, principal: &Principal, id: Uuid) -> Result<(), ApiError> {
    let (user, organisation) = visible_user(state, principal, id, UserAction::Manage).await?;
    // Re-inviting is managing the user: the same people (and keys) who may change them.
    let role = stored_role(&user)?;
    let branches = db::users::branch_ids(&state.db, &[user.id]).await?.remove(&user.id).unwrap_or_default();
    let unchanged = Holding { role, branch_ids: &branches };
    let grant =
        UserGrant { target_user_id: Some(user.id), current: Some(unchanged), proposed: unchanged, deactivates: false };
    check_user_grant(&principal.actor, &grant).map_err(|e| ApiError::forbidden(e.to_string()))?;
    if user.status != STATUS_INVITED {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "This user has already accepted the invitation or has been deactivated.",
        ));
    }
    let mut write = Write::begin(state, principal.into()).await?;
    account_links::queue_invitation(state, write.db(), &user).await?;
    let change = Change::event(AuditAction::InvitationSent, EntityType::User, user.id, Some(organisation.id));
    write.record(change).await?;
    write.commit().await?;
    Ok(())
}
