//! The caller's verified mobile number (seed 002): where one-time codes go. Setting or
//! changing it needs the user's PIN and a code sent to the new number; only then does
//! the new number replace the old. Approval codes go to the verified number only.

use loket_api_types::ErrorCode;
use loket_api_types::mobile::{ChangeMobile, CodeSent, ConfirmMobile, MobileStatus};
use loket_domain::PhoneNumber;
use loket_domain::approvals::secrets::CodePurpose;
use loket_domain::audit::{AuditAction, EntityType, Snapshot};

use crate::auth::Principal;
use crate::db;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::services::{pins, sms_codes};
use crate::state::AppState;

pub async fn status(state: &AppState, principal: &Principal) -> Result<MobileStatus, ApiError> {
    let user = pins::caller(state, principal).await?;
    let mobile = db::sms_codes::mobile(&state.db, user.id).await?;
    let pending = db::sms_codes::latest(&state.db, user.id, CodePurpose::Mobile)
        .await?
        .filter(|code| sms_codes::pending(code, state.clock.now()))
        .map(|code| code.phone);
    Ok(MobileStatus {
        number: mobile.as_ref().map(|m| m.number.clone()),
        verified_at: mobile.map(|m| m.verified_at.to_utc()),
        pending_number: pending,
    })
}

/// Sends a code to the new number after checking the caller's PIN.
pub async fn change(state: &AppState, principal: &Principal, request: ChangeMobile) -> Result<CodeSent, ApiError> {
    let user = pins::caller(state, principal).await?;
    let number =
        PhoneNumber::parse_mobile(&request.mobile).map_err(|e| ApiError::field("mobile", "invalid", e.to_string()))?;
    pins::verify(state, principal, &user, &request.pin).await?;
    let mut write = Write::begin(state, principal.into()).await?;
    let sent = sms_codes::send(state, &mut write, &user, CodePurpose::Mobile, &number).await?;
    write.commit().await?;
    Ok(sent)
}

/// The code from the new number: it becomes the verified number.
pub async fn confirm(
    state: &AppState,
    principal: &Principal,
    request: ConfirmMobile,
) -> Result<MobileStatus, ApiError> {
    let user = pins::caller(state, principal).await?;
    let code = sms_codes::verify(state, &user, CodePurpose::Mobile, &request.code, "code").await?;
    let before = db::sms_codes::mobile(&state.db, user.id).await?;
    let mut write = Write::begin(state, principal.into()).await?;
    db::sms_codes::set_mobile(write.db(), user.id, &code.phone, state.clock.now()).await?;
    let snapshot = |number: &str| Snapshot::new().field("number", number);
    let (action, old) = match &before {
        Some(m) => (AuditAction::Updated, Some(snapshot(&m.number))),
        None => (AuditAction::Created, None),
    };
    let change = Change::event(action, EntityType::UserMobile, user.id, Some(user.organisation_id))
        .comparing(old.as_ref(), Some(&snapshot(&code.phone)))
        .in_history_of(EntityType::User, user.id);
    write.record(change).await?;
    write.commit().await?;
    status(state, principal).await
}

/// Sends the caller a code to confirm approvals with, to its verified number.
pub async fn send_approval_code(state: &AppState, principal: &Principal) -> Result<CodeSent, ApiError> {
    let user = pins::caller(state, principal).await?;
    let Some(mobile) = db::sms_codes::mobile(&state.db, user.id).await? else {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "You have no verified mobile number; add one on the Approvals page first.",
        ));
    };
    let number = PhoneNumber::parse(&mobile.number).map_err(ApiError::internal)?;
    let mut write = Write::begin(state, principal.into()).await?;
    let sent = sms_codes::send(state, &mut write, &user, CodePurpose::Approval, &number).await?;
    write.commit().await?;
    Ok(sent)
}
