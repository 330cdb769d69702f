//! SLA clocks: first response and resolution targets per priority, counted in open
//! business time while the ticket is with the helpdesk.
//!
//! A clock runs only while the ticket is new or open *and* the helpdesk is open: a
//! ticket filed at night starts at the next opening; waiting on the customer, awaiting
//! approval and closed periods pause it. The first-response clock stops at the first
//! public staff message; the resolution clock at closing (and runs on after a reopen).

use chrono::{DateTime, Duration, Utc};

use super::{BusinessCalendar, Priority, TicketStatus};

/// Targets in minutes of open time, per priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaTargets {
    pub first_response_minutes: [u32; 4],
    pub resolution_minutes: [u32; 4],
}

fn index(priority: Priority) -> usize {
    match priority {
        Priority::Low => 0,
        Priority::Normal => 1,
        Priority::High => 2,
        Priority::Urgent => 3,
    }
}

impl SlaTargets {
    /// Longest target accepted: a year of office hours.
    pub const MAX_MINUTES: u32 = 260 * 510;

    /// Low 2 days / 10 days, normal 1 day / 5 days, high 4 h / 2 days, urgent 1 h / 1 day
    /// (a day being 8.5 h of office time).
    pub fn standard() -> Self {
        let day = 510;
        Self { first_response_minutes: [2 * day, day, 240, 60], resolution_minutes: [10 * day, 5 * day, 2 * day, day] }
    }

    pub fn first_response(&self, priority: Priority) -> Duration {
        Duration::minutes(i64::from(self.first_response_minutes[index(priority)]))
    }

    pub fn resolution(&self, priority: Priority) -> Duration {
        Duration::minutes(i64::from(self.resolution_minutes[index(priority)]))
    }

    pub fn set(&mut self, priority: Priority, first_response_minutes: u32, resolution_minutes: u32) {
        self.first_response_minutes[index(priority)] = first_response_minutes;
        self.resolution_minutes[index(priority)] = resolution_minutes;
    }
}

/// From `from` on, the ticket had `status` (until the next period begins).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusPeriod {
    pub status: TicketStatus,
    pub from: DateTime<Utc>,
}

/// Where one clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaState {
    /// Running: `left` of open time until `due_at` (if nothing pauses it).
    Running { due_at: DateTime<Utc>, left: Duration },
    /// Paused with `left` to go.
    Paused { left: Duration },
    /// Stopped within the target.
    Met,
    /// The target passed at `at` (whether or not the clock has stopped since).
    Breached { at: DateTime<Utc> },
}

impl SlaState {
    /// The instant to sort "breaching first" by: past for breached, the deadline for
    /// running, none for paused or met.
    pub fn sort_instant(self) -> Option<DateTime<Utc>> {
        match self {
            Self::Running { due_at, .. } => Some(due_at),
            Self::Breached { at } => Some(at),
            Self::Paused { .. } | Self::Met => None,
        }
    }
}

