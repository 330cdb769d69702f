//! The approvers' side: the client's superusers for requests routed to their client,
//! the helpdesk for every confirmed request. Approving makes the account (a client user,
//! the lowest role, so nobody hands out more than they hold) and sends its invitation;
//! declining e-mails the requester the reason. A request is decided once.

use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_api_types::access_requests::{
    AccessRequest, AccessRequestListQuery, ApproveAccessRequest, DeclineAccessRequest,
};
use loket_api_types::pagination::Page;
use loket_domain::access::{AccessEvent, AccessRequestStatus};
use loket_domain::audit::{AuditAction, EntityType};
use loket_domain::policy::{AccessRequestAction, AccessRequestScope, access_request_scope};
use loket_domain::{Language, OrganisationKind, Role};
use uuid::Uuid;

use super::audited;
use crate::adapters::mail_templates::MailKind;
use crate::auth::Principal;
use crate::db;
use crate::db::access_requests::Decision;
use crate::db::entities::access_requests::Model;
use crate::db::pagination::PageRequest;
use crate::db::users::NewUser;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::services::{account_links, notifications, users as users_service};
use crate::state::AppState;

fn scope(principal: &Principal) -> Result<AccessRequestScope, ApiError> {
    match access_request_scope(&principal.actor) {
        AccessRequestScope::Nothing => {
            Err(ApiError::forbidden("Requests for access are decided by the client's superuser or the helpdesk."))
        }
        scope => Ok(scope),
    }
}

async fn to_dtos(state: &AppState, rows: &[Model]) -> Result<Vec<AccessRequest>, ApiError> {
    let people: Vec<Uuid> = rows.iter().filter_map(|r| r.decided_by_id).collect();
    let names = db::users::by_ids(&state.db, &people).await?;
    let clients: Vec<Uuid> = rows.iter().filter_map(|r| r.organisation_id).collect();
    let organisations = db::organisations::names(&state.db, &clients).await?;
    rows.iter()
        .map(|row| {
            Ok(AccessRequest {
                id: row.id,
                customer_number: row.customer_number.clone(),
                organisation_id: row.organisation_id,
                organisation_name: row.organisation_id.and_then(|id| organisations.get(&id).cloned()),
                email: row.email.clone(),
                name: row.name.clone(),
                language: Language::parse(&row.language).unwrap_or_default(),
                status: db::access_requests::status_of(row)?,
                routed_to: db::access_requests::routed_to(row)?,
                decline_reason: row.decline_reason.clone(),
                decided_by_name: row.decided_by_id.and_then(|id| names.get(&id).map(|u| u.name.clone())),
                decided_at: row.decided_at.map(|at| at.with_timezone(&Utc)),
                user_id: row.user_id,
                confirmed_at: row.confirmed_at.map(|at| at.with_timezone(&Utc)),
                created_at: row.created_at.with_timezone(&Utc),
            })
        })
        .collect()
}

pub async fn list(
    state: &AppState,
    principal: &Principal,
    query: AccessRequestListQuery,
) -> Result<Page<AccessRequest>, ApiError> {
    let scope = scope(principal)?;
    let page = PageRequest::new(query.sort, query.cursor.as_deref(), query.limit)?;
    let status = query.status.unwrap_or(AccessRequestStatus::Pending);
    let (rows, next_cursor) = db::access_requests::list(&state.db, &scope, status, &page).await?;
    Ok(Page { items: to_dtos(state, &rows).await?, next_cursor })
}

/// A request the caller may see, after the policy allowed `action` on it.
async fn visible(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    action: AccessRequestAction,
) -> Result<Model, ApiError> {
    let scope = scope(principal)?;
    let found = db::access_requests::find(&state.db, &scope, id).await?.ok_or(ApiError::NotFound)?;
    principal.authorize(action, &db::access_requests::facts(&found)?)?;
    Ok(found)
}

pub async fn get(state: &AppState, principal: &Principal, id: Uuid) -> Result<AccessRequest, ApiError> {
    one(state, visible(state, principal, id, AccessRequestAction::Read).await?).await
}

fn already_decided(found: &Model) -> ApiError {
    ApiError::conflict(
        ErrorCode::InvalidTransition,
        format!("This request is already {}; a request is decided once.", found.status),
    )
}

/// The decision must be possible now.
fn check_pending(found: &Model, event: AccessEvent) -> Result<(), ApiError> {
    match db::access_requests::status_of(found)?.after(event) {
        Some(_) => Ok(()),
        None => Err(already_decided(found)),
    }
}

async fn one(state: &AppState, row: Model) -> Result<AccessRequest, ApiError> {
    Ok(to_dtos(state, std::slice::from_ref(&row)).await?.remove(0))
}

