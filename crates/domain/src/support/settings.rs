//! The helpdesk's own settings, kept by the vendor administrator: opening hours, SLA
//! targets, how long a customer may ask to reopen, and the calendar's closing days.
//!
//! Dutch public holidays are computed per year; the administrator overrides any date:
//! opening on a holiday (Good Friday is open by default, Boxing Day could be opened),
//! or closing on a day that is no holiday (the company outing). An override is kept per
//! date and can be removed, after which the computed calendar applies again.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;

use chrono::NaiveDate;

use super::holidays::{DutchHoliday, dutch_public_holidays};
use super::{Priority, SlaTargets, WeeklyHours, named_values};
use crate::Language;

named_values! {
    /// A day of the week, for opening hours.
    pub enum DayOfWeek {
        Mon = "mon",
        Tue = "tue",
        Wed = "wed",
        Thu = "thu",
        Fri = "fri",
        Sat = "sat",
        Sun = "sun",
    }
}

impl DayOfWeek {
    pub fn weekday(self) -> chrono::Weekday {
        match self {
            Self::Mon => chrono::Weekday::Mon,
            Self::Tue => chrono::Weekday::Tue,
            Self::Wed => chrono::Weekday::Wed,
            Self::Thu => chrono::Weekday::Thu,
            Self::Fri => chrono::Weekday::Fri,
            Self::Sat => chrono::Weekday::Sat,
            Self::Sun => chrono::Weekday::Sun,
        }
    }

    pub fn of(weekday: chrono::Weekday) -> Self {
        Self::ALL[weekday.num_days_from_monday() as usize]
    }
}

/// Longest reopen window accepted, in days.
pub const MAX_REOPEN_DAYS: u16 = 365;

/// The longest wait, in business days, before an installation counts as stalled.
pub const MAX_STALL_DAYS: u16 = 60;

/// Why settings were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("a target is at least 1 minute and at most {} minutes", SlaTargets::MAX_MINUTES)]
    TargetRange,
    #[error("the first response for {0} cannot be due after its resolution")]
    FirstAfterResolution(Priority),
    #[error("the reopen window is at most {MAX_REOPEN_DAYS} days")]
    ReopenWindow,
    #[error("an installation stalls after at most {MAX_STALL_DAYS} business days")]
    StallWindow,
}

/// Checks targets: every one within range, first response never after resolution.
pub fn check_targets(targets: &SlaTargets) -> Result<(), SettingsError> {
    for (index, priority) in Priority::ALL.iter().enumerate() {
        let (first, resolution) = (targets.first_response_minutes[index], targets.resolution_minutes[index]);
        if !(1..=SlaTargets::MAX_MINUTES).contains(&first) || !(1..=SlaTargets::MAX_MINUTES).contains(&resolution) {
            return Err(SettingsError::TargetRange);
        }
        if first > resolution {
            return Err(SettingsError::FirstAfterResolution(*priority));
        }
    }
    Ok(())
}

/// Opening hours, targets, the reopen window and the business days after which an
/// installation that has not delivered data is stalled, checked as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportSettings {
    pub hours: WeeklyHours,
    pub targets: SlaTargets,
    pub reopen_days: u16,
    pub stall_after_days: u16,
}

impl SupportSettings {
    /// Office hours Monday to Friday 08:30–17:00, the standard targets, 14 days to reopen,
    /// stalled after 5 business days.
    pub fn standard() -> Self {
        Self { hours: WeeklyHours::office(), targets: SlaTargets::standard(), reopen_days: 14, stall_after_days: 5 }
    }

    pub fn new(
        hours: WeeklyHours,
        targets: SlaTargets,
        reopen_days: u16,
        stall_after_days: u16,
    ) -> Result<Self, SettingsError> {
        check_targets(&targets)?;
        if reopen_days > MAX_REOPEN_DAYS {
            return Err(SettingsError::ReopenWindow);
        }
        if stall_after_days > MAX_STALL_DAYS {
            return Err(SettingsError::StallWindow);
        }
        Ok(Self { hours, targets, reopen_days, stall_after_days })
    }
}

/// The administrator's word on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOverride {
    pub date: NaiveDate,
    pub closed: bool,
    /// What the day is (empty: the computed holiday's name, if any).
    pub name: String,
}

/// One date of the calendar that is a holiday or has an override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub name: String,
    /// The public holiday this date is, if any.
    pub holiday: Option<DutchHoliday>,
    /// Whether the helpdesk is closed all day.
    pub closed: bool,
    /// Whether an override decides, rather than the computed default.
    pub overridden: bool,
}

/// The holidays and overridden dates of `year`, in date order.
pub fn year_calendar(year: i32, overrides: &[DayOverride], language: Language) -> Vec<CalendarDay> {
    let mut days: BTreeMap<NaiveDate, CalendarDay> = dutch_public_holidays(year)
        .into_iter()
        .map(|h| {
            let day = CalendarDay {
                date: h.date,
                name: h.holiday.name(language).to_owned(),
                holiday: Some(h.holiday),
                closed: h.usually_closed,
                overridden: false,
            };
            (h.date, day)
        })
        .collect();
    for edit in overrides.iter().filter(|o| chrono::Datelike::year(&o.date) == year) {
        let day = days.entry(edit.date).or_insert_with(|| CalendarDay {
            date: edit.date,
            name: String::new(),
            holiday: None,
            closed: false,
            overridden: false,
        });
        day.closed = edit.closed;
        day.overridden = true;
        if !edit.name.trim().is_empty() {
            day.name = edit.name.trim().to_owned();
        }
    }
    days.into_values().collect()
}

