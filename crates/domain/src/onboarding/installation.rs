//! The installed software's side of a case (seed 000 steps 5–7): what it reports when it
//! registers and after each upload, checked before anything is stored.

use crate::text::{self, TextKind};

/// What an installation key starts with, so that a leaked one is recognisable (and
/// secret scanners can be taught it).
pub const KEY_PREFIX: &str = "lki_";

/// The longest error text an upload report keeps.
pub const MAX_ERROR_CHARS: usize = 2_000;

/// The pattern of a software version as the software reports it: digits and dots, with
/// an optional suffix (`4.2.0`, `4.2.0-beta.1`, `2026.4.1.17`).
pub const SOFTWARE_VERSION_PATTERN: &str = r"^[0-9]{1,9}(\.[0-9]{1,9}){1,3}(-[0-9A-Za-z.]{1,20})?$";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("a machine name has 1 to 120 characters on one line")]
    MachineName,
    #[error("a software version looks like 4.2.0 or 4.2.0-beta.1")]
    SoftwareVersion,
    #[error("a failed upload says what went wrong (at most 2000 characters)")]
    ErrorMissing,
    #[error("a successful upload has no error text")]
    ErrorOnSuccess,
    #[error("counts are zero or more")]
    Negative,
}

impl ReportError {
    /// The request field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::MachineName => "machine_name",
            Self::SoftwareVersion => "software_version",
            Self::ErrorMissing | Self::ErrorOnSuccess => "error",
            Self::Negative => "records",
        }
    }
}

/// A machine name as kept: trimmed, one line, 1 to 120 characters.
pub fn machine_name(raw: &str) -> Result<String, ReportError> {
    let name = raw.trim();
    let ok = !name.is_empty() && text::check_with_max(name, TextKind::SingleLine, 120).is_ok();
    if ok { Ok(name.to_owned()) } else { Err(ReportError::MachineName) }
}

/// A software version as reported (see [`SOFTWARE_VERSION_PATTERN`]).
pub fn software_version(raw: &str) -> Result<String, ReportError> {
    let (numbers, suffix) = match raw.split_once('-') {
        Some((numbers, suffix)) => (numbers, Some(suffix)),
        None => (raw, None),
    };
    let parts: Vec<&str> = numbers.split('.').collect();
    let numbers_ok = (2..=4).contains(&parts.len())
        && parts.iter().all(|p| (1..=9).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let suffix_ok =
        suffix.is_none_or(|s| (1..=20).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.'));
    if numbers_ok && suffix_ok { Ok(raw.to_owned()) } else { Err(ReportError::SoftwareVersion) }
}

/// An upload report, checked: counts not negative; a failure says why, a success not.
pub fn check_upload(
    succeeded: bool,
    records: i64,
    bytes: i64,
    error: Option<&str>,
) -> Result<Option<String>, ReportError> {
    if records < 0 || bytes < 0 {
        return Err(ReportError::Negative);
    }
    let error = error.map(str::trim).filter(|e| !e.is_empty());
    match (succeeded, error) {
        (true, Some(_)) => Err(ReportError::ErrorOnSuccess),
        (true, None) => Ok(None),
        (false, None) => Err(ReportError::ErrorMissing),
        (false, Some(text)) => {
            if text::check_with_max(text, TextKind::MultiLine, MAX_ERROR_CHARS).is_err() {
                return Err(ReportError::ErrorMissing);
            }
            Ok(Some(text.to_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn reports_are_checked() {
        assert_eq!(machine_name("  KORENSCHOOF-SRV01 "), Ok("KORENSCHOOF-SRV01".to_owned()));
        assert_eq!(machine_name(" "), Err(ReportError::MachineName));
        assert_eq!(machine_name("a\nb"), Err(ReportError::MachineName));
        assert_eq!(check_upload(true, 120, 4096, None), Ok(None));
        assert_eq!(check_upload(true, 1, 1, Some("  ")), Ok(None), "blank is no error");
        assert_eq!(check_upload(false, 0, 0, Some("Exact Online: 401")), Ok(Some("Exact Online: 401".to_owned())));
        assert_eq!(check_upload(false, 0, 0, None), Err(ReportError::ErrorMissing));
        assert_eq!(check_upload(true, 0, 0, Some("x")), Err(ReportError::ErrorOnSuccess));
        assert_eq!(check_upload(true, -1, 0, None), Err(ReportError::Negative));
        assert_eq!(check_upload(false, 0, 0, Some(&"x".repeat(2001))), Err(ReportError::ErrorMissing));
    }

    #[test]
    fn versions() {
        for ok in ["4.2.0", "4.2", "2026.4.1.17", "4.2.0-beta.1"] {
            assert!(software_version(ok).is_ok(), "{ok}");
        }
        for bad in ["4", "v4.2.0", "4.2.0-", "4.2.0 beta", "1.2.3.4.5", ""] {
            assert!(software_version(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        /// The published pattern says exactly what is accepted.
        #[test]
        fn the_version_pattern_is_the_rule(raw in "[0-9.a-z-]{0,16}") {
            let pattern = regex::Regex::new(SOFTWARE_VERSION_PATTERN).unwrap();
            prop_assert_eq!(software_version(&raw).is_ok(), pattern.is_match(&raw));
        }
    }
}
