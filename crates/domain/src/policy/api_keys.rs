//! API keys: partner and vendor systems' credentials, managed by administrators. Who
//! may create one at all is decided by [`super::grants::check_key_creation`].

use super::{Actor, OrganisationFacts, Policy};
use crate::{OrganisationKind, Role};

/// What is done to an organisation's API keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiKeyAction {
    /// List, create and revoke.
    Manage,
}

impl Policy for ApiKeyAction {
    /// The organisation the keys act for.
    type Facts = OrganisationFacts;

    fn visible(actor: &Actor, facts: &OrganisationFacts) -> bool {
        actor.visibility().includes(facts)
    }

    fn permits(self, actor: &Actor, target: &OrganisationFacts) -> bool {
        match self {
            Self::Manage => {
                target.kind != OrganisationKind::Client
                    && (actor.is(Role::VendorAdmin) || (actor.is(Role::PartnerAdmin) && actor.owns(target)))
            }
        }
    }

    fn refusal(self) -> &'static str {
        "You may not manage this organisation's API keys."
    }
}

#[cfg(test)]
mod tests {
    use super::ApiKeyAction::*;
    use crate::policy::world::*;

    #[rustfmt::skip]
    #[test]
    fn administrators_manage_keys_and_keys_never_do() {
        //                              VA AG BA BU NA NU CS CU K+ K0 VK
        row(Manage, &org(VENDOR),      [A, F, H, H, H, H, H, H, H, H, F]);
        row(Manage, &org(BANK),        [A, F, A, F, H, H, H, H, F, F, F]);
        row(Manage, &org(ACCOUNTANCY), [A, F, H, H, A, F, H, H, H, H, F]);
        // Clients have no keys.
        row(Manage, &org(BANK_CLIENT), [F, F, F, F, H, H, F, F, F, F, F]);
    }
}
