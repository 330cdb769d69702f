//! Documents for approval, their approvers and decisions. Every read of a document goes
//! through the caller's visibility; a client's people are narrowed further by the
//! service (the types their rights cover, the documents they approve).

use chrono::{DateTime, Utc};
use loket_domain::approvals::DocumentType;
use loket_domain::approvals::duties::{ApprovalStatus, Duty};
use loket_domain::policy::Visibility;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::entities::{approval_documents, document_approvers, document_decisions};
use super::organisations::visible_ids_subquery;
use super::tz;

/// The client's documents the caller sees (the newest first): all of them, or with
/// `narrowed` for a client's person, those of the types it reads and those it approves.
pub async fn for_client(
    db: &impl ConnectionTrait,
    visibility: &Visibility,
    client_id: Uuid,
    narrowed: Option<(&[DocumentType], Uuid)>,
) -> Result<Vec<approval_documents::Model>, DbErr> {
    let mut query = approval_documents::Entity::find()
        .filter(approval_documents::Column::ClientId.eq(client_id))
        .filter(approval_documents::Column::ClientId.in_subquery(visible_ids_subquery(visibility)));
    if let Some((types, user_id)) = narrowed {
        let approves = Query::select()
            .column(document_approvers::Column::DocumentId)
            .from(document_approvers::Entity)
            .and_where(document_approvers::Column::UserId.eq(user_id))
            .to_owned();
        query = query.filter(
            Condition::any()
                .add(approval_documents::Column::DocumentType.is_in(types.iter().map(|t| t.as_str())))
                .add(approval_documents::Column::Id.in_subquery(approves)),
        );
    }
    query
        .order_by_desc(approval_documents::Column::CreatedAt)
        .order_by_desc(approval_documents::Column::Id)
        .all(db)
        .await
}

pub async fn find(
    db: &impl ConnectionTrait,
    visibility: &Visibility,
    id: Uuid,
) -> Result<Option<approval_documents::Model>, DbErr> {
    approval_documents::Entity::find_by_id(id)
        .filter(approval_documents::Column::ClientId.in_subquery(visible_ids_subquery(visibility)))
        .one(db)
        .await
}

/// The documents awaiting `user_id`'s decision: it is one of their approvers and has
/// not decided yet; the soonest due first.
pub async fn awaiting(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<approval_documents::Model>, DbErr> {
    let approves = Query::select()
        .column(document_approvers::Column::DocumentId)
        .from(document_approvers::Entity)
        .and_where(document_approvers::Column::UserId.eq(user_id))
        .to_owned();
    let decided = Query::select()
        .column(document_decisions::Column::DocumentId)
        .from(document_decisions::Entity)
        .and_where(document_decisions::Column::UserId.eq(user_id))
        .to_owned();
    approval_documents::Entity::find()
        .filter(approval_documents::Column::Status.eq(ApprovalStatus::Awaiting.as_str()))
        .filter(approval_documents::Column::Id.in_subquery(approves))
        .filter(approval_documents::Column::Id.not_in_subquery(decided))
        .order_by_asc(approval_documents::Column::DueOn)
        .order_by_asc(approval_documents::Column::CreatedAt)
        .all(db)
        .await
}

pub async fn approvers(
    db: &impl ConnectionTrait,
    document_ids: &[Uuid],
) -> Result<Vec<document_approvers::Model>, DbErr> {
    document_approvers::Entity::find()
        .filter(document_approvers::Column::DocumentId.is_in(document_ids.iter().copied()))
        .all(db)
        .await
}

pub async fn decisions(
    db: &impl ConnectionTrait,
    document_ids: &[Uuid],
) -> Result<Vec<document_decisions::Model>, DbErr> {
    document_decisions::Entity::find()
        .filter(document_decisions::Column::DocumentId.is_in(document_ids.iter().copied()))
        .order_by_asc(document_decisions::Column::DecidedAt)
        .order_by_asc(document_decisions::Column::Id)
        .all(db)
        .await
}

/// A new document with its approvers, fixed now.
pub async fn insert(
    db: &impl ConnectionTrait,
    document: approval_documents::Model,
    approvers: &[(Uuid, Duty)],
) -> Result<approval_documents::Model, DbErr> {
    let id = document.id;
    let row = approval_documents::ActiveModel::from(document).reset_all();
    let inserted = row.insert(db).await?;
    let rows: Vec<document_approvers::ActiveModel> = approvers
        .iter()
        .map(|(user_id, duty)| document_approvers::ActiveModel {
            document_id: Set(id),
            user_id: Set(*user_id),
            duty: Set(duty.as_str().to_owned()),
        })
        .collect();
    if !rows.is_empty() {
        document_approvers::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(inserted)
}

/// Takes the document for a decision: true while it still awaits. On PostgreSQL the
/// row stays locked until the transaction ends, so two approvers deciding at once take
/// turns and the second sees the first's decision.
pub async fn claim(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, DbErr> {
    let result = approval_documents::Entity::update_many()
        .col_expr(approval_documents::Column::Status, Expr::col(approval_documents::Column::Status))
        .filter(approval_documents::Column::Id.eq(id))
        .filter(approval_documents::Column::Status.eq(ApprovalStatus::Awaiting.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn record_decision(db: &impl ConnectionTrait, decision: document_decisions::Model) -> Result<(), DbErr> {
    let row = document_decisions::ActiveModel::from(decision).reset_all();
    row.insert(db).await?;
    Ok(())
}

/// Closes the round: approved or rejected, at `now`.
pub async fn close(
    db: &impl ConnectionTrait,
    id: Uuid,
    status: ApprovalStatus,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    approval_documents::Entity::update_many()
        .col_expr(approval_documents::Column::Status, Expr::value(status.as_str()))
        .col_expr(approval_documents::Column::DecidedAt, Expr::value(tz(now)))
        .filter(approval_documents::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The documents awaiting approval, due on or before `last_due`, whose approvers were
/// not reminded yet.
pub async fn to_remind(
    db: &impl ConnectionTrait,
    last_due: chrono::NaiveDate,
) -> Result<Vec<approval_documents::Model>, DbErr> {
    approval_documents::Entity::find()
        .filter(approval_documents::Column::Status.eq(ApprovalStatus::Awaiting.as_str()))
        .filter(approval_documents::Column::RemindedAt.is_null())
        .filter(approval_documents::Column::DueOn.lte(last_due))
        .order_by_asc(approval_documents::Column::DueOn)
        .all(db)
        .await
}

/// Marks the reminder sent; false when another worker sent it already.
pub async fn mark_reminded(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let result = approval_documents::Entity::update_many()
        .col_expr(approval_documents::Column::RemindedAt, Expr::value(tz(now)))
        .filter(approval_documents::Column::Id.eq(id))
        .filter(approval_documents::Column::RemindedAt.is_null())
        .filter(approval_documents::Column::Status.eq(ApprovalStatus::Awaiting.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
