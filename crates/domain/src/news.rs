//! News (seed 002, "nieuwsberichten ... per vestiging of concernbreed"): a firm publishes
//! items to its clients, firm-wide or for one branch, from a publish moment until an
//! optional expiry. What an item must hold, where it stands in time, and whom it reaches.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::text::{self, TextKind};

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 20_000;

/// Where an item stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NewsState {
    /// Written, not yet shown: its publish moment is still to come.
    Scheduled,
    /// On the clients' overview.
    Published,
    /// Past its expiry: kept for the firm, shown to nobody else.
    Expired,
}

impl NewsState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Published => "published",
            Self::Expired => "expired",
        }
    }

    /// The state at `now` of an item shown from `publish_at` until `expire_at`.
    pub fn at(publish_at: DateTime<Utc>, expire_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        if now < publish_at {
            Self::Scheduled
        } else if expire_at.is_some_and(|end| now >= end) {
            Self::Expired
        } else {
            Self::Published
        }
    }
}

/// A news item as written, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsDraft<'a> {
    pub title: &'a str,
    pub text: &'a str,
    pub publish_at: DateTime<Utc>,
    pub expire_at: Option<DateTime<Utc>>,
}

/// What is wrong with a draft, per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsProblem {
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl NewsDraft<'_> {
    /// Every problem at once; a title and text come back trimmed.
    pub fn check(&self) -> Result<(String, String), Vec<NewsProblem>> {
        let mut problems = Vec::new();
        let title = self.title.trim();
        let body = self.text.trim();
        let mut required = |field: &'static str, value: &str, kind: TextKind, max: usize| {
            if value.is_empty() {
                problems.push(NewsProblem { field, code: "required", message: "must be filled in".to_owned() });
            } else if let Err(error) = text::check_with_max(value, kind, max) {
                problems.push(NewsProblem { field, code: error.code(), message: error.to_string() });
            }
        };
        required("title", title, TextKind::SingleLine, TITLE_MAX);
        required("text", body, TextKind::MultiLine, TEXT_MAX);
        if self.expire_at.is_some_and(|end| end <= self.publish_at) {
            problems.push(NewsProblem {
                field: "expire_at",
                code: "before_publish",
                message: "an item expires after it is published".to_owned(),
            });
        }
        if problems.is_empty() { Ok((title.to_owned(), body.to_owned())) } else { Err(problems) }
    }
}

/// Whether an item for `item_branch` (none: firm-wide) reaches a client of
/// `client_branch` (none: a client shielded by no branch). A firm-wide item reaches every
/// client of the firm; a branch's item only that branch's clients.
pub fn reaches(item_branch: Option<Uuid>, client_branch: Option<Uuid>) -> bool {
    item_branch.is_none() || item_branch == client_branch
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    use super::*;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 8, hour, 0, 0).single().unwrap_or_default()
    }

    #[test]
    fn an_item_is_scheduled_then_published_then_expired() {
        let (publish, expire) = (at(9), Some(at(17)));
        assert_eq!(NewsState::at(publish, expire, at(8)), NewsState::Scheduled);
        assert_eq!(NewsState::at(publish, expire, at(9)), NewsState::Published);
        assert_eq!(NewsState::at(publish, expire, at(16)), NewsState::Published);
        assert_eq!(NewsState::at(publish, expire, at(17)), NewsState::Expired);
        assert_eq!(NewsState::at(publish, None, at(23)), NewsState::Published);
    }

    #[test]
    fn a_draft_names_every_problem() {
        let draft = NewsDraft { title: "  ", text: "Regel\u{0}", publish_at: at(10), expire_at: Some(at(10)) };
        let problems = draft.check().unwrap_err();
        let found: Vec<(&str, &str)> = problems.iter().map(|p| (p.field, p.code)).collect();
        assert_eq!(found, [("title", "required"), ("text", "control_character"), ("expire_at", "before_publish")]);
        let long = "x".repeat(TITLE_MAX + 1);
        let too_long = NewsDraft { title: &long, text: "Tekst", publish_at: at(10), expire_at: None };
        assert_eq!(too_long.check().unwrap_err()[0].code, "length");
        let fine = NewsDraft {
            title: " Nieuwe tarieven ",
            text: "Per 1 januari.\nZie bijlage.",
            publish_at: at(10),
            expire_at: None,
        };
        assert_eq!(fine.check().unwrap(), ("Nieuwe tarieven".to_owned(), "Per 1 januari.\nZie bijlage.".to_owned()));
    }

    #[test]
    fn a_branch_item_reaches_only_that_branch() {
        let (utrecht, gent) = (Some(Uuid::from_u128(1)), Some(Uuid::from_u128(2)));
        assert!(reaches(None, utrecht) && reaches(None, None));
        assert!(reaches(utrecht, utrecht));
        assert!(!reaches(utrecht, gent) && !reaches(utrecht, None));
    }

    proptest! {
        /// Time only moves an item forward: scheduled, published, expired.
        #[test]
        fn the_state_never_goes_back(start in 0i64..1000, length in proptest::option::of(1i64..1000), a in 0i64..3000, b in 0i64..3000) {
            let publish = at(0) + Duration::minutes(start);
            let expire = length.map(|l| publish + Duration::minutes(l));
            let (early, late) = (a.min(b), a.max(b));
            let first = NewsState::at(publish, expire, at(0) + Duration::minutes(early));
            let then = NewsState::at(publish, expire, at(0) + Duration::minutes(late));
            prop_assert!(first <= then);
        }
    }
}
