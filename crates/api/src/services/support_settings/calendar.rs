//! The calendar of closing days: the computed Dutch public holidays of a year with the
//! administrator's decisions over them, and deciding or forgetting one date.

use chrono::{Datelike, NaiveDate, Utc};
use loket_api_types::support_settings::{CalendarDay, SetCalendarDay, SupportCalendar};
use loket_domain::Language;
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::policy::SupportSettingsAction;
use loket_domain::support::settings::year_calendar;
use uuid::Uuid;

use super::stored::{TIME_ZONE, overrides};
use crate::auth::Principal;
use crate::db;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::tickets::rules::recompute_sla_sort;
use crate::services::write::Write;
use crate::state::AppState;

/// The reader's language for the holidays' names (API keys read Dutch).
async fn language(state: &AppState, principal: &Principal) -> Result<Language, ApiError> {
    let Some(user_id) = principal.actor.user_id() else {
        return Ok(Language::default());
    };
    let user = db::users::find(&state.db, &principal.visibility(), user_id).await?;
    Ok(user.and_then(|u| Language::parse(&u.language)).unwrap_or_default())
}

/// The holidays and decided dates of `year` (this year by default).
pub async fn calendar(state: &AppState, principal: &Principal, year: Option<i32>) -> Result<SupportCalendar, ApiError> {
    principal.authorize(SupportSettingsAction::Read, &())?;
    let year = year.unwrap_or_else(|| Utc::now().with_timezone(&TIME_ZONE).year());
    let language = language(state, principal).await?;
    let decided = overrides(&state.db).await?;
    let days = year_calendar(year, &decided, language)
        .into_iter()
        .map(|day| CalendarDay {
            date: day.date,
            name: day.name,
            public_holiday: day.holiday.is_some(),
            closed: day.closed,
            overridden: day.overridden,
        })
        .collect();
    Ok(SupportCalendar { year, days })
}

/// A stable id per date for the audit log (the days since 0001-01-01).
fn day_id(day: NaiveDate) -> Uuid {
    Uuid::from_u64_pair(0, u64::try_from(day.num_days_from_ce()).unwrap_or_default())
}

fn audited(day: NaiveDate, closed: bool, name: &str) -> Snapshot {
    Snapshot::new().field("date", day).field("closed", closed).field("name", name)
}

/// A change to the calendar as the audit log keeps it: in the settings' history, for the
/// vendor only.
fn in_settings_history(change: Change) -> Change {
    change.in_history_of(EntityType::SupportSettings, db::support_settings::SETTINGS_ID).staff_only()
}

/// The audit entry of a first decision on `day`.
pub(crate) fn decided(day: NaiveDate, closed: bool, name: &str) -> Change {
    in_settings_history(Change::created(EntityType::SupportCalendarDay, day_id(day), None, &audited(day, closed, name)))
}

/// Opens or closes the helpdesk on `day`, whatever the computed calendar says.
pub async fn set_day(
    state: &AppState,
    principal: &Principal,
    day: NaiveDate,
    body: SetCalendarDay,
) -> Result<SupportCalendar, ApiError> {
    principal.authorize(SupportSettingsAction::Edit, &())?;
    let name = body.name.trim();
    let now = Utc::now();
    let mut write = Write::begin(state, principal.into()).await?;
    let before = db::support_settings::closing_day(write.db(), day).await?;
    db::support_settings::set_closing_day(write.db(), day, body.closed, name, now).await?;
    let after = audited(day, body.closed, name);
    let change = match &before {
        // The date stays in every entry, so the log says which day changed.
        Some(row) => in_settings_history(
            Change::event(AuditAction::Updated, EntityType::SupportCalendarDay, day_id(day), None)
                .comparing(Some(&Snapshot::new().field("closed", row.closed).field("name", &row.name)), Some(&after)),
        ),
        None => decided(day, body.closed, name),
    };
    write.record(change).await?;
    write.commit().await?;
    recompute_sla_sort(state, now).await?;
    calendar(state, principal, Some(day.year())).await
}

/// Forgets the decision on `day`: the computed calendar applies again (404 when there
/// was none).
pub async fn remove_day(state: &AppState, principal: &Principal, day: NaiveDate) -> Result<(), ApiError> {
    principal.authorize(SupportSettingsAction::Edit, &())?;
    let now = Utc::now();
    let mut write = Write::begin(state, principal.into()).await?;
    let Some(before) = db::support_settings::closing_day(write.db(), day).await? else {
        return Err(ApiError::NotFound);
    };
    db::support_settings::remove_closing_day(write.db(), day).await?;
    let before = audited(day, before.closed, &before.name);
    write
        .record(in_settings_history(Change::deleted(EntityType::SupportCalendarDay, day_id(day), None, &before)))
        .await?;
    write.commit().await?;
    recompute_sla_sort(state, now).await
}
