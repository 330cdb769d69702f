//! The helpdesk's settings row (one, or none while the standard settings apply) and the
//! dates the administrator decided on. Not tenant data: every reader sees the same.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryOrder};
use uuid::Uuid;

use super::entities::{support_closing_days, support_settings};
use super::{tz, versioned};

/// The one row's id.
pub const SETTINGS_ID: Uuid = Uuid::nil();

pub async fn settings(db: &impl ConnectionTrait) -> Result<Option<support_settings::Model>, DbErr> {
    support_settings::Entity::find_by_id(SETTINGS_ID).one(db).await
}

/// Saves `row` if the stored version is still `expected_version` (0: none stored yet).
/// `None` when someone saved first.
pub async fn save_settings(
    db: &impl ConnectionTrait,
    row: support_settings::Model,
    expected_version: i64,
    now: DateTime<Utc>,
) -> Result<Option<support_settings::Model>, DbErr> {
    let mut active: support_settings::ActiveModel = row.into();
    active.id = Set(SETTINGS_ID);
    if expected_version != 0 {
        active.id = sea_orm::ActiveValue::NotSet;
        active.version = sea_orm::ActiveValue::NotSet;
        active.updated_at = sea_orm::ActiveValue::NotSet;
        return versioned::save::<support_settings::Entity, _>(db, SETTINGS_ID, expected_version, active, now).await;
    }
    active.version = Set(1);
    active.updated_at = Set(tz(now));
    let inserted = support_settings::Entity::insert(active)
        .on_conflict(OnConflict::column(support_settings::Column::Id).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    if inserted == 0 {
        return Ok(None);
    }
    settings(db).await
}

/// Every decided date, in date order.
pub async fn closing_days(db: &impl ConnectionTrait) -> Result<Vec<support_closing_days::Model>, DbErr> {
    support_closing_days::Entity::find().order_by_asc(support_closing_days::Column::Day).all(db).await
}

pub async fn closing_day(
    db: &impl ConnectionTrait,
    day: NaiveDate,
) -> Result<Option<support_closing_days::Model>, DbErr> {
    support_closing_days::Entity::find_by_id(day).one(db).await
}

/// Decides `day`: open or closed, under `name`.
pub async fn set_closing_day(
    db: &impl ConnectionTrait,
    day: NaiveDate,
    closed: bool,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = support_closing_days::ActiveModel {
        day: Set(day),
        closed: Set(closed),
        name: Set(name.to_owned()),
        updated_at: Set(tz(now)),
    };
    use support_closing_days::Column;
    support_closing_days::Entity::insert(row)
        .on_conflict(
            OnConflict::column(Column::Day)
                .update_columns([Column::Closed, Column::Name, Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Forgets the decision on `day`; false when there was none.
pub async fn remove_closing_day(db: &impl ConnectionTrait, day: NaiveDate) -> Result<bool, DbErr> {
    Ok(support_closing_days::Entity::delete_by_id(day).exec(db).await?.rows_affected > 0)
}
