//! Permission groups (seed 002, "Cliënt- & kantoorgroepen"): a partner (or the vendor)
//! keeps groups for its clients' users and for its own staff; a member holds the group's
//! rights on top of its own.

use chrono::Utc;
use loket_api_types::me::OrganisationRef;
use loket_api_types::rights::{
    AddGroupMember, CreatePermissionGroup, GroupMember, GroupMemberList, PermissionGroup, PermissionGroupList,
    UpdatePermissionGroup,
};
use loket_domain::OrganisationKind;
use loket_domain::approvals::permissions::PermissionSet;
use loket_domain::approvals::rights::GroupAudience;
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::policy::PermissionGroupAction;
use sea_orm::Set;
use uuid::Uuid;

use super::{audience_of, grant_keys, grants, to_set};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::{organisations, permission_groups, users};
use crate::db::rights::NewGroup;
use crate::error::ApiError;
use crate::extract::Versioned;
use crate::services::access;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

impl Versioned for PermissionGroup {
    fn version(&self) -> i64 {
        self.version
    }
}

fn dto(model: permission_groups::Model, set: &PermissionSet, member_count: u64) -> Result<PermissionGroup, ApiError> {
    Ok(PermissionGroup {
        id: model.id,
        organisation_id: model.organisation_id,
        audience: audience_of(&model)?,
        name: model.name,
        description: model.description,
        requires_second_factor: model.requires_second_factor,
        permissions: grants(set),
        member_count,
        version: model.version,
    })
}

pub(crate) fn audited(model: &permission_groups::Model, set: &PermissionSet) -> Snapshot {
    Snapshot::new()
        .field("audience", &model.audience)
        .field("name", &model.name)
        .field("description", &model.description)
        .field("requires_second_factor", model.requires_second_factor)
        .field("permissions", grant_keys(set))
}

fn group_name(raw: &str) -> Result<String, ApiError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ApiError::field("name", "required", "give the group a name"));
    }
    Ok(name.to_owned())
}

