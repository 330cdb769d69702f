//! Nobody grants more than they hold.
//!
//! Creating or changing a user hands out power: a role, branch limits, an active
//! account. These rules hold for every caller, person or API key:
//! - a person grants no role above their own and changes no user whose role is above
//!   their own;
//! - a branch-limited person hands out only (a subset of) their own branches, and
//!   manages only users limited to those branches;
//! - an API key never creates, promotes, demotes, deactivates or re-scopes an
//!   administrator or vendor staff, and never manages API keys;
//! - nobody changes their own role or branches (that is a change of one's own power)
//!   or deactivates themselves.

use uuid::Uuid;

use super::{Actor, ActorKind};
use crate::Role;

/// A user as it is, or as it is about to become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holding<'a> {
    pub role: Role,
    /// Partner branches the user is limited to; empty means the whole partner.
    pub branch_ids: &'a [Uuid],
}

/// A proposed creation or change of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserGrant<'a> {
    pub target_user_id: Option<Uuid>,
    /// The target as it is now; `None` when it is being created.
    pub current: Option<Holding<'a>>,
    /// The target as it will be.
    pub proposed: Holding<'a>,
    /// Whether the change deactivates the account.
    pub deactivates: bool,
}

/// Why a grant was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    #[error("you cannot change your own role or branches")]
    OwnRole,
    #[error("you cannot deactivate your own account")]
    OwnDeactivation,
    #[error("you cannot grant a role above your own")]
    RoleAboveOwn,
    #[error("you cannot manage a user whose rights exceed your own")]
    TargetAboveOwn,
    #[error("you can only limit users to branches you belong to yourself")]
    BranchesBeyondOwn,
    #[error("an API key cannot create or change administrators or vendor staff")]
    KeyCannotManageAdministrators,
    #[error("an API key cannot manage API keys")]
    KeyCannotManageKeys,
    #[error("a user limited to branches cannot create API keys, which would see every branch")]
    BranchLimitedKeyCreation,
}

/// How much power a role carries. Only compared within one organisation, except for the
/// vendor admin, who is above everyone.
pub fn privilege_level(role: Role) -> u8 {
    match role {
        Role::VendorAdmin => 3,
        Role::Agent | Role::PartnerAdmin | Role::ClientSuperuser => 2,
        Role::PartnerUser | Role::ClientUser => 1,
    }
}

/// Roles an API key may never hand out or touch.
pub fn is_privileged(role: Role) -> bool {
    role.is_organisation_admin() || role.is_vendor_staff()
}

/// Whether `inner` grants no branch beyond `outer` (empty means "all branches").
fn branches_within(inner: &[Uuid], outer: &[Uuid]) -> bool {
    outer.is_empty() || (!inner.is_empty() && inner.iter().all(|b| outer.contains(b)))
}

/// Decides whether `actor` may make `grant`.
pub fn check_user_grant(actor: &Actor, grant: &UserGrant<'_>) -> Result<(), GrantError> {
    match &actor.kind {
        ActorKind::ApiKey { .. } => {
            let touches_privileged =
                is_privileged(grant.proposed.role) || grant.current.is_some_and(|c| is_privileged(c.role));
            if touches_privileged {
                return Err(GrantError::KeyCannotManageAdministrators);
            }
            Ok(())
        }
        ActorKind::User { user_id, role, branch_ids } => {
            if grant.target_user_id == Some(*user_id) {
                if let Some(current) = grant.current {
                    let same_branches = {
                        let mut a = current.branch_ids.to_vec();
                        let mut b = grant.proposed.branch_ids.to_vec();
                        a.sort_unstable();
                        b.sort_unstable();
                        a == b
                    };
                    if current.role != grant.proposed.role || !same_branches {
                        return Err(GrantError::OwnRole);
                    }
                }
                if grant.deactivates {
                    return Err(GrantError::OwnDeactivation);
                }
                return Ok(());
            }
            let own_level = privilege_level(*role);
            if let Some(current) = grant.current
                && (privilege_level(current.role) > own_level || !branches_within(current.branch_ids, branch_ids))
            {
                return Err(GrantError::TargetAboveOwn);
            }
            if privilege_level(grant.proposed.role) > own_level {
                return Err(GrantError::RoleAboveOwn);
            }
            if !branches_within(grant.proposed.branch_ids, branch_ids) {
                return Err(GrantError::BranchesBeyondOwn);
            }
            Ok(())
        }
    }
}

