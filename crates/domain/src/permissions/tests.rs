use proptest::prelude::*;
use uuid::Uuid;

use super::*;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

const VENDOR: u128 = 1;
const BANK: u128 = 2;
const ACCOUNTANCY: u128 = 3;
const BANK_CLIENT: u128 = 10;
const NORTH_CLIENT: u128 = 11;
const UNSHIELDED_CLIENT: u128 = 12;
const NORTH: u128 = 100;
const SOUTH: u128 = 101;

fn org(n: u128) -> OrganisationFacts {
    let (kind, managing_partner_id, branch_id) = match n {
        VENDOR => (OrganisationKind::Vendor, None, None),
        BANK | ACCOUNTANCY => (OrganisationKind::Partner, None, None),
        BANK_CLIENT => (OrganisationKind::Client, Some(id(BANK)), None),
        NORTH_CLIENT => (OrganisationKind::Client, Some(id(ACCOUNTANCY)), Some(id(NORTH))),
        _ => (OrganisationKind::Client, Some(id(ACCOUNTANCY)), None),
    };
    OrganisationFacts { id: id(n), kind, managing_partner_id, branch_id }
}

fn user(org_n: u128, role: Role, branches: &[u128]) -> Actor {
    Actor {
        organisation_id: id(org_n),
        organisation_kind: role.organisation_kind(),
        kind: ActorKind::User { user_id: id(999), role, branch_ids: branches.iter().map(|b| id(*b)).collect() },
    }
}

#[test]
fn vendor_staff_see_everything_but_only_admins_change_it() {
    let admin = user(VENDOR, Role::VendorAdmin, &[]);
    let agent = user(VENDOR, Role::Agent, &[]);
    for target in [VENDOR, BANK, BANK_CLIENT, NORTH_CLIENT] {
        assert_eq!(admin.decide(Action::UpdateOrganisation, &org(target)), Decision::Allow);
        assert_eq!(admin.decide(Action::ManageUsers, &org(target)), Decision::Allow);
        assert_eq!(agent.decide(Action::ReadOrganisation, &org(target)), Decision::Allow);
        assert_eq!(agent.decide(Action::ManageUsers, &org(target)), Decision::Forbidden);
    }
    assert!(admin.may_create_organisations());
    assert!(!agent.may_create_organisations());
}

#[test]
fn partner_admin_manages_own_users_and_keys_and_sees_own_clients() {
    let bank_admin = user(BANK, Role::PartnerAdmin, &[]);
    assert_eq!(bank_admin.decide(Action::ManageUsers, &org(BANK)), Decision::Allow);
    assert_eq!(bank_admin.decide(Action::ManageApiKeys, &org(BANK)), Decision::Allow);
    assert_eq!(bank_admin.decide(Action::ManageBranches, &org(BANK)), Decision::Allow);
    assert_eq!(bank_admin.decide(Action::ReadUsers, &org(BANK_CLIENT)), Decision::Allow);
    assert_eq!(bank_admin.decide(Action::ManageUsers, &org(BANK_CLIENT)), Decision::Forbidden);
    assert_eq!(bank_admin.decide(Action::ReadOrganisation, &org(ACCOUNTANCY)), Decision::Hidden);
    assert_eq!(bank_admin.decide(Action::ReadOrganisation, &org(NORTH_CLIENT)), Decision::Hidden);
    assert_eq!(bank_admin.decide(Action::ReadOrganisation, &org(VENDOR)), Decision::Hidden);
    assert!(!bank_admin.may_create_organisations());
}

#[test]
fn branch_membership_shields_other_branches_clients() {
    let north_user = user(ACCOUNTANCY, Role::PartnerUser, &[NORTH]);
    let south_user = user(ACCOUNTANCY, Role::PartnerUser, &[SOUTH]);
    let head_office = user(ACCOUNTANCY, Role::PartnerUser, &[]);
    assert_eq!(north_user.decide(Action::ReadOrganisation, &org(NORTH_CLIENT)), Decision::Allow);
    assert_eq!(south_user.decide(Action::ReadOrganisation, &org(NORTH_CLIENT)), Decision::Hidden);
    assert_eq!(head_office.decide(Action::ReadOrganisation, &org(NORTH_CLIENT)), Decision::Allow);
    // A client no branch shields is visible to every branch.
    assert_eq!(south_user.decide(Action::ReadOrganisation, &org(UNSHIELDED_CLIENT)), Decision::Allow);
    // Everyone sees their own organisation.
    assert_eq!(south_user.decide(Action::ReadUsers, &org(ACCOUNTANCY)), Decision::Allow);
    assert_eq!(south_user.decide(Action::ManageUsers, &org(ACCOUNTANCY)), Decision::Forbidden);
}