/// The group `id` with its owner, once `action` on it is allowed.
async fn group_for(
    state: &AppState,
    principal: &Principal,
    action: PermissionGroupAction,
    id: Uuid,
) -> Result<(permission_groups::Model, organisations::Model), ApiError> {
    let group = db::rights::group(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let owner = access::organisation_for(state, principal, action, group.organisation_id).await?;
    Ok((group, owner))
}

/// Groups as the API shows them, with their rights and member counts (two queries for all).
async fn dtos(
    db: &impl sea_orm::ConnectionTrait,
    models: Vec<permission_groups::Model>,
) -> Result<Vec<PermissionGroup>, ApiError> {
    let ids: Vec<Uuid> = models.iter().map(|g| g.id).collect();
    let sets = db::rights::group_sets(db, &ids).await?;
    let counts = db::rights::member_counts(db, &ids).await?;
    models
        .into_iter()
        .map(|model| {
            let set = sets.get(&model.id).cloned().unwrap_or_default();
            let count = counts.get(&model.id).copied().unwrap_or(0);
            dto(model, &set, count)
        })
        .collect()
}

async fn one(db: &impl sea_orm::ConnectionTrait, model: permission_groups::Model) -> Result<PermissionGroup, ApiError> {
    dtos(db, vec![model]).await?.pop().ok_or_else(|| ApiError::internal(anyhow::anyhow!("a group went missing")))
}

/// Clients keep no groups and have no part in them: listing or creating is a refusal,
/// whichever organisation they name.
fn refuse_clients(principal: &Principal, action: PermissionGroupAction) -> Result<(), ApiError> {
    if principal.actor.organisation_kind == OrganisationKind::Client {
        return Err(ApiError::forbidden(loket_domain::policy::Policy::refusal(action)));
    }
    Ok(())
}

/// The groups of the partners (and the vendor) the caller sees, by name; optionally of
/// one organisation.
pub async fn list(
    state: &AppState,
    principal: &Principal,
    organisation_id: Option<Uuid>,
) -> Result<PermissionGroupList, ApiError> {
    refuse_clients(principal, PermissionGroupAction::Read)?;
    let owner = organisation_id.unwrap_or(principal.actor.organisation_id);
    let organisation = access::organisation(state, principal, owner).await?;
    principal.authorize(PermissionGroupAction::Read, &db::organisations::facts(&organisation)?)?;
    let models = db::rights::groups(&state.db, &principal.visibility(), organisation_id).await?;
    Ok(PermissionGroupList { items: dtos(&state.db, models).await? })
}

pub async fn get(state: &AppState, principal: &Principal, id: Uuid) -> Result<PermissionGroup, ApiError> {
    let (group, _) = group_for(state, principal, PermissionGroupAction::Read, id).await?;
    one(&state.db, group).await
}

pub async fn create(
    state: &AppState,
    principal: &Principal,
    request: CreatePermissionGroup,
) -> Result<PermissionGroup, ApiError> {
    refuse_clients(principal, PermissionGroupAction::Manage)?;
    let owner_id = request.organisation_id.unwrap_or(principal.actor.organisation_id);
    let owner = access::organisation(state, principal, owner_id).await?;
    if db::organisations::kind_of(&owner)? == OrganisationKind::Client {
        return Err(ApiError::field("organisation_id", "invalid", "groups are kept by a partner or the vendor"));
    }
    principal.authorize(PermissionGroupAction::Manage, &db::organisations::facts(&owner)?)?;
    let name = group_name(&request.name)?;
    let set = to_set(&request.permissions, "permissions")?;
    let mut write = Write::begin(state, principal.into()).await?;
    let new = NewGroup {
        organisation_id: owner.id,
        audience: request.audience.as_str(),
        name,
        description: request.description.trim().to_owned(),
        requires_second_factor: request.requires_second_factor,
    };
    let saved = db::rights::insert_group(write.db(), new, Utc::now()).await?;
    db::rights::replace_group_set(write.db(), saved.id, &set).await?;
    write
        .record(Change::created(EntityType::PermissionGroup, saved.id, Some(owner.id), &audited(&saved, &set)))
        .await?;
    write.commit().await?;
    dto(saved, &set, 0)
}

pub async fn update(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    expected_version: i64,
    request: UpdatePermissionGroup,
) -> Result<PermissionGroup, ApiError> {
    group_for(state, principal, PermissionGroupAction::Manage, id).await?;
    let name = request.name.as_deref().map(group_name).transpose()?;
    let new_set = request.permissions.as_deref().map(|p| to_set(p, "permissions")).transpose()?;
    let mut write = Write::begin(state, principal.into()).await?;
    let current = db::rights::group(write.db(), id).await?.ok_or(ApiError::NotFound)?;
    let current_set = db::rights::group_sets(write.db(), &[id]).await?.remove(&id).unwrap_or_default();
    if current.version != expected_version {
        let now = one(write.db(), current).await?;
        return Err(ApiError::Stale(Box::new(serde_json::to_value(now).map_err(ApiError::internal)?)));
    }
    let mut after = current.clone();
    let mut changes = permission_groups::ActiveModel::default();
    if let Some(name) = name {
        after.name = name.clone();
        changes.name = Set(name);
    }
    if let Some(description) = request.description {
        let description = description.trim().to_owned();
        after.description = description.clone();
        changes.description = Set(description);
    }
    if let Some(required) = request.requires_second_factor {
        after.requires_second_factor = required;
        changes.requires_second_factor = Set(required);
    }
    let after_set = new_set.unwrap_or_else(|| current_set.clone());
    let change = Change::updated(
        EntityType::PermissionGroup,
        id,
        Some(current.organisation_id),
        &audited(&current, &current_set),
        &audited(&after, &after_set),
    );
    if change.is_empty() {
        return one(&state.db, current).await;
    }
    // Bumps the version even when only the rights change, so a concurrent edit is caught.
    let saved = db::rights::save_group(write.db(), id, expected_version, changes, Utc::now())
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    if after_set != current_set {
        db::rights::replace_group_set(write.db(), id, &after_set).await?;
    }
    write.record(change).await?;
    write.commit().await?;
    one(&state.db, saved).await
}

/// Deletes a group; its members keep their own grants and their other groups.
pub async fn delete(state: &AppState, principal: &Principal, id: Uuid, expected_version: i64) -> Result<(), ApiError> {
    let (group, _) = group_for(state, principal, PermissionGroupAction::Manage, id).await?;
    let mut write = Write::begin(state, principal.into()).await?;
    let set = db::rights::group_sets(write.db(), &[id]).await?.remove(&id).unwrap_or_default();
    if !db::rights::delete_group(write.db(), id, expected_version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    write
        .record(Change::deleted(EntityType::PermissionGroup, id, Some(group.organisation_id), &audited(&group, &set)))
        .await?;
    write.commit().await
}

fn member_dto(user: users::Model, organisation: &organisations::Model) -> Result<GroupMember, ApiError> {
    Ok(GroupMember {
        user_id: user.id,
        name: user.name,
        email: user.email,
        organisation: OrganisationRef {
            id: organisation.id,
            name: organisation.name.clone(),
            kind: db::organisations::kind_of(organisation)?,
        },
    })
}

pub async fn members(state: &AppState, principal: &Principal, id: Uuid) -> Result<GroupMemberList, ApiError> {
    group_for(state, principal, PermissionGroupAction::Read, id).await?;
    let users = db::rights::members(&state.db, &principal.visibility(), id).await?;
    let mut organisation_ids: Vec<Uuid> = users.iter().map(|u| u.organisation_id).collect();
    organisation_ids.sort();
    organisation_ids.dedup();
    let organisations = db::organisations::by_ids(&state.db, &organisation_ids).await?;
    let mut items = Vec::with_capacity(users.len());
    for user in users {
        let organisation = organisations
            .get(&user.organisation_id)
            .ok_or_else(|| ApiError::internal(anyhow::anyhow!("a member's organisation is missing")))?;
        items.push(member_dto(user, organisation)?);
    }
    Ok(GroupMemberList { items })
}

/// Whether a user of `organisation` is in the group's audience: the owner's own staff,
/// or the users of the owner's clients (for the vendor: of any client).
fn fits(audience: GroupAudience, owner: &organisations::Model, organisation: &organisations::Model) -> bool {
    match audience {
        GroupAudience::Staff => organisation.id == owner.id,
        GroupAudience::Clients => {
            organisation.kind == OrganisationKind::Client.as_str()
                && (owner.kind == OrganisationKind::Vendor.as_str()
                    || organisation.managing_partner_id == Some(owner.id))
        }
    }
}

pub async fn add_member(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    request: AddGroupMember,
) -> Result<GroupMember, ApiError> {
    let (group, owner) = group_for(state, principal, PermissionGroupAction::Manage, id).await?;
    let user = db::users::find(&state.db, &principal.visibility(), request.user_id)
        .await?
        .ok_or_else(|| ApiError::field("user_id", "not_found", "no such user"))?;
    let organisation = access::organisation(state, principal, user.organisation_id).await?;
    let audience = audience_of(&group)?;
    if !fits(audience, &owner, &organisation) {
        let message = match audience {
            GroupAudience::Staff => "this group is for the organisation's own staff",
            GroupAudience::Clients => "this group is for the users of the organisation's clients",
        };
        return Err(ApiError::field("user_id", "outside_audience", message));
    }
    let mut write = Write::begin(state, principal.into()).await?;
    if db::rights::is_member(write.db(), id, user.id).await? {
        return member_dto(user, &organisation);
    }
    db::rights::add_member(write.db(), id, user.id, Utc::now()).await?;
    let snapshot = Snapshot::new().field("group", &group.name).field("user", &user.email);
    write
        .record(
            Change::created(EntityType::GroupMember, user.id, Some(user.organisation_id), &snapshot)
                .in_history_of(EntityType::PermissionGroup, id),
        )
        .await?;
    write.commit().await?;
    member_dto(user, &organisation)
}

pub async fn remove_member(state: &AppState, principal: &Principal, id: Uuid, user_id: Uuid) -> Result<(), ApiError> {
    let (group, _) = group_for(state, principal, PermissionGroupAction::Manage, id).await?;
    let user = db::users::find(&state.db, &principal.visibility(), user_id).await?.ok_or(ApiError::NotFound)?;
    let mut write = Write::begin(state, principal.into()).await?;
    if !db::rights::remove_member(write.db(), id, user.id).await? {
        return Err(ApiError::NotFound);
    }
    let snapshot = Snapshot::new().field("group", &group.name).field("user", &user.email);
    write
        .record(
            Change::deleted(EntityType::GroupMember, user.id, Some(user.organisation_id), &snapshot)
                .in_history_of(EntityType::PermissionGroup, id),
        )
        .await?;
    write.commit().await
}
