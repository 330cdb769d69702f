//! The settings row and the decided dates, turned into the domain's settings and back.

use chrono::Utc;
use loket_api_types::support_settings::{OpeningSpan, PriorityTargets, SlaTargetSet, SupportSettings as SettingsDto};
use loket_domain::support::calendar::{format_day_minute, parse_day_minute};
use loket_domain::support::{DayOfWeek, DayOverride, OpeningSpan as Span, SlaTargets, SupportSettings, WeeklyHours};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db;
use crate::db::entities::support_settings;

/// The time zone opening hours are read in.
pub const TIME_ZONE: chrono_tz::Tz = chrono_tz::Europe::Amsterdam;

fn corrupt(what: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(format!("support_settings holds invalid {what}"))
}

/// The stored settings, or the standard ones when none are stored.
pub fn from_row(row: Option<&support_settings::Model>) -> Result<SupportSettings, DbErr> {
    let Some(row) = row else {
        return Ok(SupportSettings::standard());
    };
    let spans: Vec<OpeningSpan> = serde_json::from_str(&row.opening_hours).map_err(corrupt)?;
    let spans = spans
        .iter()
        .map(|s| {
            Ok(Span {
                weekday: s.weekday.weekday(),
                opens: parse_day_minute(&s.opens).map_err(corrupt)?,
                closes: parse_day_minute(&s.closes).map_err(corrupt)?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let minutes = |value: i32| u32::try_from(value).map_err(corrupt);
    let targets = SlaTargets {
        first_response_minutes: [
            minutes(row.first_response_low)?,
            minutes(row.first_response_normal)?,
            minutes(row.first_response_high)?,
            minutes(row.first_response_urgent)?,
        ],
        resolution_minutes: [
            minutes(row.resolution_low)?,
            minutes(row.resolution_normal)?,
            minutes(row.resolution_high)?,
            minutes(row.resolution_urgent)?,
        ],
    };
    let reopen_days = u16::try_from(row.reopen_days).map_err(corrupt)?;
    let stall_after_days = u16::try_from(row.stall_after_days).map_err(corrupt)?;
    SupportSettings::new(WeeklyHours::new(spans).map_err(corrupt)?, targets, reopen_days, stall_after_days)
        .map_err(corrupt)
}

fn spans(settings: &SupportSettings) -> Vec<OpeningSpan> {
    settings
        .hours
        .spans()
        .map(|s| OpeningSpan {
            weekday: DayOfWeek::of(s.weekday),
            opens: format_day_minute(s.opens),
            closes: format_day_minute(s.closes),
        })
        .collect()
}

/// The row to store for `settings` (id, version and time are the repository's).
pub fn to_row(settings: &SupportSettings) -> support_settings::Model {
    let minutes = |value: u32| i32::try_from(value).unwrap_or(i32::MAX);
    let [fl, fn_, fh, fu] = settings.targets.first_response_minutes.map(minutes);
    let [rl, rn, rh, ru] = settings.targets.resolution_minutes.map(minutes);
    support_settings::Model {
        id: db::support_settings::SETTINGS_ID,
        opening_hours: serde_json::to_string(&spans(settings)).unwrap_or_else(|_| "[]".to_owned()),
        first_response_low: fl,
        first_response_normal: fn_,
        first_response_high: fh,
        first_response_urgent: fu,
        resolution_low: rl,
        resolution_normal: rn,
        resolution_high: rh,
        resolution_urgent: ru,
        reopen_days: i32::from(settings.reopen_days),
        stall_after_days: i32::from(settings.stall_after_days),
        updated_at: Utc::now().into(),
        version: 0,
    }
}

pub fn to_dto(settings: &SupportSettings, row: Option<&support_settings::Model>) -> SettingsDto {
    let t = &settings.targets;
    let priority = |i: usize| PriorityTargets {
        first_response_minutes: t.first_response_minutes[i],
        resolution_minutes: t.resolution_minutes[i],
    };
    SettingsDto {
        time_zone: TIME_ZONE.name().to_owned(),
        opening_hours: spans(settings),
        targets: SlaTargetSet { low: priority(0), normal: priority(1), high: priority(2), urgent: priority(3) },
        reopen_days: settings.reopen_days,
        stall_after_days: settings.stall_after_days,
        version: row.map_or(0, |r| r.version),
        updated_at: row.map(|r| r.updated_at.with_timezone(&Utc)),
    }
}

/// The decided dates as the domain reads them.
pub async fn overrides(db: &impl ConnectionTrait) -> Result<Vec<DayOverride>, DbErr> {
    Ok(db::support_settings::closing_days(db)
        .await?
        .into_iter()
        .map(|row| DayOverride { date: row.day, closed: row.closed, name: row.name })
        .collect())
}

/// The settings and decided dates in force.
pub async fn current(db: &impl ConnectionTrait) -> Result<(SupportSettings, Vec<DayOverride>), DbErr> {
    let row = db::support_settings::settings(db).await?;
    Ok((from_row(row.as_ref())?, overrides(db).await?))
}
