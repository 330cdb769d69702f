//! Self-service access (seed 003): a customer without a login asks for one with the
//! customer number printed on its invoices. The rules here decide what a customer
//! number looks like, how a request moves, whom it goes to, and how often anyone may ask.

use std::fmt;
use std::net::IpAddr;

use crate::throttle::{ThrottleRule, address_network};

/// What [`CustomerNumber::parse`] accepts (or empty, meaning none where a number is
/// optional), as an ECMA-262 pattern for the OpenAPI document.
pub const CUSTOMER_NUMBER_PATTERN: &str = "^(?:[A-Za-z0-9][A-Za-z0-9-]{2,18}[A-Za-z0-9])?$";

/// The number on a client's invoices: 4 to 20 letters, digits and hyphens, starting and
/// ending with a letter or digit. Stored upper-case ("ks-10234" → "KS-10234"); the
/// browser app drops the spaces people type before it sends one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CustomerNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CustomerNumberError {
    #[error("a customer number has 4 to 20 letters, digits and hyphens, as printed on your invoices")]
    Format,
}

impl CustomerNumber {
    pub const MIN_LEN: usize = 4;
    pub const MAX_LEN: usize = 20;

    pub fn parse(raw: &str) -> Result<Self, CustomerNumberError> {
        let bytes = raw.as_bytes();
        let well_formed = (Self::MIN_LEN..=Self::MAX_LEN).contains(&bytes.len())
            && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
            && bytes.last().is_some_and(u8::is_ascii_alphanumeric);
        if !well_formed {
            return Err(CustomerNumberError::Format);
        }
        Ok(Self(raw.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for CustomerNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a request is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessRequestStatus {
    /// Made; the address is not confirmed yet. Nobody but the requester knows of it.
    Unconfirmed,
    /// The address is confirmed; waiting for an approver.
    Pending,
    /// Approved: the account exists and its invitation is on its way.
    Approved,
    /// Declined with a reason, which the requester was told.
    Declined,
}

/// What happens to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessEvent {
    /// The requester opened the confirmation link.
    Confirm,
    Approve,
    Decline,
}

impl AccessRequestStatus {
    pub const ALL: [Self; 4] = [Self::Unconfirmed, Self::Pending, Self::Approved, Self::Declined];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unconfirmed => "unconfirmed",
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Declined => "declined",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// The status after `event`, or `None` when the event is not possible now. A
    /// decision is final; a confirmation counts once.
    pub fn after(self, event: AccessEvent) -> Option<Self> {
        match (self, event) {
            (Self::Unconfirmed, AccessEvent::Confirm) => Some(Self::Pending),
            (Self::Pending, AccessEvent::Approve) => Some(Self::Approved),
            (Self::Pending, AccessEvent::Decline) => Some(Self::Declined),
            _ => None,
        }
    }
}

/// Who decides a confirmed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Approvers {
    /// The client's superusers.
    Client,
    /// The vendor's helpdesk: the number matched no client, or the client has no active
    /// superuser.
    Vendor,
}

impl Approvers {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Vendor => "vendor",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Client, Self::Vendor].into_iter().find(|a| a.as_str() == value)
    }

    /// The approvers of a request whose number matched a client (`matched`) that has
    /// `active_superusers` active superusers.
    pub fn route(matched: bool, active_superusers: usize) -> Self {
        if matched && active_superusers > 0 { Self::Client } else { Self::Vendor }
    }
}

/// How often access may be asked for. Every request counts, known number or not, so
/// the limits say nothing about which numbers exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessThrottlePolicy {
    /// Per source address (IPv6 per /64).
    pub address: ThrottleRule,
    /// Per customer number, from anywhere.
    pub number: ThrottleRule,
    /// Per e-mail address, from anywhere: nobody's mailbox gets flooded.
    pub email: ThrottleRule,
}

impl Default for AccessThrottlePolicy {
    fn default() -> Self {
        Self {
            address: ThrottleRule {
                free_failures: 5,
                base_delay_secs: 60,
                max_delay_secs: 60 * 60,
                forget_after_secs: 60 * 60,
            },
            number: ThrottleRule {
                free_failures: 5,
                base_delay_secs: 5 * 60,
                max_delay_secs: 6 * 60 * 60,
                forget_after_secs: 24 * 60 * 60,
            },
            email: ThrottleRule {
                free_failures: 3,
                base_delay_secs: 5 * 60,
                max_delay_secs: 6 * 60 * 60,
                forget_after_secs: 24 * 60 * 60,
            },
        }
    }
}

