//! Support tickets, their messages and their SLA clocks.
//!
//! Multi-line fields (those named in each body's `TextFields::MULTI_LINE`) publish the
//! multi-line text pattern of `loket_domain::text::schema_pattern`; the OpenAPI tests
//! check that the two lists agree.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

pub use loket_domain::support::{EstimateAnswer, Priority, TicketStatus, TicketType};

/// Where one SLA clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SlaClockState {
    /// Running: `due_at` is when it runs out if nothing pauses it.
    Running,
    /// Paused (waiting on the customer, awaiting approval, closed).
    Paused,
    /// Stopped within the target.
    Met,
    /// The target passed at `breached_at`.
    Breached,
}

/// One SLA clock, counted in business hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaClock {
    pub state: SlaClockState,
    /// The target, in minutes of business time.
    pub target_minutes: i64,
    /// Business minutes left (running or paused).
    pub minutes_left: Option<i64>,
    /// When a running clock runs out.
    pub due_at: Option<DateTime<Utc>>,
    /// When a breached clock ran out.
    pub breached_at: Option<DateTime<Utc>>,
}

/// The SLA clocks of a ticket that reached the helpdesk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketSla {
    /// Until the first public message from the helpdesk.
    pub first_response: SlaClock,
    /// Until the ticket is closed.
    pub resolution: SlaClock,
}

/// A person named on a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketPerson {
    pub id: Uuid,
    pub name: String,
}

/// A support ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ticket {
    pub id: Uuid,
    /// The number to quote, e.g. `T-2026-000123`.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^T-[0-9]{4}-[0-9]{6,9}$", example = "T-2026-000123"))]
    pub number: String,
    /// The client organisation.
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub requester: TicketPerson,
    pub title: String,
    pub description: String,
    pub ticket_type: TicketType,
    pub status: TicketStatus,
    pub priority: Priority,
    /// The helpdesk agent working on it.
    pub assignee: Option<TicketPerson>,
    /// The function or module where the problem occurs.
    pub module: Option<String>,
    /// The user who has the problem.
    pub affected_user: Option<String>,
    /// For customers with several companies: the one concerned.
    pub company: Option<String>,
    /// The exact error message shown.
    pub error_message: Option<String>,
    /// What was done just before the problem.
    pub steps_before: Option<String>,
    /// Set when the helpdesk marked the request as outside the support contract.
    pub out_of_contract_reason: Option<String>,
    /// Why a contact person declined it.
    pub decline_reason: Option<String>,
    /// SLA clocks; absent until the ticket reaches the helpdesk.
    pub sla: Option<TicketSla>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Increases with every change; send it back as `If-Match: "<version>"`.
    /// The current cost estimate (change requests).
    pub estimate: Option<crate::ticket_estimates::TicketEstimate>,
    pub version: i64,
}

/// A ticket in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketSummary {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^T-[0-9]{4}-[0-9]{6,9}$", example = "T-2026-000123"))]
    pub number: String,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub requester_name: String,
    pub title: String,
    pub ticket_type: TicketType,
    pub status: TicketStatus,
    pub priority: Priority,
    pub assignee_name: Option<String>,
    /// When the first SLA clock to run out does so (or did); absent when none runs.
    pub sla_due_at: Option<DateTime<Utc>>,
    /// Whether a clock has run out.
    pub sla_breached: bool,
    pub created_at: DateTime<Utc>,
}

/// A new ticket. Tell the helpdesk as much as you can: the function and user where the
/// problem occurs, the company (with several), the exact message, what you did just
/// before, and screenshots.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTicketRequest {
    #[validate(length(min = 1, max = 200, message = "a title has 1 to 200 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, example = "Invoice run stops at client 1040")
    )]
    pub title: String,
    #[validate(length(min = 1, max = 20000, message = "describe the problem in at most 20000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub description: String,
    /// How urgent it is for you; normal by default.
    #[serde(default)]
    pub priority: Option<Priority>,
    #[validate(length(max = 200, message = "at most 200 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200, example = "Facturatie (MFACT)"))]
    #[serde(default)]
    pub module: Option<String>,
    #[validate(length(max = 200, message = "at most 200 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    #[serde(default)]
    pub affected_user: Option<String>,
    #[validate(length(max = 200, message = "at most 200 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    #[serde(default)]
    pub company: Option<String>,
    #[validate(length(max = 5000, message = "at most 5000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 5000, pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$")
    )]
    #[serde(default)]
    pub error_message: Option<String>,
    #[validate(length(max = 5000, message = "at most 5000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 5000, pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$")
    )]
    #[serde(default)]
    pub steps_before: Option<String>,
}

