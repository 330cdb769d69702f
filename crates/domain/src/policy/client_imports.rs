//! Client imports (seed 002, "Importeren en aanmaken cliënten"): a partner's
//! administrator brings in its firm's clients. An import belongs to the partner.

use super::{Actor, OrganisationFacts, Policy};
use crate::{OrganisationKind, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientImportAction {
    /// See imports, their preview and error report.
    Read,
    /// Upload, commit and cancel.
    Manage,
}

impl ClientImportAction {
    pub const ALL: [Self; 2] = [Self::Read, Self::Manage];
}

impl Policy for ClientImportAction {
    /// The partner the import is for.
    type Facts = OrganisationFacts;

    /// An import is the partner's own paperwork: its people see it, and vendor staff
    /// who support it; nobody else learns it exists.
    fn visible(actor: &Actor, owner: &OrganisationFacts) -> bool {
        owner.kind == OrganisationKind::Partner
            && (actor.owns(owner) || actor.organisation_kind == OrganisationKind::Vendor)
    }

    /// Only the firm's own firm-wide administrator imports: clients may land in any
    /// branch, and an API key holds no say over a firm's client list.
    fn permits(self, actor: &Actor, owner: &OrganisationFacts) -> bool {
        let firm_admin = actor.owns(owner) && actor.is(Role::PartnerAdmin) && !actor.is_branch_limited();
        match self {
            Self::Read => firm_admin || actor.is(Role::VendorAdmin) || actor.is(Role::Agent),
            Self::Manage => firm_admin,
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "Only the firm's administrators see its client imports.",
            Self::Manage => "Only an administrator of the whole firm imports its clients.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ClientImportAction::*;
    use crate::policy::world::*;

    #[test]
    fn only_the_firm_wide_administrator_imports() {
        //                   vadm agent badm buser Nadm Nuser csup cuser bkey  bkey0 vkey
        row(Read, &org(BANK), [A, A, A, F, H, H, H, H, F, F, F]);
        row(Manage, &org(BANK), [F, F, A, F, H, H, H, H, F, F, F]);
        row(Manage, &org(ACCOUNTANCY), [F, F, H, H, F, F, H, H, H, H, F]);
        row(Read, &org(BANK_CLIENT), [H, H, H, H, H, H, H, H, H, H, H]);
    }
}
