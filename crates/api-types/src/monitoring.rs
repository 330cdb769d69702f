//! Stalled installations (seed 000 steps 6–7): cases whose instructions went out but
//! whose software has not delivered data within the vendor's number of business days,
//! with what the helpdesk needs to chase them, and the follow-ups it logs.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::install_requests::{InstallRequestEvent, InstallStep};

/// How the helpdesk followed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FollowUpKind {
    PhoneCall,
    RemoteSession,
    Note,
}

/// A follow-up for the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateFollowUp {
    pub kind: FollowUpKind,
    /// What was done or agreed.
    #[validate(length(min = 1, max = 2000, message = "write 1 to 2000 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, example = "Called the IT contact: the server was off.")
    )]
    pub note: String,
    /// The day to look again, today or later (at most a year ahead); the case stays off
    /// the stalled list until then.
    pub next_check_on: Option<NaiveDate>,
}

impl crate::text::TextFields for CreateFollowUp {
    const MULTI_LINE: &'static [&'static str] = &["note"];
}

/// The last upload an installation reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LastUpload {
    pub at: DateTime<Utc>,
    pub succeeded: bool,
    /// Why it failed.
    pub error: Option<String>,
}

/// A case whose installation has not delivered data in time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StalledCase {
    pub request_id: Uuid,
    /// `A-2026-000007`.
    pub number: String,
    pub company_name: String,
    pub partner_name: String,
    /// `instructions` (nothing registered yet) or `installing`.
    pub step: InstallStep,
    pub technical_name: String,
    pub technical_email: String,
    pub technical_phone: String,
    /// When the instructions were first sent.
    pub instructions_sent_at: DateTime<Utc>,
    /// Business days since then, on the support desk's calendar.
    pub business_days_waiting: u32,
    /// The latest heartbeat of any of the case's installations.
    pub last_heartbeat_at: Option<DateTime<Utc>>,
    /// The latest upload any of them reported.
    pub last_upload: Option<LastUpload>,
    /// The latest follow-up.
    pub last_follow_up: Option<InstallRequestEvent>,
}

/// The stalled cases, longest waiting first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StalledCases {
    /// The vendor's setting the list was made with.
    pub stall_after_days: u16,
    pub items: Vec<StalledCase>,
}

/// One step of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelStep {
    pub step: InstallStep,
    /// Cases that were at this step at some time.
    pub reached: u64,
    /// Cases at this step now.
    pub current: u64,
    /// Stays in this step that have ended.
    pub stays: u64,
    /// The median time a case stayed in this step, in seconds (none before a stay ended).
    pub median_stay_seconds: Option<i64>,
}

/// The intake funnel over the cases filed in the last `days` days, every step in the
/// flow's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallFunnel {
    pub days: u32,
    pub cases: u64,
    pub steps: Vec<FunnelStep>,
}