/// The dates the helpdesk is closed all day, over `years`.
pub fn closed_dates(years: RangeInclusive<i32>, overrides: &[DayOverride]) -> BTreeSet<NaiveDate> {
    years
        .flat_map(|year| year_calendar(year, overrides, Language::En))
        .filter(|day| day.closed)
        .map(|day| day.date)
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn edit(date: NaiveDate, closed: bool, name: &str) -> DayOverride {
        DayOverride { date, closed, name: name.to_owned() }
    }

    #[test]
    fn days_of_the_week_map_both_ways() {
        for day in DayOfWeek::ALL {
            assert_eq!(DayOfWeek::of(day.weekday()), *day);
            assert_eq!(DayOfWeek::parse(day.as_str()), Some(*day));
        }
    }

    #[test]
    fn standard_settings_pass_their_own_checks() {
        let standard = SupportSettings::standard();
        let again = SupportSettings::new(
            standard.hours.clone(),
            standard.targets,
            standard.reopen_days,
            standard.stall_after_days,
        );
        assert_eq!(again, Ok(standard));
    }

    #[test]
    fn targets_are_checked() {
        let mut targets = SlaTargets::standard();
        targets.set(Priority::High, 0, 60);
        assert_eq!(check_targets(&targets), Err(SettingsError::TargetRange));
        targets.set(Priority::High, 120, 60);
        assert_eq!(check_targets(&targets), Err(SettingsError::FirstAfterResolution(Priority::High)));
        targets.set(Priority::High, 60, SlaTargets::MAX_MINUTES + 1);
        assert_eq!(check_targets(&targets), Err(SettingsError::TargetRange));
        targets.set(Priority::High, 60, 60);
        assert_eq!(check_targets(&targets), Ok(()));
        let too_long = SupportSettings::new(WeeklyHours::office(), targets, MAX_REOPEN_DAYS + 1, 5);
        assert_eq!(too_long, Err(SettingsError::ReopenWindow));
        let too_patient = SupportSettings::new(WeeklyHours::office(), targets, 14, MAX_STALL_DAYS + 1);
        assert_eq!(too_patient, Err(SettingsError::StallWindow));
        assert!(SupportSettings::new(WeeklyHours::office(), targets, 14, 0).is_ok(), "0: stalled at once");
    }

    #[test]
    fn without_overrides_the_usual_holidays_close() {
        let closed = closed_dates(2027..=2027, &[]);
        assert!(closed.contains(&date(2027, 3, 29)), "Easter Monday");
        assert!(closed.contains(&date(2027, 12, 26)), "Boxing Day");
        assert!(!closed.contains(&date(2027, 3, 26)), "Good Friday is open by default");
        assert!(!closed.contains(&date(2027, 5, 5)), "Liberation Day outside a lustrum year");
        assert!(closed_dates(2025..=2025, &[]).contains(&date(2025, 5, 5)), "Liberation Day 2025");
    }

    #[test]
    fn overrides_open_holidays_and_close_other_days() {
        let overrides = [
            edit(date(2027, 3, 26), true, ""),
            edit(date(2027, 12, 26), false, ""),
            edit(date(2027, 6, 18), true, "Bedrijfsuitje"),
        ];
        let closed = closed_dates(2026..=2028, &overrides);
        assert!(closed.contains(&date(2027, 3, 26)));
        assert!(!closed.contains(&date(2027, 12, 26)));
        assert!(closed.contains(&date(2027, 6, 18)));
        let year = year_calendar(2027, &overrides, Language::Nl);
        let outing = year.iter().find(|d| d.date == date(2027, 6, 18));
        assert_eq!(outing.map(|d| (d.name.as_str(), d.holiday, d.overridden)), Some(("Bedrijfsuitje", None, true)));
        let good_friday = year.iter().find(|d| d.date == date(2027, 3, 26));
        assert_eq!(
            good_friday.map(|d| (d.name.as_str(), d.closed, d.overridden)),
            Some(("Goede Vrijdag", true, true)),
            "an override without a name keeps the holiday's"
        );
        assert!(year.windows(2).all(|w| w[0].date < w[1].date), "in date order");
        assert!(year_calendar(2028, &overrides, Language::Nl).iter().all(|d| !d.overridden), "per year");
    }

    proptest! {
        /// Whatever the overrides, a date with one is closed exactly when it says so, and
        /// a date without one follows the computed calendar.
        #[test]
        fn an_override_decides_its_date(
            days in proptest::collection::vec((0i64..1096, any::<bool>()), 0..12),
            probe in 0i64..1096,
        ) {
            let start = date(2026, 1, 1);
            let overrides: Vec<DayOverride> = days
                .iter()
                .map(|&(offset, closed)| (offset, edit(start + chrono::Duration::days(offset), closed, "")))
                .collect::<BTreeMap<_, _>>()
                .into_values()
                .collect();
            let closed = closed_dates(2026..=2028, &overrides);
            let computed = closed_dates(2026..=2028, &[]);
            let probe = start + chrono::Duration::days(probe);
            match overrides.iter().find(|o| o.date == probe) {
                Some(o) => prop_assert_eq!(closed.contains(&probe), o.closed),
                None => prop_assert_eq!(closed.contains(&probe), computed.contains(&probe)),
            }
        }
    }
}
