//! Company registration numbers of Dutch and Belgian organisations.

use std::fmt;

/// A Chamber of Commerce number: 8 digits (Dutch KvK) or a 10-digit Belgian enterprise
/// number (KBO/BCE) whose last two digits are its mod-97 check. Stored digits only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CocNumber(String);

/// A VAT number: `NL` + 9 digits + `B` + 2 digits, or `BE` + a valid enterprise number.
/// Stored upper-case without spaces or dots.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VatNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RegistrationError {
    #[error("a Chamber of Commerce number has 8 digits (KvK) or 10 digits (KBO/BCE)")]
    CocFormat,
    #[error("the check digits of this Belgian enterprise number are wrong")]
    BelgianCheck,
    #[error("a VAT number looks like NL123456789B01 or BE0123456749")]
    VatFormat,
}

fn compact(raw: &str) -> String {
    raw.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect()
}

/// Belgian enterprise numbers: 10 digits, first 0 or 1, last two = 97 - (first eight mod 97).
fn belgian_enterprise_number_ok(digits: &str) -> bool {
    if digits.len() != 10 || !digits.starts_with(['0', '1']) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let (Ok(body), Ok(check)) = (digits[..8].parse::<u64>(), digits[8..].parse::<u64>()) else {
        return false;
    };
    97 - body % 97 == check
}

