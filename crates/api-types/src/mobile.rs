//! The caller's verified mobile number and the one-time SMS codes sent to it (seed 002,
//! "accorderingstokens"): a new number replaces the old only after the user proves it
//! with its PIN and a code sent to the new number.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// The caller's mobile number for SMS codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MobileStatus {
    /// The verified number in E.164 form; codes go here.
    #[cfg_attr(feature = "openapi", schema(example = "+31612345678"))]
    pub number: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    /// A new number waiting for its code (E.164), if a change was asked less than the
    /// code's lifetime ago.
    pub pending_number: Option<String>,
}

/// Ask to change (or set) the caller's mobile number: a code goes to the new number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangeMobile {
    /// A mobile number; without a country code it is read as Dutch.
    #[validate(length(min = 1, max = 32, message = "a mobile number"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32, example = "06 1234 5678"))]
    pub mobile: String,
    /// The caller's PIN: only its owner may change where codes go.
    #[validate(length(max = 20, message = "six digits"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, pattern = "^ *(?:[0-9] *){6}$", example = "123 456"))]
    pub pin: String,
}

impl crate::text::TextFields for ChangeMobile {}

/// The code that was sent to the new number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmMobile {
    /// Six digits; spaces are ignored.
    #[validate(length(max = 20, message = "six digits"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, pattern = "^ *(?:[0-9] *){6}$", example = "482 913"))]
    pub code: String,
}

impl crate::text::TextFields for ConfirmMobile {}

/// Where a one-time code went and when another may be asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSent {
    /// The number, masked (`+31 6 ••••••78`).
    pub sent_to: String,
    /// How long the code works once it arrives.
    pub valid_for_secs: u32,
    /// No new code before this moment.
    pub resend_at: DateTime<Utc>,
}

/// Whether the caller signs in with a code by SMS after its password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecondFactorStatus {
    /// The caller chose to sign in with a code.
    pub enabled: bool,
    pub enabled_at: Option<DateTime<Utc>>,
    /// A group the caller belongs to requires it (it cannot be switched off then).
    pub required_by_group: bool,
    /// Whether sign-in asks for a code now: required (by choice or group) and a verified
    /// mobile number to send it to. Required without a number asks for none until one is
    /// verified.
    pub active: bool,
    /// Unused recovery codes.
    pub recovery_codes_left: u32,
}

/// Switch the code at sign-in on or off, confirmed with the PIN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetSecondFactor {
    pub enabled: bool,
    #[validate(length(max = 20, message = "six digits"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, pattern = "^ *(?:[0-9] *){6}$", example = "123 456"))]
    pub pin: String,
}

impl crate::text::TextFields for SetSecondFactor {}

/// Make new recovery codes (the old ones stop working), confirmed with the PIN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRecoveryCodes {
    #[validate(length(max = 20, message = "six digits"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, pattern = "^ *(?:[0-9] *){6}$", example = "123 456"))]
    pub pin: String,
}

impl crate::text::TextFields for NewRecoveryCodes {}

/// Recovery codes, shown this once: Loket keeps only their hashes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    /// Each works once at sign-in instead of an SMS code (`abcde-fghjk`).
    #[cfg_attr(feature = "openapi", schema(min_items = 10, max_items = 10))]
    pub codes: Vec<String>,
    pub created_at: DateTime<Utc>,
}
