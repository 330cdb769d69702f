//! Uploading a document for approval: the firm that manages the client sends a PDF (its
//! kind judged by its bytes) with a type, a title, a period and a due date. The
//! approvers are fixed from the client's duties at that moment and hear about it.

use actix_web::web::Bytes;
use chrono::{NaiveDate, Utc};
use futures_util::Stream;
use loket_api_types::documents::ApprovalDocument;
use loket_domain::approvals::DocumentType;
use loket_domain::approvals::duties::ApprovalStatus;
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::policy::ClientDocumentsAction;
use loket_domain::support::attachments::{self, FileKind};
use loket_domain::text::{self, TextKind};
use uuid::Uuid;

use super::mail::{self, DocumentMail};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::approval_documents;
use crate::error::{ApiError, Problems};
use crate::services::audit::Change;
use crate::services::uploads::{self, Accepted, size_text, store_error, too_large};
use crate::services::write::Write;
use crate::services::{access, approvals};
use crate::state::AppState;

const PDF_ONLY: Accepted = Accepted { kinds: &[FileKind::Pdf], hint: "Upload the document as a PDF." };

/// The text parts of an upload, as sent.
#[derive(Debug, Default)]
pub struct DocumentMeta {
    pub document_type: Option<String>,
    pub title: Option<String>,
    pub period: Option<String>,
    pub due_on: Option<String>,
}

struct Checked {
    kind: DocumentType,
    title: String,
    period: String,
    due_on: Option<NaiveDate>,
}

fn check_meta(meta: DocumentMeta) -> Result<Checked, ApiError> {
    let mut problems = Problems::default();
    let kind = match meta.document_type.as_deref().map(str::trim) {
        Some(raw) if !raw.is_empty() => DocumentType::parse(raw).unwrap_or_else(|| {
            problems.add(
                "document_type",
                "invalid",
                "one of annual_accounts, vat_return, income_tax_return, corporate_tax_return, other",
            );
            DocumentType::Other
        }),
        _ => {
            problems.add("document_type", "required", "choose the type of document");
            DocumentType::Other
        }
    };
    let mut line = |field: &str, value: Option<String>, max: usize, what: &str| -> String {
        let value = value.unwrap_or_default().trim().to_owned();
        if value.is_empty() {
            problems.add(field, "required", what.to_owned());
        } else if let Err(e) = text::check_with_max(&value, TextKind::SingleLine, max) {
            problems.add(field, "invalid", e.to_string());
        }
        value
    };
    let title = line("title", meta.title, 200, "give the document a title, such as \"Jaarrekening 2025\"");
    let period = line("period", meta.period, 40, "name the period it covers, such as \"2025\"");
    let today = Utc::now().date_naive();
    let due_on = match meta.due_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(raw) => match raw.parse::<NaiveDate>() {
            Ok(day) if raw.len() == 10 && day >= today => Some(day),
            Ok(day) if raw.len() == 10 && day < today => {
                problems.add("due_on", "in_the_past", "a due date from today on");
                None
            }
            _ => {
                problems.add("due_on", "invalid", "a date such as 2027-01-15");
                None
            }
        },
    };
    problems.check()?;
    Ok(Checked { kind, title, period, due_on })
}

/// The audited form of a document.
pub(crate) fn audited(document: &approval_documents::Model, approvers: &[String]) -> Snapshot {
    Snapshot::new()
        .field("document_type", &document.document_type)
        .field("title", &document.title)
        .field("period", &document.period)
        .field("due_on", document.due_on.map(|d| d.to_string()))
        .field("file_name", &document.file_name)
        .field("size_bytes", document.size_bytes)
        .field("sha256", &document.sha256)
        .field("approvers", approvers)
}

/// Stores a PDF for `client_id` and asks its approvers.
pub async fn upload<S, E>(
    state: &AppState,
    principal: &Principal,
    client_id: Uuid,
    meta: DocumentMeta,
    uploaded_name: &str,
    body: S,
) -> Result<ApprovalDocument, ApiError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let client = access::organisation_for(state, principal, ClientDocumentsAction::Upload, client_id).await?;
    let uploader = principal.require_user()?;
    let checked = check_meta(meta)?;
    if approvals::approvers_for(&state.db, client_id, checked.kind).await?.is_empty() {
        return Err(ApiError::field(
            "document_type",
            "no_approvers",
            "nobody at this client approves this type yet: grant someone the right or name who must approve",
        ));
    }
    let id = Uuid::now_v7();
    let key = format!("documents/{client_id}/{id}");
    let max = state.settings.document_max_bytes;
    let exceeded = || too_large(format!("A document may hold at most {}.", size_text(max)));
    let (upload, received) = uploads::receive(&state.files, &key, body, &PDF_ONLY, max, exceeded).await?;
    upload.finish().await.map_err(store_error)?;
    let document = approval_documents::Model {
        id,
        client_id,
        document_type: checked.kind.as_str().to_owned(),
        title: checked.title,
        period: checked.period,
        due_on: checked.due_on,
        status: ApprovalStatus::Awaiting.as_str().to_owned(),
        file_name: attachments::stored_name(uploaded_name, received.kind),
        size_bytes: i64::try_from(received.size).map_err(ApiError::internal)?,
        sha256: received.sha256,
        storage_key: key.clone(),
        uploaded_by_id: Some(uploader),
        created_at: db::tz(Utc::now()),
        decided_at: None,
        reminded_at: None,
    };
    let kept = keep(state, principal, &client.name, document).await;
    if kept.is_err()
        && let Err(error) = state.files.delete(&key).await
    {
        tracing::warn!(%error, key, "a refused document stayed in the file store");
    }
    let kept = kept?;
    let mut shown = super::dtos(&state.db, &[kept], Some(uploader)).await?;
    shown.pop().ok_or(ApiError::NotFound)
}

/// Records the document and its approvers (fixed now, inside the transaction), audits it
/// and queues the approvers' mail.
async fn keep(
    state: &AppState,
    principal: &Principal,
    client_name: &str,
    document: approval_documents::Model,
) -> Result<approval_documents::Model, ApiError> {
    let kind = super::kind_of(&document)?;
    let mut write = Write::begin(state, principal.into()).await?;
    let approvers = approvals::approvers_for(write.db(), document.client_id, kind).await?;
    if approvers.is_empty() {
        return Err(ApiError::field("document_type", "no_approvers", "nobody at this client approves this type"));
    }
    let duties: Vec<(Uuid, _)> = approvers.iter().map(|(u, d)| (u.id, *d)).collect();
    let saved = db::documents::insert(write.db(), document, &duties).await?;
    let emails: Vec<String> = approvers.iter().map(|(u, _)| u.email.clone()).collect();
    let change =
        Change::created(EntityType::ApprovalDocument, saved.id, Some(saved.client_id), &audited(&saved, &emails))
            .in_history_of(EntityType::Organisation, saved.client_id);
    write.record(change).await?;
    let people: Vec<_> = approvers.into_iter().map(|(u, _)| u).collect();
    mail::send(state, write.db(), &saved, client_name, DocumentMail::Waiting, &principal.name, &people).await?;
    write.commit().await?;
    Ok(saved)
}
