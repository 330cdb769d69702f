//! Login throttling (ASVS 5.0, 6.3.1).
//!
//! Failed logins are counted under three keys: the account, the account from one source
//! address, and the source address across all accounts. Each key allows a few free
//! failures; after that every further attempt must wait a delay that doubles with each
//! failure, up to a cap. While a key waits, attempts are refused without looking at the
//! password, so the wait cannot be used to test guesses.
//!
//! The caps are what keep an attacker from locking a victim out: the account-wide delay
//! never exceeds [`LoginThrottlePolicy::ACCOUNT_MAX_DELAY_SECS`], so the owner signing in
//! from their own address waits seconds, while the attacker's address, which keeps
//! failing, waits up to fifteen minutes per attempt.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};

/// One counter's rule: free failures, then a doubling delay up to a cap; the count is
/// forgotten after a quiet period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleRule {
    pub free_failures: u32,
    pub base_delay_secs: i64,
    pub max_delay_secs: i64,
    pub forget_after_secs: i64,
}

/// The stored state of one counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureRecord {
    pub failures: u32,
    pub last_failure_at: DateTime<Utc>,
}

impl ThrottleRule {
    /// The failures that still count at `now`.
    pub fn live_failures(&self, record: Option<&FailureRecord>, now: DateTime<Utc>) -> u32 {
        match record {
            Some(r) if now - r.last_failure_at < Duration::seconds(self.forget_after_secs) => r.failures,
            _ => 0,
        }
    }

    /// The wait imposed after `failures` consecutive failures.
    pub fn delay_after(&self, failures: u32) -> Duration {
        if failures < self.free_failures {
            return Duration::zero();
        }
        let doublings = (failures - self.free_failures).min(30);
        let secs = self.base_delay_secs.saturating_mul(1_i64 << doublings).min(self.max_delay_secs);
        Duration::seconds(secs)
    }

    /// Until when this counter refuses attempts, if it does at `now`.
    pub fn blocked_until(&self, record: Option<&FailureRecord>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let record = record?;
        let failures = self.live_failures(Some(record), now);
        let until = record.last_failure_at + self.delay_after(failures);
        (failures > 0 && until > now).then_some(until)
    }

    /// The counter after one more failure at `now`.
    pub fn after_failure(&self, record: Option<&FailureRecord>, now: DateTime<Utc>) -> FailureRecord {
        FailureRecord { failures: self.live_failures(record, now).saturating_add(1), last_failure_at: now }
    }
}

/// The three counters consulted for every login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginThrottlePolicy {
    pub account: ThrottleRule,
    pub account_from_address: ThrottleRule,
    pub address: ThrottleRule,
}

impl LoginThrottlePolicy {
    /// The longest an account as a whole can be made to wait.
    pub const ACCOUNT_MAX_DELAY_SECS: i64 = 30;
}

impl Default for LoginThrottlePolicy {
    fn default() -> Self {
        Self {
            account: ThrottleRule {
                free_failures: 5,
                base_delay_secs: 1,
                max_delay_secs: Self::ACCOUNT_MAX_DELAY_SECS,
                forget_after_secs: 15 * 60,
            },
            account_from_address: ThrottleRule {
                free_failures: 5,
                base_delay_secs: 2,
                max_delay_secs: 15 * 60,
                forget_after_secs: 60 * 60,
            },
            address: ThrottleRule {
                free_failures: 20,
                base_delay_secs: 1,
                max_delay_secs: 15 * 60,
                forget_after_secs: 60 * 60,
            },
        }
    }
}

/// The keys under which failures are counted. IPv6 addresses are counted per /64,
/// since one subscriber usually holds a whole /64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleKeys {
    pub account: String,
    pub account_from_address: String,
    pub address: String,
}

