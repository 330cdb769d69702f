//! Deciding on a document: an approver approves (naming the SHA-256 of the bytes it saw)
//! or rejects (with a reason), confirmed with its PIN or a one-time SMS code. The decision records who, when,
//! how, from which address and which bytes; the domain's `decide` says whether the round
//! is complete. The document row is taken first inside the transaction, so approvers
//! deciding at once take turns and the last of several must-approvers closes the round.
//! A batch approves several documents under one confirmation: all of them or none.

use std::collections::HashMap;

use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_api_types::FieldError;
use loket_api_types::documents::{ApprovalDocument, ApproveBatch, DecideDocument};
use loket_domain::approvals::duties::{ApprovalRefused, ApprovalStatus, ConfirmedWith, Decision, Round, Verdict};
use loket_domain::approvals::secrets::CodePurpose;
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::policy::DocumentAction;
use uuid::Uuid;

use super::mail::{self, DocumentMail};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::{approval_documents, document_decisions, users};
use crate::error::{ApiError, capitalised};
use crate::services::audit::Change;
use crate::services::uploads::stored_digest;
use crate::services::write::Write;
use crate::services::{pins, sms_codes};
use crate::state::AppState;

fn refused(refusal: &ApprovalRefused) -> ApiError {
    let detail = refusal.to_string();
    match refusal {
        ApprovalRefused::NotAnApprover => ApiError::forbidden(format!("{}.", capitalised(&detail))),
        ApprovalRefused::Closed(_) => {
            ApiError::conflict(ErrorCode::InvalidTransition, format!("{}.", capitalised(&detail)))
        }
        ApprovalRefused::AlreadyApproved | ApprovalRefused::Changed => {
            ApiError::conflict(ErrorCode::Conflict, format!("{}; nothing was approved.", capitalised(&detail)))
        }
        ApprovalRefused::NoReason => ApiError::field("reason", "required", detail),
    }
}

/// Checks the caller's confirmation: its PIN or the approval code last sent to it,
/// exactly one of them.
async fn confirm(
    state: &AppState,
    principal: &Principal,
    user: &users::Model,
    pin: Option<&str>,
    sms_code: Option<&str>,
) -> Result<ConfirmedWith, ApiError> {
    match (pin, sms_code) {
        (Some(pin), None) => {
            pins::verify(state, principal, user, pin).await?;
            Ok(ConfirmedWith::Pin)
        }
        (None, Some(code)) => {
            sms_codes::verify(state, user, CodePurpose::Approval, code, "sms_code").await?;
            Ok(ConfirmedWith::SmsCode)
        }
        (Some(_), Some(_)) => {
            Err(ApiError::field("sms_code", "one_of", "confirm with your PIN or an SMS code, not both"))
        }
        (None, None) => Err(ApiError::field("pin", "required", "confirm with your PIN or an SMS code")),
    }
}

/// A decision as asked, checked for its own fields before the PIN is tried.
struct Asked {
    verdict: Verdict,
    sha256: String,
    reason: Option<String>,
}

fn asked(request: &DecideDocument) -> Result<Asked, ApiError> {
    match request.verdict {
        Verdict::Approved => {
            let Some(sha256) = request.sha256.as_deref().map(str::to_ascii_lowercase) else {
                return Err(ApiError::field("sha256", "required", "name the SHA-256 of the document you approve"));
            };
            if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(ApiError::field("sha256", "invalid", "the SHA-256 as 64 hexadecimal characters"));
            }
            Ok(Asked { verdict: Verdict::Approved, sha256, reason: None })
        }
        Verdict::Rejected => {
            let reason = request.reason.as_deref().map(str::trim).unwrap_or_default();
            if reason.is_empty() {
                return Err(refused(&ApprovalRefused::NoReason));
            }
            Ok(Asked { verdict: Verdict::Rejected, sha256: String::new(), reason: Some(reason.to_owned()) })
        }
    }
}

/// How a decision is backed: the confirmation checked, and the SHA-256 of the stored
/// bytes as read again (for an approval).
#[derive(Clone, Copy)]
struct Proof<'a> {
    confirmed_with: ConfirmedWith,
    stored: Option<&'a str>,
}

