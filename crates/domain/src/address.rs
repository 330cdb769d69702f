//! Postal addresses of Dutch and Belgian companies (issue 10's install requests): the
//! postcode is checked by the rules of the country it is in.

use std::fmt;

/// The countries Loket's customers are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum Country {
    Nl,
    Be,
}

/// A postcode as the post office writes it: Dutch `1234 AB` (four digits, the first not
/// 0, a space, two capitals; SA, SD and SS are never issued), Belgian `1000` (four
/// digits from 1000). Input may omit the space or use lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Postcode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PostcodeError {
    #[error("a Dutch postcode looks like 1234 AB")]
    Dutch,
    #[error("a Belgian postcode is four digits from 1000 to 9999")]
    Belgian,
}

impl Postcode {
    pub fn parse(country: Country, raw: &str) -> Result<Self, PostcodeError> {
        let compact: String = raw.chars().filter(|c| *c != ' ').collect::<String>().to_ascii_uppercase();
        let digits = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0');
        match country {
            Country::Nl => {
                let (number, letters) = compact.split_at_checked(4).ok_or(PostcodeError::Dutch)?;
                let letters_ok = letters.len() == 2
                    && letters.bytes().all(|b| b.is_ascii_uppercase())
                    && !matches!(letters, "SA" | "SD" | "SS");
                if digits(number) && letters_ok && raw.trim() == raw && raw.matches(' ').count() <= 1 {
                    Ok(Self(format!("{number} {letters}")))
                } else {
                    Err(PostcodeError::Dutch)
                }
            }
            Country::Be if digits(&compact) && compact == raw => Ok(Self(compact)),
            Country::Be => Err(PostcodeError::Belgian),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn dutch_postcodes() {
        for (raw, stored) in [("1234 AB", "1234 AB"), ("1234ab", "1234 AB"), ("9999 zz", "9999 ZZ")] {
            assert_eq!(Postcode::parse(Country::Nl, raw).map(|p| p.to_string()), Ok(stored.to_owned()), "{raw}");
        }
        for raw in [
            "0123 AB", "1234 SS", "1234 SA", "1234 SD", "123 AB", "12345 AB", "1234 A", "1234 A1", " 1234 AB",
            "1234  AB", "",
        ] {
            assert_eq!(Postcode::parse(Country::Nl, raw), Err(PostcodeError::Dutch), "{raw:?}");
        }
    }

    #[test]
    fn belgian_postcodes() {
        assert_eq!(Postcode::parse(Country::Be, "1000").map(|p| p.to_string()), Ok("1000".to_owned()));
        assert_eq!(Postcode::parse(Country::Be, "9992").map(|p| p.to_string()), Ok("9992".to_owned()));
        for raw in ["0999", "999", "10000", "1000 AB", "B-1000", " 1000"] {
            assert_eq!(Postcode::parse(Country::Be, raw), Err(PostcodeError::Belgian), "{raw:?}");
        }
    }

    proptest! {
        /// Whatever is typed, an accepted Dutch postcode is stored in the one written form,
        /// and parsing that form again gives it back.
        #[test]
        fn accepted_postcodes_are_stored_in_one_form(raw in "[0-9]{4} ?[a-zA-Z]{2}|[0-9 a-z]{0,8}") {
            if let Ok(code) = Postcode::parse(Country::Nl, &raw) {
                let written = regex::Regex::new("^[1-9][0-9]{3} [A-Z]{2}$").unwrap();
                prop_assert!(written.is_match(code.as_str()), "{}", code);
                prop_assert_eq!(Postcode::parse(Country::Nl, code.as_str()), Ok(code.clone()));
            }
        }
    }
}
