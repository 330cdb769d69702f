//! Rights per module: what a user holds (its role's, its groups' and its own), and
//! changing a user's own grants within the granter's rights. Groups are in [`groups`].

pub mod groups;

use loket_api_types::rights::{Grant, GroupRef, ReplaceGrants, UserRights};
use loket_domain::approvals::permissions::{PermissionSet, effective};
use loket_domain::approvals::rights::{GroupAudience, baseline, check_change};
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::policy::{RightsAction, RightsFacts};
use uuid::Uuid;

use crate::auth::Principal;
use crate::db;
use crate::db::entities::{permission_groups, users};
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::users::stored_role;
use crate::services::write::Write;
use crate::state::AppState;

/// What a user holds, and where it comes from.
pub struct Held {
    pub administrator: bool,
    pub own: PermissionSet,
    pub groups: Vec<permission_groups::Model>,
    pub effective: PermissionSet,
}

/// The rights `user` holds now.
pub async fn held(db: &impl sea_orm::ConnectionTrait, user: &users::Model) -> Result<Held, ApiError> {
    let role = stored_role(user)?;
    let own = db::rights::own_grants(db, user.id).await?;
    let groups = db::rights::groups_of(db, user.id).await?;
    let ids: Vec<Uuid> = groups.iter().map(|g| g.id).collect();
    let sets = db::rights::group_sets(db, &ids).await?;
    let with_role = own.union(&baseline(role));
    let effective = effective(sets.values(), &with_role);
    Ok(Held { administrator: role.is_organisation_admin(), own, groups, effective })
}

/// The rights the caller holds itself: none for an API key.
pub async fn of_caller(state: &AppState, principal: &Principal) -> Result<PermissionSet, ApiError> {
    let Some(user_id) = principal.actor.user_id() else {
        return Ok(PermissionSet::new());
    };
    let user = db::users::find(&state.db, &principal.visibility(), user_id).await?.ok_or(ApiError::NotFound)?;
    Ok(held(&state.db, &user).await?.effective)
}

pub(crate) fn grants(set: &PermissionSet) -> Vec<Grant> {
    set.iter().map(|(capability, access)| Grant { capability, access }).collect()
}

/// A request's list of grants as a set; the same capability twice is a field error.
pub(crate) fn to_set(items: &[Grant], field: &str) -> Result<PermissionSet, ApiError> {
    let mut set = PermissionSet::new();
    for (index, grant) in items.iter().enumerate() {
        if set.access(grant.capability).is_some() {
            return Err(ApiError::field(
                &format!("{field}[{index}].capability"),
                "duplicate",
                format!("{} is listed twice", grant.capability.key()),
            ));
        }
        set.grant(grant.capability, grant.access);
    }
    Ok(set)
}

pub(crate) fn audience_of(group: &permission_groups::Model) -> Result<GroupAudience, ApiError> {
    Ok(db::stored(GroupAudience::parse(&group.audience), "permission_groups.audience", &group.audience)?)
}

fn rights_dto(user_id: Uuid, held: &Held) -> Result<UserRights, ApiError> {
    let groups = held
        .groups
        .iter()
        .map(|g| Ok(GroupRef { id: g.id, name: g.name.clone(), audience: audience_of(g)? }))
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(UserRights {
        user_id,
        administrator: held.administrator,
        own: grants(&held.own),
        groups,
        effective: grants(&held.effective),
    })
}

/// A visible user once `action` on its rights is allowed, with the rights the caller
/// holds itself (loaded only to grant).
async fn user_for(
    state: &AppState,
    principal: &Principal,
    action: RightsAction,
    user_id: Uuid,
) -> Result<(users::Model, PermissionSet), ApiError> {
    let user = db::users::find(&state.db, &principal.visibility(), user_id).await?.ok_or(ApiError::NotFound)?;
    let organisation = crate::services::access::organisation(state, principal, user.organisation_id).await?;
    let actor_rights = match action {
        RightsAction::Read => PermissionSet::new(),
        RightsAction::Grant => of_caller(state, principal).await?,
    };
    let facts = RightsFacts { organisation: db::organisations::facts(&organisation)?, actor_rights };
    principal.authorize(action, &facts)?;
    Ok((user, facts.actor_rights))
}

pub async fn user_rights(state: &AppState, principal: &Principal, user_id: Uuid) -> Result<UserRights, ApiError> {
    let (user, _) = user_for(state, principal, RightsAction::Read, user_id).await?;
    rights_dto(user.id, &held(&state.db, &user).await?)
}

/// The signed-in user's own rights (the app shows and hides by them).
pub async fn my_rights(state: &AppState, principal: &Principal) -> Result<UserRights, ApiError> {
    let user_id = principal.require_user()?;
    let user = db::users::find(&state.db, &principal.visibility(), user_id).await?.ok_or(ApiError::NotFound)?;
    rights_dto(user.id, &held(&state.db, &user).await?)
}

/// A set as the audit log keeps it: `capability:access` per right.
pub(crate) fn grant_keys(set: &PermissionSet) -> Vec<String> {
    set.iter().map(|(c, a)| format!("{}:{}", c.key(), a.as_str())).collect()
}

pub(crate) fn audited(set: &PermissionSet) -> Snapshot {
    Snapshot::new().field("grants", grant_keys(set))
}

/// Replaces a user's own grants. The granter changes only what it holds itself, and
/// never its own.
pub async fn replace_grants(
    state: &AppState,
    principal: &Principal,
    user_id: Uuid,
    request: ReplaceGrants,
) -> Result<UserRights, ApiError> {
    let (user, granter) = user_for(state, principal, RightsAction::Grant, user_id).await?;
    let after = to_set(&request.grants, "grants")?;
    let mut write = Write::begin(state, principal.into()).await?;
    let before = db::rights::own_grants(write.db(), user.id).await?;
    let own = principal.actor.user_id() == Some(user.id);
    check_change(&granter, own, &before, &after).map_err(|refused| ApiError::forbidden(refused.to_string()))?;
    let change = Change::updated(
        EntityType::UserRights,
        user.id,
        Some(user.organisation_id),
        &audited(&before),
        &audited(&after),
    )
    .in_history_of(EntityType::User, user.id);
    if !change.is_empty() {
        db::rights::replace_own_grants(write.db(), user.id, &after).await?;
        write.record(change).await?;
        write.commit().await?;
    }
    rights_dto(user.id, &held(&state.db, &user).await?)
}
