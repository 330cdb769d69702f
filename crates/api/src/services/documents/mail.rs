//! The e-mails about a document for approval, queued in the transaction of the change
//! that caused them, each in its recipient's language: the approvers hear that a
//! document waits for them (and, near its due date, a reminder), the uploader that it was
//! approved or rejected.

use loket_domain::Language;
use loket_domain::approvals::DocumentType;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::adapters::mail_templates::MailKind;
use crate::db;
use crate::db::entities::{approval_documents, users};
use crate::error::ApiError;
use crate::services::notifications;
use crate::state::AppState;

/// What happened, as the template names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentMail<'a> {
    /// A new document waits for the recipient's approval.
    Waiting,
    /// Its due date is near and the recipient has not decided yet.
    Reminder,
    Approved,
    Rejected {
        reason: &'a str,
    },
}

impl DocumentMail<'_> {
    fn event(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Reminder => "reminder",
            Self::Approved => "approved",
            Self::Rejected { .. } => "rejected",
        }
    }
}

/// A document type as people read it.
pub fn type_label(kind: DocumentType, language: Language) -> &'static str {
    match (kind, language) {
        (DocumentType::AnnualAccounts, Language::Nl) => "jaarrekening",
        (DocumentType::AnnualAccounts, Language::En) => "annual accounts",
        (DocumentType::VatReturn, Language::Nl) => "btw-aangifte",
        (DocumentType::VatReturn, Language::En) => "VAT return",
        (DocumentType::IncomeTaxReturn, Language::Nl) => "aangifte inkomstenbelasting",
        (DocumentType::IncomeTaxReturn, Language::En) => "income tax return",
        (DocumentType::CorporateTaxReturn, Language::Nl) => "aangifte vennootschapsbelasting",
        (DocumentType::CorporateTaxReturn, Language::En) => "corporate tax return",
        (DocumentType::Other, Language::Nl) => "document",
        (DocumentType::Other, Language::En) => "document",
    }
}

/// Sends `mail` about `document` to each active one of `recipients`, caused by `author`.
pub async fn send(
    state: &AppState,
    db: &impl ConnectionTrait,
    document: &approval_documents::Model,
    client_name: &str,
    mail: DocumentMail<'_>,
    author: &str,
    recipients: &[users::Model],
) -> Result<(), ApiError> {
    let kind = super::kind_of(document)?;
    let link = format!("{}/documents/{}", state.settings.public_url, document.id);
    let reason = match mail {
        DocumentMail::Rejected { reason } => reason,
        _ => "",
    };
    let mut seen: Vec<Uuid> = Vec::new();
    for user in recipients {
        if seen.contains(&user.id) || user.status != db::users::STATUS_ACTIVE {
            continue;
        }
        seen.push(user.id);
        let due = document.due_on.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_default();
        notifications::queue_mail_to(state, db, MailKind::Document, user, Some(document.client_id), |language| {
            minijinja::context! {
                event => mail.event(), name => &user.name, title => &document.title, period => &document.period,
                kind => type_label(kind, language), organisation => client_name, author, reason, due,
                // Built here from the public URL and the document id: nothing to escape.
                link => minijinja::Value::from_safe_string(link.clone()),
            }
        })
        .await?;
    }
    Ok(())
}
