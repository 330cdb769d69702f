//! Business hours: when the helpdesk is open, and how much open time lies between two
//! instants.
//!
//! Opening hours are wall-clock times in the calendar's time zone, so a span is turned
//! into UTC instants per date: a day on which the clocks change still opens at 08:30
//! local time, and the hours between two instants are measured in real elapsed time.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// Minutes after local midnight; 1440 is the end of the day.
pub type DayMinute = u16;

const END_OF_DAY: DayMinute = 24 * 60;

const WEEK: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

/// One opening span on a weekday, `[opens, closes)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningSpan {
    pub weekday: Weekday,
    pub opens: DayMinute,
    pub closes: DayMinute,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("a span must open before it closes, within the day (00:00–24:00)")]
    SpanOrder,
    #[error("two opening spans on {0} overlap")]
    Overlap(Weekday),
    #[error("the helpdesk must be open at some time in the week")]
    NeverOpen,
    #[error("a time looks like 08:30 (24:00 for the end of the day)")]
    TimeFormat,
}

/// The published rule for an opening time (`HH:MM`, 00:00–23:59)…
pub const OPENS_PATTERN: &str = r"^([01][0-9]|2[0-3]):[0-5][0-9]$";
/// …and for a closing time, which may be the end of the day.
pub const CLOSES_PATTERN: &str = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$";

/// Parses `HH:MM` (00:00–24:00) into minutes after midnight.
pub fn parse_day_minute(text: &str) -> Result<DayMinute, CalendarError> {
    let (h, m) = text.split_once(':').ok_or(CalendarError::TimeFormat)?;
    let digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return Err(CalendarError::TimeFormat);
    }
    let (h, m): (u16, u16) =
        (h.parse().map_err(|_| CalendarError::TimeFormat)?, m.parse().map_err(|_| CalendarError::TimeFormat)?);
    let total = h * 60 + m;
    if m >= 60 || total > END_OF_DAY {
        return Err(CalendarError::TimeFormat);
    }
    Ok(total)
}

/// Formats minutes after midnight as `HH:MM`.
pub fn format_day_minute(minute: DayMinute) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// The weekly opening hours: for each weekday, its spans in order, not overlapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyHours {
    days: [Vec<(DayMinute, DayMinute)>; 7],
}

impl WeeklyHours {
    pub fn new(spans: impl IntoIterator<Item = OpeningSpan>) -> Result<Self, CalendarError> {
        let mut days: [Vec<(DayMinute, DayMinute)>; 7] = Default::default();
        for span in spans {
            if span.opens >= span.closes || span.closes > END_OF_DAY {
                return Err(CalendarError::SpanOrder);
            }
            days[span.weekday.num_days_from_monday() as usize].push((span.opens, span.closes));
        }
        for (day, weekday) in days.iter_mut().zip(WEEK) {
            day.sort_unstable();
            if day.windows(2).any(|w| w[0].1 > w[1].0) {
                return Err(CalendarError::Overlap(weekday));
            }
        }
        if days.iter().all(Vec::is_empty) {
            return Err(CalendarError::NeverOpen);
        }
        Ok(Self { days })
    }

    /// Monday to Friday, 08:30–17:00.
    pub fn office() -> Self {
        let weekdays = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
        let mut days: [Vec<(DayMinute, DayMinute)>; 7] = Default::default();
        for day in weekdays {
            days[day.num_days_from_monday() as usize].push((8 * 60 + 30, 17 * 60));
        }
        Self { days }
    }

    pub fn spans(&self) -> impl Iterator<Item = OpeningSpan> + '_ {
        self.days.iter().zip(WEEK).flat_map(|(spans, weekday)| {
            spans.iter().map(move |&(opens, closes)| OpeningSpan { weekday, opens, closes })
        })
    }

    fn on(&self, weekday: Weekday) -> &[(DayMinute, DayMinute)] {
        &self.days[weekday.num_days_from_monday() as usize]
    }
}

/// An interval of open time, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenInterval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Opening hours, closed dates and the time zone they are read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    zone: Tz,
    hours: WeeklyHours,
    closed_dates: BTreeSet<NaiveDate>,
}

impl BusinessCalendar {
    pub fn new(zone: Tz, hours: WeeklyHours, closed_dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self { zone, hours, closed_dates: closed_dates.into_iter().collect() }
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    pub fn hours(&self) -> &WeeklyHours {
        &self.hours
    }

    pub fn is_closed_on(&self, date: NaiveDate) -> bool {
        self.closed_dates.contains(&date)
    }

    /// Whether the helpdesk opens at all on `date` (a weekday with hours, not closed).
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !self.is_closed_on(date) && !self.hours.on(date.weekday()).is_empty()
    }

