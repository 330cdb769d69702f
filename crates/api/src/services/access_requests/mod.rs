//! Self-service access (seed 003). Someone without a login gives the customer number on
//! its invoices, an address and a name; after confirming the address the request goes
//! to the client's superusers, or to the helpdesk (`decide.rs`). No account exists
//! before approval.
//!
//! Nothing here tells a caller whether a number belongs to a client: known and unknown
//! numbers take the same path (a stored request and a queued e-mail), get the same
//! answer, and count against the same limits; a number that matched nothing reaches the
//! helpdesk, who can still find the right client.

mod decide;

use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_api_types::access_requests::{
    AccessNextStep, AccessRequestReceived, ConfirmAccessRequest, CreateAccessRequest,
};
use loket_domain::EmailAddress;
use loket_domain::Role;
use loket_domain::access::{Approvers, CustomerNumber};
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use sea_orm::ConnectionTrait;

pub use self::decide::{approve, decline, get, list};
use crate::adapters::mail_templates::MailKind;
use crate::auth::origin::RequestOrigin;
use crate::auth::tokens;
use crate::db;
use crate::db::access_requests::NewAccessRequest;
use crate::db::entities::access_requests;
use crate::error::ApiError;
use crate::services::audit::{Author, Change};
use crate::services::notifications;
use crate::services::write::Write;
use crate::services::{auth, users as users_service};
use crate::state::AppState;

/// The SPA route where approvers find requests.
pub const APPROVALS_ROUTE: &str = "/access-requests";

/// The fields of a request the audit log keeps.
fn audited(model: &access_requests::Model) -> Snapshot {
    Snapshot::new()
        .field("customer_number", &model.customer_number)
        .field("email", &model.email)
        .field("name", &model.name)
        .field("status", &model.status)
        .field("routed_to", &model.routed_to)
        .field("organisation_id", model.organisation_id)
        .field("user_id", model.user_id)
        .field("decline_reason", &model.decline_reason)
}

/// "I have no login yet". Answers 202 "confirm your address" for any well-formed
/// request; malformed input is 422 and too many requests 429, both regardless of the
/// number's existence.
pub async fn request(
    state: &AppState,
    request: CreateAccessRequest,
    origin: &RequestOrigin,
) -> Result<AccessRequestReceived, ApiError> {
    let number = CustomerNumber::parse(&request.customer_number)
        .map_err(|e| ApiError::field("customer_number", "customer_number", e.to_string()))?;
    let email = EmailAddress::parse(&request.email).map_err(|e| ApiError::field("email", "email", e.to_string()))?;
    let name = users_service::parse_name(&request.name)?;
    let now = Utc::now();
    let keys = state.access_throttle.keys(origin.ip, number.as_str(), email.as_str());
    let claims: Vec<(&str, _)> = keys.iter().map(|(key, rule)| (key.as_str(), rule)).collect();
    auth::claim_all(state, &claims, now, "access request").await?;

    let client = db::access_requests::client_by_customer_number(&state.db, number.as_str()).await?;
    let mut write = Write::begin(state, Author::system_for("access request", origin)).await?;
    let saved = db::access_requests::insert(
        write.db(),
        NewAccessRequest {
            customer_number: number.into_inner(),
            organisation_id: client.map(|c| c.id),
            email: email.into_inner(),
            name: name.into_inner(),
            language: request.language.unwrap_or_default().as_str().to_owned(),
        },
        now,
    )
    .await?;
    notifications::queue_access_confirmation(state, write.db(), &saved).await?;
    // Unconfirmed requests are nobody's business but the helpdesk's.
    write.record(Change::created(EntityType::AccessRequest, saved.id, None, &audited(&saved)).staff_only()).await?;
    write.commit().await?;
    tracing::info!(access_request_id = %saved.id, "access request made");
    Ok(AccessRequestReceived { next_step: AccessNextStep::ConfirmEmail })
}

fn link_invalid() -> ApiError {
    ApiError::unauthenticated(
        ErrorCode::InvalidToken,
        "This link is not valid (any more). Links work once and expire; ask for access again.",
    )
}

/// The confirmation link: the request goes to its approvers, who are e-mailed. The
/// answer does not say who they are or whether the number matched a client.
pub async fn confirm(
    state: &AppState,
    request: ConfirmAccessRequest,
    origin: &RequestOrigin,
) -> Result<AccessRequestReceived, ApiError> {
    let now = Utc::now();
    let found = db::access_requests::by_token(&state.db, &tokens::hash_token(&request.token), now)
        .await?
        .ok_or_else(link_invalid)?;
    let superusers = match found.organisation_id {
        Some(id) => db::access_requests::approvers(&state.db, Some(id), &[Role::ClientSuperuser.as_str()]).await?,
        None => Vec::new(),
    };
    let approvers = Approvers::route(found.organisation_id.is_some(), superusers.len());
    let mut write = Write::begin(state, Author::system_for("access request", origin)).await?;
    if !db::access_requests::confirm(write.db(), found.id, approvers, now).await? {
        return Err(link_invalid());
    }
    let recipients = match approvers {
        Approvers::Client => superusers,
        Approvers::Vendor => helpdesk(write.db()).await?,
    };
    let organisation = match found.organisation_id {
        Some(id) => db::auth_lookup::organisation_by_id(write.db(), id).await?.map(|o| o.name),
        None => None,
    };
    for user in &recipients {
        notifications::queue_mail_to(state, write.db(), MailKind::Access, user, Some(user.organisation_id), |_| {
            minijinja::context! {
                event => "approval_needed",
                name => user.name.clone(),
                requester => found.name.clone(),
                requester_email => found.email.clone(),
                number => found.customer_number.clone(),
                organisation => organisation.clone().unwrap_or_default(),
                matched => found.organisation_id.is_some(),
                link => minijinja::Value::from_safe_string(format!("{}{APPROVALS_ROUTE}", state.settings.public_url)),
            }
        })
        .await?;
    }
    let change = Change::event(AuditAction::Confirmed, EntityType::AccessRequest, found.id, found.organisation_id);
    write.record(change).await?;
    write.commit().await?;
    tracing::info!(access_request_id = %found.id, approvers = approvers.as_str(), "access request confirmed");
    Ok(AccessRequestReceived { next_step: AccessNextStep::AwaitApproval })
}

/// The helpdesk's people who decide requests: the agents, or the vendor admins when
/// there are no agents.
async fn helpdesk(db: &impl ConnectionTrait) -> Result<Vec<crate::db::entities::users::Model>, ApiError> {
    let agents = db::access_requests::approvers(db, None, &[Role::Agent.as_str()]).await?;
    if !agents.is_empty() {
        return Ok(agents);
    }
    Ok(db::access_requests::approvers(db, None, &[Role::VendorAdmin.as_str()]).await?)
}
