//! Lookups that run before the caller is known: sign-in, token links and the
//! authentication of each request. Nothing here is reachable from a handler directly;
//! only the auth and account services use it.

use loket_domain::policy::{Actor, ActorKind};
use loket_domain::{OrganisationKind, Role};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::entities::{api_keys, organisations, users};
use super::users::{STATUS_ACTIVE, branch_ids};

pub async fn user_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find().filter(users::Column::Email.eq(email)).one(db).await
}

pub async fn user_by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find_by_id(id).one(db).await
}

pub async fn organisation_by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<organisations::Model>, DbErr> {
    organisations::Entity::find_by_id(id).one(db).await
}

/// The actor for an active user, with current role and branches (never the token's),
/// and the user's name.
pub async fn actor_for_user(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Option<(Actor, String)>, DbErr> {
    let Some(user) = user_by_id(db, user_id).await? else {
        return Ok(None);
    };
    if user.status != STATUS_ACTIVE {
        return Ok(None);
    }
    let Some(role) = Role::parse(&user.role) else {
        return Ok(None);
    };
    let branches = if role.organisation_kind() == OrganisationKind::Partner {
        branch_ids(db, &[user.id]).await?.remove(&user.id).unwrap_or_default()
    } else {
        Vec::new()
    };
    let actor = Actor {
        organisation_id: user.organisation_id,
        organisation_kind: role.organisation_kind(),
        kind: ActorKind::User { user_id: user.id, role, branch_ids: branches },
    };
    Ok(Some((actor, user.name)))
}

pub struct FoundApiKey {
    pub key: api_keys::Model,
    pub organisation_kind: OrganisationKind,
}

/// An unrevoked API key by its public prefix.
pub async fn live_api_key_by_prefix(db: &impl ConnectionTrait, prefix: &str) -> Result<Option<FoundApiKey>, DbErr> {
    let Some(key) = api_keys::Entity::find()
        .filter(api_keys::Column::Prefix.eq(prefix))
        .filter(api_keys::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(organisation) = organisation_by_id(db, key.organisation_id).await? else {
        return Ok(None);
    };
    let organisation_kind = super::organisations::kind_of(&organisation)?;
    Ok(Some(FoundApiKey { key, organisation_kind }))
}
