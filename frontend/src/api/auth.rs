//! The endpoints used before there is a session: signing in (and its second step),
//! the refresh and sign-out that go with the cookie, invitations and password resets.

use loket_api_types::auth::{
    AcceptInvitationRequest, InspectTokenRequest, LoginRequest, PasswordResetConfirm, PasswordResetRequest,
    ResendSignInCode, SecondFactorLogin, SecondFactorRequired, TokenInfo, TokenResponse,
};
use loket_api_types::mobile::CodeSent;

use super::{ApiError, Method, anonymous, decode, json};

/// What a right password answers: a session, or the challenge of the second step.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
pub enum LoginOutcome {
    SignedIn(TokenResponse),
    SecondFactor(SecondFactorRequired),
}

pub async fn login(request: &LoginRequest) -> Result<LoginOutcome, ApiError> {
    decode(anonymous(Method::Post, "/auth/login", json(request)).await)
}

pub async fn complete_sign_in(request: &SecondFactorLogin) -> Result<TokenResponse, ApiError> {
    decode(anonymous(Method::Post, "/auth/login/second-factor", json(request)).await)
}

pub async fn resend_sign_in_code(request: &ResendSignInCode) -> Result<CodeSent, ApiError> {
    decode(anonymous(Method::Post, "/auth/login/second-factor/code", json(request)).await)
}

pub async fn refresh() -> Result<TokenResponse, ApiError> {
    decode(anonymous(Method::Post, "/auth/refresh", None).await)
}

pub async fn logout() -> Result<(), ApiError> {
    decode(anonymous(Method::Post, "/auth/logout", None).await)
}

pub async fn inspect_link(invitation: bool, token: &str) -> Result<TokenInfo, ApiError> {
    let path = if invitation { "/auth/invitations/inspect" } else { "/auth/password-reset/inspect" };
    let body = json(&InspectTokenRequest { token: token.to_owned() });
    decode(anonymous(Method::Post, path, body).await)
}

pub async fn accept_invitation(request: &AcceptInvitationRequest) -> Result<(), ApiError> {
    decode(anonymous(Method::Post, "/auth/invitations/accept", json(request)).await)
}

pub async fn request_password_reset(request: &PasswordResetRequest) -> Result<(), ApiError> {
    decode(anonymous(Method::Post, "/auth/password-reset", json(request)).await)
}

pub async fn confirm_password_reset(request: &PasswordResetConfirm) -> Result<(), ApiError> {
    decode(anonymous(Method::Post, "/auth/password-reset/confirm", json(request)).await)
}
