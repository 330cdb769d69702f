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
            Step {
                key: "instructions",
                owner: Helpdesk,
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
