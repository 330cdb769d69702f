//! Access requests. Before confirmation a request is reached only by its token (here,
//! by the token's hash); after, only through the caller's [`AccessRequestScope`].

use chrono::{DateTime, Utc};
use loket_api_types::pagination::ListSort;
use loket_domain::access::{AccessRequestStatus, Approvers};
use loket_domain::policy::{AccessRequestFacts, AccessRequestScope};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::entities::access_requests::{ActiveModel, Column, Entity, Model};
use super::entities::{organisations, users};
use super::pagination::PageRequest;
use super::users::STATUS_ACTIVE;
use super::{stored, tz};

pub fn status_of(model: &Model) -> Result<AccessRequestStatus, DbErr> {
    stored(AccessRequestStatus::parse(&model.status), "access_requests.status", &model.status)
}

pub fn routed_to(model: &Model) -> Result<Option<Approvers>, DbErr> {
    match model.routed_to.as_deref() {
        None => Ok(None),
        Some(value) => Ok(Some(stored(Approvers::parse(value), "access_requests.routed_to", value)?)),
    }
}

pub fn facts(model: &Model) -> Result<AccessRequestFacts, DbErr> {
    Ok(AccessRequestFacts {
        organisation_id: model.organisation_id,
        routed_to: routed_to(model)?,
        status: status_of(model)?,
    })
}

/// The SQL form of an [`AccessRequestScope`]; it agrees with `AccessRequestScope::includes`.
fn scope_condition(scope: &AccessRequestScope) -> Condition {
    let confirmed = Column::Status.ne(AccessRequestStatus::Unconfirmed.as_str());
    match scope {
        AccessRequestScope::Helpdesk => Condition::all().add(confirmed),
        AccessRequestScope::Client { organisation_id } => Condition::all()
            .add(confirmed)
            .add(Column::RoutedTo.eq(Approvers::Client.as_str()))
            .add(Column::OrganisationId.eq(*organisation_id)),
        AccessRequestScope::Nothing => Condition::all().add(Column::Id.is_null()),
    }
}

pub async fn find(db: &impl ConnectionTrait, scope: &AccessRequestScope, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).filter(scope_condition(scope)).one(db).await
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &AccessRequestScope,
    status: AccessRequestStatus,
    page: &PageRequest<impl ListSort>,
) -> Result<(Vec<Model>, Option<String>), DbErr> {
    let select = Entity::find().filter(scope_condition(scope)).filter(Column::Status.eq(status.as_str()));
    let rows = page.fetch(db, select, Column::Email, Column::Id).await?;
    Ok(page.finish(rows, |m| (m.email.clone(), m.id)))
}

pub struct NewAccessRequest {
    pub customer_number: String,
    pub organisation_id: Option<Uuid>,
    pub email: String,
    pub name: String,
    pub language: String,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewAccessRequest, now: DateTime<Utc>) -> Result<Model, DbErr> {
    ActiveModel {
        id: Set(Uuid::now_v7()),
        customer_number: Set(new.customer_number),
        organisation_id: Set(new.organisation_id),
        email: Set(new.email),
        name: Set(new.name),
        language: Set(new.language),
        status: Set(AccessRequestStatus::Unconfirmed.as_str().to_owned()),
        routed_to: Set(None),
        token_hash: Set(None),
        token_expires_at: Set(None),
        confirmed_at: Set(None),
        decline_reason: Set(None),
        decided_by_id: Set(None),
        decided_at: Set(None),
        user_id: Set(None),
        created_at: Set(now.into()),
        updated_at: Set(now.into()),
        version: Set(1),
    }
    .insert(db)
    .await
}

/// Before confirmation: the request by id (the outbox worker) or by token hash.
pub async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).one(db).await
}

/// The unconfirmed request whose unexpired link carries this token.
pub async fn by_token(db: &impl ConnectionTrait, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Model>, DbErr> {
    let found = Entity::find()
        .filter(Column::TokenHash.eq(token_hash))
        .filter(Column::Status.eq(AccessRequestStatus::Unconfirmed.as_str()))
        .one(db)
        .await?;
    Ok(found.filter(|r| r.token_expires_at.is_some_and(|at| at > now)))
}

/// Stores a new link's token hash; `false` when the request was confirmed meanwhile.
pub async fn set_token(
    db: &impl ConnectionTrait,
    id: Uuid,
    token_hash: String,
    expires_at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = Entity::update_many()
        .col_expr(Column::TokenHash, Expr::value(token_hash))
        .col_expr(Column::TokenExpiresAt, Expr::value(tz(expires_at)))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq(AccessRequestStatus::Unconfirmed.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Confirms once: the token is used up and the request goes to `approvers`. `false`
/// when another request with the same link got there first.
pub async fn confirm(
    db: &impl ConnectionTrait,
    id: Uuid,
    approvers: Approvers,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = Entity::update_many()
        .col_expr(Column::Status, Expr::value(AccessRequestStatus::Pending.as_str()))
        .col_expr(Column::RoutedTo, Expr::value(approvers.as_str()))
        .col_expr(Column::TokenHash, Expr::value(Option::<String>::None))
        .col_expr(Column::ConfirmedAt, Expr::value(tz(now)))
        .col_expr(Column::UpdatedAt, Expr::value(tz(now)))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq(AccessRequestStatus::Unconfirmed.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The decision on a pending request, once: `false` when someone decided first.
pub struct Decision {
    pub status: AccessRequestStatus,
    pub organisation_id: Option<Uuid>,
    pub decided_by: Uuid,
    pub reason: Option<String>,
    pub user_id: Option<Uuid>,
}

pub async fn decide(
    db: &impl ConnectionTrait,
    id: Uuid,
    decision: Decision,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = Entity::update_many()
        .col_expr(Column::Status, Expr::value(decision.status.as_str()))
        .col_expr(Column::OrganisationId, Expr::value(decision.organisation_id))
        .col_expr(Column::DecidedById, Expr::value(decision.decided_by))
        .col_expr(Column::DeclineReason, Expr::value(decision.reason))
        .col_expr(Column::UserId, Expr::value(decision.user_id))
        .col_expr(Column::DecidedAt, Expr::value(tz(now)))
        .col_expr(Column::UpdatedAt, Expr::value(tz(now)))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq(AccessRequestStatus::Pending.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The client a customer number belongs to (before authentication: the number is all
/// the caller has).
pub async fn client_by_customer_number(
    db: &impl ConnectionTrait,
    number: &str,
) -> Result<Option<organisations::Model>, DbErr> {
    organisations::Entity::find()
        .filter(organisations::Column::CustomerNumber.eq(number))
        .filter(organisations::Column::Kind.eq("client"))
        .one(db)
        .await
}

/// The active users with `role` in `organisation_id` (or anywhere, for vendor roles
/// when `organisation_id` is `None`): the people a request goes to.
pub async fn approvers(
    db: &impl ConnectionTrait,
    organisation_id: Option<Uuid>,
    roles: &[&str],
) -> Result<Vec<users::Model>, DbErr> {
    let mut select = users::Entity::find()
        .filter(users::Column::Status.eq(STATUS_ACTIVE))
        .filter(users::Column::Role.is_in(roles.iter().copied()));
    if let Some(organisation_id) = organisation_id {
        select = select.filter(users::Column::OrganisationId.eq(organisation_id));
    }
    select.all(db).await
}
