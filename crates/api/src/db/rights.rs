//! Permission groups, their members, and users' own grants.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use loket_domain::approvals::permissions::{Access, Capability, PermissionSet};
use loket_domain::policy::Visibility;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::entities::{group_members, group_permissions, permission_groups, user_permissions, users};
use super::organisations::visible_ids_subquery;
use super::tz;

/// A stored set read back: rows with unknown keys are data corruption, not a user error.
fn permission_set<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str)>, table: &str) -> Result<PermissionSet, DbErr> {
    let mut set = PermissionSet::new();
    for (capability, access) in rows {
        let capability = super::stored(Capability::parse(capability), table, capability)?;
        let access = super::stored(Access::parse(access), table, access)?;
        set.grant(capability, access);
    }
    Ok(set)
}

/// The groups the caller can see: those of visible partners (and of the vendor for
/// vendor staff), by name.
pub async fn groups(
    db: &impl ConnectionTrait,
    visibility: &Visibility,
    organisation_id: Option<Uuid>,
) -> Result<Vec<permission_groups::Model>, DbErr> {
    let mut select = permission_groups::Entity::find()
        .filter(permission_groups::Column::OrganisationId.in_subquery(visible_ids_subquery(visibility)));
    if let Some(id) = organisation_id {
        select = select.filter(permission_groups::Column::OrganisationId.eq(id));
    }
    select.order_by_asc(permission_groups::Column::Name).order_by_asc(permission_groups::Column::Id).all(db).await
}

pub async fn group(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<permission_groups::Model>, DbErr> {
    permission_groups::Entity::find_by_id(id).one(db).await
}

/// The groups `ids`, by id.
pub async fn groups_by_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, permission_groups::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = permission_groups::Entity::find()
        .filter(permission_groups::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|g| (g.id, g)).collect())
}

