//! Rights per module (seed 002, "Cliënt- & kantoorgroepen"): a group carries a permission
//! set, a user belongs to any number of groups and may have rights of its own; what the
//! user may do is the union — per module the furthest-reaching access any of them gives.
//! Groups are optional: rights can be set per user alone. Whoever hands out rights (a
//! client's superuser for its colleagues) hands out only what it has itself.

use std::collections::BTreeMap;

use super::DocumentType;
use crate::support::named_values;

named_values! {
    /// The parts of the portal a right is about.
    pub enum Module {
        Tickets = "tickets",
        Billing = "billing",
        Downloads = "downloads",
        Users = "users",
        News = "news",
    }
}

named_values! {
    /// How far a right goes: seeing, or also acting (filing, approving, managing).
    pub enum Access {
        Read = "read",
        Write = "write",
    }
}

/// What one right is about: a module, or the approval of one type of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Capability {
    Module(Module),
    Approvals(DocumentType),
}

impl Capability {
    /// Every capability there is.
    pub fn all() -> impl Iterator<Item = Capability> {
        Module::ALL.iter().map(|m| Self::Module(*m)).chain(DocumentType::ALL.iter().map(|d| Self::Approvals(*d)))
    }

    /// `tickets`, `approvals.vat_return`.
    pub fn key(self) -> String {
        match self {
            Self::Module(module) => module.as_str().to_owned(),
            Self::Approvals(kind) => format!("approvals.{}", kind.as_str()),
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        match key.strip_prefix("approvals.") {
            Some(kind) => DocumentType::parse(kind).map(Self::Approvals),
            None => Module::parse(key).map(Self::Module),
        }
    }
}

/// A set of rights: per capability the access it gives (absent: none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PermissionSet(BTreeMap<Capability, Access>);

impl PermissionSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// This set with `access` to `capability` as well (never lowering what it had).
    pub fn with(mut self, capability: Capability, access: Access) -> Self {
        self.grant(capability, access);
        self
    }

    pub fn grant(&mut self, capability: Capability, access: Access) {
        let entry = self.0.entry(capability).or_insert(access);
        *entry = (*entry).max(access);
    }

    /// The access to `capability`, if any.
    pub fn access(&self, capability: Capability) -> Option<Access> {
        self.0.get(&capability).copied()
    }

    /// Whether the set gives at least `needed` on `capability`.
    pub fn allows(&self, capability: Capability, needed: Access) -> bool {
        self.access(capability).is_some_and(|access| access >= needed)
    }

    /// The union: per capability the furthest-reaching access of either.
    pub fn union(&self, other: &PermissionSet) -> PermissionSet {
        let mut all = self.clone();
        for (capability, access) in &other.0 {
            all.grant(*capability, *access);
        }
        all
    }

    /// Whether everything `other` gives, this set gives too (so its holder may hand it out).
    pub fn covers(&self, other: &PermissionSet) -> bool {
        other.0.iter().all(|(capability, access)| self.allows(*capability, *access))
    }

    pub fn iter(&self) -> impl Iterator<Item = (Capability, Access)> + '_ {
        self.0.iter().map(|(c, a)| (*c, *a))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A user's rights: the union of its groups' sets and its own grants.
pub fn effective<'a>(groups: impl IntoIterator<Item = &'a PermissionSet>, own: &PermissionSet) -> PermissionSet {
    groups.into_iter().fold(own.clone(), |all, group| all.union(group))
}