pub async fn approve(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    body: ApproveAccessRequest,
) -> Result<AccessRequest, ApiError> {
    let found = visible(state, principal, id, AccessRequestAction::Decide).await?;
    check_pending(&found, AccessEvent::Approve)?;
    let decided_by = principal.require_user()?;
    let staff = principal.actor.role().is_some_and(Role::is_vendor_staff);
    let organisation_id = match (body.organisation_id, found.organisation_id) {
        (Some(chosen), _) if staff => chosen,
        (Some(chosen), Some(matched)) if chosen == matched => matched,
        (Some(_), _) => {
            return Err(ApiError::field("organisation_id", "not_allowed", "only the helpdesk chooses another client"));
        }
        (None, Some(matched)) => matched,
        (None, None) => {
            return Err(ApiError::field(
                "organisation_id",
                "required",
                "this customer number matched no client: choose the client the account is for",
            ));
        }
    };
    let organisation = db::auth_lookup::organisation_by_id(&state.db, organisation_id)
        .await?
        .filter(|o| db::organisations::kind_of(o).is_ok_and(|kind| kind == OrganisationKind::Client))
        .ok_or_else(|| ApiError::field("organisation_id", "unknown_client", "no such client"))?;
    if db::users::email_taken(&state.db, &found.email, None).await? {
        return Err(ApiError::conflict(
            ErrorCode::EmailTaken,
            "This address has a login already; decline the request and point the requester to the password reset.",
        ));
    }
    let now = Utc::now();
    let mut write = Write::begin(state, principal.into()).await?;
    let user = db::users::insert(
        write.db(),
        NewUser {
            organisation_id: organisation.id,
            email: found.email.clone(),
            name: found.name.clone(),
            phone: None,
            language: Language::parse(&found.language).unwrap_or_default(),
            role: Role::ClientUser,
            is_contact_person: false,
            is_technical_contact: false,
            password_hash: None,
        },
        now,
    )
    .await?;
    let decision = Decision {
        status: AccessRequestStatus::Approved,
        organisation_id: Some(organisation.id),
        decided_by,
        reason: None,
        user_id: Some(user.id),
    };
    if !db::access_requests::decide(write.db(), found.id, decision, now).await? {
        return Err(already_decided(&found));
    }
    account_links::queue_invitation(state, write.db(), &user).await?;
    let snapshot = users_service::audited(&user, &[]);
    write.record(Change::created(EntityType::User, user.id, Some(organisation.id), &snapshot)).await?;
    let after = db::access_requests::by_id(write.db(), found.id).await?.ok_or(ApiError::NotFound)?;
    let change =
        Change::updated(EntityType::AccessRequest, found.id, Some(organisation.id), &audited(&found), &audited(&after))
            .with_action(AuditAction::Approved);
    write.record(change).await?;
    let created = users_service::to_dto(&user, Vec::new())?;
    let data = serde_json::json!({ "user": created });
    notifications::emit(state, write.db(), loket_domain::webhooks::WebhookEvent::UserInvited, &organisation, data)
        .await?;
    write.commit().await?;
    tracing::info!(access_request_id = %found.id, user_id = %user.id, "access request approved");
    one(state, after).await
}

pub async fn decline(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    body: DeclineAccessRequest,
) -> Result<AccessRequest, ApiError> {
    let found = visible(state, principal, id, AccessRequestAction::Decide).await?;
    check_pending(&found, AccessEvent::Decline)?;
    let decided_by = principal.require_user()?;
    let reason = body.reason.trim().to_owned();
    if reason.is_empty() {
        return Err(ApiError::field("reason", "required", "give a reason"));
    }
    let now = Utc::now();
    let mut write = Write::begin(state, principal.into()).await?;
    let decision = Decision {
        status: AccessRequestStatus::Declined,
        organisation_id: found.organisation_id,
        decided_by,
        reason: Some(reason.clone()),
        user_id: None,
    };
    if !db::access_requests::decide(write.db(), found.id, decision, now).await? {
        return Err(already_decided(&found));
    }
    let language = Language::parse(&found.language).unwrap_or_default();
    let context = minijinja::context! {
        event => "declined",
        name => found.name.clone(),
        number => found.customer_number.clone(),
        reason,
    };
    notifications::queue_mail(state, write.db(), MailKind::Access, language, &found.name, &found.email, context, None)
        .await?;
    let after = db::access_requests::by_id(write.db(), found.id).await?.ok_or(ApiError::NotFound)?;
    let change =
        Change::updated(EntityType::AccessRequest, found.id, found.organisation_id, &audited(&found), &audited(&after))
            .with_action(AuditAction::Declined);
    write.record(change).await?;
    write.commit().await?;
    tracing::info!(access_request_id = %found.id, "access request declined");
    one(state, after).await
}
