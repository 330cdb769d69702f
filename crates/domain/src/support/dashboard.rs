//! The helpdesk dashboard's groupings: the open backlog by age, and weeks (Monday to
//! Sunday in the helpdesk's time zone) for SLA results.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::named_values;

named_values! {
    /// How long an open ticket has been waiting since it was filed.
    pub enum AgeBucket {
        UnderOneDay = "under_one_day",
        OneToThreeDays = "one_to_three_days",
        ThreeToSevenDays = "three_to_seven_days",
        OneToFourWeeks = "one_to_four_weeks",
        OverFourWeeks = "over_four_weeks",
    }
}

impl AgeBucket {
    /// The bucket of a ticket filed `age` ago.
    pub fn of(age: Duration) -> Self {
        if age < Duration::days(1) {
            Self::UnderOneDay
        } else if age < Duration::days(3) {
            Self::OneToThreeDays
        } else if age < Duration::days(7) {
            Self::ThreeToSevenDays
        } else if age < Duration::days(28) {
            Self::OneToFourWeeks
        } else {
            Self::OverFourWeeks
        }
    }
}

/// The Monday of the week `at` falls in, in `zone`.
pub fn week_start(at: DateTime<Utc>, zone: Tz) -> NaiveDate {
    let day = at.with_timezone(&zone).date_naive();
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The Mondays of the last `weeks` weeks up to the one `now` falls in, oldest first.
pub fn recent_weeks(now: DateTime<Utc>, zone: Tz, weeks: u32) -> Vec<NaiveDate> {
    let this = week_start(now, zone);
    (0..i64::from(weeks)).rev().map(|back| this - Duration::weeks(back)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    const AMS: Tz = chrono_tz::Europe::Amsterdam;

    #[test]
    fn ages_fall_in_their_buckets() {
        assert_eq!(AgeBucket::of(Duration::hours(23)), AgeBucket::UnderOneDay);
        assert_eq!(AgeBucket::of(Duration::days(1)), AgeBucket::OneToThreeDays);
        assert_eq!(AgeBucket::of(Duration::days(6)), AgeBucket::ThreeToSevenDays);
        assert_eq!(AgeBucket::of(Duration::days(27)), AgeBucket::OneToFourWeeks);
        assert_eq!(AgeBucket::of(Duration::days(400)), AgeBucket::OverFourWeeks);
    }

    #[test]
    fn weeks_start_on_monday_in_amsterdam() {
        // Sunday 23:30 UTC is already Monday in Amsterdam.
        let late_sunday = Utc.with_ymd_and_hms(2026, 11, 29, 23, 30, 0).unwrap();
        assert_eq!(week_start(late_sunday, AMS), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        let earlier = Utc.with_ymd_and_hms(2026, 11, 29, 22, 30, 0).unwrap();
        assert_eq!(week_start(earlier, AMS), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let weeks = recent_weeks(late_sunday, AMS, 3);
        assert_eq!(weeks.len(), 3);
        assert_eq!(weeks[2], NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(weeks[0], NaiveDate::from_ymd_opt(2026, 11, 16).unwrap());
    }

    proptest! {
        #[test]
        fn a_week_start_is_a_monday_within_the_week_before(seconds in 0i64..4_000_000_000) {
            let at = Utc.timestamp_opt(seconds, 0).unwrap();
            let start = week_start(at, AMS);
            prop_assert_eq!(start.weekday(), chrono::Weekday::Mon);
            let local = at.with_timezone(&AMS).date_naive();
            prop_assert!(start <= local && local - start < Duration::days(7));
        }

        #[test]
        fn buckets_never_go_back_as_tickets_age(a in 0i64..10_000_000, b in 0i64..10_000_000) {
            let (younger, older) = (a.min(b), a.max(b));
            prop_assert!(AgeBucket::of(Duration::seconds(younger)) <= AgeBucket::of(Duration::seconds(older)));
        }
    }
}
