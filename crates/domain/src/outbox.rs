//! The rules of the notification outbox: which state a job is in, and how long to wait
//! before the next attempt.

use serde::{Deserialize, Serialize};

/// The life of an outbox job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for its first attempt.
    Pending,
    /// An attempt failed; another follows at `run_at`.
    Failed,
    /// Delivered.
    Sent,
    /// Gave up: too many failures, or a failure that retrying cannot fix.
    Dead,
}

impl JobStatus {
    pub const ALL: [JobStatus; 4] = [Self::Pending, Self::Failed, Self::Sent, Self::Dead];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Failed => "failed",
            Self::Sent => "sent",
            Self::Dead => "dead",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == value)
    }

    /// Whether a worker may still pick the job up.
    pub fn is_due_kind(self) -> bool {
        matches!(self, Self::Pending | Self::Failed)
    }
}

/// What a job delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    Email,
    Sms,
    Webhook,
}

impl JobKind {
    pub const ALL: [JobKind; 3] = [Self::Email, Self::Sms, Self::Webhook];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Sms => "sms",
            Self::Webhook => "webhook",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// Exponential backoff with jitter, up to a number of attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub base_ms: u64,
    pub max_ms: u64,
    pub max_attempts: u32,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Try again after this many milliseconds.
    RetryIn(u64),
    /// Stop trying.
    GiveUp,
}

impl Default for RetryPolicy {
    /// 5 s, 10 s, 20 s … up to an hour between attempts; 12 attempts span about 4.5 h.
    fn default() -> Self {
        Self { base_ms: 5_000, max_ms: 3_600_000, max_attempts: 12 }
    }
}

impl RetryPolicy {
    /// The decision after `attempts` attempts (the failed one included). `jitter` in
    /// [0, 1) spreads retries of many jobs that failed together ("equal jitter": half
    /// the delay is fixed, half random), so they do not hammer a recovering server at once.
    pub fn after_failure(&self, attempts: u32, permanent: bool, jitter: f64) -> AfterFailure {
        if permanent || attempts >= self.max_attempts {
            return AfterFailure::GiveUp;
        }
        let exponent = attempts.saturating_sub(1).min(40);
        let delay = self.base_ms.saturating_mul(1_u64 << exponent).min(self.max_ms);
        let jitter = jitter.clamp(0.0, 1.0);
        let half = delay / 2;
        let random = (half as f64 * jitter) as u64;
        AfterFailure::RetryIn(half + random.min(delay - half))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn delays_double_and_are_capped() {
        let policy = RetryPolicy { base_ms: 1000, max_ms: 10_000, max_attempts: 10 };
        let no_jitter: Vec<AfterFailure> = (1..=6).map(|n| policy.after_failure(n, false, 0.999_999)).collect();
        assert_eq!(
            no_jitter,
            vec![
                AfterFailure::RetryIn(999),
                AfterFailure::RetryIn(1999),
                AfterFailure::RetryIn(3999),
                AfterFailure::RetryIn(7999),
                AfterFailure::RetryIn(9999),
                AfterFailure::RetryIn(9999),
            ]
        );
        assert_eq!(policy.after_failure(1, false, 0.0), AfterFailure::RetryIn(500));
    }

    #[test]
    fn giving_up() {
        let policy = RetryPolicy { base_ms: 1000, max_ms: 10_000, max_attempts: 3 };
        assert!(matches!(policy.after_failure(2, false, 0.5), AfterFailure::RetryIn(_)));
        assert_eq!(policy.after_failure(3, false, 0.5), AfterFailure::GiveUp);
        assert_eq!(policy.after_failure(1, true, 0.5), AfterFailure::GiveUp);
    }

    #[test]
    fn names_round_trip() {
        for status in JobStatus::ALL {
            assert_eq!(JobStatus::parse(status.as_str()), Some(status));
        }
        for kind in JobKind::ALL {
            assert_eq!(JobKind::parse(kind.as_str()), Some(kind));
        }
    }

    proptest! {
        #[test]
        fn delays_stay_within_half_and_whole_of_the_backoff(
            base in 1u64..100_000, max in 1u64..10_000_000, attempts in 1u32..100, jitter in 0.0f64..1.0
        ) {
            let policy = RetryPolicy { base_ms: base, max_ms: max.max(base), max_attempts: 1000 };
            if let AfterFailure::RetryIn(delay) = policy.after_failure(attempts, false, jitter) {
                let full = base.saturating_mul(1u64 << (attempts - 1).min(40)).min(max.max(base));
                prop_assert!(delay >= full / 2 && delay <= full, "{} not in [{}, {}]", delay, full / 2, full);
            } else {
                prop_assert!(false, "should retry");
            }
        }

        #[test]
        fn later_attempts_never_wait_less(attempts in 1u32..60) {
            let policy = RetryPolicy::default();
            let lower = |n| match policy.after_failure(n, false, 0.0) { AfterFailure::RetryIn(d) => d, AfterFailure::GiveUp => u64::MAX };
            prop_assert!(lower(attempts) <= lower(attempts + 1));
        }
    }
}
