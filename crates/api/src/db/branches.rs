//! Branches (vestigingen) of partners. Callers check the organisation's visibility first.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::entities::branches::{ActiveModel, Column, Entity, Model};

pub async fn list_for_organisation(db: &impl ConnectionTrait, organisation_id: Uuid) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::OrganisationId.eq(organisation_id))
        .order_by_asc(Column::Name)
        .order_by_asc(Column::Id)
        .all(db)
        .await
}

pub async fn find_in_organisation(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    branch_id: Uuid,
) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(branch_id).filter(Column::OrganisationId.eq(organisation_id)).one(db).await
}

/// How many of `ids` are branches of the organisation.
pub async fn count_in_organisation(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    ids: &[Uuid],
) -> Result<usize, DbErr> {
    if ids.is_empty() {
        return Ok(0);
    }
    let found = Entity::find()
        .filter(Column::OrganisationId.eq(organisation_id))
        .filter(Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    Ok(found.len())
}

/// The names of the branches `ids`, by id.
pub async fn names(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<std::collections::HashMap<Uuid, String>, DbErr> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let rows = Entity::find().filter(Column::Id.is_in(ids.to_vec())).all(db).await?;
    Ok(rows.into_iter().map(|b| (b.id, b.name)).collect())
}

pub async fn find_by_name(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    name: &str,
) -> Result<Option<Model>, DbErr> {
    Entity::find().filter(Column::OrganisationId.eq(organisation_id)).filter(Column::Name.eq(name)).one(db).await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    name: String,
    now: DateTime<Utc>,
) -> Result<Model, DbErr> {
    ActiveModel {
        id: Set(Uuid::now_v7()),
        organisation_id: Set(organisation_id),
        name: Set(name),
        created_at: Set(now.into()),
    }
    .insert(db)
    .await
}
