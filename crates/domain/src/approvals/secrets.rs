//! The secrets an approval is confirmed with (seed 002, "accorderingstokens"): a user's
//! PIN (sent on a printed letter, kept only as a hash) or a one-time code sent by SMS to
//! the user's verified mobile number — expiring, used once, a few tries, not re-sent too
//! often. Wrong PINs lock the PIN for a while. The server keeps the hashes and times;
//! these rules decide.

use chrono::{DateTime, Duration, Utc};

use crate::support::named_values;

/// Digits in a PIN.
pub const PIN_DIGITS: usize = 6;
/// Digits in a one-time SMS code.
pub const CODE_DIGITS: usize = 6;

/// Exactly `count` ASCII digits once spaces are taken out (`123 456` as printed).
fn digits(text: &str, count: usize) -> Option<String> {
    let digits: String = text.chars().filter(|c| *c != ' ').collect();
    (digits.len() == count && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// A PIN as typed: its digits, spaces ignored.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(…)")
    }
}

impl Pin {
    /// `PIN_DIGITS` digits; spaces (as printed on the letter, `123 456`) are ignored.
    pub fn parse(text: &str) -> Option<Self> {
        digits(text, PIN_DIGITS).map(Self)
    }

    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// A one-time code as typed: its digits, spaces ignored.
#[derive(Clone, PartialEq, Eq)]
pub struct OneTimeCode(String);

impl std::fmt::Debug for OneTimeCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OneTimeCode(…)")
    }
}

impl OneTimeCode {
    /// `CODE_DIGITS` digits; spaces (`123 456`) are ignored.
    pub fn parse(text: &str) -> Option<Self> {
        digits(text, CODE_DIGITS).map(Self)
    }

    pub fn digits(&self) -> &str {
        &self.0
    }
}

named_values! {
    /// What a one-time SMS code is for; a code works only for its own purpose.
    pub enum CodePurpose {
        /// Confirming approvals.
        Approval = "approval",
        /// Proving a new mobile number is the user's before it replaces the old one.
        Mobile = "mobile",
        /// The second step of signing in.
        SignIn = "sign_in",
    }
}

/// How one-time codes behave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeRules {
    /// How long a code works.
    pub valid_for: Duration,
    /// Wrong tries before the code stops working.
    pub max_attempts: u32,
    /// How soon another code may be sent.
    pub resend_after: Duration,
    /// Codes per user and purpose in any 24 hours: with five tries each, a guesser who
    /// knows the password gets at most this many times five guesses a day.
    pub max_per_day: usize,
}

impl Default for CodeRules {
    fn default() -> Self {
        Self { valid_for: Duration::minutes(10), max_attempts: 5, resend_after: Duration::seconds(60), max_per_day: 10 }
    }
}

/// A code that was sent, as stored (its hash aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuedCode {
    pub issued_at: DateTime<Utc>,
    /// Wrong tries so far.
    pub attempts: u32,
    pub used_at: Option<DateTime<Utc>>,
}

/// Why a code is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeRefused {
    #[error("this code was used already; ask for a new one")]
    Used,
    #[error("this code has expired; ask for a new one")]
    Expired,
    #[error("too many wrong tries; ask for a new code")]
    TooManyAttempts,
    #[error("the code is not correct")]
    Wrong,
}

impl CodeRules {
    /// Whether `code` is accepted at `now`, given whether the typed digits match its hash.
    /// A wrong code counts as a try (the caller stores `attempts + 1`).
    pub fn check(&self, code: &IssuedCode, now: DateTime<Utc>, matches: bool) -> Result<(), CodeRefused> {
        if code.used_at.is_some() {
            return Err(CodeRefused::Used);
        }
        if now >= code.issued_at + self.valid_for {
            return Err(CodeRefused::Expired);
        }
        if code.attempts >= self.max_attempts {
            return Err(CodeRefused::TooManyAttempts);
        }
        if matches { Ok(()) } else { Err(CodeRefused::Wrong) }
    }

