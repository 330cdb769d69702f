//! The e-mails about a ticket, queued in the transaction of the change that caused them,
//! each in its recipient's language. Customers hear about public messages and status
//! changes; internal notes never cause a mail. Partners hear nothing about tickets.

use loket_domain::Language;
use loket_domain::support::{Estimate, TicketStatus};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::adapters::mail_templates::MailKind;
use crate::db;
use crate::db::entities::{tickets, users};
use crate::error::ApiError;
use crate::services::notifications;
use crate::state::AppState;

/// What happened, as the template names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketMail<'a> {
    Created,
    AwaitingApproval,
    ApprovalNeeded,
    Approved,
    Declined {
        reason: &'a str,
    },
    /// The helpdesk marked the ticket as outside the support contract.
    OutOfContract {
        reason: &'a str,
        /// Whom to contact instead: "name (e-mail, phone)", or empty when none is named.
        consultant: &'a str,
    },
    Message {
        body: &'a str,
    },
    /// A cost estimate waits for the customer's decision.
    Estimate {
        estimate: Estimate,
        description: &'a str,
    },
    Status(TicketStatus),
}

impl TicketMail<'_> {
    fn event(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::AwaitingApproval => "awaiting_approval",
            Self::ApprovalNeeded => "approval_needed",
            Self::Approved => "approved",
            Self::Declined { .. } => "declined",
            Self::OutOfContract { .. } => "out_of_contract",
            Self::Message { .. } => "message",
            Self::Estimate { .. } => "estimate",
            Self::Status(_) => "status",
        }
    }
}

/// A status as the customer reads it.
pub fn status_label(status: TicketStatus, language: Language) -> &'static str {
    match (status, language) {
        (TicketStatus::AwaitingApproval, Language::Nl) => "wacht op akkoord",
        (TicketStatus::AwaitingApproval, Language::En) => "awaiting approval",
        (TicketStatus::New, Language::Nl) => "nieuw",
        (TicketStatus::New, Language::En) => "new",
        (TicketStatus::Open, Language::Nl) => "in behandeling",
        (TicketStatus::Open, Language::En) => "open",
        (TicketStatus::WaitingOnCustomer, Language::Nl) => "wacht op uw reactie",
        (TicketStatus::WaitingOnCustomer, Language::En) => "waiting for your reply",
        (TicketStatus::Closed, Language::Nl) => "gesloten",
        (TicketStatus::Closed, Language::En) => "closed",
        (TicketStatus::Declined, Language::Nl) => "afgewezen",
        (TicketStatus::Declined, Language::En) => "declined",
    }
}

/// Sends `mail` about `ticket` to each of `recipients` (once each), written by `author`.
pub async fn send(
    state: &AppState,
    db: &impl ConnectionTrait,
    ticket: &tickets::Model,
    organisation_name: &str,
    mail: TicketMail<'_>,
    author: &str,
    recipients: &[users::Model],
) -> Result<(), ApiError> {
    let link = format!("{}/tickets/{}", state.settings.public_url, ticket.id);
    let mut seen: Vec<Uuid> = Vec::new();
    for user in recipients {
        if seen.contains(&user.id) || user.status != db::users::STATUS_ACTIVE {
            continue;
        }
        seen.push(user.id);
        notifications::queue_mail_to(state, db, MailKind::Ticket, user, Some(ticket.organisation_id), |language| {
            let (message, reason, status) = match mail {
                TicketMail::Message { body } => (body, "", ""),
                TicketMail::Estimate { description, .. } => (description, "", ""),
                TicketMail::Declined { reason } | TicketMail::OutOfContract { reason, .. } => ("", reason, ""),
                TicketMail::Status(status) => ("", "", status_label(status, language)),
                _ => ("", "", ""),
            };
            let consultant = match mail {
                TicketMail::OutOfContract { consultant, .. } => consultant,
                _ => "",
            };
            let estimate = match mail {
                TicketMail::Estimate { estimate, .. } => estimate.summary(language),
                _ => String::new(),
            };
            minijinja::context! {
                event => mail.event(), name => &user.name, number => &ticket.number, title => &ticket.title,
                organisation => organisation_name, author, message, reason, status, estimate, consultant,
                // Built here from the public URL and the ticket id: nothing to escape.
                link => minijinja::Value::from_safe_string(link.clone()),
            }
        })
        .await?;
    }
    Ok(())
}

/// The customer side of a ticket: its requester and the client's contact persons,
/// without `except` (whoever caused the mail).
pub async fn customer_side(
    db: &impl ConnectionTrait,
    ticket: &tickets::Model,
    except: Option<Uuid>,
) -> Result<Vec<users::Model>, ApiError> {
    let mut people = db::users::contact_persons(db, ticket.organisation_id).await?;
    if let Some(requester) = db::users::by_ids(db, &[ticket.requester_id]).await?.remove(&ticket.requester_id) {
        people.insert(0, requester);
    }
    people.retain(|user| Some(user.id) != except);
    Ok(people)
}