impl AccessThrottlePolicy {
    /// The default policy with `free` requests per source address.
    pub fn with_free_per_address(free: u32) -> Self {
        let mut policy = Self::default();
        policy.address.free_failures = free;
        policy
    }

    /// The counters one request claims, each with its rule.
    pub fn keys(&self, address: IpAddr, number: &str, email: &str) -> [(String, ThrottleRule); 3] {
        let number = number.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        [
            (format!("access-address:{}", address_network(address)), self.address),
            (format!("access-number:{number}"), self.number),
            (format!("access-email:{}", email.trim().to_lowercase()), self.email),
        ]
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn customer_numbers_are_stored_upper_case() {
        for (raw, stored) in
            [("100234", "100234"), ("k10234", "K10234"), ("kl-2024-07", "KL-2024-07"), ("ab--12", "AB--12")]
        {
            assert_eq!(CustomerNumber::parse(raw).map(CustomerNumber::into_inner), Ok(stored.to_owned()), "{raw}");
        }
        for bad in
            ["", "123", "-1234", "1234-", "12 34", " 1234", "12_34", "123456789012345678901", "12€34", "12\u{0}34"]
        {
            assert_eq!(CustomerNumber::parse(bad), Err(CustomerNumberError::Format), "{bad:?}");
        }
    }

    #[test]
    fn the_published_pattern_states_the_rule() {
        let pattern = regex::Regex::new(CUSTOMER_NUMBER_PATTERN).unwrap();
        for raw in
            ["100234", "k10234", "KL-2024-07", "ab--12", "123", "-1234", "12 34", " ", "12€34", "123456789012345678901"]
        {
            assert_eq!(pattern.is_match(raw), CustomerNumber::parse(raw).is_ok(), "{raw:?}");
        }
        assert!(pattern.is_match(""), "empty means none");
    }

    #[test]
    fn a_request_is_confirmed_once_and_decided_once() {
        use AccessEvent::*;
        use AccessRequestStatus::*;
        let table = [
            (Unconfirmed, Confirm, Some(Pending)),
            (Unconfirmed, Approve, None),
            (Unconfirmed, Decline, None),
            (Pending, Confirm, None),
            (Pending, Approve, Some(Approved)),
            (Pending, Decline, Some(Declined)),
            (Approved, Confirm, None),
            (Approved, Decline, None),
            (Declined, Approve, None),
            (Declined, Confirm, None),
        ];
        for (from, event, to) in table {
            assert_eq!(from.after(event), to, "{from:?} + {event:?}");
        }
        for status in AccessRequestStatus::ALL {
            assert_eq!(AccessRequestStatus::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn requests_go_to_the_superusers_or_else_to_the_helpdesk() {
        assert_eq!(Approvers::route(true, 2), Approvers::Client);
        assert_eq!(Approvers::route(true, 0), Approvers::Vendor);
        assert_eq!(Approvers::route(false, 0), Approvers::Vendor);
        assert_eq!(Approvers::route(false, 3), Approvers::Vendor);
    }

    #[test]
    fn the_counters_do_not_depend_on_how_the_number_or_address_was_typed() {
        let policy = AccessThrottlePolicy::default();
        let ip: IpAddr = "2001:db8:1:2:3::4".parse().unwrap();
        let same_net: IpAddr = "2001:db8:1:2:ffff::1".parse().unwrap();
        assert_eq!(policy.keys(ip, "k 10234", " Jan@Example.NL"), policy.keys(same_net, "K10234", "jan@example.nl"));
    }

    proptest! {
        #[test]
        fn the_pattern_and_the_parser_agree(raw in "[a-zA-Z0-9 _-]{0,24}") {
            let pattern = regex::Regex::new(CUSTOMER_NUMBER_PATTERN).unwrap();
            let parsed = CustomerNumber::parse(&raw);
            prop_assert_eq!(pattern.is_match(&raw), raw.is_empty() || parsed.is_ok());
            if let Ok(number) = parsed {
                prop_assert_eq!(CustomerNumber::parse(number.as_str()), Ok(number.clone()));
            }
        }
    }
}
