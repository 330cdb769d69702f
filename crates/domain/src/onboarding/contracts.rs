//! Contracts of a case (seed 000 step 5): one per company of the client that will send
//! data (a client may have several companies), each with a number, the partner that
//! receives the data, a start date and a status. The case leaves its `contracts` step
//! once every company has an active contract.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a contract stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    /// Recorded, not yet in force.
    Draft,
    /// In force from its start date.
    Active,
    /// Ended; kept for the record.
    Ended,
}

impl ContractStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::Ended => "ended",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Draft, Self::Active, Self::Ended].into_iter().find(|s| s.as_str() == value)
    }

    /// Whether a contract may go from this status to `to`: draft → active → ended, and
    /// a draft may be dropped (ended) before it starts; nothing comes back.
    pub fn may_become(self, to: ContractStatus) -> bool {
        matches!((self, to), (Self::Draft, Self::Active) | (Self::Draft, Self::Ended) | (Self::Active, Self::Ended))
    }

    /// Whether the contract's terms (number, company, partner, start) may still change:
    /// only while it is a draft. A contract in force is ended and recorded anew.
    pub fn terms_editable(self) -> bool {
        self == Self::Draft
    }

    /// Whether the contract counts for its company (an ended one leaves room for a new one).
    pub fn is_open(self) -> bool {
        self != Self::Ended
    }
}

/// The pattern of a contract number: what the vendor's contract administration writes,
/// letters, digits and dashes, 3 to 30 characters.
pub const NUMBER_PATTERN: &str = "^[A-Z0-9][A-Z0-9-]{2,29}$";

/// What a contract number may be sent as: the same, in either case.
pub const NUMBER_INPUT_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9-]{2,29}$";

/// Why a contract is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ContractError {
    #[error("a contract number has 3 to 30 capitals, digits or dashes")]
    Number,
    #[error("a contract starts at most a year before it is recorded")]
    StartTooEarly,
    #[error("a contract cannot go from this status to that one")]
    Transition,
    #[error("the terms of a contract in force do not change; end it and record a new one")]
    TermsFixed,
}

/// A contract number in its written form (upper case); nothing else is changed.
pub fn contract_number(raw: &str) -> Result<String, ContractError> {
    let number = raw.to_ascii_uppercase();
    let bytes = number.as_bytes();
    let ok = (3..=30).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'-');
    if ok { Ok(number) } else { Err(ContractError::Number) }
}

/// Checks a start date against the day it is recorded: back-dating is allowed up to a
/// year (a contract signed on paper earlier), the future freely.
pub fn check_start(start: NaiveDate, today: NaiveDate) -> Result<(), ContractError> {
    if start < today - chrono::Duration::days(366) { Err(ContractError::StartTooEarly) } else { Ok(()) }
}

/// Whether a case's contracts let it leave the `contracts` step: at least one company,
/// and every company's contract active (ended ones are history and do not count).
pub fn contracts_complete(statuses: &[ContractStatus]) -> bool {
    let open: Vec<_> = statuses.iter().filter(|s| s.is_open()).collect();
    !open.is_empty() && open.iter().all(|s| **s == ContractStatus::Active)
}

/// A change asked of a contract, checked against where it stands: the status only along
/// [`ContractStatus::may_become`], the terms only of a draft.
pub fn check_change(
    current: ContractStatus,
    to: Option<ContractStatus>,
    terms_change: bool,
) -> Result<ContractStatus, ContractError> {
    if terms_change && !current.terms_editable() {
        return Err(ContractError::TermsFixed);
    }
    match to {
        Some(to) if to != current && !current.may_become(to) => Err(ContractError::Transition),
        Some(to) => Ok(to),
        None => Ok(current),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn numbers_are_written_in_capitals() {
        assert_eq!(contract_number("ct-2026-0012"), Ok("CT-2026-0012".to_owned()));
        for bad in ["ab", "-CT1", "CT 12", " CT-12", &"A".repeat(31), "CT_1", "CT-\u{e9}"] {
            assert_eq!(contract_number(bad), Err(ContractError::Number), "{bad:?}");
        }
        let pattern = regex::Regex::new(NUMBER_PATTERN).unwrap();
        assert!(pattern.is_match(&contract_number("ct-2026-0012").unwrap()));
    }

    #[test]
    fn statuses_only_move_forward() {
        use ContractStatus::*;
        assert!(Draft.may_become(Active) && Active.may_become(Ended) && Draft.may_become(Ended));
        assert!(!Active.may_become(Draft) && !Ended.may_become(Active) && !Active.may_become(Active));
        for status in [Draft, Active, Ended] {
            assert_eq!(ContractStatus::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn a_case_needs_every_company_under_an_active_contract() {
        use ContractStatus::*;
        assert!(!contracts_complete(&[]));
        assert!(!contracts_complete(&[Active, Draft]));
        assert!(contracts_complete(&[Active, Active]));
        assert!(contracts_complete(&[Active, Ended]), "an ended contract is history");
        assert!(!contracts_complete(&[Ended]), "nothing in force");
    }

    #[test]
    fn terms_change_only_in_a_draft() {
        use ContractStatus::*;
        assert_eq!(check_change(Draft, None, true), Ok(Draft));
        assert_eq!(check_change(Draft, Some(Active), true), Ok(Active));
        assert_eq!(check_change(Active, None, true), Err(ContractError::TermsFixed));
        assert_eq!(check_change(Active, Some(Ended), false), Ok(Ended));
        assert_eq!(check_change(Active, Some(Active), false), Ok(Active), "saying the same is no move");
        assert_eq!(check_change(Ended, Some(Draft), false), Err(ContractError::Transition));
    }

    proptest! {
        #[test]
        fn back_dating_stops_at_a_year(days in -800i64..800) {
            let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
            let start = today + chrono::Duration::days(days);
            prop_assert_eq!(check_start(start, today).is_ok(), days >= -366);
        }

        /// Whatever is asked, a contract never comes back from ended, and its terms stay
        /// fixed once it left draft.
        #[test]
        fn changes_never_reopen(from in 0usize..3, to in proptest::option::of(0usize..3), terms: bool) {
            use ContractStatus::*;
            let all = [Draft, Active, Ended];
            let (from, to) = (all[from], to.map(|t| all[t]));
            if let Ok(result) = check_change(from, to, terms) {
                prop_assert!(from != Ended || result == Ended);
                prop_assert!(!terms || from == Draft);
            }
        }

        /// The input pattern the API publishes says exactly what is accepted.
        #[test]
        fn the_input_pattern_is_the_rule(raw in "[a-zA-Z0-9 _-]{0,32}") {
            let pattern = regex::Regex::new(NUMBER_INPUT_PATTERN).unwrap();
            prop_assert_eq!(contract_number(&raw).is_ok(), pattern.is_match(&raw));
        }

        /// A written number is accepted as it is.
        #[test]
        fn written_numbers_are_fixed_points(raw in "[a-zA-Z0-9-]{0,32}") {
            if let Ok(number) = contract_number(&raw) {
                prop_assert_eq!(contract_number(&number), Ok(number.clone()));
            }
        }
    }
}
