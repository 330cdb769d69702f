//! E-mail addresses: the login name of every user.

use std::fmt;

use serde::Serialize;
use validator::ValidateEmail;

/// A syntactically valid e-mail address, trimmed and lower-cased so that one person
/// cannot hold two accounts that differ only in case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EmailAddress(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("enter an e-mail address")]
    Empty,
    #[error("an e-mail address has at most 254 characters")]
    TooLong,
    #[error("this is not a valid e-mail address")]
    Invalid,
}

impl EmailAddress {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.chars().count() > Self::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let lowered = trimmed.to_lowercase();
        // validator accepts domains without a dot ("a@localhost"); a customer portal
        // mails real people, so a dotted domain is required as well.
        let dotted_domain = lowered
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'));
        if !lowered.validate_email() || !dotted_domain {
            return Err(EmailError::Invalid);
        }
        Ok(Self(lowered))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.split('@').next().unwrap_or_default()
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn valid_addresses_are_normalised() {
        let email = EmailAddress::parse("  Jan.de.Vries@Example.NL ").unwrap();
        assert_eq!(email.as_str(), "jan.de.vries@example.nl");
        assert_eq!(email.local_part(), "jan.de.vries");
    }

    #[test]
    fn invalid_addresses_are_rejected() {
        assert_eq!(EmailAddress::parse("   "), Err(EmailError::Empty));
        for bad in
            ["jan", "jan@", "@example.nl", "jan@localhost", "jan@@example.nl", "jan de@example.nl", "jan@example."]
        {
            assert_eq!(EmailAddress::parse(bad), Err(EmailError::Invalid), "{bad}");
        }
        let long = format!("{}@example.nl", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(EmailError::TooLong));
    }

    proptest! {
        #[test]
        fn parsing_is_idempotent(local in "[a-zA-Z0-9._%+-]{1,30}", domain in "[a-z]{1,20}\\.(nl|be|com)") {
            let raw = format!("{local}@{domain}");
            if let Ok(first) = EmailAddress::parse(&raw) {
                prop_assert_eq!(EmailAddress::parse(first.as_str()), Ok(first.clone()));
                prop_assert_eq!(first.as_str().to_lowercase(), first.as_str());
            }
        }

        #[test]
        fn never_panics(raw in "\\PC{0,300}") {
            let _ = EmailAddress::parse(&raw);
        }
    }
}
