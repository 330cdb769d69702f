//! The helpdesk dashboard: the open backlog by age, SLA results per week and open
//! tickets per type.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use loket_domain::support::TicketType;
pub use loket_domain::support::dashboard::AgeBucket;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpdeskDashboard {
    /// Tickets with the helpdesk that are not closed.
    pub open: u32,
    /// Of those, without an assignee.
    pub unassigned: u32,
    /// Of those, with an SLA clock past its target.
    pub breached: u32,
    /// The open tickets by how long ago they were filed, youngest first.
    pub backlog_by_age: Vec<AgeCount>,
    /// Tickets closed in each of the last eight weeks, within and past the resolution
    /// target; oldest week first.
    pub sla_by_week: Vec<WeekSla>,
    /// The open tickets per type.
    pub by_type: Vec<TypeCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgeCount {
    pub bucket: AgeBucket,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekSla {
    /// The Monday the week starts on (Europe/Amsterdam).
    pub week_start: NaiveDate,
    pub met: u32,
    pub breached: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TypeCount {
    pub ticket_type: TicketType,
    pub count: u32,
}
