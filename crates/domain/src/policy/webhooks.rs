//! Webhook endpoints: where a partner's systems hear about changes.

use super::{Actor, OrganisationFacts, Policy};
use crate::{ApiScope, OrganisationKind, Role};

/// What is done to an organisation's webhook endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WebhookAction {
    /// List, register, change, delete, rotate the secret, send a test.
    Manage,
}

impl Policy for WebhookAction {
    /// The partner the endpoints belong to.
    type Facts = OrganisationFacts;

    fn visible(actor: &Actor, facts: &OrganisationFacts) -> bool {
        actor.visibility().includes(facts)
    }

    fn permits(self, actor: &Actor, target: &OrganisationFacts) -> bool {
        match self {
            Self::Manage => {
                target.kind == OrganisationKind::Partner
                    && (actor.is(Role::VendorAdmin)
                        || (actor.owns(target)
                            && (actor.is(Role::PartnerAdmin) || actor.has_scope(ApiScope::WebhooksManage))))
            }
        }
    }

    fn refusal(self) -> &'static str {
        "You may not manage this organisation's webhooks."
    }
}

#[cfg(test)]
mod tests {
    use super::WebhookAction::*;
    use crate::policy::world::*;

    #[rustfmt::skip]
    #[test]
    fn webhooks_belong_to_partners_their_admins_and_keys() {
        //                              VA AG BA BU NA NU CS CU K+ K0 VK
        row(Manage, &org(VENDOR),      [F, F, H, H, H, H, H, H, H, H, F]);
        row(Manage, &org(BANK),        [A, F, A, F, H, H, H, H, A, F, F]);
        row(Manage, &org(ACCOUNTANCY), [A, F, H, H, A, F, H, H, H, H, F]);
        row(Manage, &org(BANK_CLIENT), [F, F, F, F, H, H, F, F, F, F, F]);
    }
}