/// Any permission set, for property tests.
#[cfg(test)]
pub(crate) fn any_set() -> impl proptest::strategy::Strategy<Value = PermissionSet> {
    use proptest::prelude::*;
    let capabilities: Vec<Capability> = Capability::all().collect();
    proptest::collection::vec((proptest::sample::select(capabilities), any::<bool>()), 0..8).prop_map(|rights| {
        rights
            .into_iter()
            .fold(PermissionSet::new(), |set, (c, write)| set.with(c, if write { Access::Write } else { Access::Read }))
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const TICKETS: Capability = Capability::Module(Module::Tickets);
    const BILLING: Capability = Capability::Module(Module::Billing);
    const VAT: Capability = Capability::Approvals(DocumentType::VatReturn);
    const ACCOUNTS: Capability = Capability::Approvals(DocumentType::AnnualAccounts);

    fn set(rights: &[(Capability, Access)]) -> PermissionSet {
        rights.iter().fold(PermissionSet::new(), |set, (c, a)| set.with(*c, *a))
    }

    #[rustfmt::skip]
    #[test]
    fn a_users_rights_are_the_union_of_its_groups_and_its_own() {
        use Access::*;
        let staff = set(&[(TICKETS, Write), (BILLING, Read)]);
        let approvers = set(&[(VAT, Write), (TICKETS, Read)]);
        let none = PermissionSet::new();
        // groups, own grants, capability → expected access
        let table: &[(&[&PermissionSet], PermissionSet, Capability, Option<Access>)] = &[
            (&[], none.clone(), TICKETS, None),                        // no groups, nothing own
            (&[], set(&[(TICKETS, Read)]), TICKETS, Some(Read)),       // own grant alone
            (&[&staff], none.clone(), TICKETS, Some(Write)),           // one group
            (&[&staff], none.clone(), VAT, None),                      // not in any group
            (&[&staff, &approvers], none.clone(), TICKETS, Some(Write)), // the furthest reach wins
            (&[&staff, &approvers], none.clone(), VAT, Some(Write)),   // from the second group
            (&[&approvers], set(&[(TICKETS, Write)]), TICKETS, Some(Write)), // own beats the group
            (&[&staff], set(&[(BILLING, Write)]), BILLING, Some(Write)),
            (&[&staff], set(&[(TICKETS, Read)]), TICKETS, Some(Write)), // own never lowers a group's
            (&[&approvers], none.clone(), ACCOUNTS, None),             // per document type
        ];
        for (groups, own, capability, expected) in table {
            let rights = effective(groups.iter().copied(), own);
            assert_eq!(rights.access(*capability), *expected, "{groups:?} + {own:?} on {capability:?}");
        }
    }

    #[test]
    fn rights_are_handed_out_only_within_ones_own() {
        let superuser = set(&[(TICKETS, Access::Write), (VAT, Access::Write), (BILLING, Access::Read)]);
        assert!(superuser.covers(&set(&[(TICKETS, Access::Read), (VAT, Access::Write)])));
        assert!(!superuser.covers(&set(&[(BILLING, Access::Write)])), "read billing hands out no write");
        assert!(!superuser.covers(&set(&[(ACCOUNTS, Access::Read)])), "another document type");
        assert!(superuser.covers(&PermissionSet::new()));
    }

    #[test]
    fn capability_keys_round_trip() {
        for capability in Capability::all() {
            assert_eq!(Capability::parse(&capability.key()), Some(capability));
        }
        assert_eq!(Capability::parse("approvals.vat_return"), Some(VAT));
        assert_eq!(Capability::parse("approvals.tickets"), None);
        assert_eq!(Capability::parse("vat_return"), None);
        assert_eq!(Capability::all().count(), Module::ALL.len() + DocumentType::ALL.len());
    }

    proptest! {
        /// The union is commutative, idempotent and covers both sides; adding a group
        /// never takes a right away.
        #[test]
        fn union_laws(a in any_set(), b in any_set(), c in any_set()) {
            prop_assert_eq!(a.union(&b), b.union(&a));
            prop_assert_eq!(a.union(&a), a.clone());
            prop_assert_eq!(a.union(&b).union(&c), a.union(&b.union(&c)));
            let both = a.union(&b);
            prop_assert!(both.covers(&a) && both.covers(&b));
            let more = effective([&b, &c], &a);
            prop_assert!(more.covers(&effective([&b], &a)));
        }
    }
}
