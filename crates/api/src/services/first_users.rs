//! First users of clients, in bulk (seed 002): the firm picks clients that have nobody
//! yet (typically just imported) and gives each a superuser, proposed from the contact
//! of its client record, invited by e-mail and placed in the client's group. The
//! superuser then invites its colleagues and grants them rights within its own.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use loket_api_types::first_users::{
    CreateFirstUsers, FirstUser, FirstUserCandidate, FirstUserCandidatesQuery, FirstUsersCreated,
};
use loket_api_types::organisations::OrganisationSort;
use loket_api_types::pagination::Page;
use loket_api_types::rights::GroupRef;
use loket_domain::approvals::rights::GroupAudience;
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::policy::grants::{Holding, UserGrant, check_user_grant};
use loket_domain::policy::{ClientSetupAction, Decision, Policy};
use loket_domain::webhooks::WebhookEvent;
use loket_domain::{EmailAddress, OrganisationKind, PersonName, PhoneNumber, Role};
use uuid::Uuid;

use crate::auth::Principal;
use crate::db;
use crate::db::entities::{client_records, organisations, permission_groups};
use crate::db::organisations::OrganisationFilter;
use crate::db::pagination::PageRequest;
use crate::db::users::NewUser;
use crate::error::{ApiError, Problems};
use crate::services::audit::Change;
use crate::services::rights::audience_of;
use crate::services::users::{audited, to_dto};
use crate::services::write::Write;
use crate::services::{account_links, notifications};
use crate::state::AppState;

fn refuse_unless_listing(principal: &Principal) -> Result<(), ApiError> {
    if ClientSetupAction::sets_up_clients(&principal.actor) {
        Ok(())
    } else {
        Err(ApiError::forbidden(ClientSetupAction::CreateFirstUser.refusal()))
    }
}

