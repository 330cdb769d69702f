//! Approval of documents (seed 002, "Tokens/rechten"): who reads and who sets a client's
//! approval duties — which of its users must approve each type of document. The firm
//! that manages the client sets them (and the vendor's staff); the client's own people
//! read them.

use super::{Actor, OrganisationFacts, Policy};
use crate::{OrganisationKind, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApprovalDutiesAction {
    Read,
    Set,
}

impl ApprovalDutiesAction {
    pub const ALL: [Self; 2] = [Self::Read, Self::Set];
}

impl Policy for ApprovalDutiesAction {
    /// The client.
    type Facts = OrganisationFacts;

    fn visible(actor: &Actor, client: &OrganisationFacts) -> bool {
        client.kind == OrganisationKind::Client && actor.visibility().includes(client)
    }

    /// People only: duties name people and are confirmed by people.
    fn permits(self, actor: &Actor, client: &OrganisationFacts) -> bool {
        let Some(role) = actor.role() else {
            return false;
        };
        match self {
            Self::Read => true,
            Self::Set => {
                role.is_vendor_staff()
                    || (matches!(role, Role::PartnerAdmin | Role::PartnerUser)
                        && client.managing_partner_id == Some(actor.organisation_id))
            }
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "API keys do not read approval duties.",
            Self::Set => "Only the firm that manages the client sets its approval duties.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ApprovalDutiesAction::*;
    use crate::policy::world::*;

    #[rustfmt::skip]
    #[test]
    fn the_managing_firm_sets_duties_and_the_client_reads_them() {
        //                             VA AG BA BU NA NU CS CU K+ K0 VK
        row(Read, &org(BANK_CLIENT),  [A, A, A, A, H, H, A, A, F, F, F]);
        row(Set, &org(BANK_CLIENT),   [A, A, A, A, H, H, F, F, F, F, F]);
        row(Set, &org(NORTH_CLIENT),  [A, A, H, H, A, A, H, H, H, H, F]);
        row(Set, &org(SOUTH_CLIENT),  [A, A, H, H, H, H, H, H, H, H, F]);
        // Partners and the vendor have no duties of their own.
        row(Read, &org(BANK),         [H, H, H, H, H, H, H, H, H, H, H]);
    }
}
