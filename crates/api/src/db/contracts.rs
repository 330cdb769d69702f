//! The contracts of install cases.

use chrono::{DateTime, Utc};
use loket_domain::onboarding::contracts::ContractStatus;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::entities::contracts::{ActiveModel, Column, Entity, Model};
use super::stored;

pub fn status_of(model: &Model) -> Result<ContractStatus, DbErr> {
    stored(ContractStatus::parse(&model.status), "contracts.status", &model.status)
}

/// A case's contracts, oldest first.
pub async fn of_request(db: &impl ConnectionTrait, request_id: Uuid) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::RequestId.eq(request_id))
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .all(db)
        .await
}

/// Contract `id` of case `request_id`.
pub async fn find(db: &impl ConnectionTrait, request_id: Uuid, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).filter(Column::RequestId.eq(request_id)).one(db).await
}

pub async fn insert(db: &impl ConnectionTrait, row: ActiveModel) -> Result<Model, DbErr> {
    row.insert(db).await
}

/// Saves the changed columns if the stored version is still `expected_version`.
pub async fn save(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i64,
    changes: ActiveModel,
    now: DateTime<Utc>,
) -> Result<Option<Model>, DbErr> {
    super::versioned::save(db, id, expected_version, changes, now).await
}
