//! The second step of signing in: pending challenges (only the hash of their token),
//! recovery codes (hashes), the user's choice and the groups that require a code.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QuerySelect,
    RelationTrait, Set,
};
use uuid::Uuid;

use super::entities::{group_members, permission_groups, recovery_codes, sign_in_challenges, user_mobiles};
use super::tz;

/// How many of `user_id`'s groups require a code at sign-in.
pub async fn groups_requiring(db: &impl ConnectionTrait, user_id: Uuid) -> Result<u64, DbErr> {
    group_members::Entity::find()
        .join(JoinType::InnerJoin, group_members::Relation::PermissionGroups.def())
        .filter(group_members::Column::UserId.eq(user_id))
        .filter(permission_groups::Column::RequiresSecondFactor.eq(true))
        .count(db)
        .await
}

/// Records (or clears) the user's choice to sign in with a code.
pub async fn choose(db: &impl ConnectionTrait, user_id: Uuid, since: Option<DateTime<Utc>>) -> Result<(), DbErr> {
    user_mobiles::Entity::update_many()
        .col_expr(user_mobiles::Column::SignInSince, Expr::value(since.map(tz)))
        .filter(user_mobiles::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

pub struct NewChallenge {
    pub user_id: Uuid,
    pub token_hash: String,
    pub ip_address: Option<String>,
    pub expires_at: DateTime<Utc>,
}

pub async fn create_challenge(db: &impl ConnectionTrait, new: NewChallenge, now: DateTime<Utc>) -> Result<(), DbErr> {
    sign_in_challenges::Entity::insert(sign_in_challenges::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(new.user_id),
        token_hash: Set(new.token_hash),
        ip_address: Set(new.ip_address),
        recovery_attempts: Set(0),
        expires_at: Set(tz(new.expires_at)),
        used_at: Set(None),
        created_at: Set(tz(now)),
    })
    .exec(db)
    .await?;
    Ok(())
}

pub async fn challenge(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<sign_in_challenges::Model>, DbErr> {
    sign_in_challenges::Entity::find().filter(sign_in_challenges::Column::TokenHash.eq(token_hash)).one(db).await
}

/// Counts a recovery-code try on the challenge before it is checked; returns the count.
pub async fn count_recovery_try(db: &impl ConnectionTrait, id: Uuid) -> Result<u32, DbErr> {
    sign_in_challenges::Entity::update_many()
        .col_expr(
            sign_in_challenges::Column::RecoveryAttempts,
            Expr::col(sign_in_challenges::Column::RecoveryAttempts).add(1),
        )
        .filter(sign_in_challenges::Column::Id.eq(id))
        .exec(db)
        .await?;
    let found = sign_in_challenges::Entity::find_by_id(id).one(db).await?;
    Ok(found.map_or(0, |c| u32::try_from(c.recovery_attempts).unwrap_or(0)))
}

/// Ends the challenge; false when another request ended it first.
pub async fn use_challenge(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let done = sign_in_challenges::Entity::update_many()
        .col_expr(sign_in_challenges::Column::UsedAt, Expr::value(tz(now)))
        .filter(sign_in_challenges::Column::Id.eq(id))
        .filter(sign_in_challenges::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Challenges that ended or ran out before `before`: nothing to keep them for.
pub async fn delete_stale_challenges(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let done = sign_in_challenges::Entity::delete_many()
        .filter(sign_in_challenges::Column::ExpiresAt.lt(tz(before)))
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}

/// The user's unused recovery codes.
pub async fn unused_recovery_codes(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<recovery_codes::Model>, DbErr> {
    recovery_codes::Entity::find()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .filter(recovery_codes::Column::UsedAt.is_null())
        .all(db)
        .await
}

/// Replaces the user's recovery codes with these hashes.
pub async fn replace_recovery_codes(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    hashes: Vec<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    recovery_codes::Entity::delete_many().filter(recovery_codes::Column::UserId.eq(user_id)).exec(db).await?;
    let rows = hashes.into_iter().map(|hash| recovery_codes::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        code_hash: Set(hash),
        used_at: Set(None),
        created_at: Set(tz(now)),
    });
    recovery_codes::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

/// Uses a recovery code up; false when another request used it first.
pub async fn use_recovery_code(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let done = recovery_codes::Entity::update_many()
        .col_expr(recovery_codes::Column::UsedAt, Expr::value(tz(now)))
        .filter(recovery_codes::Column::Id.eq(id))
        .filter(recovery_codes::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}