/// Decides whether `actor` may create an API key. Keys act for the whole organisation,
/// so only people who see the whole organisation create them; keys never manage keys.
pub fn check_key_creation(actor: &Actor) -> Result<(), GrantError> {
    match &actor.kind {
        ActorKind::ApiKey { .. } => Err(GrantError::KeyCannotManageKeys),
        ActorKind::User { branch_ids, .. } if !branch_ids.is_empty() => Err(GrantError::BranchLimitedKeyCreation),
        ActorKind::User { .. } => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApiScope, OrganisationKind};

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    const ME: u128 = 1;
    const OTHER: u128 = 2;
    const NORTH: u128 = 10;
    const SOUTH: u128 = 11;

    fn person(role: Role, branches: &[Uuid]) -> Actor {
        Actor {
            organisation_id: id(100),
            organisation_kind: role.organisation_kind(),
            kind: ActorKind::User { user_id: id(ME), role, branch_ids: branches.to_vec() },
        }
    }

    fn key(kind: OrganisationKind) -> Actor {
        Actor {
            organisation_id: id(100),
            organisation_kind: kind,
            kind: ActorKind::ApiKey { key_id: id(50), scopes: ApiScope::ALL.to_vec() },
        }
    }

    fn create(role: Role, branches: &[Uuid]) -> UserGrant<'_> {
        UserGrant {
            target_user_id: None,
            current: None,
            proposed: Holding { role, branch_ids: branches },
            deactivates: false,
        }
    }

    fn change<'a>(target: u128, from: Holding<'a>, to: Holding<'a>, deactivates: bool) -> UserGrant<'a> {
        UserGrant { target_user_id: Some(id(target)), current: Some(from), proposed: to, deactivates }
    }

    fn hold(role: Role, branch_ids: &[Uuid]) -> Holding<'_> {
        Holding { role, branch_ids }
    }

    #[test]
    fn keys_never_create_or_touch_administrators_or_staff() {
        for organisation in OrganisationKind::ALL {
            let actor = key(organisation);
            for role in Role::ALL {
                let expected =
                    if is_privileged(role) { Err(GrantError::KeyCannotManageAdministrators) } else { Ok(()) };
                assert_eq!(check_user_grant(&actor, &create(role, &[])), expected, "{organisation:?} {role:?}");
            }
            let promote = change(OTHER, hold(Role::PartnerUser, &[]), hold(Role::PartnerAdmin, &[]), false);
            assert_eq!(check_user_grant(&actor, &promote), Err(GrantError::KeyCannotManageAdministrators));
            let deactivate_admin = change(OTHER, hold(Role::PartnerAdmin, &[]), hold(Role::PartnerAdmin, &[]), true);
            assert_eq!(check_user_grant(&actor, &deactivate_admin), Err(GrantError::KeyCannotManageAdministrators));
            let ordinary = change(OTHER, hold(Role::PartnerUser, &[]), hold(Role::PartnerUser, &[]), true);
            assert_eq!(check_user_grant(&actor, &ordinary), Ok(()));
            assert_eq!(check_key_creation(&actor), Err(GrantError::KeyCannotManageKeys));
        }
    }

    #[test]
    fn nobody_grants_a_role_above_their_own() {
        // (actor role, granted role, allowed)
        let table = [
            (Role::VendorAdmin, Role::VendorAdmin, true),
            (Role::VendorAdmin, Role::PartnerAdmin, true),
            (Role::PartnerAdmin, Role::PartnerAdmin, true),
            (Role::PartnerAdmin, Role::PartnerUser, true),
            (Role::PartnerAdmin, Role::VendorAdmin, false),
            (Role::PartnerUser, Role::PartnerAdmin, false),
            (Role::ClientSuperuser, Role::ClientSuperuser, true),
            (Role::ClientSuperuser, Role::ClientUser, true),
            (Role::ClientUser, Role::ClientSuperuser, false),
            (Role::Agent, Role::VendorAdmin, false),
        ];
        for (own, granted, allowed) in table {
            let result = check_user_grant(&person(own, &[]), &create(granted, &[]));
            assert_eq!(result.is_ok(), allowed, "{own:?} grants {granted:?}: {result:?}");
            let promote = change(OTHER, hold(Role::ClientUser, &[]), hold(granted, &[]), false);
            assert_eq!(
                check_user_grant(&person(own, &[]), &promote).is_ok(),
                allowed,
                "{own:?} promotes to {granted:?}"
            );
        }
    }

    #[test]
    fn nobody_manages_a_user_above_themselves() {
        let demote_vendor_admin = change(OTHER, hold(Role::VendorAdmin, &[]), hold(Role::PartnerUser, &[]), false);
        assert_eq!(
            check_user_grant(&person(Role::PartnerAdmin, &[]), &demote_vendor_admin),
            Err(GrantError::TargetAboveOwn)
        );
    }

    #[test]
    fn branch_limited_admins_grant_only_their_own_branches() {
        let north = [id(NORTH)];
        let both = [id(NORTH), id(SOUTH)];
        let actor = person(Role::PartnerAdmin, &north);
        assert_eq!(check_user_grant(&actor, &create(Role::PartnerUser, &north)), Ok(()));
        assert_eq!(check_user_grant(&actor, &create(Role::PartnerUser, &[])), Err(GrantError::BranchesBeyondOwn));
        assert_eq!(check_user_grant(&actor, &create(Role::PartnerUser, &both)), Err(GrantError::BranchesBeyondOwn));
        // A firm-wide colleague sees more than the actor: hands off.
        let firm_wide = change(OTHER, hold(Role::PartnerUser, &[]), hold(Role::PartnerUser, &north), false);
        assert_eq!(check_user_grant(&actor, &firm_wide), Err(GrantError::TargetAboveOwn));
        assert_eq!(check_key_creation(&actor), Err(GrantError::BranchLimitedKeyCreation));
        assert_eq!(check_key_creation(&person(Role::PartnerAdmin, &[])), Ok(()));
    }

    #[test]
    fn changing_ones_own_branches_is_changing_ones_own_role() {
        let north = [id(NORTH)];
        let actor = person(Role::PartnerAdmin, &north);
        let widen = change(ME, hold(Role::PartnerAdmin, &north), hold(Role::PartnerAdmin, &[]), false);
        assert_eq!(check_user_grant(&actor, &widen), Err(GrantError::OwnRole));
        let demote = change(ME, hold(Role::PartnerAdmin, &north), hold(Role::PartnerUser, &north), false);
        assert_eq!(check_user_grant(&actor, &demote), Err(GrantError::OwnRole));
        let deactivate = change(ME, hold(Role::PartnerAdmin, &north), hold(Role::PartnerAdmin, &north), true);
        assert_eq!(check_user_grant(&actor, &deactivate), Err(GrantError::OwnDeactivation));
        let rename_only = change(ME, hold(Role::PartnerAdmin, &north), hold(Role::PartnerAdmin, &north), false);
        assert_eq!(check_user_grant(&actor, &rename_only), Ok(()));
    }
}
