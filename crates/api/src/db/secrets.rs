//! Server-generated secrets, shared by every replica through the database.

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

use super::entities::server_secrets::{ActiveModel, Column, Entity};

/// The secret called `name`; on first use `generate` makes it. When two replicas start
/// at once, both insert-or-ignore and then read the one that won.
pub async fn get_or_create(
    db: &impl ConnectionTrait,
    name: &str,
    generate: impl FnOnce() -> String,
) -> Result<String, DbErr> {
    if let Some(existing) = Entity::find_by_id(name.to_owned()).one(db).await? {
        return Ok(existing.value);
    }
    Entity::insert(ActiveModel {
        name: Set(name.to_owned()),
        value: Set(generate()),
        created_at: Set(Utc::now().into()),
    })
    .on_conflict(OnConflict::column(Column::Name).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
        .map(|row| row.value)
        .ok_or_else(|| DbErr::RecordNotFound(format!("server secret {name}")))
}
