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
}

/// The pattern of a contract number: what the vendor's contract administration writes,
/// letters, digits and dashes, 3 to 30 characters.
pub const NUMBER_PATTERN: &str = "^[A-Z0-9][A-Z0-9-]{2,29}$";

/// Why a contract is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ContractError {
    #[error("a contract number has 3 to 30 capitals, digits or dashes")]
    Number,
    #[error("a contract starts at most a year before it is recorded")]
    StartTooEarly,
    #[error("a contract cannot go from this status to that one")]
    Transition,
}

/// A contract number in its written form (upper case, trimmed).
pub fn contract_number(raw: &str) -> Result<String, ContractError> {
    let number = raw.trim().to_uppercase();
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
/// and every company's contract active.
pub fn contracts_complete(statuses: &[ContractStatus]) -> bool {
    !statuses.is_empty() && statuses.iter().all(|s| *s == ContractStatus::Active)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn numbers_are_written_in_capitals() {
        assert_eq!(contract_number(" ct-2026-0012 "), Ok("CT-2026-0012".to_owned()));
        for bad in ["ab", "-CT1", "CT 12", &"A".repeat(31), "CT_1"] {
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
    }

    proptest! {
        #[test]
        fn back_dating_stops_at_a_year(days in -800i64..800) {
            let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
            let start = today + chrono::Duration::days(days);
            prop_assert_eq!(check_start(start, today).is_ok(), days >= -366);
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