impl ThrottleKeys {
    pub fn new(login_name: &str, address: IpAddr) -> Self {
        let login = login_name.trim().to_lowercase();
        let network = address_network(address);
        Self {
            account: format!("account:{login}"),
            account_from_address: format!("pair:{login}|{network}"),
            address: format!("address:{network}"),
        }
    }
}

/// The network a source address is counted under: IPv4 as is, IPv6 per /64.
pub fn address_network(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000 + secs, 0).unwrap_or_default()
    }

    #[test]
    fn free_failures_then_doubling_delays_up_to_the_cap() {
        let rule = LoginThrottlePolicy::default().account;
        let delays: Vec<i64> = (0..12).map(|n| rule.delay_after(n).num_seconds()).collect();
        assert_eq!(delays, vec![0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 30, 30]);
    }

    #[test]
    fn blocked_until_after_the_free_failures() {
        let rule = LoginThrottlePolicy::default().account;
        let mut record = None;
        for second in 0..5 {
            assert_eq!(rule.blocked_until(record.as_ref(), at(second)), None);
            record = Some(rule.after_failure(record.as_ref(), at(second)));
        }
        // Five failures, the last at t=4: the sixth attempt waits one second.
        assert_eq!(rule.blocked_until(record.as_ref(), at(4)), Some(at(5)));
        assert_eq!(rule.blocked_until(record.as_ref(), at(5)), None);
    }

    #[test]
    fn the_count_is_forgotten_after_a_quiet_period() {
        let rule = LoginThrottlePolicy::default().account;
        let record = FailureRecord { failures: 9, last_failure_at: at(0) };
        assert_eq!(rule.live_failures(Some(&record), at(60)), 9);
        assert_eq!(rule.live_failures(Some(&record), at(15 * 60)), 0);
        assert_eq!(rule.after_failure(Some(&record), at(15 * 60)).failures, 1);
    }

    #[test]
    fn an_attacker_waits_longer_than_the_victim() {
        let policy = LoginThrottlePolicy::default();
        let failures = 12;
        assert!(policy.account_from_address.delay_after(failures) > policy.account.delay_after(failures));
        assert_eq!(policy.account.delay_after(u32::MAX).num_seconds(), LoginThrottlePolicy::ACCOUNT_MAX_DELAY_SECS);
    }

    #[test]
    fn keys_group_ipv6_per_64_and_unmap_ipv4() {
        let v6a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let v6b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(ThrottleKeys::new("A@x.nl", v6a), ThrottleKeys::new("a@x.nl ", v6b));
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert_eq!(ThrottleKeys::new("a@x.nl", mapped).address, "address:10.1.2.3");
    }

    proptest! {
        #[test]
        fn delays_never_shrink_and_never_exceed_the_cap(failures in 0u32..10_000) {
            let policy = LoginThrottlePolicy::default();
            for rule in [policy.account, policy.account_from_address, policy.address] {
                prop_assert!(rule.delay_after(failures) <= rule.delay_after(failures + 1));
                prop_assert!(rule.delay_after(failures).num_seconds() <= rule.max_delay_secs);
            }
        }

        #[test]
        fn the_victim_is_never_locked_out_longer_than_the_account_cap(failures in proptest::collection::vec(0i64..3600, 0..60), probe in 0i64..7200) {
            // Whatever failures an attacker causes on the account, the account-wide wait
            // at any moment is at most the cap.
            let rule = LoginThrottlePolicy::default().account;
            let mut sorted = failures.clone();
            sorted.sort_unstable();
            let mut record = None;
            for t in sorted.iter().filter(|t| **t <= probe) {
                if rule.blocked_until(record.as_ref(), at(*t)).is_none() {
                    record = Some(rule.after_failure(record.as_ref(), at(*t)));
                }
            }
            if let Some(until) = rule.blocked_until(record.as_ref(), at(probe)) {
                prop_assert!((until - at(probe)).num_seconds() <= LoginThrottlePolicy::ACCOUNT_MAX_DELAY_SECS);
            }
        }
    }
}
