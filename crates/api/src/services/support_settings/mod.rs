//! The helpdesk's settings: opening hours, SLA targets, the reopen window and when an
//! installation is stalled (one row, replaced as a whole under `If-Match`), and the
//! calendar of closing days (computed Dutch holidays, overridden per date). Every change is audited; afterwards the SLA
//! sort key of every ticket still with the helpdesk is computed again, so the queues'
//! "breaching first" follows the new rules at once.

mod calendar;
mod stored;

pub(crate) use calendar::decided;
pub use calendar::{calendar, remove_day, set_day};
pub use stored::{TIME_ZONE, current};

use chrono::Utc;
use loket_api_types::support_settings::{SupportSettings as SettingsDto, UpdateSupportSettings};
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::policy::SupportSettingsAction;
use loket_domain::support::{
    CalendarError, OpeningSpan as Span, SettingsError, SlaTargets, SupportSettings, WeeklyHours, calendar as hours,
};

use crate::auth::Principal;
use crate::db;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::tickets::rules::recompute_sla_sort;
use crate::services::write::Write;
use crate::state::AppState;

/// The settings as they apply now (the standard ones until first saved).
pub async fn get(state: &AppState, principal: &Principal) -> Result<SettingsDto, ApiError> {
    principal.authorize(SupportSettingsAction::Read, &())?;
    let row = db::support_settings::settings(&state.db).await?;
    Ok(stored::to_dto(&stored::from_row(row.as_ref())?, row.as_ref()))
}

/// Checks `body` as a whole: field errors name the span or priority at fault.
fn parse(body: &UpdateSupportSettings) -> Result<SupportSettings, ApiError> {
    let mut spans = Vec::with_capacity(body.opening_hours.len());
    for (index, span) in body.opening_hours.iter().enumerate() {
        let time = |field: &str, text: &str| {
            hours::parse_day_minute(text)
                .map_err(|e| ApiError::field(&format!("opening_hours[{index}].{field}"), "invalid_time", e.to_string()))
        };
        spans.push(Span {
            weekday: span.weekday.weekday(),
            opens: time("opens", &span.opens)?,
            closes: time("closes", &span.closes)?,
        });
    }
    let week = WeeklyHours::new(spans).map_err(|e| {
        let code = match e {
            CalendarError::Overlap(_) => "overlap",
            CalendarError::NeverOpen => "never_open",
            CalendarError::SpanOrder | CalendarError::TimeFormat => "span_order",
        };
        ApiError::field("opening_hours", code, e.to_string())
    })?;
    let t = &body.targets;
    let targets = SlaTargets {
        first_response_minutes: [t.low, t.normal, t.high, t.urgent].map(|p| p.first_response_minutes),
        resolution_minutes: [t.low, t.normal, t.high, t.urgent].map(|p| p.resolution_minutes),
    };
    SupportSettings::new(week, targets, body.reopen_days, body.stall_after_days).map_err(|e| match e {
        SettingsError::ReopenWindow => ApiError::field("reopen_days", "range", e.to_string()),
        SettingsError::StallWindow => ApiError::field("stall_after_days", "range", e.to_string()),
        SettingsError::TargetRange => ApiError::field("targets", "target_range", e.to_string()),
        SettingsError::FirstAfterResolution(_) => ApiError::field("targets", "first_after_resolution", e.to_string()),
    })
}

fn audited(settings: &SupportSettings) -> Snapshot {
    let dto = stored::to_dto(settings, None);
    let spans: Vec<String> =
        dto.opening_hours.iter().map(|s| format!("{} {}-{}", s.weekday, s.opens, s.closes)).collect();
    Snapshot::new()
        .field("opening_hours", spans)
        .field("targets", dto.targets)
        .field("reopen_days", dto.reopen_days)
        .field("stall_after_days", dto.stall_after_days)
}

/// Replaces the settings if `expected_version` is still current (412 with the current
/// settings otherwise).
pub async fn update(
    state: &AppState,
    principal: &Principal,
    expected_version: i64,
    body: UpdateSupportSettings,
) -> Result<SettingsDto, ApiError> {
    principal.authorize(SupportSettingsAction::Edit, &())?;
    let settings = parse(&body)?;
    let now = Utc::now();
    let mut write = Write::begin(state, principal.into()).await?;
    let before = db::support_settings::settings(write.db()).await?;
    let previous = stored::from_row(before.as_ref())?;
    let Some(saved) =
        db::support_settings::save_settings(write.db(), stored::to_row(&settings), expected_version, now).await?
    else {
        drop(write);
        let current = get(state, principal).await?;
        return Err(ApiError::Stale(Box::new(serde_json::to_value(current).map_err(ApiError::internal)?)));
    };
    let change = Change::updated(
        EntityType::SupportSettings,
        db::support_settings::SETTINGS_ID,
        None,
        &audited(&previous),
        &audited(&settings),
    );
    // Saving the same settings again still bumps the version: record it as an event.
    let change = if change.is_empty() {
        Change::event(loket_domain::audit::AuditAction::Updated, EntityType::SupportSettings, saved.id, None)
    } else {
        change
    };
    write.record(change.staff_only()).await?;
    write.commit().await?;
    recompute_sla_sort(state, now).await?;
    Ok(stored::to_dto(&settings, Some(&saved)))
}
