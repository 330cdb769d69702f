//! Products, releases and the download links of installation instructions.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::entities::{download_links as links, products, releases};
use super::tz;

pub async fn products(db: &impl ConnectionTrait) -> Result<Vec<products::Model>, DbErr> {
    products::Entity::find().order_by_asc(products::Column::Name).all(db).await
}

pub async fn product(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<products::Model>, DbErr> {
    products::Entity::find_by_id(id).one(db).await
}

pub async fn insert_product(
    db: &impl ConnectionTrait,
    key: String,
    name: String,
    now: DateTime<Utc>,
) -> Result<products::Model, DbErr> {
    products::ActiveModel {
        id: Set(Uuid::now_v7()),
        key: Set(key),
        name: Set(name),
        created_at: Set(tz(now)),
        updated_at: Set(tz(now)),
        version: Set(1),
    }
    .insert(db)
    .await
}

/// The releases of these products.
pub async fn releases_of(db: &impl ConnectionTrait, product_ids: &[Uuid]) -> Result<Vec<releases::Model>, DbErr> {
    releases::Entity::find()
        .filter(releases::Column::ProductId.is_in(product_ids.to_vec()))
        .order_by_desc(releases::Column::CreatedAt)
        .all(db)
        .await
}

pub async fn release(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<releases::Model>, DbErr> {
    releases::Entity::find_by_id(id).one(db).await
}

pub async fn insert_release(db: &impl ConnectionTrait, row: releases::ActiveModel) -> Result<releases::Model, DbErr> {
    row.insert(db).await
}

/// Withdraws a release; `false` when it was withdrawn already.
pub async fn withdraw(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, DbErr> {
    let result = releases::Entity::update_many()
        .col_expr(releases::Column::Withdrawn, Expr::value(true))
        .filter(releases::Column::Id.eq(id))
        .filter(releases::Column::Withdrawn.eq(false))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// How often each release was downloaded through links.
pub async fn download_counts(
    db: &impl ConnectionTrait,
    release_ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, i64>, DbErr> {
    if release_ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(Uuid, Option<i64>)> = links::Entity::find()
        .select_only()
        .column(links::Column::ReleaseId)
        // SUM of a BIGINT is NUMERIC in PostgreSQL: cast back.
        .column_as(Expr::col(links::Column::Downloads).sum().cast_as("BIGINT"), "total")
        .filter(links::Column::ReleaseId.is_in(release_ids.to_vec()))
        .group_by(links::Column::ReleaseId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, total)| (id, total.unwrap_or(0))).collect())
}

pub async fn insert_link(
    db: &impl ConnectionTrait,
    release_id: Uuid,
    request_id: Option<Uuid>,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<links::Model, DbErr> {
    links::ActiveModel {
        id: Set(Uuid::now_v7()),
        release_id: Set(release_id),
        request_id: Set(request_id),
        expires_at: Set(tz(expires_at)),
        downloads: Set(0),
        last_download_at: Set(None),
        created_at: Set(tz(now)),
    }
    .insert(db)
    .await
}

pub async fn link(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<links::Model>, DbErr> {
    links::Entity::find_by_id(id).one(db).await
}

/// Counts one download, in one statement (concurrent downloads all count).
pub async fn count_download(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    links::Entity::update_many()
        .col_expr(links::Column::Downloads, Expr::col(links::Column::Downloads).add(1))
        .col_expr(links::Column::LastDownloadAt, Expr::value(tz(now)))
        .filter(links::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The latest link sent for a case.
pub async fn latest_link_of(db: &impl ConnectionTrait, request_id: Uuid) -> Result<Option<links::Model>, DbErr> {
    links::Entity::find()
        .filter(links::Column::RequestId.eq(request_id))
        .order_by_desc(links::Column::CreatedAt)
        .one(db)
        .await
}
