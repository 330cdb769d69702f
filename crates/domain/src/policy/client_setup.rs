//! Setting up a firm's clients (seed 002, the quickstart after "Importeren en aanmaken
//! cliënten"): the firm gives each new client its first user, a superuser who then
//! invites its own colleagues — only the first: once a client has people, its superuser
//! manages them ([`super::UserAction`]), not the firm — and prints PIN letters for the
//! clients' people, who confirm approvals with that PIN.

use super::{Actor, OrganisationFacts, Policy};
use crate::{OrganisationKind, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientSetupAction {
    /// Create a client's first user (a superuser) and invite it.
    CreateFirstUser,
    /// Give a client's people new PINs, on printed letters.
    IssuePinLetters,
}

impl ClientSetupAction {
    pub const ALL: [Self; 2] = [Self::CreateFirstUser, Self::IssuePinLetters];

    /// Whether the actor sets up clients at all (the lists and the bulk requests; each
    /// client is then decided on its own).
    pub fn sets_up_clients(actor: &Actor) -> bool {
        actor.is(Role::VendorAdmin) || actor.is(Role::PartnerAdmin)
    }
}

impl Policy for ClientSetupAction {
    /// The client being set up.
    type Facts = OrganisationFacts;

    fn visible(actor: &Actor, client: &OrganisationFacts) -> bool {
        actor.visibility().includes(client)
    }

    /// The client's own firm's administrators (a branch-limited one for the clients of its
    /// branches, which is all it sees) and the vendor's; no API key: a first user holds
    /// the keys to the client's data and a PIN confirms its approvals, so a person decides.
    fn permits(self, actor: &Actor, client: &OrganisationFacts) -> bool {
        client.kind == OrganisationKind::Client
            && (actor.is(Role::VendorAdmin)
                || (actor.is(Role::PartnerAdmin) && client.managing_partner_id == Some(actor.organisation_id)))
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::CreateFirstUser => {
                "Only an administrator of the client's firm (or of the vendor) creates its first user."
            }
            Self::IssuePinLetters => {
                "Only an administrator of the client's firm (or of the vendor) issues its PIN letters."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ClientSetupAction;
    use crate::policy::world::*;

    #[rustfmt::skip]
    #[test]
    fn the_firms_administrators_set_up_its_clients() {
        for action in ClientSetupAction::ALL {
            //                                   VA AG BA BU NA NU CS CU K+ K0 VK
            row(action, &org(BANK_CLIENT),       [A, F, A, F, H, H, F, F, F, F, F]);
            row(action, &org(NORTH_CLIENT),      [A, F, H, H, A, F, H, H, H, H, F]);
            row(action, &org(UNSHIELDED_CLIENT), [A, F, H, H, A, F, H, H, H, H, F]);
            row(action, &org(SOUTH_CLIENT),      [A, F, H, H, H, H, H, H, H, H, F]);
            // A partner is no client to set up.
            row(action, &org(BANK),              [F, F, F, F, H, H, H, H, F, F, F]);
        }
    }

    #[test]
    fn only_administrators_set_up_clients() {
        let listing: Vec<bool> = cast().iter().map(ClientSetupAction::sets_up_clients).collect();
        assert_eq!(listing, [true, false, true, false, true, false, false, false, false, false, false]);
    }
}
