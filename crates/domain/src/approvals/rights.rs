//! Who holds which rights and who may hand them out.
//!
//! Groups belong to a partner (or the vendor) and are for one audience: its clients'
//! users ("cliëntgroepen") or its own staff ("kantoorgroepen"). An administrator — the
//! vendor's, a partner's or a client's superuser — holds every right ("a user with all
//! rights", seed 002); everyone else holds what its groups and own grants give.
//!
//! Handing out rights changes power, so a change to a user's own grants is allowed only
//! when the granter holds, for every capability the change touches, the higher of the
//! access before and after: it can neither raise a colleague beyond itself nor take away
//! a right it does not have itself. Nobody changes their own grants.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::permissions::{Access, Capability, PermissionSet};
use crate::Role;
use crate::support::named_values;

named_values! {
    /// Whose rights a group carries.
    pub enum GroupAudience {
        /// Users of the owner's clients.
        Clients = "clients",
        /// The owner's own staff.
        Staff = "staff",
    }
}

/// What a role holds before any group or grant: administrators hold everything.
pub fn baseline(role: Role) -> PermissionSet {
    if role.is_organisation_admin() {
        Capability::all().fold(PermissionSet::new(), |set, capability| set.with(capability, Access::Write))
    } else {
        PermissionSet::new()
    }
}

/// Why a change of someone's grants was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantRefused {
    #[error("you cannot change your own rights")]
    Own,
    #[error("you cannot hand out or take away {0}, which you do not hold yourself")]
    BeyondOwn(String),
}

/// Whether a granter holding `granter` may change someone's own grants from `before`
/// to `after`.
pub fn check_change(
    granter: &PermissionSet,
    own: bool,
    before: &PermissionSet,
    after: &PermissionSet,
) -> Result<(), GrantRefused> {
    if own && before != after {
        return Err(GrantRefused::Own);
    }
    for capability in Capability::all() {
        let (was, will) = (before.access(capability), after.access(capability));
        if was == will {
            continue;
        }
        let needed = was.max(will).unwrap_or(Access::Read);
        if !granter.allows(capability, needed) {
            return Err(GrantRefused::BeyondOwn(format!("{} ({})", capability.key(), needed.as_str())));
        }
    }
    Ok(())
}

// On the wire a capability is its key: `tickets`, `approvals.vat_return`.
impl Serialize for Capability {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

impl<'de> Deserialize<'de> for Capability {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = String::deserialize(deserializer)?;
        Capability::parse(&key).ok_or_else(|| {
            let known: Vec<String> = Capability::all().map(Capability::key).collect();
            serde::de::Error::custom(format!("unknown capability `{key}`, expected one of {}", known.join(", ")))
        })
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Capability {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .description(Some("A module (`tickets`, `billing`, `downloads`, `users`, `news`) or the approval of one document type (`approvals.<type>`)."))
            .enum_values(Some(Capability::all().map(Capability::key)))
            .build()
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Capability {}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::approvals::DocumentType;
    use crate::approvals::permissions::{Module, any_set};

    const TICKETS: Capability = Capability::Module(Module::Tickets);
    const USERS: Capability = Capability::Module(Module::Users);
    const VAT: Capability = Capability::Approvals(DocumentType::VatReturn);

    fn set(rights: &[(Capability, Access)]) -> PermissionSet {
        rights.iter().fold(PermissionSet::new(), |set, (c, a)| set.with(*c, *a))
    }

    #[test]
    fn administrators_hold_every_right_and_others_none_of_their_own() {
        for role in Role::ALL {
            let rights = baseline(role);
            for capability in Capability::all() {
                assert_eq!(rights.allows(capability, Access::Write), role.is_organisation_admin(), "{role:?}");
            }
        }
    }

    #[rustfmt::skip]
    #[test]
    fn a_granter_changes_only_what_it_holds_itself() {
        use Access::*;
        let manager = set(&[(TICKETS, Write), (USERS, Write), (VAT, Read)]);
        // own change?, before, after → allowed?
        let table: &[(bool, PermissionSet, PermissionSet, bool)] = &[
            (false, set(&[]), set(&[(TICKETS, Write)]), true),               // hand out what one has
            (false, set(&[]), set(&[(VAT, Read)]), true),
            (false, set(&[]), set(&[(VAT, Write)]), false),                  // above one's own
            (false, set(&[(VAT, Write)]), set(&[]), false),                  // take away what one lacks
            (false, set(&[(VAT, Write)]), set(&[(VAT, Write), (TICKETS, Read)]), true), // leave it alone
            (false, set(&[(TICKETS, Write)]), set(&[(TICKETS, Read)]), true), // lower
            (true, set(&[(TICKETS, Read)]), set(&[(TICKETS, Write)]), false), // never one's own
            (true, set(&[(TICKETS, Read)]), set(&[(TICKETS, Read)]), true),   // unchanged is no change
        ];
        for (own, before, after, allowed) in table {
            assert_eq!(check_change(&manager, *own, before, after).is_ok(), *allowed, "{before:?} → {after:?}");
        }
    }

    #[test]
    fn capabilities_travel_as_their_keys() {
        let json = serde_json::to_string(&VAT).unwrap_or_default();
        assert_eq!(json, "\"approvals.vat_return\"");
        assert_eq!(serde_json::from_str::<Capability>("\"tickets\"").ok(), Some(TICKETS));
        assert!(serde_json::from_str::<Capability>("\"approvals.tickets\"").is_err());
    }

    proptest! {
        /// Whatever a permitted change does, the grantee's grants end up within the
        /// granter's rights wherever they changed — and a granter holding both sides
        /// may always make it.
        #[test]
        fn a_permitted_change_never_reaches_beyond_the_granter(granter in any_set(), before in any_set(), after in any_set()) {
            if check_change(&granter, false, &before, &after).is_ok() {
                for capability in Capability::all() {
                    if before.access(capability) != after.access(capability)
                        && let Some(access) = after.access(capability)
                    {
                        prop_assert!(granter.allows(capability, access));
                    }
                }
            }
            let holder = granter.union(&before).union(&after);
            prop_assert!(check_change(&holder, false, &before, &after).is_ok());
        }
    }
}
