//! Documents for approval (seed 002, "Accorderen"): the firm uploads a PDF for a client
//! ([`upload`]), the approvers fixed from the client's duties decide with their PIN
//! ([`decide`]), and everyone involved hears about it through the outbox ([`mail`]).
//! Reading a document is find → decide like every resource: within the caller's
//! visibility, then the document policy with whether the caller approves it and whether
//! its rights cover the type.

pub mod decide;
pub mod mail;
pub mod remind;
pub mod upload;

use std::collections::{HashMap, HashSet};

use actix_web::web::Bytes;
use loket_api_types::documents::{ApprovalDocument, DocumentApprover, DocumentDecision};
use loket_domain::OrganisationKind;
use loket_domain::approvals::DocumentType;
use loket_domain::approvals::duties::{ApprovalStatus, ConfirmedWith, Duties, Duty, Verdict};
use loket_domain::approvals::permissions::{Access, Capability};
use loket_domain::policy::{ClientDocumentsAction, DocumentAction, DocumentFacts};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::auth::Principal;
use crate::db;
use crate::db::entities::{approval_documents, document_approvers, document_decisions, users};
use crate::error::ApiError;
use crate::services::approvals::person;
use crate::services::uploads::store_error;
use crate::services::{access, rights};
use crate::state::AppState;

/// The document types a client's person reads, by its rights; `None` for anyone else
/// (staff see every type of the clients they see).
async fn readable_types(state: &AppState, principal: &Principal) -> Result<Option<Vec<DocumentType>>, ApiError> {
    if principal.actor.organisation_kind != OrganisationKind::Client || principal.actor.user_id().is_none() {
        return Ok(None);
    }
    let held = rights::of_caller(state, principal).await?;
    Ok(Some(
        DocumentType::ALL
            .iter()
            .copied()
            .filter(|kind| held.allows(Capability::Approvals(*kind), Access::Read))
            .collect(),
    ))
}

pub(crate) fn kind_of(document: &approval_documents::Model) -> Result<DocumentType, ApiError> {
    Ok(db::stored(
        DocumentType::parse(&document.document_type),
        "approval_documents.document_type",
        &document.document_type,
    )?)
}

pub(crate) fn status_of(document: &approval_documents::Model) -> Result<ApprovalStatus, ApiError> {
    Ok(db::stored(ApprovalStatus::parse(&document.status), "approval_documents.status", &document.status)?)
}

pub(crate) fn duties_of(approvers: &[document_approvers::Model]) -> Result<Duties, ApiError> {
    let mut duties = Vec::with_capacity(approvers.len());
    for row in approvers {
        duties.push((row.user_id, db::stored(Duty::parse(&row.duty), "document_approvers.duty", &row.duty)?));
    }
    Ok(Duties::new(duties))
}

/// Who approved, from a document's decisions.
pub(crate) fn approved_by<'a>(decisions: impl IntoIterator<Item = &'a document_decisions::Model>) -> Vec<Uuid> {
    decisions.into_iter().filter(|d| d.verdict == Verdict::Approved.as_str()).map(|d| d.user_id).collect()
}

/// The document `id` with its approvers, once `action` on it is allowed.
pub(crate) async fn document_for(
    state: &AppState,
    principal: &Principal,
    action: DocumentAction,
    id: Uuid,
) -> Result<(approval_documents::Model, Vec<document_approvers::Model>), ApiError> {
    let visibility = principal.visibility();
    let document = db::documents::find(&state.db, &visibility, id).await?.ok_or(ApiError::NotFound)?;
    let client =
        db::organisations::find(&state.db, &visibility, document.client_id).await?.ok_or(ApiError::NotFound)?;
    let approvers = db::documents::approvers(&state.db, &[document.id]).await?;
    let caller = principal.actor.user_id();
    let reads = match readable_types(state, principal).await? {
        Some(types) => types.contains(&kind_of(&document)?),
        None => false,
    };
    let facts = DocumentFacts {
        client: db::organisations::facts(&client)?,
        approver: approvers.iter().any(|a| Some(a.user_id) == caller),
        reads,
    };
    principal.authorize(action, &facts)?;
    Ok((document, approvers))
}

/// The documents as the API shows them to `caller`, with their approvers and decisions.
pub(crate) async fn dtos(
    db: &impl ConnectionTrait,
    documents: &[approval_documents::Model],
    caller: Option<Uuid>,
) -> Result<Vec<ApprovalDocument>, ApiError> {
    let ids: Vec<Uuid> = documents.iter().map(|d| d.id).collect();
    let approvers = db::documents::approvers(db, &ids).await?;
    let decisions = db::documents::decisions(db, &ids).await?;
    let mut people: HashSet<Uuid> = approvers.iter().map(|a| a.user_id).collect();
    people.extend(decisions.iter().map(|d| d.user_id));
    people.extend(documents.iter().filter_map(|d| d.uploaded_by_id));
    let people: Vec<Uuid> = people.into_iter().collect();
    let users = db::users::by_ids(db, &people).await?;
    let clients: Vec<Uuid> = documents.iter().map(|d| d.client_id).collect();
    let names = db::organisations::names(db, &clients).await?;
    let mut out = Vec::with_capacity(documents.len());
    for document in documents {
        let mine: Vec<document_approvers::Model> =
            approvers.iter().filter(|a| a.document_id == document.id).cloned().collect();
        let decided: Vec<&document_decisions::Model> =
            decisions.iter().filter(|d| d.document_id == document.id).collect();
        out.push(dto(document, &mine, &decided, &users, &names, caller)?);
    }
    Ok(out)
}

