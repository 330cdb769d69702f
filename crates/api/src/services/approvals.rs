//! Approval duties (seed 002): per client and document type, who must approve (named by
//! the managing firm) and who may (the client users whose rights include approving the
//! type). The rule that must overrides may is the domain's [`Duties`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use loket_api_types::approvals::{ApprovalDuties, PersonRef, SetMustApprovers, TypeDuties};
use loket_domain::approvals::DocumentType;
use loket_domain::approvals::duties::{Duties, Duty};
use loket_domain::approvals::permissions::{Access, Capability, PermissionSet};
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::policy::ApprovalDutiesAction;
use uuid::Uuid;

use crate::auth::Principal;
use crate::db;
use crate::db::entities::users;
use crate::error::ApiError;
use crate::services::access;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

/// A client's people with their rights, and its must-approvers per type.
struct Client {
    people: Vec<(users::Model, PermissionSet)>,
    must: BTreeMap<DocumentType, BTreeSet<Uuid>>,
}

async fn load(db: &impl sea_orm::ConnectionTrait, client_id: Uuid) -> Result<Client, ApiError> {
    let mut people = Vec::new();
    for user in db::approvals::client_people(db, client_id).await? {
        let rights = crate::services::rights::held(db, &user).await?.effective;
        people.push((user, rights));
    }
    let mut must: BTreeMap<DocumentType, BTreeSet<Uuid>> = BTreeMap::new();
    for row in db::approvals::must_rows(db, client_id).await? {
        let kind =
            db::stored(DocumentType::parse(&row.document_type), "approval_duties.document_type", &row.document_type)?;
        must.entry(kind).or_default().insert(row.user_id);
    }
    Ok(Client { people, must })
}

pub(crate) fn person(user: &users::Model) -> PersonRef {
    PersonRef { user_id: user.id, name: user.name.clone(), email: user.email.clone() }
}

/// Each of the client's people with a duty for `kind`: named ones must, those whose
/// rights include approving it may.
fn duties_of(client: &Client, kind: DocumentType) -> Vec<(&users::Model, Duty)> {
    let named = client.must.get(&kind);
    let capability = Capability::Approvals(kind);
    client
        .people
        .iter()
        .filter_map(|(user, rights)| {
            if named.is_some_and(|n| n.contains(&user.id)) {
                Some((user, Duty::Must))
            } else if rights.allows(capability, Access::Write) {
                Some((user, Duty::May))
            } else {
                None
            }
        })
        .collect()
}

fn type_duties(client: &Client, kind: DocumentType) -> TypeDuties {
    let duties = duties_of(client, kind);
    let approvers = Duties::new(duties.iter().map(|(u, d)| (u.id, *d))).approvers();
    let pick = |wanted: Duty| duties.iter().filter(|(_, d)| *d == wanted).map(|(u, _)| person(u)).collect();
    TypeDuties {
        document_type: kind,
        must: pick(Duty::Must),
        may: pick(Duty::May),
        approvers: duties.iter().filter(|(u, _)| approvers.contains(&u.id)).map(|(u, _)| person(u)).collect(),
    }
}

/// Who approves a new document of `kind` for the client, with their duty: the
/// must-approvers if any are named, otherwise everyone who may.
pub(crate) async fn approvers_for(
    db: &impl sea_orm::ConnectionTrait,
    client_id: Uuid,
    kind: DocumentType,
) -> Result<Vec<(users::Model, Duty)>, ApiError> {
    let client = load(db, client_id).await?;
    let duties = duties_of(&client, kind);
    let approvers = Duties::new(duties.iter().map(|(u, d)| (u.id, *d))).approvers();
    Ok(duties.into_iter().filter(|(u, _)| approvers.contains(&u.id)).map(|(u, d)| (u.clone(), d)).collect())
}

fn dto(client_id: Uuid, client: &Client) -> ApprovalDuties {
    ApprovalDuties { client_id, types: DocumentType::ALL.iter().map(|kind| type_duties(client, *kind)).collect() }
}

pub async fn duties(state: &AppState, principal: &Principal, client_id: Uuid) -> Result<ApprovalDuties, ApiError> {
    access::organisation_for(state, principal, ApprovalDutiesAction::Read, client_id).await?;
    Ok(dto(client_id, &load(&state.db, client_id).await?))
}

pub(crate) fn audited(kind: DocumentType, emails: &[String]) -> Snapshot {
    Snapshot::new().field("document_type", kind.as_str()).field("must_approve", emails)
}

/// Names the client users who must approve `kind`; an empty list leaves it to the
/// may-approvers.
pub async fn set_must(
    state: &AppState,
    principal: &Principal,
    client_id: Uuid,
    kind: DocumentType,
    request: SetMustApprovers,
) -> Result<ApprovalDuties, ApiError> {
    access::organisation_for(state, principal, ApprovalDutiesAction::Set, client_id).await?;
    let mut write = Write::begin(state, principal.into()).await?;
    let client = load(write.db(), client_id).await?;
    let mut chosen: Vec<Uuid> = Vec::with_capacity(request.user_ids.len());
    for (index, id) in request.user_ids.iter().enumerate() {
        let field = format!("user_ids[{index}]");
        if chosen.contains(id) {
            return Err(ApiError::field(&field, "duplicate", "this user is listed twice"));
        }
        if !client.people.iter().any(|(u, _)| u.id == *id) {
            return Err(ApiError::field(&field, "not_a_client_user", "not a user of this client who can sign in"));
        }
        chosen.push(*id);
    }
    let emails = |ids: &mut dyn Iterator<Item = Uuid>| -> Vec<String> {
        let set: BTreeSet<Uuid> = ids.collect();
        client.people.iter().filter(|(u, _)| set.contains(&u.id)).map(|(u, _)| u.email.clone()).collect()
    };
    let before = emails(&mut client.must.get(&kind).cloned().unwrap_or_default().into_iter());
    let after = emails(&mut chosen.iter().copied());
    let change = Change::updated(
        EntityType::ApprovalDuties,
        client_id,
        Some(client_id),
        &audited(kind, &before),
        &audited(kind, &after),
    )
    .in_history_of(EntityType::Organisation, client_id);
    if change.is_empty() {
        return Ok(dto(client_id, &client));
    }
    db::approvals::replace_must(write.db(), client_id, kind, &chosen, Utc::now()).await?;
    write.record(change).await?;
    write.commit().await?;
    Ok(dto(client_id, &load(&state.db, client_id).await?))
}
