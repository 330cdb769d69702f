//! Cost estimates on change requests (seed 003): the helpdesk states the hours, the
//! amount and what it covers; the work waits until the customer accepts or declines.

use super::named_values;
use super::ticket::{TicketEvent, TicketStatus, TicketType, TransitionError};
use crate::Language;

named_values! {
    /// Where an estimate stands.
    pub enum EstimateStatus {
        /// Waiting for the customer.
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
    }
}

/// The most hours one estimate may state.
pub const MAX_HOURS: f64 = 10_000.0;
/// The highest amount, in cents (ten million euros).
pub const MAX_AMOUNT_CENTS: i64 = 1_000_000_000;

/// The work and the price of an estimate, in quarter hours and euro cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    minutes: u32,
    amount_cents: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EstimateError {
    #[error("hours are given in quarters, from 0.25 to 10000")]
    Hours,
    #[error("the amount is between 0 and 10,000,000 euros, in cents")]
    Amount,
}

impl Estimate {
    pub fn new(hours: f64, amount_cents: i64) -> Result<Self, EstimateError> {
        let quarters = hours * 4.0;
        if !hours.is_finite() || !(0.25..=MAX_HOURS).contains(&hours) || quarters.fract() != 0.0 {
            return Err(EstimateError::Hours);
        }
        if !(0..=MAX_AMOUNT_CENTS).contains(&amount_cents) {
            return Err(EstimateError::Amount);
        }
        // At most 40,000 quarters: exact in f64 and in u32.
        Ok(Self { minutes: quarters as u32 * 15, amount_cents })
    }

    /// As stored.
    pub fn from_stored(minutes: i32, amount_cents: i64) -> Option<Self> {
        let minutes = u32::try_from(minutes).ok()?;
        (minutes > 0 && minutes % 15 == 0).then_some(Self { minutes, amount_cents })
    }

    pub fn minutes(self) -> u32 {
        self.minutes
    }

    pub fn hours(self) -> f64 {
        f64::from(self.minutes) / 60.0
    }

    pub fn amount_cents(self) -> i64 {
        self.amount_cents
    }

    /// "6,5 uur · € 1.250,00" or "6.5 h · € 1,250.00".
    pub fn summary(self, language: Language) -> String {
        let (decimal, thousands, unit) = match language {
            Language::Nl => (',', '.', "uur"),
            Language::En => ('.', ',', "h"),
        };
        let hours = format!("{}", self.hours()).replace('.', &decimal.to_string());
        let euros = self.amount_cents / 100;
        let mut grouped = String::new();
        for (index, digit) in euros.to_string().chars().rev().enumerate() {
            if index > 0 && index % 3 == 0 {
                grouped.push(thousands);
            }
            grouped.push(digit);
        }
        let grouped: String = grouped.chars().rev().collect();
        format!("{hours} {unit} · € {grouped}{decimal}{:02}", self.amount_cents % 100)
    }
}

/// The status after the helpdesk proposes an estimate: only on a change request the
/// helpdesk is working on; the ticket then waits on the customer.
pub fn propose(ticket_type: TicketType, status: TicketStatus) -> Result<TicketStatus, TransitionError> {
    if ticket_type != TicketType::Change {
        return Err(TransitionError::NotAChange);
    }
    status.after(TicketEvent::ProposeEstimate)
}

/// The status after the customer answers: only while an estimate is pending.
pub fn answer(status: TicketStatus, estimate: Option<EstimateStatus>) -> Result<TicketStatus, TransitionError> {
    if estimate != Some(EstimateStatus::Pending) {
        return Err(TransitionError::NoPendingEstimate);
    }
    status.after(TicketEvent::AnswerEstimate)
}