impl CocNumber {
    pub fn parse(raw: &str) -> Result<Self, RegistrationError> {
        let digits = compact(raw);
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(RegistrationError::CocFormat);
        }
        match digits.len() {
            8 => Ok(Self(digits)),
            10 if belgian_enterprise_number_ok(&digits) => Ok(Self(digits)),
            10 => Err(RegistrationError::BelgianCheck),
            _ => Err(RegistrationError::CocFormat),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl VatNumber {
    pub fn parse(raw: &str) -> Result<Self, RegistrationError> {
        let value = compact(raw).to_uppercase();
        if let Some(rest) = value.strip_prefix("NL") {
            let bytes = rest.as_bytes();
            let shape_ok = bytes.len() == 12
                && bytes[..9].iter().all(u8::is_ascii_digit)
                && bytes[9] == b'B'
                && bytes[10..].iter().all(u8::is_ascii_digit);
            return if shape_ok { Ok(Self(value)) } else { Err(RegistrationError::VatFormat) };
        }
        if let Some(rest) = value.strip_prefix("BE") {
            if rest.len() != 10 || !rest.chars().all(|c| c.is_ascii_digit()) {
                return Err(RegistrationError::VatFormat);
            }
            return if belgian_enterprise_number_ok(rest) {
                Ok(Self(value))
            } else {
                Err(RegistrationError::BelgianCheck)
            };
        }
        Err(RegistrationError::VatFormat)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for VatNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why registration numbers do not fit the company's country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CountryMismatch {
    #[error("a Dutch company has an 8-digit KvK number")]
    DutchCoc,
    #[error("a Belgian company has a 10-digit enterprise number (KBO/BCE)")]
    BelgianCoc,
    #[error("the VAT number is of another country than the company")]
    VatCountry,
    #[error("a Belgian VAT number is BE followed by the enterprise number")]
    BelgianVatNumber,
}

impl CountryMismatch {
    /// The field the mismatch is reported on.
    pub fn field(self) -> &'static str {
        match self {
            Self::DutchCoc | Self::BelgianCoc => "coc_number",
            Self::VatCountry | Self::BelgianVatNumber => "vat_number",
        }
    }
}

/// Checks that a company's numbers are those of its country: a Dutch company has an
/// 8-digit KvK number and an `NL` VAT number; a Belgian one a 10-digit enterprise number
/// and, if any, the VAT number `BE` + that same number.
pub fn check_country(
    country: crate::address::Country,
    coc: &CocNumber,
    vat: Option<&VatNumber>,
) -> Result<(), CountryMismatch> {
    use crate::address::Country;
    let (coc_ok, prefix) = match country {
        Country::Nl => (coc.as_str().len() == 8, "NL"),
        Country::Be => (coc.as_str().len() == 10, "BE"),
    };
    if !coc_ok {
        return Err(if country == Country::Nl { CountryMismatch::DutchCoc } else { CountryMismatch::BelgianCoc });
    }
    if let Some(vat) = vat {
        if !vat.as_str().starts_with(prefix) {
            return Err(CountryMismatch::VatCountry);
        }
        if country == Country::Be && vat.as_str()[2..] != *coc.as_str() {
            return Err(CountryMismatch::BelgianVatNumber);
        }
    }
    Ok(())
}

/// What [`CocNumber::parse`] accepts (or a blank, meaning none), as an ECMA-262 pattern
/// for the OpenAPI document: 8 digits, or 10 starting with 0 or 1, with spaces, dots or
/// dashes anywhere. The mod-97 check of Belgian numbers is beyond a pattern.
pub const COC_PATTERN: &str = "^(?: *|[ .-]*(?:[0-9][ .-]*){8}|[ .-]*[01][ .-]*(?:[0-9][ .-]*){9})$";

/// What [`VatNumber::parse`] accepts (or a blank), as an ECMA-262 pattern: `NL` + 9
/// digits + `B` + 2 digits, or `BE` + 10 digits starting with 0 or 1, in either case,
/// with spaces, dots or dashes anywhere.
pub const VAT_PATTERN: &str = "^(?: *|[ .-]*[Nn][ .-]*[Ll][ .-]*(?:[0-9][ .-]*){9}[Bb][ .-]*(?:[0-9][ .-]*){2}|[ .-]*[Bb][ .-]*[Ee][ .-]*[01][ .-]*(?:[0-9][ .-]*){9})$";

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn dutch_and_belgian_coc_numbers() {
        assert_eq!(CocNumber::parse("1234 5678").unwrap().as_str(), "12345678");
        // 0123.456.749: 1234567 mod 97 = 48, 97 - 48 = 49.
        assert_eq!(CocNumber::parse("0123.456.749").unwrap().as_str(), "0123456749");
        assert_eq!(CocNumber::parse("0123.456.748").unwrap_err(), RegistrationError::BelgianCheck);
        assert_eq!(CocNumber::parse("1234567").unwrap_err(), RegistrationError::CocFormat);
        assert_eq!(CocNumber::parse("1234567a").unwrap_err(), RegistrationError::CocFormat);
    }

    #[test]
    fn vat_numbers() {
        assert_eq!(VatNumber::parse("nl 1234.56.789 b01").unwrap().as_str(), "NL123456789B01");
        assert_eq!(VatNumber::parse("BE 0123.456.749").unwrap().as_str(), "BE0123456749");
        assert_eq!(VatNumber::parse("BE0123456748").unwrap_err(), RegistrationError::BelgianCheck);
        assert_eq!(VatNumber::parse("DE123456789").unwrap_err(), RegistrationError::VatFormat);
        assert_eq!(VatNumber::parse("NL123456789X01").unwrap_err(), RegistrationError::VatFormat);
    }

    #[test]
    fn numbers_fit_the_country() {
        use crate::address::Country;
        let kvk = CocNumber::parse("12345678").unwrap();
        let kbo = CocNumber::parse("0123456749").unwrap();
        let nl_vat = VatNumber::parse("NL123456789B01").unwrap();
        let be_vat = VatNumber::parse("BE0123456749").unwrap();
        let other_be_vat = VatNumber::parse("BE0000000097").unwrap();
        assert_eq!(check_country(Country::Nl, &kvk, Some(&nl_vat)), Ok(()));
        assert_eq!(check_country(Country::Nl, &kvk, None), Ok(()));
        assert_eq!(check_country(Country::Be, &kbo, Some(&be_vat)), Ok(()));
        assert_eq!(check_country(Country::Nl, &kbo, None), Err(CountryMismatch::DutchCoc));
        assert_eq!(check_country(Country::Be, &kvk, None), Err(CountryMismatch::BelgianCoc));
        assert_eq!(check_country(Country::Nl, &kvk, Some(&be_vat)), Err(CountryMismatch::VatCountry));
        assert_eq!(check_country(Country::Be, &kbo, Some(&nl_vat)), Err(CountryMismatch::VatCountry));
        assert_eq!(check_country(Country::Be, &kbo, Some(&other_be_vat)), Err(CountryMismatch::BelgianVatNumber));
        assert_eq!(CountryMismatch::BelgianVatNumber.field(), "vat_number");
    }

    proptest! {
        #[test]
        fn every_belgian_number_with_the_right_check_digits_is_accepted(body in 0u64..20_000_000) {
            let check = 97 - body % 97;
            let number = format!("{body:08}{check:02}");
            let coc = CocNumber::parse(&number);
            prop_assert!(coc.is_ok(), "{}", number);
            let vat = format!("BE{number}");
            prop_assert!(VatNumber::parse(&vat).is_ok());
        }

        #[test]
        fn the_published_patterns_say_what_the_parsers_accept(
            raw in prop_oneof![
                "[0-9 .NLBEnlbeX-]{0,18}",
                "[ .-]{0,2}((NL|nl|BE|be|N.L)[ .-]?)?[01]?[0-9]{7,9}([Bb][0-9]{2})?[ .-]{0,2}",
            ]
        ) {
            // Blank means "no number" to the services, which trim before parsing.
            let blank = raw.trim().is_empty();
            let coc = regex::Regex::new(COC_PATTERN).unwrap();
            let vat = regex::Regex::new(VAT_PATTERN).unwrap();
            for (pattern, parsed) in [
                (&coc, CocNumber::parse(raw.trim()).map(|_| ())),
                (&vat, VatNumber::parse(raw.trim()).map(|_| ())),
            ] {
                if parsed.is_ok() || blank {
                    prop_assert!(pattern.is_match(&raw), "{raw:?} is accepted but not matched");
                } else if pattern.is_match(&raw) {
                    // Only the check digits are beyond the pattern.
                    prop_assert_eq!(parsed.unwrap_err(), RegistrationError::BelgianCheck, "{:?}", raw);
                }
            }
        }

        #[test]
        fn parsing_never_panics(raw in "\\PC{0,40}") {
            let _ = CocNumber::parse(&raw);
            let _ = VatNumber::parse(&raw);
        }
    }
}
