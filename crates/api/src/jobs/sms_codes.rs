//! Rendering one-time SMS codes at delivery: the digits are made here, stored only as
//! their hash, and put into the message that leaves. The outbox row holds the code's id.

use chrono::{DateTime, Utc};
use loket_domain::Language;
use loket_domain::approvals::secrets::{CODE_DIGITS, CodePurpose, CodeRules};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::adapters::DeliveryError;
use crate::adapters::sms::Sms;
use crate::auth::{password, tokens};
use crate::db;

fn transient(error: DbErr) -> DeliveryError {
    DeliveryError::transient(format!("the database could not be read: {error}"))
}

/// `123 456`: easier to read off a phone and type in.
fn grouped(digits: &str) -> String {
    let (a, b) = digits.split_at(digits.len() / 2);
    format!("{a} {b}")
}

/// The text of a code message in `language`.
pub fn text(purpose: CodePurpose, language: Language, code: &str, valid_minutes: i64) -> String {
    let code = grouped(code);
    match language {
        Language::Nl => {
            let what = match purpose {
                CodePurpose::Approval => "om te accorderen",
                CodePurpose::Mobile => "om uw mobiele nummer te bevestigen",
                CodePurpose::SignIn => "om in te loggen",
            };
            format!("Uw Loket-code {what} is {code}. {valid_minutes} minuten geldig. Geef deze code aan niemand.")
        }
        Language::En => {
            let what = match purpose {
                CodePurpose::Approval => "to approve",
                CodePurpose::Mobile => "to confirm your mobile number",
                CodePurpose::SignIn => "to sign in",
            };
            format!("Your Loket code {what} is {code}. Valid for {valid_minutes} minutes. Never share this code.")
        }
    }
}

/// Makes the digits of code `code_id` and the message that carries them, or nothing when
/// the code is no longer wanted (used, or replaced by a newer one).
pub async fn render(
    db: &impl ConnectionTrait,
    code_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Sms>, DeliveryError> {
    let Some(code) = db::sms_codes::find(db, code_id).await.map_err(transient)? else {
        return Ok(None);
    };
    let purpose = CodePurpose::parse(&code.purpose)
        .ok_or_else(|| DeliveryError::permanent(format!("unknown code purpose {}", code.purpose)))?;
    let latest = db::sms_codes::latest(db, code.user_id, purpose).await.map_err(transient)?;
    if code.used_at.is_some() || latest.is_none_or(|l| l.id != code.id) {
        tracing::info!(%code_id, "one-time code no longer wanted; not sent");
        return Ok(None);
    }
    let Some(user) = db::auth_lookup::user_by_id(db, code.user_id).await.map_err(transient)? else {
        return Ok(None);
    };
    let digits = tokens::generate_digits(CODE_DIGITS);
    let hash = password::hash_password(digits.clone())
        .await
        .map_err(|e| DeliveryError::transient(format!("the code could not be hashed: {e}")))?;
    if !db::sms_codes::issue(db, code.id, hash, now).await.map_err(transient)? {
        return Ok(None);
    }
    let language = Language::parse(&user.language).unwrap_or_default();
    let minutes = CodeRules::default().valid_for.num_minutes();
    Ok(Some(Sms { to: code.phone, body: text(purpose, language, &digits, minutes) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_says_what_the_code_is_for_in_the_users_language() {
        let nl = text(CodePurpose::Approval, Language::Nl, "482913", 10);
        assert_eq!(nl, "Uw Loket-code om te accorderen is 482 913. 10 minuten geldig. Geef deze code aan niemand.");
        let en = text(CodePurpose::SignIn, Language::En, "482913", 10);
        assert!(en.starts_with("Your Loket code to sign in is 482 913."), "{en}");
    }
}