/// Each group's permission set.
pub async fn group_sets(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<HashMap<Uuid, PermissionSet>, DbErr> {
    let rows = group_permissions::Entity::find()
        .filter(group_permissions::Column::GroupId.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let mut sets: HashMap<Uuid, PermissionSet> = ids.iter().map(|id| (*id, PermissionSet::new())).collect();
    for row in &rows {
        let one = permission_set([(row.capability.as_str(), row.access.as_str())], "group_permissions")?;
        if let Some(set) = sets.get_mut(&row.group_id) {
            *set = set.union(&one);
        }
    }
    Ok(sets)
}

/// How many members each group has.
pub async fn member_counts(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<HashMap<Uuid, u64>, DbErr> {
    let rows: Vec<(Uuid, i64)> = group_members::Entity::find()
        .select_only()
        .column(group_members::Column::GroupId)
        .column_as(Expr::col(group_members::Column::UserId).count(), "members")
        .filter(group_members::Column::GroupId.is_in(ids.iter().copied()))
        .group_by(group_members::Column::GroupId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, u64::try_from(n).unwrap_or(0))).collect())
}

pub struct NewGroup {
    pub organisation_id: Uuid,
    pub audience: &'static str,
    pub name: String,
    pub description: String,
    pub requires_second_factor: bool,
}

pub async fn insert_group(
    db: &impl ConnectionTrait,
    new: NewGroup,
    now: DateTime<Utc>,
) -> Result<permission_groups::Model, DbErr> {
    permission_groups::ActiveModel {
        id: Set(Uuid::now_v7()),
        organisation_id: Set(new.organisation_id),
        audience: Set(new.audience.to_owned()),
        name: Set(new.name),
        description: Set(new.description),
        requires_second_factor: Set(new.requires_second_factor),
        created_at: Set(tz(now)),
        updated_at: Set(tz(now)),
        version: Set(1),
    }
    .insert(db)
    .await
}

/// Saves the changed columns if the stored version is still `expected_version`.
pub async fn save_group(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i64,
    changes: permission_groups::ActiveModel,
    now: DateTime<Utc>,
) -> Result<Option<permission_groups::Model>, DbErr> {
    super::versioned::save(db, id, expected_version, changes, now).await
}

pub async fn replace_group_set(db: &impl ConnectionTrait, group_id: Uuid, set: &PermissionSet) -> Result<(), DbErr> {
    group_permissions::Entity::delete_many().filter(group_permissions::Column::GroupId.eq(group_id)).exec(db).await?;
    let rows: Vec<group_permissions::ActiveModel> = set
        .iter()
        .map(|(capability, access)| group_permissions::ActiveModel {
            group_id: Set(group_id),
            capability: Set(capability.key()),
            access: Set(access.as_str().to_owned()),
        })
        .collect();
    if !rows.is_empty() {
        group_permissions::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// Deletes a group if its version is still `expected_version` (members and rights go
/// with it). Returns whether it did.
pub async fn delete_group(db: &impl ConnectionTrait, id: Uuid, expected_version: i64) -> Result<bool, DbErr> {
    let result = permission_groups::Entity::delete_many()
        .filter(permission_groups::Column::Id.eq(id))
        .filter(permission_groups::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The group's members within the caller's visibility, by name.
pub async fn members(
    db: &impl ConnectionTrait,
    visibility: &Visibility,
    group_id: Uuid,
) -> Result<Vec<users::Model>, DbErr> {
    let ids = sea_orm::sea_query::Query::select()
        .column(group_members::Column::UserId)
        .from(group_members::Entity)
        .and_where(Expr::col(group_members::Column::GroupId).eq(group_id))
        .to_owned();
    users::Entity::find()
        .filter(users::Column::Id.in_subquery(ids))
        .filter(users::Column::OrganisationId.in_subquery(visible_ids_subquery(visibility)))
        .order_by_asc(users::Column::OrganisationId)
        .order_by_asc(users::Column::Name)
        .all(db)
        .await
}

pub async fn is_member(db: &impl ConnectionTrait, group_id: Uuid, user_id: Uuid) -> Result<bool, DbErr> {
    Ok(group_members::Entity::find_by_id((group_id, user_id)).count(db).await? > 0)
}

pub async fn add_member(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    group_members::ActiveModel { group_id: Set(group_id), user_id: Set(user_id), created_at: Set(tz(now)) }
        .insert(db)
        .await
        .map(|_| ())
}

/// Removes a member; returns whether it was one.
pub async fn remove_member(db: &impl ConnectionTrait, group_id: Uuid, user_id: Uuid) -> Result<bool, DbErr> {
    let result = group_members::Entity::delete_by_id((group_id, user_id)).exec(db).await?;
    Ok(result.rows_affected == 1)
}

/// The groups a user belongs to, by name.
pub async fn groups_of(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<permission_groups::Model>, DbErr> {
    let ids = sea_orm::sea_query::Query::select()
        .column(group_members::Column::GroupId)
        .from(group_members::Entity)
        .and_where(Expr::col(group_members::Column::UserId).eq(user_id))
        .to_owned();
    permission_groups::Entity::find()
        .filter(permission_groups::Column::Id.in_subquery(ids))
        .order_by_asc(permission_groups::Column::Name)
        .all(db)
        .await
}

/// A user's own grants.
pub async fn own_grants(db: &impl ConnectionTrait, user_id: Uuid) -> Result<PermissionSet, DbErr> {
    let rows = user_permissions::Entity::find().filter(user_permissions::Column::UserId.eq(user_id)).all(db).await?;
    permission_set(rows.iter().map(|r| (r.capability.as_str(), r.access.as_str())), "user_permissions")
}

pub async fn replace_own_grants(db: &impl ConnectionTrait, user_id: Uuid, set: &PermissionSet) -> Result<(), DbErr> {
    user_permissions::Entity::delete_many().filter(user_permissions::Column::UserId.eq(user_id)).exec(db).await?;
    let rows: Vec<user_permissions::ActiveModel> = set
        .iter()
        .map(|(capability, access)| user_permissions::ActiveModel {
            user_id: Set(user_id),
            capability: Set(capability.key()),
            access: Set(access.as_str().to_owned()),
        })
        .collect();
    if !rows.is_empty() {
        user_permissions::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}
