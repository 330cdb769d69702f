//! The partner's install request (seed 000), as a flow of the onboarding engine:
//! 1. the partner files it (`submitted`), the helpdesk reviews: it returns it for what is
//!    missing (`returned`, the partner amends and resubmits), rejects it, or accepts it;
//! 2. accepted, the client fills in the new-customer questionnaire (`questionnaire`);
//! 3. the helpdesk records the contracts (`contracts`) and sends the installation
//!    instructions (`instructions`);
//! 4. the installed software registers and uploads (`installing`); its first successful
//!    upload completes the case.

use super::{Flow, FlowError, Party, Step};

pub fn install_flow() -> Result<Flow, FlowError> {
    use Party::*;
    Flow::new(
        "install",
        vec![
            Step {
                key: "submitted",
                owner: Helpdesk,
                requires: &[],
                next: &["returned", "rejected", "questionnaire"],
                notifies: &[Partner, Helpdesk],
            },
            Step {
                key: "returned",
                owner: Partner,
                requires: &["amendment"],
                next: &["submitted"],
                notifies: &[Partner],
            },
            Step { key: "rejected", owner: Helpdesk, requires: &[], next: &[], notifies: &[Partner] },
            Step {
                key: "questionnaire",
                owner: Client,
                requires: &["questionnaire"],
                next: &["contracts"],
                notifies: &[Partner, Client],
            },
            Step {
                key: "contracts",
                owner: Helpdesk,
                requires: &["contracts"],
                next: &["instructions"],
                notifies: &[Partner, Helpdesk],
            },
            // Sent by the helpdesk; the installed software moves the case on by
            // exchanging the installation code.
            Step {
                key: "instructions",
                owner: Software,
                requires: &["release", "installation_token"],
                next: &["installing"],
                notifies: &[Partner, Client],
            },
            Step {
                key: "installing",
                owner: Software,
                requires: &["registration", "successful_upload"],
                next: &["completed"],
                notifies: &[Partner, Client],
            },
            Step {
                key: "completed",
                owner: Helpdesk,
                requires: &[],
                next: &[],
                notifies: &[Partner, Client, Helpdesk],
            },
        ],
    )
}

/// The steps of [`install_flow`] as the API names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InstallStep {
    /// Filed (or resubmitted); waiting for the helpdesk's review.
    Submitted,
    /// Returned to the partner for what is missing.
    Returned,
    /// Rejected by the helpdesk, with a reason.
    Rejected,
    /// Accepted: the client fills in the new-customer questionnaire.
    Questionnaire,
    /// The helpdesk records the contracts.
    Contracts,
    /// The installation instructions go to the technical contact.
    Instructions,
    /// The software is being installed; waiting for its first successful upload.
    Installing,
    /// Installed and delivering data.
    Completed,
}

impl InstallStep {
    pub const ALL: [Self; 8] = [
        Self::Submitted,
        Self::Returned,
        Self::Rejected,
        Self::Questionnaire,
        Self::Contracts,
        Self::Instructions,
        Self::Installing,
        Self::Completed,
    ];

    /// The step's key in [`install_flow`].
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::Rejected => "rejected",
            Self::Questionnaire => "questionnaire",
            Self::Contracts => "contracts",
            Self::Instructions => "instructions",
            Self::Installing => "installing",
            Self::Completed => "completed",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|step| step.as_str() == key)
    }

    /// Whether the case has ended (rejected or completed).
    pub fn is_end(self) -> bool {
        matches!(self, Self::Rejected | Self::Completed)
    }
}

/// The pattern of an install request's number (`A-2026-000007`) in the OpenAPI document.
pub const NUMBER_PATTERN: &str = r"^A-[0-9]{4}-[0-9]{6,9}$";

/// An install request's number: `A-`, the year and its sequence in that year.
pub fn request_number(year: i32, sequence: i64) -> String {
    format!("A-{year}-{sequence:06}")
}