fn dto(
    document: &approval_documents::Model,
    approvers: &[document_approvers::Model],
    decisions: &[&document_decisions::Model],
    users: &HashMap<Uuid, users::Model>,
    names: &HashMap<Uuid, String>,
    caller: Option<Uuid>,
) -> Result<ApprovalDocument, ApiError> {
    let status = status_of(document)?;
    let duties = duties_of(approvers)?;
    let verdict_of = |user: Uuid| -> Result<Option<Verdict>, ApiError> {
        match decisions.iter().find(|d| d.user_id == user) {
            Some(d) => Ok(Some(db::stored(Verdict::parse(&d.verdict), "document_decisions.verdict", &d.verdict)?)),
            None => Ok(None),
        }
    };
    let approved_by = approved_by(decisions.iter().copied());
    let known = |id: Uuid| users.get(&id).map(person);
    let mut approver_dtos = Vec::with_capacity(approvers.len());
    for row in approvers {
        let Some(who) = known(row.user_id) else { continue };
        approver_dtos.push(DocumentApprover {
            person: who,
            duty: db::stored(Duty::parse(&row.duty), "document_approvers.duty", &row.duty)?,
            verdict: verdict_of(row.user_id)?,
        });
    }
    approver_dtos.sort_by(|a, b| a.person.name.cmp(&b.person.name));
    let waiting_for: Vec<Uuid> =
        if status == ApprovalStatus::Awaiting { duties.waiting_for(&approved_by) } else { Vec::new() };
    let mut decision_dtos = Vec::with_capacity(decisions.len());
    for d in decisions {
        let Some(who) = known(d.user_id) else { continue };
        decision_dtos.push(DocumentDecision {
            person: who,
            verdict: db::stored(Verdict::parse(&d.verdict), "document_decisions.verdict", &d.verdict)?,
            confirmed_with: db::stored(
                ConfirmedWith::parse(&d.confirmed_with),
                "document_decisions.confirmed_with",
                &d.confirmed_with,
            )?,
            sha256: d.sha256.clone(),
            reason: d.reason.clone(),
            ip_address: d.ip_address.clone(),
            decided_at: d.decided_at.to_utc(),
        });
    }
    Ok(ApprovalDocument {
        id: document.id,
        client_id: document.client_id,
        client_name: names.get(&document.client_id).cloned().unwrap_or_default(),
        document_type: kind_of(document)?,
        title: document.title.clone(),
        period: document.period.clone(),
        due_on: document.due_on,
        status,
        file_name: document.file_name.clone(),
        size_bytes: document.size_bytes,
        sha256: document.sha256.clone(),
        uploaded_by: document.uploaded_by_id.and_then(known),
        created_at: document.created_at.to_utc(),
        decided_at: document.decided_at.map(|t| t.to_utc()),
        approvers: approver_dtos,
        my_turn: caller.is_some_and(|c| waiting_for.contains(&c)),
        waiting_for: waiting_for.into_iter().filter_map(known).collect(),
        decisions: decision_dtos,
    })
}

/// A client's documents the caller sees, the newest first.
pub async fn list(state: &AppState, principal: &Principal, client_id: Uuid) -> Result<Vec<ApprovalDocument>, ApiError> {
    access::organisation_for(state, principal, ClientDocumentsAction::List, client_id).await?;
    let types = readable_types(state, principal).await?;
    let narrowed = match (&types, principal.actor.user_id()) {
        (Some(types), Some(user_id)) => Some((types.as_slice(), user_id)),
        _ => None,
    };
    let rows = db::documents::for_client(&state.db, &principal.visibility(), client_id, narrowed).await?;
    dtos(&state.db, &rows, principal.actor.user_id()).await
}

pub async fn get(state: &AppState, principal: &Principal, id: Uuid) -> Result<ApprovalDocument, ApiError> {
    let (document, _) = document_for(state, principal, DocumentAction::Read, id).await?;
    let mut found = dtos(&state.db, &[document], principal.actor.user_id()).await?;
    found.pop().ok_or(ApiError::NotFound)
}

/// Everything awaiting the caller's decision, across every client it approves for.
pub async fn awaiting(state: &AppState, principal: &Principal) -> Result<Vec<ApprovalDocument>, ApiError> {
    let user_id = principal.require_user()?;
    let rows = db::documents::awaiting(&state.db, user_id).await?;
    dtos(&state.db, &rows, Some(user_id)).await
}

/// A document's bytes to send.
pub struct Download {
    pub document: approval_documents::Model,
    pub body: futures_util::stream::BoxStream<'static, std::io::Result<Bytes>>,
}

pub async fn download(state: &AppState, principal: &Principal, id: Uuid) -> Result<Download, ApiError> {
    let (document, _) = document_for(state, principal, DocumentAction::Read, id).await?;
    let body = state.files.read(&document.storage_key).await.map_err(store_error)?;
    Ok(Download { document, body })
}
