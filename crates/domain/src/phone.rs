//! Phone numbers, stored and sent in E.164 form (`+31612345678`).

use std::fmt;

use phonenumber::country::Id;
use serde::Serialize;

/// A valid phone number in E.164 form. Numbers without a country code are read as Dutch;
/// Belgian and other numbers need their `+32…` / `0032…` prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PhoneNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("this is not a phone number")]
    Unreadable,
    #[error("this phone number does not exist")]
    Invalid,
    #[error("this number cannot receive text messages; give a mobile number")]
    NotMobile,
}

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.len() > 32 || trimmed.chars().any(|c| c.is_alphabetic()) {
            return Err(PhoneError::Unreadable);
        }
        // "+31 (0)20 …" is common: the "(0)" is the trunk prefix, dropped after a country code.
        let cleaned = trimmed.replace("(0)", "");
        // "0032 …": the international call prefix used in the Netherlands and Belgium.
        let cleaned = match cleaned.strip_prefix("00") {
            Some(rest) => format!("+{rest}"),
            None => cleaned,
        };
        let number = phonenumber::parse(Some(Id::NL), cleaned).map_err(|_| PhoneError::Unreadable)?;
        if !phonenumber::is_valid(&number) {
            return Err(PhoneError::Invalid);
        }
        Ok(Self(number.format().mode(phonenumber::Mode::E164).to_string()))
    }

    /// Parses `raw` as a number that can receive text messages (mobile, or a number the
    /// numbering plan leaves open between fixed and mobile).
    pub fn parse_mobile(raw: &str) -> Result<Self, PhoneError> {
        let number = Self::parse(raw)?;
        let parsed = phonenumber::parse(None, &number.0).map_err(|_| PhoneError::Unreadable)?;
        match parsed.number_type(&phonenumber::metadata::DATABASE) {
            phonenumber::Type::Mobile | phonenumber::Type::FixedLineOrMobile => Ok(number),
            _ => Err(PhoneError::NotMobile),
        }
    }

    /// The number as shown where a message was sent: the country code and first digit, then
    /// dots, then the last two digits (`+31 6 ••••••78`), enough for its owner to recognise.
    pub fn masked(&self) -> String {
        let digits: Vec<char> = self.0.chars().skip(1).collect();
        let country = phonenumber::parse(None, &self.0).map(|n| n.code().value().to_string()).unwrap_or_default();
        let rest = &digits[country.len().min(digits.len())..];
        let (first, last) = match rest {
            [first, middle @ .., a, b] => (first.to_string(), format!("{}{a}{b}", "•".repeat(middle.len()))),
            _ => (String::new(), "•".repeat(rest.len())),
        };
        format!("+{country} {first} {last}")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn dutch_and_belgian_numbers_become_e164() {
        assert_eq!(PhoneNumber::parse("06 1234 5678").unwrap().as_str(), "+31612345678");
        assert_eq!(PhoneNumber::parse("+31 (0)20 123 4567").unwrap().as_str(), "+31201234567");
        assert_eq!(PhoneNumber::parse("020-1234567").unwrap().as_str(), "+31201234567");
        assert_eq!(PhoneNumber::parse("0032 470 12 34 56").unwrap().as_str(), "+32470123456");
        assert_eq!(PhoneNumber::parse("+32 12 34 56 78").unwrap().as_str(), "+3212345678");
    }

    #[test]
    fn nonsense_is_refused() {
        assert_eq!(PhoneNumber::parse(""), Err(PhoneError::Unreadable));
        assert_eq!(PhoneNumber::parse("bel me"), Err(PhoneError::Unreadable));
        assert_eq!(PhoneNumber::parse("06 12"), Err(PhoneError::Invalid));
        assert!(PhoneNumber::parse("+31 99 999 9999").is_err());
    }

    #[test]
    fn text_messages_go_to_mobile_numbers() {
        assert_eq!(PhoneNumber::parse_mobile("06 1234 5678").unwrap().as_str(), "+31612345678");
        assert_eq!(PhoneNumber::parse_mobile("+32 470 12 34 56").unwrap().as_str(), "+32470123456");
        assert_eq!(PhoneNumber::parse_mobile("020-1234567"), Err(PhoneError::NotMobile));
        assert_eq!(PhoneNumber::parse_mobile("bel me"), Err(PhoneError::Unreadable));
    }

    #[test]
    fn a_masked_number_shows_its_country_first_and_last_digits() {
        assert_eq!(PhoneNumber::parse("06 1234 5678").unwrap().masked(), "+31 6 ••••••78");
        assert_eq!(PhoneNumber::parse("+32 470 12 34 56").unwrap().masked(), "+32 4 ••••••56");
    }

    proptest! {
        #[test]
        fn masking_hides_all_but_three_digits(digits in "6[0-9]{8}") {
            if let Ok(number) = PhoneNumber::parse(&format!("0{digits}")) {
                let masked = number.masked();
                let shown: String = masked.chars().filter(char::is_ascii_digit).collect();
                prop_assert_eq!(shown.len(), 2 + 3, "country code, first and last two: {}", masked);
                prop_assert!(masked.ends_with(&digits[7..]));
            }
        }

        #[test]
        fn e164_output_parses_to_itself(digits in "6[0-9]{8}") {
            if let Ok(number) = PhoneNumber::parse(&format!("0{digits}")) {
                prop_assert!(number.as_str().starts_with('+'));
                prop_assert_eq!(PhoneNumber::parse(number.as_str()), Ok(number.clone()));
            }
        }

        #[test]
        fn parsing_never_panics(raw in "\\PC{0,40}") {
            let _ = PhoneNumber::parse(&raw);
        }
    }
}
