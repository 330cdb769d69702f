//! Permission groups and users' own grants (seed 002, "Cliënt- & kantoorgroepen" and
//! "Tokens/rechten"): who reads and who manages them. What may be handed out is decided
//! by [`crate::approvals::rights::check_change`].

use super::{Actor, OrganisationFacts, Policy};
use crate::approvals::permissions::{Access, Capability, Module, PermissionSet};
use crate::{ApiScope, OrganisationKind, Role};

/// What is done to the permission groups a partner (or the vendor) owns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PermissionGroupAction {
    Read,
    /// Create, change, delete, add and remove members.
    Manage,
}

impl PermissionGroupAction {
    pub const ALL: [Self; 2] = [Self::Read, Self::Manage];
}

impl Policy for PermissionGroupAction {
    /// The group's owner.
    type Facts = OrganisationFacts;

    /// Clients never see groups: they see the rights they hold.
    fn visible(actor: &Actor, owner: &OrganisationFacts) -> bool {
        owner.kind != OrganisationKind::Client
            && actor.organisation_kind != OrganisationKind::Client
            && actor.visibility().includes(owner)
    }

    fn permits(self, actor: &Actor, owner: &OrganisationFacts) -> bool {
        match self {
            Self::Read => actor.user_id().is_some() || actor.has_scope(ApiScope::UsersRead),
            // A group applies firm-wide, so a branch-limited administrator, who would
            // change the rights of other branches' clients, does not manage groups; nor
            // does an API key, which holds no rights of its own to hand out.
            Self::Manage => {
                actor.is(Role::VendorAdmin)
                    || (actor.owns(owner) && actor.is(Role::PartnerAdmin) && !actor.is_branch_limited())
            }
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "You may not read permission groups.",
            Self::Manage => "You may not manage this organisation's permission groups.",
        }
    }
}

/// What is done to a user's rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RightsAction {
    Read,
    /// Change the user's own grants.
    Grant,
}

impl RightsAction {
    pub const ALL: [Self; 2] = [Self::Read, Self::Grant];
}

/// The user's organisation, and the rights the actor holds itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RightsFacts {
    pub organisation: OrganisationFacts,
    pub actor_rights: PermissionSet,
}

impl Policy for RightsAction {
    type Facts = RightsFacts;

    fn visible(actor: &Actor, facts: &RightsFacts) -> bool {
        actor.visibility().includes(&facts.organisation)
    }

    /// Administrators grant within their tenant (a partner also to its clients' users,
    /// seed 002 "Tokens/rechten"); a user whose rights include managing users grants to
    /// its own colleagues. API keys hold no rights to hand out.
    fn permits(self, actor: &Actor, facts: &RightsFacts) -> bool {
        match self {
            Self::Read => actor.user_id().is_some() || actor.has_scope(ApiScope::UsersRead),
            Self::Grant => {
                let target = &facts.organisation;
                actor.is(Role::VendorAdmin)
                    || (actor.is(Role::PartnerAdmin)
                        && (actor.owns(target) || target.managing_partner_id == Some(actor.organisation_id)))
                    || (actor.owns(target)
                        && (actor.is(Role::ClientSuperuser)
                            || (actor.user_id().is_some()
                                && facts.actor_rights.allows(Capability::Module(Module::Users), Access::Write))))
            }
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "You may not read users' rights.",
            Self::Grant => "You may not change this user's rights.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::world::*;

    #[rustfmt::skip]
    #[test]
    fn partner_staff_read_and_unlimited_admins_manage_groups() {
        use PermissionGroupAction::*;
        //                             VA AG BA BU NA NU CS CU K+ K0 VK
        row(Read, &org(VENDOR),       [A, A, H, H, H, H, H, H, H, H, A]);
        row(Read, &org(BANK),         [A, A, A, A, H, H, H, H, A, F, A]);
        row(Read, &org(ACCOUNTANCY),  [A, A, H, H, A, A, H, H, H, H, A]);
        row(Manage, &org(BANK),       [A, F, A, F, H, H, H, H, F, F, F]);
        // The North administrator is limited to a branch: groups apply firm-wide.
        row(Manage, &org(ACCOUNTANCY),[A, F, H, H, F, F, H, H, H, H, F]);
        // Clients own no groups, and never see them.
        row(Read, &org(BANK_CLIENT),  [H, H, H, H, H, H, H, H, H, H, H]);
    }

    fn rights_of(n: u128, users_write: bool) -> RightsFacts {
        let actor_rights = if users_write {
            PermissionSet::new().with(Capability::Module(Module::Users), Access::Write)
        } else {
            PermissionSet::new()
        };
        RightsFacts { organisation: org(n), actor_rights }
    }

    #[rustfmt::skip]
    #[test]
    fn administrators_grant_within_their_tenant_and_user_managers_to_colleagues() {
        use RightsAction::*;
        //                                          VA AG BA BU NA NU CS CU K+ K0 VK
        row(Read, &rights_of(BANK_CLIENT, false),  [A, A, A, A, H, H, A, A, A, F, A]);
        row(Grant, &rights_of(BANK_CLIENT, false), [A, F, A, F, H, H, A, F, F, F, F]);
        // A client user whose rights include managing users grants to its colleagues.
        row(Grant, &rights_of(BANK_CLIENT, true),  [A, F, A, F, H, H, A, A, F, F, F]);
        row(Grant, &rights_of(BANK, false),        [A, F, A, F, H, H, H, H, F, F, F]);
        row(Grant, &rights_of(NORTH_CLIENT, false),[A, F, H, H, A, F, H, H, H, H, F]);
        row(Grant, &rights_of(SOUTH_CLIENT, false),[A, F, H, H, H, H, H, H, H, H, F]);
    }
}
