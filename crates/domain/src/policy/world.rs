//! A small tenant tree and a fixed cast of actors for the policy tables.
//!
//! Organisations: the vendor; two partners (a bank without branches and an accountancy
//! with branches North and South); clients of the bank, of North, of South and one no
//! branch shields. Every table lists its expected decisions in the order of [`CAST`].

use uuid::Uuid;

use super::{Actor, ActorKind, Decision, OrganisationFacts, Policy};
use crate::{ApiScope, OrganisationKind, Role};

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub const VENDOR: u128 = 1;
pub const BANK: u128 = 2;
pub const ACCOUNTANCY: u128 = 3;
pub const BANK_CLIENT: u128 = 10;
pub const NORTH_CLIENT: u128 = 11;
pub const UNSHIELDED_CLIENT: u128 = 12;
pub const SOUTH_CLIENT: u128 = 13;
pub const NORTH: u128 = 100;
pub const SOUTH: u128 = 101;

pub fn org(n: u128) -> OrganisationFacts {
    let (kind, managing_partner_id, branch_id) = match n {
        VENDOR => (OrganisationKind::Vendor, None, None),
        BANK | ACCOUNTANCY => (OrganisationKind::Partner, None, None),
        BANK_CLIENT => (OrganisationKind::Client, Some(id(BANK)), None),
        NORTH_CLIENT => (OrganisationKind::Client, Some(id(ACCOUNTANCY)), Some(id(NORTH))),
        SOUTH_CLIENT => (OrganisationKind::Client, Some(id(ACCOUNTANCY)), Some(id(SOUTH))),
        _ => (OrganisationKind::Client, Some(id(ACCOUNTANCY)), None),
    };
    OrganisationFacts { id: id(n), kind, managing_partner_id, branch_id }
}

pub fn user(org_n: u128, role: Role, branches: &[u128]) -> Actor {
    Actor {
        organisation_id: id(org_n),
        organisation_kind: role.organisation_kind(),
        kind: ActorKind::User { user_id: id(999), role, branch_ids: branches.iter().map(|b| id(*b)).collect() },
    }
}

pub fn key(org_n: u128, kind: OrganisationKind, scopes: &[ApiScope]) -> Actor {
    Actor {
        organisation_id: id(org_n),
        organisation_kind: kind,
        kind: ActorKind::ApiKey { key_id: id(500), scopes: scopes.to_vec() },
    }
}

/// The columns of every policy table.
pub const CAST: [&str; 11] = [
    "vendor admin",
    "agent",
    "bank admin",
    "bank user",
    "North admin (branch-limited)",
    "North user (branch-limited)",
    "bank client superuser",
    "bank client user",
    "bank key, every scope",
    "bank key, no scope",
    "vendor key, every scope",
];

pub fn cast() -> [Actor; 11] {
    [
        user(VENDOR, Role::VendorAdmin, &[]),
        user(VENDOR, Role::Agent, &[]),
        user(BANK, Role::PartnerAdmin, &[]),
        user(BANK, Role::PartnerUser, &[]),
        user(ACCOUNTANCY, Role::PartnerAdmin, &[NORTH]),
        user(ACCOUNTANCY, Role::PartnerUser, &[NORTH]),
        user(BANK_CLIENT, Role::ClientSuperuser, &[]),
        user(BANK_CLIENT, Role::ClientUser, &[]),
        key(BANK, OrganisationKind::Partner, &ApiScope::ALL),
        key(BANK, OrganisationKind::Partner, &[]),
        key(VENDOR, OrganisationKind::Vendor, &ApiScope::ALL),
    ]
}

/// Short names so a table row fits on a line: Allow, Forbidden, Hidden.
pub const A: Decision = Decision::Allow;
pub const F: Decision = Decision::Forbidden;
pub const H: Decision = Decision::Hidden;

/// Checks one row of a policy table: `action` on `facts` for every actor of the cast.
#[track_caller]
pub fn row<P: Policy>(action: P, facts: &P::Facts, expected: [Decision; 11]) {
    for ((name, actor), want) in CAST.iter().zip(cast()).zip(expected) {
        assert_eq!(actor.decide(action, facts), want, "{name}: {action:?}");
    }
}