/// One decision inside `write`; returns the status it leaves the document in.
async fn decide_in(
    write: &mut Write,
    state: &AppState,
    principal: &Principal,
    user: &users::Model,
    document_id: Uuid,
    asked: &Asked,
    proof: Proof<'_>,
) -> Result<ApprovalStatus, ApiError> {
    let Proof { confirmed_with, stored } = proof;
    let claimed = db::documents::claim(write.db(), document_id).await?;
    let document =
        db::documents::find(write.db(), &principal.visibility(), document_id).await?.ok_or(ApiError::NotFound)?;
    let status = super::status_of(&document)?;
    if !claimed && status == ApprovalStatus::Awaiting {
        return Err(ApiError::internal(anyhow::anyhow!("document {document_id} awaits but could not be taken")));
    }
    let approvers = db::documents::approvers(write.db(), &[document_id]).await?;
    let decisions = db::documents::decisions(write.db(), &[document_id]).await?;
    if status == ApprovalStatus::Awaiting && decisions.iter().any(|d| d.user_id == user.id) {
        return Err(ApiError::conflict(ErrorCode::Conflict, "You decided on this document already."));
    }
    let approved_by = super::approved_by(&decisions);
    let duties = super::duties_of(&approvers)?;
    let decision = match asked.verdict {
        Verdict::Approved => Decision::Approve { sha256: &asked.sha256 },
        Verdict::Rejected => Decision::Reject { reason: asked.reason.as_deref().unwrap_or_default() },
    };
    let round = Round {
        status,
        duties: &duties,
        approved_by: &approved_by,
        sha256: &document.sha256,
        // A rejection does not need the bytes; an approval needs them unchanged.
        stored_sha256: match asked.verdict {
            Verdict::Approved => stored.unwrap_or_default(),
            Verdict::Rejected => &document.sha256,
        },
    };
    let after = loket_domain::approvals::duties::decide(&round, user.id, &decision).map_err(|r| refused(&r))?;
    let now = Utc::now();
    db::documents::record_decision(
        write.db(),
        document_decisions::Model {
            id: Uuid::now_v7(),
            document_id,
            user_id: user.id,
            verdict: asked.verdict.as_str().to_owned(),
            confirmed_with: confirmed_with.as_str().to_owned(),
            sha256: document.sha256.clone(),
            reason: asked.reason.clone(),
            ip_address: Some(principal.origin.ip.to_string()),
            decided_at: db::tz(now),
        },
    )
    .await?;
    if after != status {
        db::documents::close(write.db(), document_id, after, now).await?;
    }
    let action = match asked.verdict {
        Verdict::Approved => AuditAction::Approved,
        Verdict::Rejected => AuditAction::Rejected,
    };
    let snapshot = Snapshot::new()
        .field("confirmed_with", confirmed_with.as_str())
        .field("sha256", &document.sha256)
        .field("reason", &asked.reason)
        .field("status", after.as_str());
    let change = Change::event(action, EntityType::ApprovalDocument, document_id, Some(document.client_id))
        .comparing(None, Some(&snapshot))
        .in_history_of(EntityType::Organisation, document.client_id);
    write.record(change).await?;
    if after != status {
        notify_uploader(state, write, &document, after, asked, &user.name).await?;
    }
    Ok(after)
}

async fn notify_uploader(
    state: &AppState,
    write: &Write,
    document: &approval_documents::Model,
    after: ApprovalStatus,
    asked: &Asked,
    author: &str,
) -> Result<(), ApiError> {
    let Some(uploader) = document.uploaded_by_id else {
        return Ok(());
    };
    let Some(recipient) = db::users::by_ids(write.db(), &[uploader]).await?.remove(&uploader) else {
        return Ok(());
    };
    let names = db::organisations::names(write.db(), &[document.client_id]).await?;
    let client = names.get(&document.client_id).map(String::as_str).unwrap_or_default();
    let what = match after {
        ApprovalStatus::Rejected => DocumentMail::Rejected { reason: asked.reason.as_deref().unwrap_or_default() },
        _ => DocumentMail::Approved,
    };
    mail::send(state, write.db(), document, client, what, author, &[recipient]).await
}

