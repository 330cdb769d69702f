//! Properties every policy keeps, whatever the actor and the organisation. The
//! per-resource tables live beside each policy.

use super::world::{id, user};
use super::*;
use proptest::prelude::*;

/// A decision for every action on organisation-owned resources.
fn decisions(actor: &Actor, target: &OrganisationFacts) -> Vec<Decision> {
    let mut all: Vec<Decision> = OrganisationAction::ALL.iter().map(|a| actor.decide(*a, target)).collect();
    all.extend(UserAction::ALL.iter().map(|a| actor.decide(*a, target)));
    all.push(actor.decide(ApiKeyAction::Manage, target));
    all.push(actor.decide(WebhookAction::Manage, target));
    all
}

fn any_org() -> impl Strategy<Value = OrganisationFacts> {
    (
        0u128..6,
        prop_oneof![Just(OrganisationKind::Vendor), Just(OrganisationKind::Partner), Just(OrganisationKind::Client)],
        proptest::option::of(0u128..4),
        proptest::option::of(100u128..104),
    )
        .prop_map(|(n, kind, partner, branch)| OrganisationFacts {
            id: id(n),
            kind,
            managing_partner_id: partner.map(id),
            branch_id: branch.map(id),
        })
}

fn any_actor() -> impl Strategy<Value = Actor> {
    let user = (0u128..6, proptest::sample::select(Role::ALL.to_vec()), proptest::collection::vec(100u128..104, 0..3))
        .prop_map(|(n, role, branches)| user(n, role, &branches));
    let key = (0u128..6, proptest::collection::vec(proptest::sample::select(ApiScope::ALL.to_vec()), 0..3)).prop_map(
        |(n, scopes)| Actor {
            organisation_id: id(n),
            organisation_kind: OrganisationKind::Partner,
            kind: ActorKind::ApiKey { key_id: id(600), scopes },
        },
    );
    prop_oneof![user, key]
}

proptest! {
    #[test]
    fn hidden_does_not_depend_on_the_action(actor in any_actor(), target in any_org()) {
        let hidden: Vec<bool> = decisions(&actor, &target).iter().map(|d| *d == Decision::Hidden).collect();
        prop_assert!(hidden.iter().all(|h| *h == hidden[0]));
        prop_assert_eq!(hidden[0], !actor.visibility().includes(&target));
    }

    #[test]
    fn only_vendor_staff_see_outside_their_own_tree(actor in any_actor(), target in any_org()) {
        let visible = actor.visibility().includes(&target);
        if actor.organisation_kind != OrganisationKind::Vendor && visible {
            prop_assert!(target.id == actor.organisation_id || target.managing_partner_id == Some(actor.organisation_id));
        }
        if actor.organisation_kind == OrganisationKind::Client {
            prop_assert_eq!(visible, target.id == actor.organisation_id);
        }
    }

    #[test]
    fn branch_limits_only_narrow_what_a_partner_sees(n in 0u128..6, branches in proptest::collection::vec(100u128..104, 1..3), target in any_org()) {
        let limited = user(n, Role::PartnerUser, &branches);
        let whole = user(n, Role::PartnerUser, &[]);
        if limited.visibility().includes(&target) {
            prop_assert!(whole.visibility().includes(&target));
        }
    }

    #[test]
    fn every_write_is_reserved_to_admins(actor in any_actor(), target in any_org()) {
        let allowed = |decision: Decision| decision == Decision::Allow;
        for decision in [
            actor.decide(OrganisationAction::Update, &target),
            actor.decide(OrganisationAction::ManageBranches, &target),
            actor.decide(ApiKeyAction::Manage, &target),
        ] {
            if allowed(decision) {
                prop_assert!(matches!(actor.role(), Some(Role::VendorAdmin | Role::PartnerAdmin)));
            }
        }
        if allowed(actor.decide(WebhookAction::Manage, &target)) {
            prop_assert_eq!(target.kind, OrganisationKind::Partner);
            let admin = matches!(actor.role(), Some(Role::VendorAdmin | Role::PartnerAdmin));
            prop_assert!(admin || actor.has_scope(ApiScope::WebhooksManage));
        }
        if allowed(actor.decide(UserAction::Manage, &target)) {
            let admin = actor.role().is_some_and(Role::is_organisation_admin);
            prop_assert!(admin || actor.has_scope(ApiScope::UsersWrite));
        }
    }

    #[test]
    fn outside_the_vendor_management_stays_inside_the_own_organisation(actor in any_actor(), target in any_org()) {
        if actor.organisation_kind != OrganisationKind::Vendor {
            let writes = [
                actor.decide(UserAction::Manage, &target),
                actor.decide(OrganisationAction::ManageBranches, &target),
                actor.decide(ApiKeyAction::Manage, &target),
                actor.decide(WebhookAction::Manage, &target),
                actor.decide(OrganisationAction::Update, &target),
            ];
            if writes.contains(&Decision::Allow) {
                prop_assert_eq!(target.id, actor.organisation_id);
            }
        }
    }
}
