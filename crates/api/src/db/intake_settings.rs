//! What the vendor sets up for partner intake: the list of accounting packages and the
//! fields each partner's install requests carry.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::entities::{accounting_packages as packages, partner_fields as fields};
use super::tz;

/// The packages in their order (inactive ones too when `all`).
pub async fn packages(db: &impl ConnectionTrait, all: bool) -> Result<Vec<packages::Model>, DbErr> {
    let mut select = packages::Entity::find();
    if !all {
        select = select.filter(packages::Column::Active.eq(true));
    }
    select.order_by_asc(packages::Column::Position).order_by_asc(packages::Column::Name).all(db).await
}

pub async fn package(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<packages::Model>, DbErr> {
    packages::Entity::find_by_id(id).one(db).await
}

/// The position after the last package.
pub async fn next_position(db: &impl ConnectionTrait) -> Result<i32, DbErr> {
    let last: Option<Option<i32>> = packages::Entity::find()
        .select_only()
        .column_as(Expr::expr(Func::max(Expr::col(packages::Column::Position))), "last")
        .into_tuple()
        .one(db)
        .await?;
    Ok(last.flatten().map_or(0, |p| p.saturating_add(10)))
}

pub async fn insert_package(
    db: &impl ConnectionTrait,
    name: String,
    position: i32,
    now: DateTime<Utc>,
) -> Result<packages::Model, DbErr> {
    packages::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name),
        active: Set(true),
        position: Set(position),
        created_at: Set(tz(now)),
        updated_at: Set(tz(now)),
        version: Set(1),
    }
    .insert(db)
    .await
}

/// Saves the changed columns if the stored version is still `expected_version`.
pub async fn save_package(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i64,
    changes: packages::ActiveModel,
    now: DateTime<Utc>,
) -> Result<Option<packages::Model>, DbErr> {
    super::versioned::save(db, id, expected_version, changes, now).await
}

/// A partner's fields in their order.
pub async fn partner_fields(db: &impl ConnectionTrait, partner_id: Uuid) -> Result<Vec<fields::Model>, DbErr> {
    fields::Entity::find()
        .filter(fields::Column::OrganisationId.eq(partner_id))
        .order_by_asc(fields::Column::Position)
        .all(db)
        .await
}

/// Replaces a partner's fields by `new` (key, label, type, required), in that order.
pub async fn replace_partner_fields(
    db: &impl ConnectionTrait,
    partner_id: Uuid,
    new: &[(String, String, String, bool)],
) -> Result<(), DbErr> {
    fields::Entity::delete_many().filter(fields::Column::OrganisationId.eq(partner_id)).exec(db).await?;
    for (position, (key, label, field_type, required)) in new.iter().enumerate() {
        fields::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(partner_id),
            key: Set(key.clone()),
            label: Set(label.clone()),
            field_type: Set(field_type.clone()),
            required: Set(*required),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
