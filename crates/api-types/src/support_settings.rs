//! The helpdesk's settings: opening hours, SLA targets, the reopen window and the
//! calendar of closing days.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

pub use loket_domain::support::DayOfWeek;

/// One span of opening hours on a weekday, in the helpdesk's time zone: `HH:MM` on the
/// 24-hour clock (the patterns of `loket_domain::support::calendar`), closing at `24:00`
/// at the latest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OpeningSpan {
    pub weekday: DayOfWeek,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "08:30"))]
    pub opens: String,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", example = "17:00"))]
    pub closes: String,
}

/// The targets of one priority, in minutes of opening hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PriorityTargets {
    /// Until the first public answer (at most the resolution target).
    #[validate(range(min = 1, max = 132600, message = "1 to 132600 minutes"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 132600, example = 240))]
    pub first_response_minutes: u32,
    /// Until the ticket is closed.
    #[validate(range(min = 1, max = 132600, message = "1 to 132600 minutes"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 132600, example = 1020))]
    pub resolution_minutes: u32,
}

/// SLA targets per priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SlaTargetSet {
    #[validate(nested)]
    pub low: PriorityTargets,
    #[validate(nested)]
    pub normal: PriorityTargets,
    #[validate(nested)]
    pub high: PriorityTargets,
    #[validate(nested)]
    pub urgent: PriorityTargets,
}

/// The helpdesk's settings as they apply now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportSettings {
    /// The time zone opening hours are read in.
    #[cfg_attr(feature = "openapi", schema(example = "Europe/Amsterdam"))]
    pub time_zone: String,
    pub opening_hours: Vec<OpeningSpan>,
    pub targets: SlaTargetSet,
    /// Days after closing in which a customer may ask to reopen.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 365))]
    pub reopen_days: u16,
    /// Business days after the installation instructions in which the software must
    /// deliver data; a case without a successful upload by then is stalled.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 60))]
    pub stall_after_days: u16,
    /// 0 while the standard settings apply (never saved).
    pub version: i64,
    pub updated_at: Option<DateTime<Utc>>,
}

/// New settings, replacing the old as a whole. Send the `ETag` read with them as
/// `If-Match`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateSupportSettings {
    /// Spans open before they close and do not overlap on a day; at least one in the week.
    #[validate(length(min = 1, max = 28, message = "1 to 28 spans"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 28))]
    pub opening_hours: Vec<OpeningSpan>,
    #[validate(nested)]
    pub targets: SlaTargetSet,
    #[validate(range(max = 365, message = "at most 365 days"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 365))]
    pub reopen_days: u16,
    /// Business days after the installation instructions before a case without a
    /// successful upload is stalled (0: at once).
    #[validate(range(max = 60, message = "at most 60 business days"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 60))]
    pub stall_after_days: u16,
}

impl crate::text::TextFields for UpdateSupportSettings {}

/// Which year of the calendar.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct SupportCalendarQuery {
    /// The year (this year when left out).
    #[validate(range(min = 2000, max = 2100, message = "a year from 2000 to 2100"))]
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: Option<i32>,
}

/// A public holiday or a date the administrator decided on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarDay {
    pub date: NaiveDate,
    /// The holiday's name in the reader's language, or the name given to the date.
    pub name: String,
    /// Whether the date is a Dutch public holiday.
    pub public_holiday: bool,
    /// Whether the helpdesk is closed all day.
    pub closed: bool,
    /// Whether the administrator decided (rather than the computed calendar).
    pub overridden: bool,
}

/// The holidays and decided dates of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportCalendar {
    pub year: i32,
    pub days: Vec<CalendarDay>,
}

/// Open or close the helpdesk on one date, whatever the computed calendar says.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetCalendarDay {
    pub closed: bool,
    /// What the day is; may be empty on a public holiday (its own name is kept).
    #[validate(length(max = 100, message = "at most 100 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100, example = "Bedrijfsuitje"))]
    #[serde(default)]
    pub name: String,
}

impl crate::text::TextFields for SetCalendarDay {}
