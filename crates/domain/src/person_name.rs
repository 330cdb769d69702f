//! Names of people.

use std::fmt;

use serde::Serialize;

/// A person's display name: trimmed, 1 to 120 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PersonName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonNameError {
    #[error("enter a name")]
    Empty,
    #[error("a name has at most 120 characters")]
    TooLong,
    #[error("a name cannot contain control characters")]
    ControlCharacters,
}

impl PersonName {
    pub const MAX_LEN: usize = 120;

    pub fn parse(raw: &str) -> Result<Self, PersonNameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if trimmed.chars().count() > Self::MAX_LEN {
            return Err(PersonNameError::TooLong);
        }
        if trimmed.chars().any(char::is_control) {
            return Err(PersonNameError::ControlCharacters);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn names_are_trimmed() {
        assert_eq!(PersonName::parse("  Anouk van den Berg ").unwrap().as_str(), "Anouk van den Berg");
        assert_eq!(PersonName::parse("Zoë Öztürk-Janssens").unwrap().as_str(), "Zoë Öztürk-Janssens");
    }

    #[test]
    fn bad_names_are_rejected() {
        assert_eq!(PersonName::parse(" \t "), Err(PersonNameError::Empty));
        assert_eq!(PersonName::parse(&"é".repeat(121)), Err(PersonNameError::TooLong));
        assert!(PersonName::parse(&"é".repeat(120)).is_ok());
        assert_eq!(PersonName::parse("Jan\u{0}Jansen"), Err(PersonNameError::ControlCharacters));
    }

    proptest! {
        #[test]
        fn a_parsed_name_parses_to_itself(raw in "\\PC{0,200}") {
            if let Ok(name) = PersonName::parse(&raw) {
                prop_assert_eq!(PersonName::parse(name.as_str()), Ok(name.clone()));
                prop_assert!(!name.as_str().is_empty());
            }
        }
    }
}
