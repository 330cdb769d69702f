//! What the vendor sets up for partner intake: the accounting packages (read by the
//! helpdesk and by partners, who offer them in their requests) and each partner's own
//! request fields (read by the helpdesk and by that partner), the questionnaire and the
//! products with their releases. Only vendor administrators change them.

use super::{Actor, ActorKind, OrganisationFacts, Policy};
use crate::{OrganisationKind, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountingPackageAction {
    Read,
    Edit,
}

impl Policy for AccountingPackageAction {
    type Facts = ();

    fn visible(_: &Actor, _: &()) -> bool {
        true
    }

    fn permits(self, actor: &Actor, _: &()) -> bool {
        match self {
            Self::Read => {
                actor.organisation_kind == OrganisationKind::Partner
                    || actor.is(Role::VendorAdmin)
                    || actor.is(Role::Agent)
            }
            Self::Edit => actor.is(Role::VendorAdmin),
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "The accounting packages are for the helpdesk and partners.",
            Self::Edit => "Only vendor administrators change the accounting packages.",
        }
    }
}

/// The questionnaire's definition: the helpdesk reads it, vendor administrators save new
/// versions (clients read the version of their own case through the case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionnaireAction {
    Read,
    Edit,
}

impl Policy for QuestionnaireAction {
    type Facts = ();

    fn visible(_: &Actor, _: &()) -> bool {
        true
    }

    fn permits(self, actor: &Actor, _: &()) -> bool {
        match self {
            Self::Read => actor.is(Role::VendorAdmin) || actor.is(Role::Agent),
            Self::Edit => actor.is(Role::VendorAdmin),
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "The questionnaire's definition is for the helpdesk.",
            Self::Edit => "Only vendor administrators change the questionnaire.",
        }
    }
}

/// A partner's request fields; the facts are the partner's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerFieldsAction {
    Read,
    Edit,
}

impl Policy for PartnerFieldsAction {
    type Facts = OrganisationFacts;

    fn visible(actor: &Actor, partner: &OrganisationFacts) -> bool {
        partner.kind == OrganisationKind::Partner
            && (actor.is(Role::VendorAdmin) || actor.is(Role::Agent) || actor.owns(partner))
    }

    fn permits(self, actor: &Actor, _: &OrganisationFacts) -> bool {
        match self {
            Self::Read => {
                !matches!(actor.kind, ActorKind::ApiKey { .. })
                    || actor.has_scope(crate::ApiScope::InstallRequestsWrite)
                    || actor.has_scope(crate::ApiScope::InstallRequestsRead)
            }
            Self::Edit => actor.is(Role::VendorAdmin),
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "Reading the request fields needs an install_requests scope.",
            Self::Edit => "Only vendor administrators define a partner's request fields.",
        }
    }
}

/// The vendor's products and releases: the helpdesk reads them (it sends the installers
/// out), vendor administrators add products and releases and withdraw releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseAction {
    Read,
    Manage,
}

impl Policy for ReleaseAction {
    type Facts = ();

    fn visible(_: &Actor, _: &()) -> bool {
        true
    }

    fn permits(self, actor: &Actor, _: &()) -> bool {
        match self {
            Self::Read => actor.is(Role::VendorAdmin) || actor.is(Role::Agent),
            Self::Manage => actor.is(Role::VendorAdmin),
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "The products and releases are for the helpdesk.",
            Self::Manage => "Only vendor administrators publish and withdraw releases.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::world::*;

    #[rustfmt::skip]
    #[test]
    fn the_helpdesk_and_partners_read_vendor_admins_edit() {
        //                                              VA AG BA BU NA NU CS CU K+ K0 VK
        row(AccountingPackageAction::Read, &(),        [A, A, A, A, A, A, F, F, A, A, F]);
        row(AccountingPackageAction::Edit, &(),        [A, F, F, F, F, F, F, F, F, F, F]);
        row(QuestionnaireAction::Read, &(),            [A, A, F, F, F, F, F, F, F, F, F]);
        row(QuestionnaireAction::Edit, &(),            [A, F, F, F, F, F, F, F, F, F, F]);
        row(ReleaseAction::Read, &(),                  [A, A, F, F, F, F, F, F, F, F, F]);
        row(ReleaseAction::Manage, &(),                [A, F, F, F, F, F, F, F, F, F, F]);
        let bank = org(BANK);
        row(PartnerFieldsAction::Read, &bank,          [A, A, A, A, H, H, H, H, A, F, H]);
        row(PartnerFieldsAction::Edit, &bank,          [A, F, F, F, H, H, H, H, F, F, H]);
        let client = org(BANK_CLIENT);
        row(PartnerFieldsAction::Read, &client,        [H, H, H, H, H, H, H, H, H, H, H]);
    }
}
