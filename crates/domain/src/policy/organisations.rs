//! Organisations: who reads, changes and structures them.

use super::{Actor, OrganisationFacts, Policy};
use crate::{ApiScope, OrganisationKind, Role};

/// What is done to an existing organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrganisationAction {
    Read,
    Update,
    ManageBranches,
}

impl OrganisationAction {
    pub const ALL: [Self; 3] = [Self::Read, Self::Update, Self::ManageBranches];
}

impl Policy for OrganisationAction {
    type Facts = OrganisationFacts;

    fn visible(actor: &Actor, facts: &OrganisationFacts) -> bool {
        actor.visibility().includes(facts)
    }

    fn permits(self, actor: &Actor, target: &OrganisationFacts) -> bool {
        match self {
            Self::Read => actor.user_id().is_some() || actor.has_scope(ApiScope::OrganisationsRead),
            Self::Update => actor.is(Role::VendorAdmin),
            Self::ManageBranches => {
                target.kind == OrganisationKind::Partner
                    && (actor.is(Role::VendorAdmin) || (actor.is(Role::PartnerAdmin) && actor.owns(target)))
            }
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "You may not read organisations.",
            Self::Update => "Only vendor administrators change organisations.",
            Self::ManageBranches => "You may not manage this organisation's branches.",
        }
    }
}

/// Bringing a new organisation into Loket: vendor administrators only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreateOrganisations;

impl Policy for CreateOrganisations {
    type Facts = ();

    fn visible(_: &Actor, _: &()) -> bool {
        true
    }

    fn permits(self, actor: &Actor, _: &()) -> bool {
        actor.is(Role::VendorAdmin)
    }

    fn refusal(self) -> &'static str {
        "Only vendor administrators create organisations."
    }
}

#[cfg(test)]
mod tests {
    use super::OrganisationAction::*;
    use super::*;
    use crate::policy::world::*;

    #[rustfmt::skip]
    #[test]
    fn who_reads_an_organisation() {
        //                                  VA AG BA BU NA NU CS CU K+ K0 VK
        row(Read, &org(VENDOR),            [A, A, H, H, H, H, H, H, H, H, A]);
        row(Read, &org(BANK),              [A, A, A, A, H, H, H, H, A, F, A]);
        row(Read, &org(BANK_CLIENT),       [A, A, A, A, H, H, A, A, A, F, A]);
        row(Read, &org(ACCOUNTANCY),       [A, A, H, H, A, A, H, H, H, H, A]);
        row(Read, &org(NORTH_CLIENT),      [A, A, H, H, A, A, H, H, H, H, A]);
        row(Read, &org(SOUTH_CLIENT),      [A, A, H, H, H, H, H, H, H, H, A]);
        row(Read, &org(UNSHIELDED_CLIENT), [A, A, H, H, A, A, H, H, H, H, A]);
    }

    #[rustfmt::skip]
    #[test]
    fn only_vendor_admins_change_an_organisation() {
        //                              VA AG BA BU NA NU CS CU K+ K0 VK
        row(Update, &org(VENDOR),      [A, F, H, H, H, H, H, H, H, H, F]);
        row(Update, &org(BANK),        [A, F, F, F, H, H, H, H, F, F, F]);
        row(Update, &org(BANK_CLIENT), [A, F, F, F, H, H, F, F, F, F, F]);
    }

    #[rustfmt::skip]
    #[test]
    fn branches_belong_to_partners_and_their_admins() {
        //                                      VA AG BA BU NA NU CS CU K+ K0 VK
        row(ManageBranches, &org(VENDOR),      [F, F, H, H, H, H, H, H, H, H, F]);
        row(ManageBranches, &org(BANK),        [A, F, A, F, H, H, H, H, F, F, F]);
        row(ManageBranches, &org(ACCOUNTANCY), [A, F, H, H, A, F, H, H, H, H, F]);
        row(ManageBranches, &org(BANK_CLIENT), [F, F, F, F, H, H, F, F, F, F, F]);
    }

    #[rustfmt::skip]
    #[test]
    fn only_vendor_admins_create_organisations() {
        //                             VA AG BA BU NA NU CS CU K+ K0 VK
        row(CreateOrganisations, &(), [A, F, F, F, F, F, F, F, F, F, F]);
    }
}
