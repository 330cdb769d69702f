//! API keys. Listing is limited to the organisations whose keys the caller manages.

use chrono::{DateTime, Duration, Utc};
use loket_domain::ApiScope;
use loket_domain::policy::Visibility;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::entities::api_keys::{ActiveModel, Column, Entity, Model};
use super::organisations::visible_ids_subquery;
use loket_api_types::pagination::ListSort;

use super::pagination::PageRequest;
use super::tz;

pub fn format_scopes(scopes: &[ApiScope]) -> String {
    let mut names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.join(" ")
}

pub fn parse_scopes(stored: &str) -> Vec<ApiScope> {
    stored.split_whitespace().filter_map(ApiScope::parse).collect()
}

pub async fn find(db: &impl ConnectionTrait, visibility: &Visibility, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).filter(Column::OrganisationId.in_subquery(visible_ids_subquery(visibility))).one(db).await
}

/// Keys of the given organisations (`None`: of every organisation the caller sees).
pub async fn list(
    db: &impl ConnectionTrait,
    visibility: &Visibility,
    organisation_ids: Option<Vec<Uuid>>,
    include_revoked: bool,
    page: &PageRequest<impl ListSort>,
) -> Result<(Vec<Model>, Option<String>), DbErr> {
    let mut select = Entity::find().filter(Column::OrganisationId.in_subquery(visible_ids_subquery(visibility)));
    if let Some(ids) = organisation_ids {
        select = select.filter(Column::OrganisationId.is_in(ids));
    }
    if !include_revoked {
        select = select.filter(Column::RevokedAt.is_null());
    }
    let rows = page.fetch(db, select, Column::Name, Column::Id).await?;
    Ok(page.finish(rows, |m| (m.name.clone(), m.id)))
}

pub struct NewApiKey {
    pub organisation_id: Uuid,
    pub name: String,
    pub prefix: String,
    pub secret_hash: String,
    pub scopes: Vec<ApiScope>,
    pub created_by: Option<Uuid>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewApiKey, now: DateTime<Utc>) -> Result<Model, DbErr> {
    ActiveModel {
        id: Set(Uuid::now_v7()),
        organisation_id: Set(new.organisation_id),
        name: Set(new.name),
        prefix: Set(new.prefix),
        secret_hash: Set(new.secret_hash),
        scopes: Set(format_scopes(&new.scopes)),
        created_by: Set(new.created_by),
        created_at: Set(now.into()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await
}

/// Revokes a key; false when it was revoked already.
pub async fn revoke(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let result = Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(tz(now)))
        .filter(Column::Id.eq(id))
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Records use of a key, at most once a minute to spare the database a write per call.
pub async fn touch_last_used(db: &impl ConnectionTrait, key: &Model, now: DateTime<Utc>) -> Result<(), DbErr> {
    let stale = key.last_used_at.is_none_or(|at| now.signed_duration_since(at) > Duration::seconds(60));
    if stale {
        Entity::update_many()
            .col_expr(Column::LastUsedAt, Expr::value(tz(now)))
            .filter(Column::Id.eq(key.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_stored_sorted_and_unique() {
        let stored = format_scopes(&[ApiScope::UsersWrite, ApiScope::OrganisationsRead, ApiScope::UsersWrite]);
        assert_eq!(stored, "organisations:read users:write");
        assert_eq!(parse_scopes(&stored), vec![ApiScope::OrganisationsRead, ApiScope::UsersWrite]);
        assert_eq!(parse_scopes("users:read bogus"), vec![ApiScope::UsersRead]);
    }
}