#[test]
fn clients_see_only_themselves() {
    let superuser = user(BANK_CLIENT, Role::ClientSuperuser, &[]);
    let colleague = user(BANK_CLIENT, Role::ClientUser, &[]);
    assert_eq!(superuser.decide(Action::ManageUsers, &org(BANK_CLIENT)), Decision::Allow);
    assert_eq!(colleague.decide(Action::ManageUsers, &org(BANK_CLIENT)), Decision::Forbidden);
    assert_eq!(colleague.decide(Action::ReadUsers, &org(BANK_CLIENT)), Decision::Allow);
    assert_eq!(superuser.decide(Action::ManageApiKeys, &org(BANK_CLIENT)), Decision::Forbidden);
    for other in [VENDOR, BANK, NORTH_CLIENT] {
        assert_eq!(superuser.decide(Action::ReadOrganisation, &org(other)), Decision::Hidden);
    }
}

#[test]
fn api_keys_act_only_within_their_scopes() {
    let key = |scopes: Vec<ApiScope>| Actor {
        organisation_id: id(BANK),
        organisation_kind: OrganisationKind::Partner,
        kind: ActorKind::ApiKey { key_id: id(500), scopes },
    };
    let reader = key(vec![ApiScope::OrganisationsRead]);
    assert_eq!(reader.decide(Action::ReadOrganisation, &org(BANK_CLIENT)), Decision::Allow);
    assert_eq!(reader.decide(Action::ReadUsers, &org(BANK_CLIENT)), Decision::Forbidden);
    let writer = key(vec![ApiScope::UsersWrite]);
    assert_eq!(writer.decide(Action::ManageUsers, &org(BANK)), Decision::Allow);
    assert_eq!(writer.decide(Action::ManageUsers, &org(BANK_CLIENT)), Decision::Forbidden);
    assert_eq!(writer.decide(Action::ManageApiKeys, &org(BANK)), Decision::Forbidden);
    assert_eq!(writer.decide(Action::ReadOrganisation, &org(ACCOUNTANCY)), Decision::Hidden);
}

#[test]
fn webhooks_belong_to_partners_and_their_admins() {
    let bank_admin = user(BANK, Role::PartnerAdmin, &[]);
    let bank_user = user(BANK, Role::PartnerUser, &[]);
    let vendor = user(VENDOR, Role::VendorAdmin, &[]);
    let agent = user(VENDOR, Role::Agent, &[]);
    assert_eq!(bank_admin.decide(Action::ManageWebhooks, &org(BANK)), Decision::Allow);
    assert_eq!(bank_user.decide(Action::ManageWebhooks, &org(BANK)), Decision::Forbidden);
    assert_eq!(bank_admin.decide(Action::ManageWebhooks, &org(BANK_CLIENT)), Decision::Forbidden);
    assert_eq!(bank_admin.decide(Action::ManageWebhooks, &org(ACCOUNTANCY)), Decision::Hidden);
    assert_eq!(vendor.decide(Action::ManageWebhooks, &org(ACCOUNTANCY)), Decision::Allow);
    assert_eq!(vendor.decide(Action::ManageWebhooks, &org(VENDOR)), Decision::Forbidden);
    assert_eq!(agent.decide(Action::ManageWebhooks, &org(BANK)), Decision::Forbidden);
    assert!(vendor.may_administer_outbox());
    assert!(!agent.may_administer_outbox() && !bank_admin.may_administer_outbox());
    let key = Actor {
        organisation_id: id(BANK),
        organisation_kind: OrganisationKind::Partner,
        kind: ActorKind::ApiKey { key_id: id(501), scopes: vec![ApiScope::WebhooksManage] },
    };
    assert_eq!(key.decide(Action::ManageWebhooks, &org(BANK)), Decision::Allow);
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
        let hidden: Vec<bool> = Action::ALL.iter().map(|a| actor.decide(*a, &target) == Decision::Hidden).collect();
        prop_assert!(hidden.iter().all(|h| *h == hidden[0]));
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
        for action in [Action::UpdateOrganisation, Action::ManageBranches, Action::ManageApiKeys] {
            if actor.decide(action, &target) == Decision::Allow {
                prop_assert!(matches!(actor.role(), Some(Role::VendorAdmin | Role::PartnerAdmin)));
            }
        }
        if actor.decide(Action::ManageWebhooks, &target) == Decision::Allow {
            prop_assert_eq!(target.kind, OrganisationKind::Partner);
            let admin = matches!(actor.role(), Some(Role::VendorAdmin | Role::PartnerAdmin));
            let hook_key = matches!(&actor.kind, ActorKind::ApiKey { scopes, .. } if scopes.contains(&ApiScope::WebhooksManage));
            prop_assert!(admin || hook_key);
        }
        if actor.decide(Action::ManageUsers, &target) == Decision::Allow {
            let admin = actor.role().is_some_and(Role::is_organisation_admin);
            let writer_key = matches!(&actor.kind, ActorKind::ApiKey { scopes, .. } if scopes.contains(&ApiScope::UsersWrite));
            prop_assert!(admin || writer_key);
        }
    }

    #[test]
    fn outside_the_vendor_management_stays_inside_the_own_organisation(actor in any_actor(), target in any_org()) {
        if actor.organisation_kind != OrganisationKind::Vendor {
            for action in [Action::ManageUsers, Action::ManageBranches, Action::ManageApiKeys, Action::ManageWebhooks, Action::UpdateOrganisation] {
                if actor.decide(action, &target) == Decision::Allow {
                    prop_assert_eq!(target.id, actor.organisation_id);
                }
            }
        }
    }
}
