//! Optimistic locking, once for every versioned table: a change is saved only if the
//! stored version is still the one the caller read, and the version goes up by one.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::entities::{
    accounting_packages, contracts, install_requests, organisations, permission_groups, support_settings, tickets,
    users, webhook_endpoints,
};
use super::tz;

/// A table with `id`, `version` and `updated_at` columns.
pub trait VersionedEntity: EntityTrait {
    const ID: Self::Column;
    const VERSION: Self::Column;
    const UPDATED_AT: Self::Column;
}

macro_rules! versioned_entity {
    ($($module:ident),+) => {$(
        impl VersionedEntity for $module::Entity {
            const ID: Self::Column = $module::Column::Id;
            const VERSION: Self::Column = $module::Column::Version;
            const UPDATED_AT: Self::Column = $module::Column::UpdatedAt;
        }
    )+};
}

versioned_entity!(
    accounting_packages,
    contracts,
    install_requests,
    organisations,
    permission_groups,
    support_settings,
    tickets,
    users,
    webhook_endpoints
);

/// Saves the columns set in `changes` on row `id` if its version is still
/// `expected_version`. Returns the saved row, or `None` when someone else changed (or
/// deleted) it first.
pub async fn save<E, A>(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i64,
    changes: A,
    now: DateTime<Utc>,
) -> Result<Option<E::Model>, DbErr>
where
    E: VersionedEntity,
    A: ActiveModelTrait<Entity = E>,
{
    let result = E::update_many()
        .set(changes)
        .col_expr(E::UPDATED_AT, Expr::value(tz(now)))
        .col_expr(E::VERSION, Expr::col(E::VERSION).add(1))
        .filter(E::ID.eq(id))
        .filter(E::VERSION.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Ok(None);
    }
    E::find().filter(E::ID.eq(id)).one(db).await
}
