//! Access requests: who sees a confirmed request for a login and who decides it.
//!
//! A request exists for nobody until its address is confirmed. Then it goes to the
//! client's superusers, or to the vendor's helpdesk when the number matched no client or
//! the client has no active superuser. Vendor staff see every confirmed request (they
//! stand in for a superuser who is away); a client's superuser sees those routed to its
//! own organisation. Partners, other client users and API keys see none.

use uuid::Uuid;

use super::{Actor, Policy};
use crate::Role;
use crate::access::{AccessRequestStatus, Approvers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessRequestAction {
    Read,
    /// Approve (the account is made) or decline (with a reason).
    Decide,
}

/// What the rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRequestFacts {
    /// The client the number matched, if any.
    pub organisation_id: Option<Uuid>,
    pub routed_to: Option<Approvers>,
    pub status: AccessRequestStatus,
}

fn is_staff(actor: &Actor) -> bool {
    actor.is(Role::VendorAdmin) || actor.is(Role::Agent)
}

impl Policy for AccessRequestAction {
    type Facts = AccessRequestFacts;

    fn visible(actor: &Actor, facts: &AccessRequestFacts) -> bool {
        if facts.status == AccessRequestStatus::Unconfirmed {
            return false;
        }
        is_staff(actor)
            || (actor.is(Role::ClientSuperuser)
                && facts.routed_to == Some(Approvers::Client)
                && facts.organisation_id == Some(actor.organisation_id))
    }

    fn permits(self, _: &Actor, _: &AccessRequestFacts) -> bool {
        // Everyone who sees a request is one of its approvers.
        true
    }

    fn refusal(self) -> &'static str {
        "Only the client's superuser or the helpdesk decides a request for access."
    }
}

/// Which requests an actor's lists hold; repositories turn it into query filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessRequestScope {
    /// Vendor staff: every confirmed request.
    Helpdesk,
    /// A client's superuser: the confirmed requests routed to its organisation.
    Client {
        organisation_id: Uuid,
    },
    Nothing,
}

pub fn access_request_scope(actor: &Actor) -> AccessRequestScope {
    if is_staff(actor) {
        AccessRequestScope::Helpdesk
    } else if actor.is(Role::ClientSuperuser) {
        AccessRequestScope::Client { organisation_id: actor.organisation_id }
    } else {
        AccessRequestScope::Nothing
    }
}

impl AccessRequestScope {
    /// Whether a request belongs in this scope's lists (the SQL filter must agree).
    pub fn includes(&self, facts: &AccessRequestFacts) -> bool {
        match self {
            Self::Nothing => false,
            _ if facts.status == AccessRequestStatus::Unconfirmed => false,
            Self::Helpdesk => true,
            Self::Client { organisation_id } => {
                facts.routed_to == Some(Approvers::Client) && facts.organisation_id == Some(*organisation_id)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::AccessRequestAction::*;
    use super::*;
    use crate::policy::world::*;

    fn request(org_n: Option<u128>, routed_to: Option<Approvers>, status: AccessRequestStatus) -> AccessRequestFacts {
        AccessRequestFacts { organisation_id: org_n.map(id), routed_to, status }
    }

    #[rustfmt::skip]
    #[test]
    fn superusers_and_the_helpdesk_decide() {
        use AccessRequestStatus::*;
        let client = Some(Approvers::Client);
        let vendor = Some(Approvers::Vendor);
        //                                                              VA AG BA BU NA NU CS CU K+ K0 VK
        row(Decide, &request(Some(BANK_CLIENT), client, Pending),      [A, A, H, H, H, H, A, H, H, H, H]);
        row(Read, &request(Some(BANK_CLIENT), client, Approved),       [A, A, H, H, H, H, A, H, H, H, H]);
        // Routed to the helpdesk (no superuser, or no client matched): staff only.
        row(Decide, &request(Some(BANK_CLIENT), vendor, Pending),      [A, A, H, H, H, H, H, H, H, H, H]);
        row(Decide, &request(None, vendor, Pending),                   [A, A, H, H, H, H, H, H, H, H, H]);
        // Another client's request, and one not confirmed yet, exist for nobody else.
        row(Decide, &request(Some(NORTH_CLIENT), client, Pending),     [A, A, H, H, H, H, H, H, H, H, H]);
        row(Read, &request(Some(BANK_CLIENT), None, Unconfirmed),      [H, H, H, H, H, H, H, H, H, H, H]);
    }

    fn any_facts() -> impl Strategy<Value = AccessRequestFacts> {
        (
            proptest::option::of(prop_oneof![Just(BANK_CLIENT), Just(NORTH_CLIENT), Just(SOUTH_CLIENT)]),
            proptest::option::of(prop_oneof![Just(Approvers::Client), Just(Approvers::Vendor)]),
            proptest::sample::select(AccessRequestStatus::ALL.to_vec()),
        )
            .prop_map(|(org_n, routed_to, status)| request(org_n, routed_to, status))
    }

    proptest! {
        #[test]
        fn the_list_scope_agrees_with_visibility(facts in any_facts(), n in 0usize..11) {
            let actor = cast()[n].clone();
            let visible = actor.decide(Read, &facts) != crate::policy::Decision::Hidden;
            prop_assert_eq!(access_request_scope(&actor).includes(&facts), visible);
        }
    }
}