/// Approves or rejects document `id` for the caller, confirmed with its PIN or an SMS code.
pub async fn decide(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    request: DecideDocument,
) -> Result<ApprovalDocument, ApiError> {
    let (document, _) = super::document_for(state, principal, DocumentAction::Decide, id).await?;
    let asked = asked(&request)?;
    let user = pins::caller(state, principal).await?;
    let confirmed_with = confirm(state, principal, &user, request.pin.as_deref(), request.sms_code.as_deref()).await?;
    let stored = match asked.verdict {
        Verdict::Approved => stored_digest(&state.files, &document.storage_key).await?,
        Verdict::Rejected => None,
    };
    let mut write = Write::begin(state, principal.into()).await?;
    let proof = Proof { confirmed_with, stored: stored.as_deref() };
    decide_in(&mut write, state, principal, &user, id, &asked, proof).await?;
    write.commit().await?;
    super::get(state, principal, id).await
}

/// An error about the `index`th document of a batch, named by its place.
fn at(index: usize, error: ApiError) -> ApiError {
    let field = format!("documents[{index}].document_id");
    match error {
        ApiError::NotFound => ApiError::field(&field, "not_found", "no such document awaits you"),
        ApiError::Forbidden(detail) => ApiError::field(&field, "not_an_approver", detail),
        ApiError::Conflict { code, detail, .. } => ApiError::Conflict {
            code,
            detail: format!("Document {index}: {detail}"),
            errors: vec![FieldError { field, code: code.as_str().to_owned(), message: detail }],
        },
        other => other,
    }
}

/// Approves every document of the batch under one confirmation, or none of them.
pub async fn approve_batch(
    state: &AppState,
    principal: &Principal,
    request: ApproveBatch,
) -> Result<Vec<ApprovalDocument>, ApiError> {
    principal.require_user()?;
    let mut keys: HashMap<Uuid, usize> = HashMap::new();
    let mut asks = Vec::with_capacity(request.documents.len());
    for (index, item) in request.documents.iter().enumerate() {
        if keys.insert(item.document_id, index).is_some() {
            return Err(ApiError::field(
                &format!("documents[{index}].document_id"),
                "duplicate",
                "this document is listed twice",
            ));
        }
        let ask = DecideDocument {
            verdict: Verdict::Approved,
            sha256: Some(item.sha256.clone()),
            reason: None,
            pin: None,
            sms_code: None,
        };
        let checked = asked(&ask).map_err(|error| match error {
            ApiError::Validation(mut errors) => {
                for e in &mut errors {
                    e.field = format!("documents[{index}].{}", e.field);
                }
                ApiError::Validation(errors)
            }
            other => other,
        })?;
        let (document, _) = super::document_for(state, principal, DocumentAction::Decide, item.document_id)
            .await
            .map_err(|e| at(index, e))?;
        asks.push((document, checked));
    }
    let user = pins::caller(state, principal).await?;
    let confirmed_with = confirm(state, principal, &user, request.pin.as_deref(), request.sms_code.as_deref()).await?;
    let mut stored = Vec::with_capacity(asks.len());
    for (document, _) in &asks {
        stored.push(stored_digest(&state.files, &document.storage_key).await?);
    }
    let mut write = Write::begin(state, principal.into()).await?;
    for (index, ((document, ask), digest)) in asks.iter().zip(&stored).enumerate() {
        let proof = Proof { confirmed_with, stored: digest.as_deref() };
        decide_in(&mut write, state, principal, &user, document.id, ask, proof).await.map_err(|e| at(index, e))?;
    }
    write.commit().await?;
    let ids: Vec<Uuid> = asks.iter().map(|(d, _)| d.id).collect();
    let mut decided = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(found) = db::documents::find(&state.db, &principal.visibility(), id).await? {
            decided.push(found);
        }
    }
    super::dtos(&state.db, &decided, Some(user.id)).await
}