    /// Business days that have passed since `since`: the local dates after `since`'s
    /// own, up to and including `now`'s, on which the helpdesk opens.
    pub fn business_days_between(&self, since: DateTime<Utc>, now: DateTime<Utc>) -> u32 {
        let first = since.with_timezone(&self.zone).date_naive();
        let last = now.with_timezone(&self.zone).date_naive();
        first
            .iter_days()
            .skip(1)
            .take_while(|date| *date <= last)
            .filter(|date| self.is_business_day(*date))
            .fold(0, |count, _| count.saturating_add(1))
    }

    /// The instant a local wall-clock time names. A time the clocks skip (spring) counts
    /// from the same wall-clock time an hour later; a time that occurs twice (autumn),
    /// from its first occurrence.
    fn instant(&self, date: NaiveDate, minute: DayMinute) -> DateTime<Utc> {
        let local: NaiveDateTime = if minute >= END_OF_DAY {
            date.succ_opt().unwrap_or(date).and_time(NaiveTime::MIN)
        } else {
            date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minute))
        };
        let resolve = |local: NaiveDateTime| match self.zone.from_local_datetime(&local) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Some(at.with_timezone(&Utc)),
            LocalResult::None => None,
        };
        resolve(local).or_else(|| resolve(local + Duration::hours(1))).unwrap_or_else(|| Utc.from_utc_datetime(&local))
    }

    /// The open intervals of one local date.
    fn intervals_on(&self, date: NaiveDate) -> impl Iterator<Item = OpenInterval> + '_ {
        let closed = self.is_closed_on(date);
        self.hours
            .on(date.weekday())
            .iter()
            .filter(move |_| !closed)
            .map(move |&(opens, closes)| OpenInterval {
                start: self.instant(date, opens),
                end: self.instant(date, closes),
            })
            .filter(|interval| interval.start < interval.end)
    }

    /// Open intervals from `from` on, in order, the first one clipped to start at `from`.
    /// Endless: the week has open time and only finitely many dates are closed.
    pub fn open_intervals(&self, from: DateTime<Utc>) -> impl Iterator<Item = OpenInterval> + '_ {
        let first_date = from.with_timezone(&self.zone).date_naive() - Duration::days(1);
        first_date
            .iter_days()
            .flat_map(move |date| self.intervals_on(date).collect::<Vec<_>>())
            .filter(move |interval| interval.end > from)
            .map(move |interval| OpenInterval { start: interval.start.max(from), end: interval.end })
    }

    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        self.open_intervals(at).next().is_some_and(|interval| interval.start == at)
    }

    /// `at` if the helpdesk is open then, else the next opening.
    pub fn next_opening(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        self.open_intervals(at).next().map_or(at, |interval| interval.start)
    }

    /// Open time between `from` and `to` (zero when `to` is not after `from`).
    pub fn open_time_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        if to <= from {
            return Duration::zero();
        }
        self.open_intervals(from)
            .take_while(|interval| interval.start < to)
            .map(|interval| interval.end.min(to) - interval.start)
            .fold(Duration::zero(), |sum, part| sum + part)
    }

    /// The instant at which `amount` of open time has passed since `from`. Zero gives
    /// `from` itself, even outside hours.
    pub fn add_open_time(&self, from: DateTime<Utc>, amount: Duration) -> DateTime<Utc> {
        let mut left = amount;
        if left <= Duration::zero() {
            return from;
        }
        for interval in self.open_intervals(from) {
            let length = interval.end - interval.start;
            if left <= length {
                return interval.start + left;
            }
            left -= length;
        }
        from
    }
}

#[cfg(test)]
mod tests {
    use chrono_tz::Europe::Amsterdam;
    use proptest::prelude::*;

    use super::*;
    use crate::support::holidays::dutch_public_holidays;

    /// A local Amsterdam time.
    fn ams(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Amsterdam.with_ymd_and_hms(y, mo, d, h, mi, 0).earliest().unwrap().with_timezone(&Utc)
    }

    fn office() -> BusinessCalendar {
        let closed = (2025..=2028).flat_map(dutch_public_holidays).filter(|h| h.usually_closed).map(|h| h.date);
        BusinessCalendar::new(Amsterdam, WeeklyHours::office(), closed)
    }

    fn hours(h: i64, m: i64) -> Duration {
        Duration::hours(h) + Duration::minutes(m)
    }

    #[test]
    fn times_parse_and_print() {
        assert_eq!(parse_day_minute("08:30"), Ok(510));
        assert_eq!(parse_day_minute("24:00"), Ok(1440));
        for bad in ["8:30", "24:01", "12:60", "ab:cd", "", "0830", "-1:00"] {
            assert_eq!(parse_day_minute(bad), Err(CalendarError::TimeFormat), "{bad}");
        }
        assert_eq!(format_day_minute(510), "08:30");
        assert_eq!(format_day_minute(1440), "24:00");
    }

