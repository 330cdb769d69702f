//! Signing in and out, invitations and password resets.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::me::Me;

/// E-mail address and password.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 254, message = "enter your e-mail address"))]
    #[cfg_attr(feature = "openapi", schema(example = "beheer@loket.example", min_length = 1, max_length = 254))]
    pub email: String,
    #[validate(length(min = 1, max = 1024, message = "enter your password"))]
    #[cfg_attr(feature = "openapi", schema(format = Password, min_length = 1, max_length = 1024))]
    pub password: String,
}

/// The password was right; the account signs in with a code by SMS as well (202). The
/// code went to the user's verified mobile number; give it, or a recovery code, with the
/// challenge to `POST /auth/login/second-factor`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecondFactorRequired {
    /// Names this sign-in in the second step; works ten minutes, once.
    pub challenge: String,
    /// The number the code went to, masked (`+31 6 ••••••78`).
    pub sent_to: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// No new code before this moment (`POST /auth/login/second-factor/code`).
    pub resend_at: chrono::DateTime<chrono::Utc>,
}

/// The second step of a sign-in: the challenge and the code from the SMS, or one of the
/// user's recovery codes.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SecondFactorLogin {
    #[validate(length(min = 1, max = 64, message = "the challenge from the first step"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub challenge: String,
    /// Six digits; spaces are ignored. Give this or `recovery_code`.
    #[validate(length(max = 20, message = "six digits"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, pattern = "^ *(?:[0-9] *){6}$", example = "482 913"))]
    pub code: Option<String>,
    /// A recovery code (`abcde-fghjk`; case, spaces and dashes ignored). Give this or `code`.
    #[validate(length(max = 40, message = "a recovery code"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 40, example = "abcde-fghjk"))]
    pub recovery_code: Option<String>,
}

impl crate::text::TextFields for SecondFactorLogin {}

/// Ask for a new code for the sign-in under way.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResendSignInCode {
    #[validate(length(min = 1, max = 64, message = "the challenge from the first step"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub challenge: String,
}

impl crate::text::TextFields for ResendSignInCode {}

/// A fresh access token. The refresh token travels only in the `loket_refresh` cookie
/// (httpOnly, Secure, SameSite=Strict, path `/api/v1/auth`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// A JWT for the `Authorization: Bearer` header.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires; refresh shortly before.
    pub expires_in: u64,
    /// The signed-in user.
    pub user: Me,
}

/// Accepting an invitation: the token from the e-mail link and the chosen password.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationRequest {
    #[validate(length(min = 1, max = 200, message = "the link is incomplete"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
    #[validate(length(min = 1, max = 1024, message = "choose a password"))]
    #[cfg_attr(feature = "openapi", schema(format = Password, min_length = 12, max_length = 1024))]
    pub password: String,
}

/// Asking for a password-reset e-mail.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    #[validate(length(min = 1, max = 254, message = "enter your e-mail address"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 254))]
    pub email: String,
}

/// Choosing a new password with the token from the reset e-mail.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    #[validate(length(min = 1, max = 200, message = "the link is incomplete"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
    #[validate(length(min = 1, max = 1024, message = "choose a password"))]
    #[cfg_attr(feature = "openapi", schema(format = Password, min_length = 12, max_length = 1024))]
    pub password: String,
}

/// What an invitation or reset link is for, shown before the user chooses a password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenInfo {
    pub email: String,
    pub name: String,
    pub organisation_name: String,
    /// When the link stops working.
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// Checking an invitation or reset token without using it.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InspectTokenRequest {
    #[validate(length(min = 1, max = 200, message = "the link is incomplete"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
}

// Every text field of these bodies is a single line.
impl crate::text::TextFields for LoginRequest {}
impl crate::text::TextFields for AcceptInvitationRequest {}
impl crate::text::TextFields for PasswordResetRequest {}
impl crate::text::TextFields for PasswordResetConfirm {}
impl crate::text::TextFields for InspectTokenRequest {}