impl crate::text::TextFields for CreateTicketRequest {
    const MULTI_LINE: &'static [&'static str] = &["description", "error_message", "steps_before"];
}

/// Changes by the helpdesk. Absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTicketRequest {
    /// Open, waiting on customer or closed (a closed ticket can only be reopened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TicketStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_type: Option<TicketType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// A vendor agent or administrator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<Uuid>,
    /// `true` removes the assignee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unassign: Option<bool>,
    /// Marks the ticket as outside the support contract; an empty text removes the mark.
    #[validate(length(max = 1000, message = "at most 1000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 1000, pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$")
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_of_contract_reason: Option<String>,
}

impl crate::text::TextFields for UpdateTicketRequest {
    const MULTI_LINE: &'static [&'static str] = &["out_of_contract_reason"];
}

/// A contact person's refusal of a colleague's ticket.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeclineTicketRequest {
    #[validate(length(min = 1, max = 1000, message = "give a reason of 1 to 1000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 1000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub reason: String,
}

impl crate::text::TextFields for DeclineTicketRequest {
    const MULTI_LINE: &'static [&'static str] = &["reason"];
}

/// A message on a ticket's board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketMessage {
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub author_name: String,
    /// Written by the helpdesk.
    pub from_staff: bool,
    /// A staff-only note (never shown to customers).
    pub internal: bool,
    pub body: String,
    /// The files posted with it.
    pub attachments: Vec<crate::ticket_attachments::TicketAttachment>,
    pub created_at: DateTime<Utc>,
}

/// A new message: public, or (helpdesk only) an internal note.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTicketMessageRequest {
    #[validate(length(min = 1, max = 20000, message = "a message has 1 to 20000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub body: String,
    /// A staff-only note; helpdesk only.
    #[serde(default)]
    pub internal: bool,
    /// Files the author uploaded to this ticket beforehand and that are on no message
    /// yet, uploaded for the same audience (`internal` as this message).
    #[serde(default)]
    #[validate(length(max = 10, message = "at most 10 files per message"))]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub attachment_ids: Vec<Uuid>,
}

impl crate::text::TextFields for CreateTicketMessageRequest {
    const MULTI_LINE: &'static [&'static str] = &["body"];
}

/// One event in a ticket's history, oldest first: the filing, each message on the board
/// (internal notes for the helpdesk only), and each change of status, type, priority,
/// assignee, contract mark or decision, with who and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub actor_name: String,
    /// `created` for the filing and for messages; `updated`, `approved`, `declined` or
    /// `reopened` for changes.
    pub action: crate::audit::AuditAction,
    /// The fields that changed, old → new (`assignee` by name).
    pub changes: Vec<crate::audit::FieldChange>,
    /// For a message on the board: the message.
    pub message: Option<TicketMessage>,
}

/// The helpdesk's work lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketQueue {
    /// Open tickets nobody is assigned to.
    Unassigned,
    /// Open tickets assigned to the caller.
    Mine,
    /// Tickets waiting on the customer.
    Waiting,
}

crate::list_sort!(
    /// Orders of the ticket list.
    TicketSort {
        CreatedDesc = "-created_at", Created, false, "Newest first.",
        Created = "created_at", Created, true, "Oldest first.",
        Sla = "sla", Text, true, "SLA: breached and soonest due first; no running clock last."
    }
);

/// Filters for the ticket list. Without `status` or `all`, only open tickets are listed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TicketListQuery {
    /// A helpdesk work list (helpdesk only).
    pub queue: Option<TicketQueue>,
    /// Only tickets with this status.
    pub status: Option<TicketStatus>,
    /// Include closed and declined tickets.
    pub all: Option<bool>,
    pub ticket_type: Option<TicketType>,
    pub priority: Option<Priority>,
    pub assignee_id: Option<Uuid>,
    /// Only this client's tickets (helpdesk).
    pub organisation_id: Option<Uuid>,
    /// Created at or after.
    pub created_from: Option<DateTime<Utc>>,
    /// Created before.
    pub created_until: Option<DateTime<Utc>>,
    /// Words to find (all of them) in the number, title, description, error message and
    /// messages (internal notes for the helpdesk only). Without `sort`, the answer is the
    /// best `limit` matches, most relevant first, with no further page.
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    pub sort: Option<TicketSort>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", param(max_length = 500))]
    pub cursor: Option<String>,
    /// Page size, 1 to 200; 50 by default.
    #[validate(range(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}
