//! The intake funnel for the helpdesk's dashboard: how many cases reached each step, how
//! many are there now, and how long a case stays in a step (the median over every stay
//! that has ended), read from the cases' timelines.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::InstallStep;

/// One move on a case's timeline (entries without a step change have `to: None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub at: DateTime<Utc>,
    pub to: Option<InstallStep>,
}

/// The figures of one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepFigures {
    pub step: InstallStep,
    /// Cases that were at this step at some time.
    pub reached: u64,
    /// Cases at this step now.
    pub current: u64,
    /// Stays in this step that have ended.
    pub stays: u64,
    /// The median of those stays, in seconds.
    pub median_seconds: Option<i64>,
}

/// The stays of one case that have ended, as (step, seconds), from its moves in time
/// order. A move to the step the case is at (instructions sent again) does not end it.
pub fn stays(moves: &[Move]) -> Vec<(InstallStep, i64)> {
    let mut ended = Vec::new();
    let mut current: Option<(InstallStep, DateTime<Utc>)> = None;
    for next in moves {
        let Some(to) = next.to else { continue };
        match current {
            Some((step, _)) if step == to => {}
            Some((step, since)) => {
                ended.push((step, (next.at - since).num_seconds().max(0)));
                current = Some((to, next.at));
            }
            None => current = Some((to, next.at)),
        }
    }
    ended
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[middle] } else { (values[middle - 1] + values[middle]) / 2 })
}

/// The figures of every step, in the flow's order, from each case's step now and its
/// moves in time order.
pub fn figures<'a>(cases: impl IntoIterator<Item = (InstallStep, &'a [Move])>) -> Vec<StepFigures> {
    let mut reached: HashMap<InstallStep, u64> = HashMap::new();
    let mut current: HashMap<InstallStep, u64> = HashMap::new();
    let mut durations: HashMap<InstallStep, Vec<i64>> = HashMap::new();
    for (now, moves) in cases {
        *current.entry(now).or_default() += 1;
        let mut seen: HashSet<InstallStep> = moves.iter().filter_map(|m| m.to).collect();
        seen.insert(now);
        for step in seen {
            *reached.entry(step).or_default() += 1;
        }
        for (step, seconds) in stays(moves) {
            durations.entry(step).or_default().push(seconds);
        }
    }
    InstallStep::ALL
        .iter()
        .map(|step| {
            let mut stays = durations.remove(step).unwrap_or_default();
            StepFigures {
                step: *step,
                reached: reached.get(step).copied().unwrap_or(0),
                current: current.get(step).copied().unwrap_or(0),
                stays: stays.len() as u64,
                median_seconds: median(&mut stays),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    use super::*;

    fn at(hours: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap() + Duration::hours(hours)
    }

    fn to(hours: i64, step: InstallStep) -> Move {
        Move { at: at(hours), to: Some(step) }
    }

    #[test]
    fn a_stay_ends_when_the_case_moves_on() {
        use InstallStep::*;
        let moves = [
            to(0, Submitted),
            to(4, Returned),
            Move { at: at(5), to: None },
            to(30, Submitted),
            to(32, Questionnaire),
            to(80, Contracts),
            to(90, Instructions),
            to(100, Instructions),
        ];
        assert_eq!(
            stays(&moves),
            [
                (Submitted, 4 * 3600),
                (Returned, 26 * 3600),
                (Submitted, 2 * 3600),
                (Questionnaire, 48 * 3600),
                (Contracts, 10 * 3600)
            ],
            "sending the instructions again does not end the stay"
        );
    }

    #[test]
    fn medians_and_counts_per_step() {
        use InstallStep::*;
        let quick = [to(0, Submitted), to(2, Questionnaire)];
        let slow = [to(0, Submitted), to(6, Questionnaire), to(30, Contracts)];
        let waiting = [to(0, Submitted)];
        let figures = figures([(Questionnaire, &quick[..]), (Contracts, &slow[..]), (Submitted, &waiting[..])]);
        let of = |step: InstallStep| figures.iter().find(|f| f.step == step).copied().unwrap();
        assert_eq!(
            of(Submitted),
            StepFigures { step: Submitted, reached: 3, current: 1, stays: 2, median_seconds: Some(4 * 3600) }
        );
        assert_eq!(of(Questionnaire).reached, 2);
        assert_eq!((of(Questionnaire).current, of(Questionnaire).median_seconds), (1, Some(24 * 3600)));
        assert_eq!((of(Completed).reached, of(Completed).median_seconds), (0, None));
        assert_eq!(figures.iter().map(|f| f.step).collect::<Vec<_>>(), InstallStep::ALL);
    }

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5, 1, 3]), Some(3));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2));
    }

    proptest! {
        /// Every case is counted at exactly one step now; a step reached by a case counts
        /// it once; stays never outnumber the moves.
        #[test]
        fn counts_hold(paths in proptest::collection::vec(proptest::collection::vec(0usize..8, 1..8), 1..20)) {
            let cases: Vec<(InstallStep, Vec<Move>)> = paths
                .iter()
                .map(|path| {
                    let moves: Vec<Move> =
                        path.iter().enumerate().map(|(i, s)| to(i as i64, InstallStep::ALL[*s])).collect();
                    (moves.last().and_then(|m| m.to).unwrap(), moves)
                })
                .collect();
            let figures = figures(cases.iter().map(|(now, moves)| (*now, moves.as_slice())));
            prop_assert_eq!(figures.iter().map(|f| f.current).sum::<u64>(), cases.len() as u64);
            for f in &figures {
                prop_assert!(f.current <= f.reached && f.reached <= cases.len() as u64);
            }
            let moves: usize = cases.iter().map(|(_, m)| m.len()).sum();
            prop_assert!(figures.iter().map(|f| f.stays).sum::<u64>() as usize <= moves);
        }
    }
}