/// Euros as typed ("1.250,50", "1250.5", "€ 80") to cents; `None` when it is no amount.
pub fn parse_euros(text: &str) -> Option<i64> {
    let cleaned: String = text.chars().filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.')).collect();
    // The last separator followed by one or two digits is the decimal one.
    let (whole, fraction) = match cleaned.rfind([',', '.']) {
        Some(at) if cleaned.len() - at <= 3 => (&cleaned[..at], &cleaned[at + 1..]),
        _ => (cleaned.as_str(), ""),
    };
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let fraction: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    (!cleaned.is_empty()).then(|| whole.checked_mul(100)?.checked_add(fraction)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hours_come_in_quarters_and_amounts_in_range() {
        assert_eq!(Estimate::new(6.5, 78_000).unwrap().minutes(), 390);
        assert_eq!(Estimate::new(0.25, 0).unwrap().minutes(), 15);
        assert_eq!(Estimate::new(0.1, 100), Err(EstimateError::Hours));
        assert_eq!(Estimate::new(0.0, 100), Err(EstimateError::Hours));
        assert_eq!(Estimate::new(f64::NAN, 100), Err(EstimateError::Hours));
        assert_eq!(Estimate::new(10_000.25, 100), Err(EstimateError::Hours));
        assert_eq!(Estimate::new(1.0, -1), Err(EstimateError::Amount));
        assert_eq!(Estimate::new(1.0, MAX_AMOUNT_CENTS + 1), Err(EstimateError::Amount));
    }

    #[test]
    fn summaries_read_as_people_write_them() {
        let estimate = Estimate::new(6.5, 125_000).unwrap();
        assert_eq!(estimate.summary(Language::Nl), "6,5 uur · € 1.250,00");
        assert_eq!(estimate.summary(Language::En), "6.5 h · € 1,250.00");
        assert_eq!(Estimate::new(12.0, 5).unwrap().summary(Language::Nl), "12 uur · € 0,05");
        assert_eq!(Estimate::new(1.0, 123_456_789).unwrap().summary(Language::En), "1 h · € 1,234,567.89");
    }

    #[test]
    fn only_change_requests_being_worked_on_take_an_estimate() {
        use TicketStatus::*;
        assert_eq!(propose(TicketType::Change, Open), Ok(WaitingOnCustomer));
        assert_eq!(propose(TicketType::Change, New), Ok(WaitingOnCustomer));
        assert_eq!(propose(TicketType::Bug, Open), Err(TransitionError::NotAChange));
        assert_eq!(propose(TicketType::Change, Closed), Err(TransitionError::NoEstimateNow));
        assert_eq!(propose(TicketType::Change, AwaitingApproval), Err(TransitionError::NotWithHelpdesk));
        assert_eq!(answer(WaitingOnCustomer, Some(EstimateStatus::Pending)), Ok(Open));
        assert_eq!(answer(WaitingOnCustomer, Some(EstimateStatus::Accepted)), Err(TransitionError::NoPendingEstimate));
        assert_eq!(answer(WaitingOnCustomer, None), Err(TransitionError::NoPendingEstimate));
    }

    #[test]
    fn euros_read_as_typed() {
        assert_eq!(parse_euros("1.250,50"), Some(125_050));
        assert_eq!(parse_euros("1,250.50"), Some(125_050));
        assert_eq!(parse_euros("€ 80"), Some(8_000));
        assert_eq!(parse_euros("80,5"), Some(8_050));
        assert_eq!(parse_euros("1.250"), Some(125_000));
        assert_eq!(parse_euros(""), None);
        assert_eq!(parse_euros("gratis"), None);
    }

    proptest! {
        #[test]
        fn stored_estimates_read_back_the_same(quarters in 1u32..=40_000, cents in 0i64..=MAX_AMOUNT_CENTS) {
            let estimate = Estimate::new(f64::from(quarters) / 4.0, cents).unwrap();
            let minutes = i32::try_from(estimate.minutes()).unwrap();
            prop_assert_eq!(Estimate::from_stored(minutes, cents), Some(estimate));
            prop_assert_eq!(estimate.hours() * 4.0, f64::from(quarters));
        }
    }
}
