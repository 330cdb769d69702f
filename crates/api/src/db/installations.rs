//! The installed software of install cases: the one-time installation tokens and the
//! installations' keys (both kept as hashes), heartbeats and uploads.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::entities::{installation_tokens as tokens, installation_uploads as uploads, installations};
use super::tz;

/// Issues a token for a case: earlier unused ones are revoked, the new one's hash kept.
pub async fn issue_token(
    db: &impl ConnectionTrait,
    request_id: Uuid,
    token_hash: String,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<tokens::Model, DbErr> {
    tokens::Entity::update_many()
        .col_expr(tokens::Column::RevokedAt, Expr::value(tz(now)))
        .filter(tokens::Column::RequestId.eq(request_id))
        .filter(tokens::Column::UsedAt.is_null())
        .filter(tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        request_id: Set(request_id),
        token_hash: Set(token_hash),
        expires_at: Set(tz(expires_at)),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(tz(now)),
    }
    .insert(db)
    .await
}

/// Revokes a case's unused tokens (instructions sent again, or the case moved on).
pub async fn revoke_tokens(db: &impl ConnectionTrait, request_id: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    tokens::Entity::update_many()
        .col_expr(tokens::Column::RevokedAt, Expr::value(tz(now)))
        .filter(tokens::Column::RequestId.eq(request_id))
        .filter(tokens::Column::UsedAt.is_null())
        .filter(tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Uses the token with this hash, once: returns it when it was unused, unrevoked and
/// unexpired (a concurrent second use finds it used).
pub async fn use_token(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<tokens::Model>, DbErr> {
    let result = tokens::Entity::update_many()
        .col_expr(tokens::Column::UsedAt, Expr::value(tz(now)))
        .filter(tokens::Column::TokenHash.eq(token_hash))
        .filter(tokens::Column::UsedAt.is_null())
        .filter(tokens::Column::RevokedAt.is_null())
        .filter(tokens::Column::ExpiresAt.gt(tz(now)))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Ok(None);
    }
    tokens::Entity::find().filter(tokens::Column::TokenHash.eq(token_hash)).one(db).await
}

pub async fn insert(db: &impl ConnectionTrait, row: installations::ActiveModel) -> Result<installations::Model, DbErr> {
    row.insert(db).await
}

/// The installation whose key has this hash, unless revoked.
pub async fn by_key_hash(db: &impl ConnectionTrait, key_hash: &str) -> Result<Option<installations::Model>, DbErr> {
    installations::Entity::find()
        .filter(installations::Column::KeyHash.eq(key_hash))
        .filter(installations::Column::RevokedAt.is_null())
        .one(db)
        .await
}

/// A case's installations, newest first.
pub async fn of_request(db: &impl ConnectionTrait, request_id: Uuid) -> Result<Vec<installations::Model>, DbErr> {
    installations::Entity::find()
        .filter(installations::Column::RequestId.eq(request_id))
        .order_by_desc(installations::Column::CreatedAt)
        .all(db)
        .await
}

/// The installations of the requests `ids`.
pub async fn of_requests(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<installations::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    installations::Entity::find().filter(installations::Column::RequestId.is_in(ids.to_vec())).all(db).await
}

/// Notes a heartbeat (and the version running now).
pub async fn heartbeat(
    db: &impl ConnectionTrait,
    id: Uuid,
    version: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut update = installations::Entity::update_many()
        .col_expr(installations::Column::LastHeartbeatAt, Expr::value(tz(now)))
        .filter(installations::Column::Id.eq(id));
    if let Some(version) = version {
        update = update.col_expr(installations::Column::SoftwareVersion, Expr::value(version));
    }
    update.exec(db).await?;
    Ok(())
}

/// Records an upload and notes it on the installation; returns whether it was the
/// installation's first success.
pub async fn record_upload(
    db: &impl ConnectionTrait,
    installation: &installations::Model,
    succeeded: bool,
    records: i64,
    bytes: i64,
    error: Option<String>,
    now: DateTime<Utc>,
) -> Result<(uploads::Model, bool), DbErr> {
    let upload = uploads::ActiveModel {
        id: Set(Uuid::now_v7()),
        installation_id: Set(installation.id),
        request_id: Set(installation.request_id),
        at: Set(tz(now)),
        succeeded: Set(succeeded),
        records: Set(records),
        bytes: Set(bytes),
        error: Set(error.clone()),
    }
    .insert(db)
    .await?;
    installations::Entity::update_many()
        .col_expr(installations::Column::LastUploadAt, Expr::value(tz(now)))
        .col_expr(installations::Column::LastUploadSucceeded, Expr::value(succeeded))
        .col_expr(installations::Column::LastUploadError, Expr::value(error))
        .filter(installations::Column::Id.eq(installation.id))
        .exec(db)
        .await?;
    let first = succeeded
        && installations::Entity::update_many()
            .col_expr(installations::Column::FirstSuccessAt, Expr::value(tz(now)))
            .filter(installations::Column::Id.eq(installation.id))
            .filter(installations::Column::FirstSuccessAt.is_null())
            .exec(db)
            .await?
            .rows_affected
            == 1;
    Ok((upload, first))
}

/// How many uploads each installation reported.
pub async fn upload_counts(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, i64>, DbErr> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(Uuid, i64)> = uploads::Entity::find()
        .select_only()
        .column(uploads::Column::InstallationId)
        .column_as(Expr::col(uploads::Column::Id).count(), "total")
        .filter(uploads::Column::InstallationId.is_in(ids.to_vec()))
        .group_by(uploads::Column::InstallationId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}
