//! Users of an organisation: who reads and who manages them. What a manager may hand
//! out (roles, branches) is decided by [`super::grants`].

use super::{Actor, OrganisationFacts, Policy};
use crate::{ApiScope, Role};

/// What is done to the users of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserAction {
    Read,
    /// Invite, change, deactivate, re-invite.
    Manage,
}

impl UserAction {
    pub const ALL: [Self; 2] = [Self::Read, Self::Manage];
}

impl Policy for UserAction {
    /// The organisation the users belong to.
    type Facts = OrganisationFacts;

    fn visible(actor: &Actor, facts: &OrganisationFacts) -> bool {
        actor.visibility().includes(facts)
    }

    fn permits(self, actor: &Actor, target: &OrganisationFacts) -> bool {
        match self {
            Self::Read => actor.user_id().is_some() || actor.has_scope(ApiScope::UsersRead),
            Self::Manage => {
                actor.is(Role::VendorAdmin)
                    || (actor.owns(target)
                        && (actor.is(Role::PartnerAdmin)
                            || actor.is(Role::ClientSuperuser)
                            || actor.has_scope(ApiScope::UsersWrite)))
            }
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "You may not read users.",
            Self::Manage => "You may not manage this organisation's users.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::UserAction::*;
    use crate::policy::world::*;

    #[rustfmt::skip]
    #[test]
    fn who_reads_users() {
        //                             VA AG BA BU NA NU CS CU K+ K0 VK
        row(Read, &org(VENDOR),       [A, A, H, H, H, H, H, H, H, H, A]);
        row(Read, &org(BANK),         [A, A, A, A, H, H, H, H, A, F, A]);
        row(Read, &org(BANK_CLIENT),  [A, A, A, A, H, H, A, A, A, F, A]);
        row(Read, &org(NORTH_CLIENT), [A, A, H, H, A, A, H, H, H, H, A]);
        row(Read, &org(SOUTH_CLIENT), [A, A, H, H, H, H, H, H, H, H, A]);
    }

    #[rustfmt::skip]
    #[test]
    fn admins_manage_their_own_organisations_users() {
        //                               VA AG BA BU NA NU CS CU K+ K0 VK
        row(Manage, &org(VENDOR),       [A, F, H, H, H, H, H, H, H, H, A]);
        row(Manage, &org(BANK),         [A, F, A, F, H, H, H, H, A, F, F]);
        row(Manage, &org(ACCOUNTANCY),  [A, F, H, H, A, F, H, H, H, H, F]);
        // A partner does not manage its clients' people; their superuser does.
        row(Manage, &org(BANK_CLIENT),  [A, F, F, F, H, H, A, F, F, F, F]);
        row(Manage, &org(NORTH_CLIENT), [A, F, H, H, F, F, H, H, H, H, F]);
    }
}
