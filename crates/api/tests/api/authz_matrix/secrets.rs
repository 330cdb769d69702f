//! The matrix's cells for what a person confirms with beyond its password: its mobile
//! number, approval codes, signing in with a code and recovery codes. All are the
//! caller's own (no tenant addressed): a person gets its answer, an API key 403, and the
//! second step of a sign-in is open to anyone with a challenge — none is valid here.

use serde_json::{Value, json};

use super::rules::{Ep, Tenant, Who};

pub const SECRETS: [Ep; 9] = [
    Ep::GetMyMobile,
    Ep::ChangeMyMobile,
    Ep::ConfirmMyMobile,
    Ep::SendApprovalCode,
    Ep::GetMySecondFactor,
    Ep::SetMySecondFactor,
    Ep::NewRecoveryCodes,
    Ep::CompleteSignIn,
    Ep::ResendSignInCode,
];

pub const ROWS: &[(Ep, &str, &str)] = &[
    (Ep::GetMyMobile, "GET", "/api/v1/me/mobile"),
    (Ep::ChangeMyMobile, "PUT", "/api/v1/me/mobile"),
    (Ep::ConfirmMyMobile, "POST", "/api/v1/me/mobile/confirmation"),
    (Ep::SendApprovalCode, "POST", "/api/v1/me/approval-codes"),
    (Ep::GetMySecondFactor, "GET", "/api/v1/me/second-factor"),
    (Ep::SetMySecondFactor, "PUT", "/api/v1/me/second-factor"),
    (Ep::NewRecoveryCodes, "POST", "/api/v1/me/recovery-codes"),
    (Ep::CompleteSignIn, "POST", "/api/v1/auth/login/second-factor"),
    (Ep::ResendSignInCode, "POST", "/api/v1/auth/login/second-factor/code"),
];

/// The request of a cell: bodies that a person's own checks refuse before anything
/// changes (a landline, a PIN or code too short), so every cell is repeatable.
pub fn request(ep: Ep) -> (String, Option<Value>, Vec<(String, String)>) {
    let (path, body) = match ep {
        Ep::GetMyMobile => ("/api/v1/me/mobile", None),
        Ep::ChangeMyMobile => ("/api/v1/me/mobile", Some(json!({"mobile": "020 123 4567", "pin": "123456"}))),
        Ep::ConfirmMyMobile => ("/api/v1/me/mobile/confirmation", Some(json!({"code": "12"}))),
        Ep::SendApprovalCode => ("/api/v1/me/approval-codes", None),
        Ep::GetMySecondFactor => ("/api/v1/me/second-factor", None),
        Ep::SetMySecondFactor => ("/api/v1/me/second-factor", Some(json!({"enabled": true, "pin": "12"}))),
        Ep::NewRecoveryCodes => ("/api/v1/me/recovery-codes", Some(json!({"pin": "12"}))),
        Ep::CompleteSignIn => {
            ("/api/v1/auth/login/second-factor", Some(json!({"challenge": "not-a-challenge", "code": "123456"})))
        }
        Ep::ResendSignInCode => {
            ("/api/v1/auth/login/second-factor/code", Some(json!({"challenge": "not-a-challenge"})))
        }
        _ => unreachable!("{ep:?} is not a secrets endpoint"),
    };
    (path.to_owned(), body, vec![])
}

pub fn expected(ep: Ep, who: Who, _tenant: Tenant) -> u16 {
    let key = matches!(who, Who::ApiKey | Who::NarrowKey | Who::VendorKey);
    match ep {
        Ep::CompleteSignIn | Ep::ResendSignInCode => 401,
        _ if key => 403,
        Ep::GetMyMobile | Ep::GetMySecondFactor => 200,
        // Nobody in the matrix has a verified mobile number.
        Ep::SendApprovalCode => 409,
        Ep::ChangeMyMobile | Ep::ConfirmMyMobile | Ep::SetMySecondFactor | Ep::NewRecoveryCodes => 422,
        _ => unreachable!("{ep:?} is not a secrets endpoint"),
    }
}
