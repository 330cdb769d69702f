//! Reminders before a due date (seed 002): once a document awaiting approval is due
//! within the domain's `REMIND_DAYS_BEFORE` days, the approvers still awaited get one
//! e-mail. The background jobs call this every ten minutes; each document is marked in
//! the transaction that queues its mails, so a reminder goes out once even with several
//! workers.

use chrono::Utc;
use loket_domain::approvals::duties::last_due_reminded;
use loket_domain::audit::{AuditAction, EntityType, Snapshot};

use super::mail::{self, DocumentMail};
use crate::db;
use crate::error::ApiError;
use crate::services::audit::{Author, Change};
use crate::services::write::Write;
use crate::state::AppState;

/// Sends the reminders that are due now; returns for how many documents.
pub async fn send_reminders(state: &AppState) -> Result<usize, ApiError> {
    let now = Utc::now();
    let due = db::documents::to_remind(&state.db, last_due_reminded(now.date_naive())).await?;
    let mut sent = 0;
    for document in due {
        let mut write = Write::begin(state, Author::system("Reminders")).await?;
        if !db::documents::mark_reminded(write.db(), document.id, now).await? {
            continue;
        }
        let approvers = db::documents::approvers(write.db(), &[document.id]).await?;
        let decisions = db::documents::decisions(write.db(), &[document.id]).await?;
        let awaited = super::duties_of(&approvers)?.waiting_for(&super::approved_by(&decisions));
        let people: Vec<_> = db::users::by_ids(write.db(), &awaited).await?.into_values().collect();
        let names = db::organisations::names(write.db(), &[document.client_id]).await?;
        let client = names.get(&document.client_id).map(String::as_str).unwrap_or_default();
        mail::send(state, write.db(), &document, client, DocumentMail::Reminder, "Loket", &people).await?;
        let emails: Vec<&str> = people.iter().map(|u| u.email.as_str()).collect();
        let change =
            Change::event(AuditAction::Reminded, EntityType::ApprovalDocument, document.id, Some(document.client_id))
                .comparing(None, Some(&Snapshot::new().field("reminded", emails)))
                .in_history_of(EntityType::Organisation, document.client_id);
        write.record(change).await?;
        write.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
