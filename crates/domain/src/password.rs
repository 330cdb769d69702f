//! The password policy for passwords people choose (ASVS 5.0, chapter 6.2).

use crate::EmailAddress;

/// A password that satisfies the policy. It is only ever hashed, never stored or logged.
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("a password has at least 12 characters")]
    TooShort,
    #[error("a password has at most 128 characters")]
    TooLong,
    #[error("this password is too easy to guess")]
    TooCommon,
    #[error("a password cannot contain your e-mail address")]
    ContainsEmail,
}

/// Frequently used passwords of 12 characters and more; shorter ones fail the length rule.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456789012345",
    "1234567890qwerty",
    "qwertyuiopasdfgh",
    "qwertyuiop123",
    "qwerty123456",
    "password1234",
    "password12345",
    "password123456",
    "passwordpassword",
    "wachtwoord123",
    "wachtwoord1234",
    "wachtwoordwachtwoord",
    "welkom123456",
    "welkomwelkom",
    "iloveyou1234",
    "abcdefghijkl",
    "abcdef123456",
    "aaaaaaaaaaaa",
    "111111111111",
    "000000000000",
    "administrator",
    "administrator1",
    "letmeinletmein",
    "changeme1234",
    "zomer2025zomer",
];

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 128;

    /// Checks a password a person chose. Spaces and any Unicode are allowed; there are
    /// no composition rules, in line with ASVS and NIST SP 800-63B.
    pub fn parse(raw: &str, owner: Option<&EmailAddress>) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > Self::MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        let lowered = raw.to_lowercase();
        let first = lowered.chars().next();
        if COMMON.contains(&lowered.as_str()) || lowered.chars().all(|c| Some(c) == first) {
            return Err(PasswordError::TooCommon);
        }
        if let Some(email) = owner
            && (lowered.contains(email.as_str()) || (email.local_part().len() >= 4 && lowered == email.local_part()))
        {
            return Err(PasswordError::ContainsEmail);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The password itself, for the hasher.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn length_rules() {
        assert_eq!(NewPassword::parse("kort", None).unwrap_err(), PasswordError::TooShort);
        assert_eq!(NewPassword::parse(&"x1".repeat(65), None).unwrap_err(), PasswordError::TooLong);
        assert!(NewPassword::parse("paard-batterij-nietje", None).is_ok());
        // Counted in characters, not bytes.
        assert!(NewPassword::parse("éééééééééééa", None).is_ok());
    }

    #[test]
    fn guessable_passwords_are_refused() {
        assert_eq!(NewPassword::parse("Password1234", None).unwrap_err(), PasswordError::TooCommon);
        assert_eq!(NewPassword::parse("zzzzzzzzzzzzzz", None).unwrap_err(), PasswordError::TooCommon);
        let email = EmailAddress::parse("marieke@bakkerij.nl").unwrap();
        assert_eq!(
            NewPassword::parse("my marieke@bakkerij.nl", Some(&email)).unwrap_err(),
            PasswordError::ContainsEmail
        );
        assert!(NewPassword::parse("marieke bakt brood", Some(&email)).is_ok());
    }

    #[test]
    fn debug_never_shows_the_password() {
        let password = NewPassword::parse("geheim-geheim-123", None).unwrap();
        assert!(!format!("{password:?}").contains("geheim"));
    }

    proptest! {
        #[test]
        fn accepted_passwords_respect_the_length_bounds(raw in "\\PC{0,140}") {
            if let Ok(password) = NewPassword::parse(&raw, None) {
                let n = password.expose().chars().count();
                prop_assert!((NewPassword::MIN_CHARS..=NewPassword::MAX_CHARS).contains(&n));
            }
        }
    }
}