    /// Until when no more codes go out, given when the codes of the last 24 hours were
    /// asked for (any order): none while under the daily limit.
    pub fn daily_limit_until(&self, asked_last_day: &[DateTime<Utc>]) -> Option<DateTime<Utc>> {
        if asked_last_day.len() < self.max_per_day {
            return None;
        }
        let mut times = asked_last_day.to_vec();
        times.sort_unstable();
        // The window opens again when enough of the oldest have aged past 24 hours.
        times.get(asked_last_day.len() - self.max_per_day).map(|oldest| *oldest + Duration::days(1))
    }

    /// When another code may be sent after the last one (now, if none was).
    pub fn next_send_at(&self, last_issued_at: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
        last_issued_at.map(|at| at + self.resend_after)
    }
}

/// Recovery codes a user gets at once; each works once, instead of an SMS code at sign-in.
pub const RECOVERY_CODES: usize = 10;
/// Characters of a recovery code: no 0/o, 1/l/i to misread.
pub const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Characters in a recovery code (31^10, about 2^49 possibilities).
pub const RECOVERY_LENGTH: usize = 10;

/// A recovery code: `RECOVERY_LENGTH` characters of the alphabet, shown as `abcde-fghjk`.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(String);

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

impl RecoveryCode {
    /// As typed: case, spaces and dashes do not matter.
    pub fn parse(text: &str) -> Option<Self> {
        let chars: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).map(|c| c.to_ascii_lowercase()).collect();
        (chars.len() == RECOVERY_LENGTH && chars.bytes().all(|b| RECOVERY_ALPHABET.contains(&b))).then_some(Self(chars))
    }

    /// The characters as stored (hashed) and compared.
    pub fn normalized(&self) -> &str {
        &self.0
    }

    /// As printed for the user: two groups of five.
    pub fn display(&self) -> String {
        let (a, b) = self.0.split_at(RECOVERY_LENGTH / 2);
        format!("{a}-{b}")
    }
}

/// Whether signing in takes a code by SMS after the password: the user chose it, or a
/// group it belongs to requires it. A group cannot be opted out of.
pub fn second_factor_required(chosen: bool, groups_requiring: usize) -> bool {
    chosen || groups_requiring > 0
}

/// How wrong PINs lock a PIN: after `max_failures` in a row it is locked for `lock_for`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinLock {
    pub max_failures: u32,
    pub lock_for: Duration,
}

impl Default for PinLock {
    fn default() -> Self {
        Self { max_failures: 5, lock_for: Duration::minutes(15) }
    }
}

impl PinLock {
    /// After a wrong PIN that makes `failures` in a row: until when the PIN is locked.
    pub fn after_failure(&self, failures: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        (failures >= self.max_failures).then_some(now + self.lock_for)
    }

