//! The signed-in user's mobile number for SMS codes, asking for an approval code, and
//! signing in with a code (its switch and recovery codes).

use loket_api_types::mobile::{
    ChangeMobile, CodeSent, ConfirmMobile, MobileStatus, NewRecoveryCodes, RecoveryCodes, SecondFactorStatus,
    SetSecondFactor,
};

use super::{ApiError, Method, call, json};
use crate::session::Session;

pub async fn status(session: Session) -> Result<MobileStatus, ApiError> {
    call(session, Method::Get, "/me/mobile", None, None).await
}

pub async fn change(session: Session, request: &ChangeMobile) -> Result<CodeSent, ApiError> {
    call(session, Method::Put, "/me/mobile", json(request), None).await
}

pub async fn confirm(session: Session, request: &ConfirmMobile) -> Result<MobileStatus, ApiError> {
    call(session, Method::Post, "/me/mobile/confirmation", json(request), None).await
}

pub async fn send_approval_code(session: Session) -> Result<CodeSent, ApiError> {
    call(session, Method::Post, "/me/approval-codes", None, None).await
}

pub async fn second_factor(session: Session) -> Result<SecondFactorStatus, ApiError> {
    call(session, Method::Get, "/me/second-factor", None, None).await
}

pub async fn set_second_factor(session: Session, request: &SetSecondFactor) -> Result<SecondFactorStatus, ApiError> {
    call(session, Method::Put, "/me/second-factor", json(request), None).await
}

pub async fn new_recovery_codes(session: Session, request: &NewRecoveryCodes) -> Result<RecoveryCodes, ApiError> {
    call(session, Method::Post, "/me/recovery-codes", json(request), None).await
}
