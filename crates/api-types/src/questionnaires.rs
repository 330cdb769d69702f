//! The new-customer questionnaire: its versioned definition (vendor administrators edit
//! it) and a case's answers (the client saves drafts and submits).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

pub use loket_domain::onboarding::questionnaire::{
    Answer, PersonAnswer, Question, QuestionKind, Section, SoftwareRole,
};

/// A version of the questionnaire. Version 0 is the built-in standard, in force until
/// the first one is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionnaireDefinition {
    pub version: i32,
    pub sections: Vec<Section>,
    pub created_at: Option<DateTime<Utc>>,
    pub created_by: Option<String>,
}

/// A new version of the questionnaire, replacing the current one for cases accepted
/// from now on (cases keep the version they started with).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReplaceQuestionnaire {
    /// 1 to 20 sections, at most 100 questions in all, keys unique across sections.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub sections: Vec<Section>,
}

impl Validate for ReplaceQuestionnaire {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

impl crate::text::TextFields for ReplaceQuestionnaire {}

/// Where a case's questionnaire stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionnaireStatus {
    Draft,
    Submitted,
}

/// A case's questionnaire: the definition it answers and the answers so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseQuestionnaire {
    pub request_id: Uuid,
    /// The version of the definition this case answers.
    pub questionnaire_version: i32,
    pub sections: Vec<Section>,
    pub answers: BTreeMap<String, Answer>,
    pub status: QuestionnaireStatus,
    pub saved_at: Option<DateTime<Utc>>,
    pub saved_by: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Send back as `If-Match: "<version>"` when saving.
    pub version: i64,
}

/// Answers by question key: text for text, e-mail, phone, choice and date questions,
/// `true`/`false` for yes/no, a list of people for a persons question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveAnswers {
    pub answers: BTreeMap<String, Answer>,
}

impl Validate for SaveAnswers {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

impl crate::text::TextFields for SaveAnswers {}

/// What inviting one listed person came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitationOutcome {
    /// A user was made and invited by e-mail.
    Invited,
    /// The address has a login already; nothing was done.
    AlreadyUser,
}

/// One person of the questionnaire, invited or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonInvitation {
    pub name: String,
    pub email: String,
    pub role: SoftwareRole,
    pub outcome: InvitationOutcome,
    /// The user, when one was made.
    pub user_id: Option<Uuid>,
}

/// The people a submitted questionnaire lists, each with what inviting them came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonInvitations {
    pub items: Vec<PersonInvitation>,
}