    #[test]
    fn weekly_hours_are_validated() {
        let span = |weekday, opens, closes| OpeningSpan { weekday, opens, closes };
        assert_eq!(WeeklyHours::new([]), Err(CalendarError::NeverOpen));
        assert_eq!(WeeklyHours::new([span(Weekday::Mon, 600, 600)]), Err(CalendarError::SpanOrder));
        assert_eq!(WeeklyHours::new([span(Weekday::Mon, 600, 1441)]), Err(CalendarError::SpanOrder));
        assert_eq!(
            WeeklyHours::new([span(Weekday::Tue, 480, 720), span(Weekday::Tue, 700, 1020)]),
            Err(CalendarError::Overlap(Weekday::Tue))
        );
        let split = WeeklyHours::new([span(Weekday::Tue, 780, 1020), span(Weekday::Tue, 480, 720)]).unwrap();
        assert_eq!(split.spans().map(|s| s.opens).collect::<Vec<_>>(), vec![480, 780]);
        assert_eq!(WeeklyHours::office().spans().count(), 5);
    }

    #[test]
    fn inside_hours_the_clock_runs_at_once() {
        let cal = office();
        // Wednesday 18 November 2026, 10:00.
        assert!(cal.is_open(ams(2026, 11, 18, 10, 0)));
        assert_eq!(cal.next_opening(ams(2026, 11, 18, 10, 0)), ams(2026, 11, 18, 10, 0));
        assert_eq!(cal.add_open_time(ams(2026, 11, 18, 10, 0), hours(4, 0)), ams(2026, 11, 18, 14, 0));
        // Past closing it continues the next morning.
        assert_eq!(cal.add_open_time(ams(2026, 11, 18, 15, 0), hours(4, 0)), ams(2026, 11, 19, 10, 30));
    }

    #[test]
    fn outside_hours_it_starts_at_the_next_opening() {
        let cal = office();
        // Tuesday evening → Wednesday 08:30.
        assert_eq!(cal.next_opening(ams(2026, 11, 17, 19, 45)), ams(2026, 11, 18, 8, 30));
        // Early morning → the same day's opening.
        assert_eq!(cal.next_opening(ams(2026, 11, 18, 6, 0)), ams(2026, 11, 18, 8, 30));
        // Closing time itself is closed.
        assert!(!cal.is_open(ams(2026, 11, 18, 17, 0)));
        assert!(cal.is_open(ams(2026, 11, 18, 8, 30)));
        assert_eq!(cal.add_open_time(ams(2026, 11, 17, 19, 45), hours(1, 0)), ams(2026, 11, 18, 9, 30));
    }

    #[test]
    fn weekends_are_skipped() {
        let cal = office();
        // Friday 20 November 2026, 16:00 + 2 h → Monday 10:30.
        assert_eq!(cal.add_open_time(ams(2026, 11, 20, 16, 0), hours(2, 0)), ams(2026, 11, 23, 9, 30));
        // Saturday → Monday 08:30.
        assert_eq!(cal.next_opening(ams(2026, 11, 21, 12, 0)), ams(2026, 11, 23, 8, 30));
        assert_eq!(cal.open_time_between(ams(2026, 11, 20, 16, 0), ams(2026, 11, 23, 9, 0)), hours(1, 30));
    }

    #[test]
    fn a_target_spanning_the_christmas_weekend() {
        let cal = office();
        // Thursday 24 December 2026, 15:00, 8 h 30 of open time: 2 h on Thursday;
        // Friday 25 and Saturday 26 (Christmas), Sunday closed; 6 h 30 on Monday 28th.
        assert_eq!(cal.add_open_time(ams(2026, 12, 24, 15, 0), hours(8, 30)), ams(2026, 12, 28, 15, 0));
        // Easter 2026: Thursday 2 April 16:30 + 1 h → Friday (Good Friday is a working day) 09:00.
        assert_eq!(cal.add_open_time(ams(2026, 4, 2, 16, 30), hours(1, 0)), ams(2026, 4, 3, 9, 0));
        // Friday 3 April 16:30 + 1 h → Tuesday 7 April 09:00 (Easter Monday closed).
        assert_eq!(cal.add_open_time(ams(2026, 4, 3, 16, 30), hours(1, 0)), ams(2026, 4, 7, 9, 0));
    }