    /// Whether a PIN may be tried at `now`.
    pub fn open(locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        locked_until.is_none_or(|until| now >= until)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    #[test]
    fn pins_are_six_digits() {
        assert_eq!(Pin::parse("123 456").map(|p| p.digits().to_owned()), Some("123456".to_owned()));
        for wrong in ["12345", "1234567", "12a456", "", "١٢٣٤٥٦"] {
            assert!(Pin::parse(wrong).is_none(), "{wrong:?}");
        }
        assert_eq!(format!("{:?}", Pin::parse("123456").unwrap()), "Pin(…)", "never in a log line");
    }

    #[test]
    fn codes_are_six_digits_and_never_logged() {
        assert_eq!(OneTimeCode::parse(" 482 913 ").map(|c| c.digits().to_owned()), Some("482913".to_owned()));
        assert!(OneTimeCode::parse("48291").is_none());
        assert_eq!(format!("{:?}", OneTimeCode::parse("482913").unwrap()), "OneTimeCode(…)");
        assert_eq!(CodePurpose::parse("sign_in"), Some(CodePurpose::SignIn));
    }

    #[test]
    fn a_code_expires_is_used_once_and_takes_a_few_tries() {
        let rules = CodeRules::default();
        let code = IssuedCode { issued_at: at(0), attempts: 0, used_at: None };
        assert_eq!(rules.check(&code, at(9), true), Ok(()));
        assert_eq!(rules.check(&code, at(10), true), Err(CodeRefused::Expired), "10 minutes, not a second more");
        assert_eq!(rules.check(&code, at(1), false), Err(CodeRefused::Wrong));
        let tried = IssuedCode { attempts: 5, ..code };
        assert_eq!(rules.check(&tried, at(1), true), Err(CodeRefused::TooManyAttempts), "even the right code");
        let used = IssuedCode { used_at: Some(at(1)), ..code };
        assert_eq!(rules.check(&used, at(2), true), Err(CodeRefused::Used));
        assert_eq!(rules.next_send_at(None), None);
        assert_eq!(rules.next_send_at(Some(at(0))), Some(at(1)));
    }

    #[test]
    fn recovery_codes_forgive_case_and_dashes_but_nothing_else() {
        let code = RecoveryCode::parse("ABCDE-fghjk").unwrap();
        assert_eq!(code.normalized(), "abcdefghjk");
        assert_eq!(code.display(), "abcde-fghjk");
        assert_eq!(RecoveryCode::parse(" abcde fghjk "), Some(code));
        for wrong in ["abcde-fghj", "abcde-fghjkm", "abcde-fghj0", "abcde-fghjl", ""] {
            assert!(RecoveryCode::parse(wrong).is_none(), "{wrong:?}");
        }
        assert_eq!(format!("{:?}", RecoveryCode::parse("abcdefghjk").unwrap()), "RecoveryCode(…)");
    }

    #[test]
    fn a_group_requiring_a_second_factor_overrides_the_users_choice() {
        // (chosen by the user, groups requiring it) → required
        let table = [(false, 0, false), (true, 0, true), (false, 1, true), (true, 2, true), (false, 3, true)];
        for (chosen, groups, required) in table {
            assert_eq!(second_factor_required(chosen, groups), required, "{chosen} {groups}");
        }
    }

    #[test]
    fn ten_codes_a_day_at_most() {
        let rules = CodeRules::default();
        let nine: Vec<_> = (0..9).map(|m| at(m * 2)).collect();
        assert_eq!(rules.daily_limit_until(&nine), None);
        let ten: Vec<_> = (0..10).rev().map(|m| at(m * 2)).collect();
        assert_eq!(rules.daily_limit_until(&ten), Some(at(0) + Duration::days(1)), "the oldest ages out first");
        let eleven: Vec<_> = (0..11).map(|m| at(m * 2)).collect();
        assert_eq!(rules.daily_limit_until(&eleven), Some(at(2) + Duration::days(1)));
    }

    #[test]
    fn wrong_pins_lock_for_a_while() {
        let lock = PinLock::default();
        assert_eq!(lock.after_failure(4, at(0)), None);
        assert_eq!(lock.after_failure(5, at(0)), Some(at(15)));
        assert!(!PinLock::open(Some(at(15)), at(14)));
        assert!(PinLock::open(Some(at(15)), at(15)));
        assert!(PinLock::open(None, at(0)));
    }

    proptest! {
        /// A code that is refused as expired or used stays refused later, whatever is typed.
        #[test]
        fn refusals_do_not_heal(issued in 0i64..1000, later in 0i64..100, more in 0i64..100, attempts in 0u32..8) {
            let rules = CodeRules::default();
            let code = IssuedCode { issued_at: at(issued), attempts, used_at: None };
            let first = rules.check(&code, at(issued + later), true);
            if matches!(first, Err(CodeRefused::Expired | CodeRefused::TooManyAttempts)) {
                prop_assert!(rules.check(&code, at(issued + later + more), true).is_err());
            }
            if first.is_ok() {
                prop_assert!(later < 10 && attempts < 5);
            }
        }

        /// Every code the alphabet can make reads back as itself, however it is typed.
        #[test]
        fn recovery_codes_read_back(picks in proptest::collection::vec(0usize..31, RECOVERY_LENGTH), upper in any::<bool>()) {
            let raw: String = picks.iter().map(|i| char::from(RECOVERY_ALPHABET[*i])).collect();
            let code = RecoveryCode::parse(&raw).unwrap();
            let shown = if upper { code.display().to_uppercase() } else { code.display() };
            prop_assert_eq!(RecoveryCode::parse(&shown), Some(code));
        }
    }
}
