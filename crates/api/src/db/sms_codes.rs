//! One-time SMS codes and users' verified mobile numbers. A code row is made when it is
//! asked for; the worker makes the digits at delivery and stores only their hash.

use chrono::{DateTime, Utc};
use loket_domain::approvals::secrets::CodePurpose;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::entities::{sms_codes, user_mobiles};
use super::tz;

pub async fn insert(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: CodePurpose,
    phone: &str,
    now: DateTime<Utc>,
) -> Result<sms_codes::Model, DbErr> {
    let row = sms_codes::Model {
        id: Uuid::now_v7(),
        user_id,
        purpose: purpose.as_str().to_owned(),
        phone: phone.to_owned(),
        code_hash: None,
        issued_at: None,
        attempts: 0,
        used_at: None,
        created_at: tz(now),
    };
    sms_codes::Entity::insert(sms_codes::ActiveModel::from(row.clone())).exec(db).await?;
    Ok(row)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<sms_codes::Model>, DbErr> {
    sms_codes::Entity::find_by_id(id).one(db).await
}

/// The last code asked for `user_id` and `purpose`: the only one that works.
pub async fn latest(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: CodePurpose,
) -> Result<Option<sms_codes::Model>, DbErr> {
    sms_codes::Entity::find()
        .filter(sms_codes::Column::UserId.eq(user_id))
        .filter(sms_codes::Column::Purpose.eq(purpose.as_str()))
        .order_by_desc(sms_codes::Column::CreatedAt)
        .order_by_desc(sms_codes::Column::Id)
        .one(db)
        .await
}

/// When the codes for `user_id` and `purpose` asked since `since` were asked.
pub async fn asked_since(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: CodePurpose,
    since: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, DbErr> {
    let codes = sms_codes::Entity::find()
        .filter(sms_codes::Column::UserId.eq(user_id))
        .filter(sms_codes::Column::Purpose.eq(purpose.as_str()))
        .filter(sms_codes::Column::CreatedAt.gte(tz(since)))
        .all(db)
        .await?;
    Ok(codes.into_iter().map(|code| code.created_at.to_utc()).collect())
}

/// The worker made the digits: their hash, and the moment the code starts to run. A
/// code sent again (a retried delivery) replaces the first and its tries.
pub async fn issue(db: &impl ConnectionTrait, id: Uuid, code_hash: String, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let done = sms_codes::Entity::update_many()
        .col_expr(sms_codes::Column::CodeHash, Expr::value(code_hash))
        .col_expr(sms_codes::Column::IssuedAt, Expr::value(tz(now)))
        .col_expr(sms_codes::Column::Attempts, Expr::value(0))
        .filter(sms_codes::Column::Id.eq(id))
        .filter(sms_codes::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Counts a try before the code is checked (atomically, so parallel tries all count)
/// and returns the count.
pub async fn count_try(db: &impl ConnectionTrait, id: Uuid) -> Result<u32, DbErr> {
    sms_codes::Entity::update_many()
        .col_expr(sms_codes::Column::Attempts, Expr::col(sms_codes::Column::Attempts).add(1))
        .filter(sms_codes::Column::Id.eq(id))
        .exec(db)
        .await?;
    let attempts = find(db, id).await?.map_or(0, |code| code.attempts);
    Ok(u32::try_from(attempts).unwrap_or(0))
}

/// Marks the code used; false when another request used it first.
pub async fn use_code(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let done = sms_codes::Entity::update_many()
        .col_expr(sms_codes::Column::UsedAt, Expr::value(tz(now)))
        .filter(sms_codes::Column::Id.eq(id))
        .filter(sms_codes::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Codes asked before `before`: long expired, nothing to keep them for.
pub async fn purge_old(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let done = sms_codes::Entity::delete_many().filter(sms_codes::Column::CreatedAt.lt(tz(before))).exec(db).await?;
    Ok(done.rows_affected)
}

pub async fn mobile(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Option<user_mobiles::Model>, DbErr> {
    user_mobiles::Entity::find_by_id(user_id).one(db).await
}

/// Sets the user's verified mobile number (signing in with a code stays as it was).
pub async fn set_mobile(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    number: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if mobile(db, user_id).await?.is_some() {
        user_mobiles::Entity::update_many()
            .col_expr(user_mobiles::Column::Number, Expr::value(number.to_owned()))
            .col_expr(user_mobiles::Column::VerifiedAt, Expr::value(tz(now)))
            .filter(user_mobiles::Column::UserId.eq(user_id))
            .exec(db)
            .await?;
        return Ok(());
    }
    user_mobiles::Entity::insert(user_mobiles::ActiveModel {
        user_id: Set(user_id),
        number: Set(number.to_owned()),
        verified_at: Set(tz(now)),
        sign_in_since: Set(None),
    })
    .exec(db)
    .await?;
    Ok(())
}