/// Evaluates a clock with `target` over a ticket's status `history` (in time order) at
/// `now`. `stopped_at` is when its event happened (first staff reply, or closing);
/// `None` while it has not.
pub fn evaluate(
    calendar: &BusinessCalendar,
    history: &[StatusPeriod],
    target: Duration,
    stopped_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SlaState {
    let end = stopped_at.map_or(now, |stop| stop.min(now));
    let mut used = Duration::zero();
    let mut breached_at = None;
    for (i, period) in history.iter().enumerate() {
        if !period.status.clock_runs() {
            continue;
        }
        let until = history.get(i + 1).map_or(end, |next| next.from.min(end));
        if period.from >= until {
            continue;
        }
        let part = calendar.open_time_between(period.from, until);
        if breached_at.is_none() && used + part >= target {
            breached_at = Some(calendar.add_open_time(period.from, target - used));
        }
        used += part;
    }
    // Exactly on the target counts as met.
    match (breached_at, stopped_at) {
        (Some(at), _) if used > target || (used == target && stopped_at.is_none()) => SlaState::Breached { at },
        (_, Some(_)) => SlaState::Met,
        _ => {
            let left = target - used;
            let running = history.last().is_some_and(|last| last.status.clock_runs());
            if running {
                SlaState::Running { due_at: calendar.add_open_time(now, left), left }
            } else {
                SlaState::Paused { left }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::Europe::Amsterdam;
    use proptest::prelude::*;

    use super::TicketStatus::*;
    use super::*;
    use crate::support::{WeeklyHours, dutch_public_holidays};

    fn ams(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Amsterdam.with_ymd_and_hms(y, mo, d, h, mi, 0).earliest().unwrap().with_timezone(&Utc)
    }

    fn office() -> BusinessCalendar {
        let closed = dutch_public_holidays(2026).into_iter().filter(|h| h.usually_closed).map(|h| h.date);
        BusinessCalendar::new(Amsterdam, WeeklyHours::office(), closed)
    }

    fn period(status: TicketStatus, from: DateTime<Utc>) -> StatusPeriod {
        StatusPeriod { status, from }
    }

    #[test]
    fn filed_at_night_the_clock_starts_at_opening() {
        let cal = office();
        // Filed Tuesday 23:10, high priority (4 h first response); looked at Wednesday 09:30.
        let history = [period(New, ams(2026, 11, 17, 23, 10))];
        let state = evaluate(&cal, &history, Duration::hours(4), None, ams(2026, 11, 18, 9, 30));
        assert_eq!(state, SlaState::Running { due_at: ams(2026, 11, 18, 12, 30), left: Duration::hours(3) });
    }

    #[test]
    fn waiting_on_the_customer_pauses_the_clock() {
        let cal = office();
        let history = [
            period(New, ams(2026, 11, 16, 9, 0)),
            period(WaitingOnCustomer, ams(2026, 11, 16, 10, 0)),
            period(Open, ams(2026, 11, 18, 14, 0)),
        ];
        // One hour used Monday, paused until Wednesday 14:00, one more hour to 15:00; the
        // six left are two on Wednesday and four on Thursday.
        let state = evaluate(&cal, &history, Duration::hours(8), None, ams(2026, 11, 18, 15, 0));
        assert_eq!(state, SlaState::Running { due_at: ams(2026, 11, 19, 12, 30), left: Duration::hours(6) });
        // While paused the state says how much is left.
        let state = evaluate(&cal, &history[..2], Duration::hours(8), None, ams(2026, 11, 18, 12, 0));
        assert_eq!(state, SlaState::Paused { left: Duration::hours(7) });
    }

    #[test]
    fn awaiting_approval_does_not_count() {
        let cal = office();
        let history = [period(AwaitingApproval, ams(2026, 11, 16, 9, 0)), period(New, ams(2026, 11, 17, 9, 0))];
        let state = evaluate(&cal, &history, Duration::hours(1), None, ams(2026, 11, 17, 9, 30));
        assert_eq!(state, SlaState::Running { due_at: ams(2026, 11, 17, 10, 0), left: Duration::minutes(30) });
    }

    #[test]
    fn met_and_breached() {
        let cal = office();
        let history = [period(New, ams(2026, 11, 16, 9, 0))];
        let replied = Some(ams(2026, 11, 16, 9, 45));
        assert_eq!(evaluate(&cal, &history, Duration::hours(1), replied, ams(2026, 11, 20, 9, 0)), SlaState::Met);
        // Exactly on time is met.
        let on_time = Some(ams(2026, 11, 16, 10, 0));
        assert_eq!(evaluate(&cal, &history, Duration::hours(1), on_time, ams(2026, 11, 20, 9, 0)), SlaState::Met);
        let late = Some(ams(2026, 11, 16, 11, 0));
        assert_eq!(
            evaluate(&cal, &history, Duration::hours(1), late, ams(2026, 11, 20, 9, 0)),
            SlaState::Breached { at: ams(2026, 11, 16, 10, 0) }
        );
        // No reply, past the target: breached at the target instant.
        assert_eq!(
            evaluate(&cal, &history, Duration::hours(9), None, ams(2026, 11, 17, 12, 0)),
            SlaState::Breached { at: ams(2026, 11, 17, 9, 30) }
        );
    }

    #[test]
    fn resolution_runs_on_after_a_reopen() {
        let cal = office();
        let history = [
            period(New, ams(2026, 11, 16, 9, 0)),
            period(Closed, ams(2026, 11, 16, 12, 0)),
            period(Open, ams(2026, 11, 19, 9, 0)),
        ];
        let state = evaluate(&cal, &history, Duration::hours(5), None, ams(2026, 11, 19, 10, 0));
        assert_eq!(state, SlaState::Running { due_at: ams(2026, 11, 19, 11, 0), left: Duration::hours(1) });
    }

    #[test]
    fn a_target_over_the_christmas_holidays() {
        let cal = office();
        // Urgent, filed Thursday 24 December 16:00 with a 1-day (8.5 h) resolution target:
        // 1 h on Thursday, Christmas Friday/Saturday and Sunday closed, due Monday 16:00.
        let history = [period(New, ams(2026, 12, 24, 16, 0))];
        let state = evaluate(&cal, &history, Duration::minutes(510), None, ams(2026, 12, 24, 16, 0));
        assert_eq!(state, SlaState::Running { due_at: ams(2026, 12, 28, 16, 0), left: Duration::minutes(510) });
    }

    #[test]
    fn standard_targets_grow_as_priority_drops() {
        let t = SlaTargets::standard();
        for pair in Priority::ALL.windows(2) {
            assert!(t.first_response(pair[0]) > t.first_response(pair[1]));
            assert!(t.resolution(pair[0]) > t.resolution(pair[1]));
        }
        let mut custom = t;
        custom.set(Priority::Urgent, 30, 240);
        assert_eq!(custom.first_response(Priority::Urgent), Duration::minutes(30));
    }

    proptest! {
        /// A running clock's deadline is exactly `left` of open time away, and used plus
        /// left is the target.
        #[test]
        fn running_clocks_add_up(
            statuses in prop::collection::vec(prop::sample::select(TicketStatus::ALL.to_vec()), 1..6),
            gaps in prop::collection::vec(0i64..(5 * 24 * 60), 6),
            target_min in 1i64..(3 * 510),
            extra in 0i64..(3 * 24 * 60),
        ) {
            let cal = office();
            let mut at = ams(2026, 11, 2, 0, 0);
            let mut history = Vec::new();
            for (status, gap) in statuses.iter().zip(&gaps) {
                history.push(period(*status, at));
                at += Duration::minutes(*gap);
            }
            let now = at + Duration::minutes(extra);
            let target = Duration::minutes(target_min);
            let used: Duration = history.iter().enumerate().filter(|(_, p)| p.status.clock_runs()).map(|(i, p)| {
                let until = history.get(i + 1).map_or(now, |n| n.from);
                cal.open_time_between(p.from, until)
            }).fold(Duration::zero(), |a, b| a + b);
            match evaluate(&cal, &history, target, None, now) {
                SlaState::Running { due_at, left } => {
                    prop_assert_eq!(used + left, target);
                    prop_assert_eq!(cal.open_time_between(now, due_at), left);
                }
                SlaState::Paused { left } => prop_assert_eq!(used + left, target),
                SlaState::Breached { at } => {
                    prop_assert!(used >= target);
                    prop_assert!(at <= now);
                }
                SlaState::Met => prop_assert!(false, "no stop, so never met"),
            }
        }
    }
}