/// The caller's visible clients that nobody belongs to yet, by name, with the contact
/// of the firm's record of each as the proposal.
pub async fn candidates(
    state: &AppState,
    principal: &Principal,
    query: FirstUserCandidatesQuery,
) -> Result<Page<FirstUserCandidate>, ApiError> {
    refuse_unless_listing(principal)?;
    let page = PageRequest::new(None::<OrganisationSort>, query.cursor.as_deref(), query.limit)?;
    let filter = OrganisationFilter {
        kind: Some(OrganisationKind::Client),
        managing_partner_id: query.managing_partner_id,
        search: query.q,
        without_users: true,
    };
    let (clients, next_cursor) = db::organisations::list(&state.db, &principal.visibility(), &filter, &page).await?;
    let ids: Vec<Uuid> = clients.iter().map(|c| c.id).collect();
    let records = db::client_imports::records_of(&state.db, &ids).await?;
    let group_ids: Vec<Uuid> = records.values().filter_map(|r| r.group_id).collect();
    let groups = db::rights::groups_by_ids(&state.db, &group_ids).await?;
    let items = clients
        .into_iter()
        .map(|client| {
            let record = records.get(&client.id);
            let group = match record.and_then(|r| r.group_id).and_then(|id| groups.get(&id)) {
                Some(group) => Some(GroupRef { id: group.id, name: group.name.clone(), audience: audience_of(group)? }),
                None => None,
            };
            Ok(FirstUserCandidate {
                organisation_id: client.id,
                organisation_name: client.name,
                managing_partner_id: client.managing_partner_id,
                branch_id: client.branch_id,
                external_id: record.map(|r| r.external_id.clone()),
                contact_name: record.and_then(|r| r.contact_name.clone()),
                email: record.and_then(|r| r.email.clone()),
                phone: record.and_then(|r| r.phone.clone()),
                group,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Page { items, next_cursor })
}

/// One first user, checked and ready to write.
struct Planned {
    index: usize,
    client: organisations::Model,
    user: NewUser,
    group: Option<permission_groups::Model>,
}

/// Creates the first user of every client named, all or nothing: every fault of every
/// item is reported at once (422, fields `users[i].…`).
pub async fn create(
    state: &AppState,
    principal: &Principal,
    request: CreateFirstUsers,
) -> Result<FirstUsersCreated, ApiError> {
    refuse_unless_listing(principal)?;
    let ids: Vec<Uuid> = request.users.iter().map(|u| u.organisation_id).collect();
    let mut write = Write::begin(state, principal.into()).await?;
    let clients = db::organisations::by_ids(write.db(), &ids).await?;
    let records = db::client_imports::records_of(write.db(), &ids).await?;
    let peopled = db::users::organisations_with_users(write.db(), &ids).await?;
    let mut problems = Problems::default();
    let chosen_group = match request.group_id {
        Some(id) => {
            db::rights::group(write.db(), id).await?.filter(|g| audience_of(g).ok() == Some(GroupAudience::Clients))
        }
        None => None,
    };
    if request.group_id.is_some() && chosen_group.is_none() {
        problems.add("group_id", "invalid", "choose one of the firm's client groups");
    }
    let record_groups =
        db::rights::groups_by_ids(write.db(), &records.values().filter_map(|r| r.group_id).collect::<Vec<_>>()).await?;

    let mut planned = Vec::with_capacity(request.users.len());
    let mut seen_clients = HashSet::new();
    let mut seen_emails = HashMap::new();
    for (index, item) in request.users.iter().enumerate() {
        let at = |field: &str| format!("users[{index}].{field}");
        let Some(client) = clients.get(&item.organisation_id) else {
            problems.add(at("organisation_id"), "not_found", "no such client");
            continue;
        };
        let facts = db::organisations::facts(client)?;
        match principal.actor.decide(ClientSetupAction::CreateFirstUser, &facts) {
            Decision::Allow => {}
            Decision::Hidden => {
                problems.add(at("organisation_id"), "not_found", "no such client");
                continue;
            }
            Decision::Forbidden => return Err(ApiError::forbidden(ClientSetupAction::CreateFirstUser.refusal())),
        }
        if !seen_clients.insert(client.id) {
            problems.add(at("organisation_id"), "repeated", "this client is named twice");
            continue;
        }
        if peopled.contains(&client.id) {
            problems.add(
                at("organisation_id"),
                "has_users",
                "this client has users already; its superuser invites its colleagues",
            );
            continue;
        }
        let record = records.get(&client.id);
        let group = match &chosen_group {
            Some(group) if Some(group.organisation_id) != client.managing_partner_id => {
                problems.add("group_id", "invalid", "the group must belong to each client's firm");
                None
            }
            Some(group) => Some(group.clone()),
            None => record.and_then(|r| r.group_id).and_then(|id| record_groups.get(&id)).cloned(),
        };
        let Some(user) = new_user(index, item, client, record, &mut problems) else { continue };
        if let Some(first) = seen_emails.insert(user.email.clone(), index) {
            problems.add(at("email"), "repeated", format!("the same address as users[{first}]"));
            continue;
        }
        planned.push(Planned { index, client: client.clone(), user, group });
    }
    let emails: Vec<String> = planned.iter().map(|p| p.user.email.clone()).collect();
    let taken = db::users::emails_taken(write.db(), &emails).await?;
    for plan in planned.iter().filter(|p| taken.contains(&p.user.email)) {
        problems.add(format!("users[{}].email", plan.index), "taken", "this e-mail address is already in use");
    }
    problems.check()?;

    let grant = UserGrant {
        target_user_id: None,
        current: None,
        proposed: Holding { role: Role::ClientSuperuser, branch_ids: &[] },
        deactivates: false,
    };
    check_user_grant(&principal.actor, &grant).map_err(|e| ApiError::forbidden(e.to_string()))?;

    let now = Utc::now();
    let mut changes = Vec::with_capacity(planned.len() * 2);
    let mut created = Vec::with_capacity(planned.len());
    for plan in planned {
        let user = db::users::insert(write.db(), plan.user, now).await?;
        account_links::queue_invitation(state, write.db(), &user).await?;
        changes.push(Change::created(EntityType::User, user.id, Some(plan.client.id), &audited(&user, &[])));
        if let Some(group) = &plan.group {
            db::rights::add_member(write.db(), group.id, user.id, now).await?;
            let snapshot = Snapshot::new().field("group", &group.name).field("user", &user.email);
            changes.push(
                Change::created(EntityType::GroupMember, user.id, Some(plan.client.id), &snapshot)
                    .in_history_of(EntityType::PermissionGroup, group.id),
            );
        }
        let dto = to_dto(&user, Vec::new())?;
        let data = serde_json::json!({ "user": dto });
        notifications::emit(state, write.db(), WebhookEvent::UserInvited, &plan.client, data).await?;
        created.push(dto);
    }
    write.record_many(changes).await?;
    write.commit().await?;
    tracing::info!(count = created.len(), "first users created");
    Ok(FirstUsersCreated { users: created })
}

/// The user an item asks for, its blanks filled from the firm's record of the client.
fn new_user(
    index: usize,
    item: &FirstUser,
    client: &organisations::Model,
    record: Option<&client_records::Model>,
    problems: &mut Problems,
) -> Option<NewUser> {
    let at = |field: &str| format!("users[{index}].{field}");
    let email = item.email.clone().or_else(|| record.and_then(|r| r.email.clone()));
    let name = item.name.clone().or_else(|| record.and_then(|r| r.contact_name.clone()));
    let phone = item.phone.clone().or_else(|| record.and_then(|r| r.phone.clone()));
    let email = match email.as_deref().map(EmailAddress::parse) {
        Some(Ok(email)) => Some(email.into_inner()),
        Some(Err(e)) => {
            problems.add(at("email"), "email", e.to_string());
            None
        }
        None => {
            problems.add(
                at("email"),
                "required",
                format!("{} has no e-mail address on record: enter one", client.name),
            );
            None
        }
    };
    let name = match name.as_deref().map(PersonName::parse) {
        Some(Ok(name)) => Some(name.into_inner()),
        Some(Err(e)) => {
            problems.add(at("name"), "name", e.to_string());
            None
        }
        None => {
            problems.add(
                at("name"),
                "required",
                format!("{} has no contact person on record: enter a name", client.name),
            );
            None
        }
    };
    let phone = match phone.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(PhoneNumber::parse) {
        Some(Ok(phone)) => Some(phone.into_inner()),
        Some(Err(e)) => {
            problems.add(at("phone"), "phone", e.to_string());
            return None;
        }
        None => None,
    };
    Some(NewUser {
        organisation_id: client.id,
        email: email?,
        name: name?,
        phone,
        language: item.language.unwrap_or_default(),
        role: Role::ClientSuperuser,
        is_contact_person: true,
        is_technical_contact: false,
        password_hash: None,
    })
}