    #[test]
    fn both_dst_transitions() {
        // Clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026.
        let cal = office();
        // Friday 27 March 16:00 (UTC+1) + 2 h → Monday 30 March 09:30 (UTC+2): opening
        // is 08:30 local on both sides.
        let friday = ams(2026, 3, 27, 16, 0);
        let monday = cal.add_open_time(friday, hours(2, 0));
        assert_eq!(monday, ams(2026, 3, 30, 9, 30));
        assert_eq!(monday, Utc.with_ymd_and_hms(2026, 3, 30, 7, 30, 0).unwrap());
        assert_eq!(cal.open_time_between(friday, monday), hours(2, 0));
        // October: Friday 23rd 16:00 (UTC+2) + 2 h → Monday 26th 09:30 (UTC+1).
        let monday = cal.add_open_time(ams(2026, 10, 23, 16, 0), hours(2, 0));
        assert_eq!(monday, Utc.with_ymd_and_hms(2026, 10, 26, 8, 30, 0).unwrap());

        // A helpdesk open around the clock on Sundays sees 23 h and 25 h days.
        let sunday = WeeklyHours::new([OpeningSpan { weekday: Weekday::Sun, opens: 0, closes: 1440 }]).unwrap();
        let cal = BusinessCalendar::new(Amsterdam, sunday, []);
        assert_eq!(cal.open_time_between(ams(2026, 3, 28, 12, 0), ams(2026, 3, 30, 12, 0)), Duration::hours(23));
        assert_eq!(cal.open_time_between(ams(2026, 10, 24, 12, 0), ams(2026, 10, 26, 12, 0)), Duration::hours(25));
        // A span opening at 02:30, a time skipped in spring, starts at 03:30.
        let night = WeeklyHours::new([OpeningSpan { weekday: Weekday::Sun, opens: 150, closes: 300 }]).unwrap();
        let cal = BusinessCalendar::new(Amsterdam, night, []);
        assert_eq!(cal.next_opening(ams(2026, 3, 28, 12, 0)), ams(2026, 3, 29, 3, 30));
    }

    proptest! {
        /// The published patterns say exactly what the parser accepts: an opening time is
        /// any time before midnight, a closing time may also be 24:00.
        #[test]
        fn the_published_time_patterns_match_the_parser(text in "[0-9+ -]{0,3}:?[0-9+-]{0,3}|[0-2][0-9]:[0-6][0-9]") {
            let opens = regex::Regex::new(OPENS_PATTERN).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let closes = regex::Regex::new(CLOSES_PATTERN).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let parsed = parse_day_minute(&text);
            prop_assert_eq!(closes.is_match(&text), parsed.is_ok(), "closing {}", text);
            prop_assert_eq!(opens.is_match(&text), parsed.is_ok_and(|m| m < END_OF_DAY), "opening {}", text);
        }

        /// Adding open time and measuring it back agree, from any instant.
        #[test]
        fn adding_and_measuring_agree(start_min in 0i64..(4 * 365 * 24 * 60), amount_min in 0i64..(60 * 60)) {
            let cal = office();
            let from = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(start_min);
            let due = cal.add_open_time(from, Duration::minutes(amount_min));
            prop_assert!(due >= from);
            prop_assert_eq!(cal.open_time_between(from, due), Duration::minutes(amount_min));
            if amount_min > 0 {
                // The deadline falls inside open time (or at a closing time).
                prop_assert!(cal.is_open(due - Duration::seconds(1)));
            }
        }

        /// Open time is additive over any split point.
        #[test]
        fn open_time_is_additive(a in 0i64..(400 * 24 * 60), b in 0i64..(30 * 24 * 60), c in 0i64..(30 * 24 * 60)) {
            let cal = office();
            let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(a);
            let t1 = t0 + Duration::minutes(b);
            let t2 = t1 + Duration::minutes(c);
            prop_assert_eq!(cal.open_time_between(t0, t2), cal.open_time_between(t0, t1) + cal.open_time_between(t1, t2));
            // Never more than 8.5 h per calendar day.
            prop_assert!(cal.open_time_between(t0, t2) <= Duration::minutes((b + c) / (24 * 60) * 510 + 510));
        }

        /// The next opening is open, and nothing between the instant and it is.
        #[test]
        fn next_opening_is_the_first_open_instant(start_min in 0i64..(4 * 365 * 24 * 60)) {
            let cal = office();
            let at = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(start_min);
            let next = cal.next_opening(at);
            prop_assert!(cal.is_open(next));
            prop_assert_eq!(cal.open_time_between(at, next), Duration::zero());
            let local = next.with_timezone(&Amsterdam);
            prop_assert!(!cal.is_closed_on(local.date_naive()));
            prop_assert!(local.weekday().num_days_from_monday() < 5);
        }
    }
}
