//! Stalled cases (seed 000 steps 6–7): once the instructions are sent, the helpdesk
//! follows the installation until its first successful upload. A case whose software has
//! not uploaded successfully within the vendor's number of business days (on the support
//! desk's calendar) is stalled, unless an agent scheduled the next check for later.

use chrono::{DateTime, NaiveDate, Utc};

use crate::support::calendar::BusinessCalendar;

/// What decides whether a case is stalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StallFacts {
    /// When the (first) instructions were sent.
    pub instructions_sent_at: DateTime<Utc>,
    /// Whether an upload has succeeded (the case is complete then).
    pub succeeded: bool,
    /// The day an agent chose to look again, if any.
    pub next_check_on: Option<NaiveDate>,
}

/// Whether the case is stalled at `now`: no success, at least `threshold` business days
/// since the instructions, and no next check scheduled after today.
pub fn is_stalled(calendar: &BusinessCalendar, facts: &StallFacts, threshold: u32, now: DateTime<Utc>) -> bool {
    if facts.succeeded {
        return false;
    }
    let today = now.with_timezone(&calendar.zone()).date_naive();
    if facts.next_check_on.is_some_and(|day| day > today) {
        return false;
    }
    calendar.business_days_between(facts.instructions_sent_at, now) >= threshold
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::Europe::Amsterdam;
    use proptest::prelude::*;

    use super::*;
    use crate::support::calendar::WeeklyHours;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Amsterdam.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap().with_timezone(&Utc)
    }

    /// Office hours, closed on Christmas Day and on Monday 28 December 2026.
    fn calendar() -> BusinessCalendar {
        let closed = [NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(), NaiveDate::from_ymd_opt(2026, 12, 28).unwrap()];
        BusinessCalendar::new(Amsterdam, WeeklyHours::office(), closed)
    }

    fn sent(at: DateTime<Utc>) -> StallFacts {
        StallFacts { instructions_sent_at: at, succeeded: false, next_check_on: None }
    }

    #[test]
    fn business_days_skip_weekends_and_closing_days() {
        let cal = calendar();
        // Sent on Thursday 24 December: Friday 25th closed, weekend, Monday 28th closed.
        let thursday = at(2026, 12, 24, 16);
        assert_eq!(cal.business_days_between(thursday, at(2026, 12, 28, 23)), 0);
        assert_eq!(cal.business_days_between(thursday, at(2026, 12, 29, 9)), 1);
        assert_eq!(cal.business_days_between(thursday, at(2026, 12, 31, 9)), 3);
        assert!(!is_stalled(&cal, &sent(thursday), 3, at(2026, 12, 30, 17)));
        assert!(is_stalled(&cal, &sent(thursday), 3, at(2026, 12, 31, 8)));
    }

    #[test]
    fn success_or_a_later_check_is_not_stalled() {
        let cal = calendar();
        let monday = at(2026, 11, 30, 10);
        let late = at(2026, 12, 10, 10);
        assert!(is_stalled(&cal, &sent(monday), 3, late));
        assert!(!is_stalled(&cal, &StallFacts { succeeded: true, ..sent(monday) }, 3, late));
        let later = StallFacts { next_check_on: NaiveDate::from_ymd_opt(2026, 12, 11), ..sent(monday) };
        assert!(!is_stalled(&cal, &later, 3, late), "an agent looks again tomorrow");
        let today = StallFacts { next_check_on: NaiveDate::from_ymd_opt(2026, 12, 10), ..sent(monday) };
        assert!(is_stalled(&cal, &today, 3, late), "the check is due today");
        assert!(is_stalled(&cal, &sent(late), 0, late), "a threshold of 0 flags at once");
    }

    proptest! {
        /// Waiting longer never un-stalls a case, and business days never outnumber days.
        #[test]
        fn stalling_only_grows_with_time(start in 0i64..400, first in 0i64..30, more in 0i64..30, threshold in 0u32..10) {
            let cal = calendar();
            let sent_at = at(2026, 1, 1, 9) + chrono::Duration::days(start);
            let earlier = sent_at + chrono::Duration::days(first);
            let later = earlier + chrono::Duration::days(more);
            let days = cal.business_days_between(sent_at, later);
            prop_assert!(i64::from(days) <= first + more);
            prop_assert!(cal.business_days_between(sent_at, earlier) <= days);
            if is_stalled(&cal, &sent(sent_at), threshold, earlier) {
                prop_assert!(is_stalled(&cal, &sent(sent_at), threshold, later));
            }
        }
    }
}
