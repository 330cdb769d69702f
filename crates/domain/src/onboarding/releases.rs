//! The vendor's products and their releases (seed 000 step 5): the installer the
//! installation instructions link to is the product's current release: the highest
//! version released on or before today and not withdrawn. The links and the one-time
//! installation token the instructions carry expire.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// A product's key in URLs and settings: lower-case letters, digits and dashes.
pub const PRODUCT_KEY_PATTERN: &str = "^[a-z][a-z0-9-]{1,39}$";

/// A release's version: `MAJOR.MINOR.PATCH` without leading zeros (Semantic Versioning,
/// no pre-release: what clients install is released).
pub const VERSION_PATTERN: &str = r"^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})$";

/// How long a download link in the instructions works.
pub const DOWNLOAD_LINK_DAYS: i64 = 14;

/// How long the one-time installation token in the instructions may be exchanged.
pub const INSTALLATION_TOKEN_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReleaseError {
    #[error("a product key has 2 to 40 lower-case letters, digits or dashes and starts with a letter")]
    ProductKey,
    #[error("a version is MAJOR.MINOR.PATCH, such as 4.2.0")]
    Version,
}

/// A product key as written.
pub fn product_key(raw: &str) -> Result<String, ReleaseError> {
    let bytes = raw.as_bytes();
    let ok = (2..=40).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-');
    if ok { Ok(raw.to_owned()) } else { Err(ReleaseError::ProductKey) }
}

/// A release version, ordered as Semantic Versioning orders them (4.10.0 after 4.9.3).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReleaseVersion(semver::Version);

impl ReleaseVersion {
    pub fn parse(raw: &str) -> Result<Self, ReleaseError> {
        // semver accepts what the pattern does not (pre-releases, build metadata, huge
        // numbers); the pattern's limits are checked here too.
        let parts: Vec<&str> = raw.split('.').collect();
        let plain = parts.len() == 3
            && parts.iter().all(|p| {
                (1..=9).contains(&p.len())
                    && p.bytes().all(|b| b.is_ascii_digit())
                    && (p.len() == 1 || !p.starts_with('0'))
            });
        if !plain {
            return Err(ReleaseError::Version);
        }
        semver::Version::parse(raw).map(Self).map_err(|_| ReleaseError::Version)
    }
}

impl std::fmt::Display for ReleaseVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What decides which release is current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseFacts {
    pub version: ReleaseVersion,
    pub released_on: NaiveDate,
    pub withdrawn: bool,
}

/// The index of the current release among `releases`: the highest version released on
/// or before `today` and not withdrawn.
pub fn current_release(releases: &[ReleaseFacts], today: NaiveDate) -> Option<usize> {
    releases
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.withdrawn && r.released_on <= today)
        .max_by(|(_, a), (_, b)| a.version.cmp(&b.version))
        .map(|(index, _)| index)
}

/// Until when a link or token made at `now` works.
pub fn expiry(now: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    now + Duration::days(days)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn facts(version: &str, released: u32, withdrawn: bool) -> ReleaseFacts {
        ReleaseFacts { version: ReleaseVersion::parse(version).unwrap(), released_on: day(released), withdrawn }
    }

    #[test]
    fn versions_are_plain_and_ordered_as_numbers() {
        assert!(ReleaseVersion::parse("4.10.0").unwrap() > ReleaseVersion::parse("4.9.3").unwrap());
        for bad in ["4.2", "4.2.0-rc.1", "04.2.0", "4.2.0+build", "v4.2.0", "1234567890.0.0", "", "4..0"] {
            assert_eq!(ReleaseVersion::parse(bad), Err(ReleaseError::Version), "{bad:?}");
        }
        assert_eq!(ReleaseVersion::parse("2026.4.1").unwrap().to_string(), "2026.4.1");
    }

    #[test]
    fn the_current_release_is_the_highest_released_one() {
        let releases =
            [facts("4.2.0", 1, false), facts("4.10.0", 3, true), facts("4.9.1", 2, false), facts("5.0.0", 20, false)];
        assert_eq!(current_release(&releases, day(10)), Some(2), "4.10.0 is withdrawn, 5.0.0 not out yet");
        assert_eq!(current_release(&releases, day(20)), Some(3));
        assert_eq!(current_release(&releases[..1], day(1)), Some(0), "released today counts");
        assert_eq!(current_release(&[facts("1.0.0", 5, false)], day(4)), None);
    }

    #[test]
    fn product_keys() {
        assert_eq!(product_key("collector"), Ok("collector".to_owned()));
        for bad in ["C", "collector tool", "-x", "1collector", "Collector"] {
            assert_eq!(product_key(bad), Err(ReleaseError::ProductKey), "{bad:?}");
        }
    }

    proptest! {
        /// The published patterns say exactly what is accepted.
        #[test]
        fn patterns_are_the_rules(raw in "[0-9.a-z-]{0,14}") {
            let version = regex::Regex::new(VERSION_PATTERN).unwrap();
            prop_assert_eq!(ReleaseVersion::parse(&raw).is_ok(), version.is_match(&raw));
            let key = regex::Regex::new(PRODUCT_KEY_PATTERN).unwrap();
            prop_assert_eq!(product_key(&raw).is_ok(), key.is_match(&raw));
        }

        /// Whatever the list, the current release is released, not withdrawn, and no
        /// other such release is higher.
        #[test]
        fn current_is_the_maximum(list in proptest::collection::vec((0u64..5, 0u64..5, 1u32..28, any::<bool>()), 0..8), today in 1u32..28) {
            let releases: Vec<ReleaseFacts> = list
                .iter()
                .map(|(a, b, d, w)| facts(&format!("{a}.{b}.0"), *d, *w))
                .collect();
            match current_release(&releases, day(today)) {
                Some(i) => {
                    let chosen = &releases[i];
                    prop_assert!(!chosen.withdrawn && chosen.released_on <= day(today));
                    prop_assert!(releases.iter().all(|r| r.withdrawn || r.released_on > day(today) || r.version <= chosen.version));
                }
                None => prop_assert!(releases.iter().all(|r| r.withdrawn || r.released_on > day(today))),
            }
        }
    }
}
