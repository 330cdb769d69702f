//! Support tickets: who sees them and who does what with them.
//!
//! Tickets are between a client's people and the vendor's helpdesk; partners and API
//! keys do not see them. A ticket waiting for a contact person's approval (or declined
//! by one) exists only for its requester and the client's contact persons and
//! superuser: the helpdesk never sees it. Internal notes are for vendor staff only.

use uuid::Uuid;

use super::{Actor, OrganisationFacts, Policy};
use crate::support::TicketStatus;
use crate::{OrganisationKind, Role};

/// What is done to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TicketAction {
    /// The ticket, its public messages and its public timeline.
    Read,
    /// A public message (which may reopen a waiting ticket).
    Reply,
    /// Staff-only notes: reading and writing them.
    InternalNotes,
    /// Status, type, priority, assignee, out of contract, estimates.
    Work,
    /// Approving or declining a colleague's ticket.
    Approve,
    /// The customer's side: asking to reopen, answering an estimate.
    Decide,
}

impl TicketAction {
    pub const ALL: [Self; 6] = [Self::Read, Self::Reply, Self::InternalNotes, Self::Work, Self::Approve, Self::Decide];
}

/// What the ticket rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFacts {
    /// The client organisation the ticket belongs to.
    pub organisation: OrganisationFacts,
    pub requester_id: Uuid,
    pub status: TicketStatus,
    /// Whether the acting user is one of that client's contact persons.
    pub actor_is_contact_person: bool,
}

fn is_staff(actor: &Actor) -> bool {
    actor.is(Role::VendorAdmin) || actor.is(Role::Agent)
}

fn is_customer_of(actor: &Actor, facts: &TicketFacts) -> bool {
    (actor.is(Role::ClientSuperuser) || actor.is(Role::ClientUser)) && actor.owns(&facts.organisation)
}

impl Policy for TicketAction {
    type Facts = TicketFacts;

    fn visible(actor: &Actor, facts: &TicketFacts) -> bool {
        if facts.organisation.kind != OrganisationKind::Client {
            return false;
        }
        if is_staff(actor) {
            return facts.status.reached_helpdesk();
        }
        is_customer_of(actor, facts)
            && (facts.status.reached_helpdesk()
                || actor.user_id() == Some(facts.requester_id)
                || facts.actor_is_contact_person
                || actor.is(Role::ClientSuperuser))
    }

    fn permits(self, actor: &Actor, facts: &TicketFacts) -> bool {
        match self {
            Self::Read => true,
            Self::Reply => true,
            Self::InternalNotes | Self::Work => is_staff(actor),
            Self::Approve => {
                is_customer_of(actor, facts)
                    && facts.actor_is_contact_person
                    && actor.user_id() != Some(facts.requester_id)
            }
            Self::Decide => is_customer_of(actor, facts),
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "You may not read this ticket.",
            Self::Reply => "You may not reply to this ticket.",
            Self::InternalNotes => "Internal notes are for the helpdesk only.",
            Self::Work => "Only the helpdesk changes a ticket's status, type, priority and assignee.",
            Self::Approve => "Only a contact person of this organisation approves a colleague's ticket.",
            Self::Decide => "Only the customer decides this.",
        }
    }
}

/// Filing a new ticket: a client's own people. Whether it waits for approval depends on
/// whether the requester is a contact person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileTickets;

impl Policy for FileTickets {
    type Facts = ();

    fn visible(_: &Actor, _: &()) -> bool {
        true
    }

    fn permits(self, actor: &Actor, _: &()) -> bool {
        actor.is(Role::ClientSuperuser) || actor.is(Role::ClientUser)
    }

    fn refusal(self) -> &'static str {
        "Tickets are filed by a client's own users."
    }
}

/// Who sees which tickets in lists; repositories turn it into query filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketScope {
    /// Vendor staff: every ticket that reached the helpdesk.
    Helpdesk,
    /// A client's user: the organisation's tickets that reached the helpdesk, and of the
    /// others those the user filed, or all of them for contact persons and superusers.
    Customer { organisation_id: Uuid, user_id: Uuid, sees_unapproved: bool },
    /// Partners and API keys: none.
    Nothing,
}

/// The list scope of `actor`; `is_contact_person` says whether the acting user is one
/// of its organisation's contact persons.
pub fn ticket_scope(actor: &Actor, is_contact_person: bool) -> TicketScope {
    match (actor.role(), actor.user_id()) {
        (Some(Role::VendorAdmin | Role::Agent), _) => TicketScope::Helpdesk,
        (Some(role @ (Role::ClientSuperuser | Role::ClientUser)), Some(user_id)) => TicketScope::Customer {
            organisation_id: actor.organisation_id,
            user_id,
            sees_unapproved: is_contact_person || role == Role::ClientSuperuser,
        },
        _ => TicketScope::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::TicketAction::*;
    use super::*;
    use crate::policy::world::*;

    /// A ticket of the bank's client; `mine` makes the acting user (id 999) its requester.
    fn ticket(status: TicketStatus, mine: bool, contact: bool) -> TicketFacts {
        TicketFacts {
            organisation: org(BANK_CLIENT),
            requester_id: if mine { id(999) } else { id(998) },
            status,
            actor_is_contact_person: contact,
        }
    }

    #[rustfmt::skip]
    #[test]
    fn the_helpdesk_and_the_clients_people_see_a_ticket() {
        use TicketStatus::*;
        //                                                       VA AG BA BU NA NU CS CU K+ K0 VK
        row(Read, &ticket(Open, false, false),                  [A, A, H, H, H, H, A, A, H, H, H]);
        row(Read, &ticket(Closed, false, false),                [A, A, H, H, H, H, A, A, H, H, H]);
        // Awaiting approval: not the helpdesk; the requester, contact persons, superuser.
        row(Read, &ticket(AwaitingApproval, false, false),      [H, H, H, H, H, H, A, H, H, H, H]);
        row(Read, &ticket(AwaitingApproval, true, false),       [H, H, H, H, H, H, A, A, H, H, H]);
        row(Read, &ticket(AwaitingApproval, false, true),       [H, H, H, H, H, H, A, A, H, H, H]);
        row(Read, &ticket(Declined, true, false),               [H, H, H, H, H, H, A, A, H, H, H]);
        // Another client's ticket does not exist for these users.
        let other = TicketFacts { organisation: org(NORTH_CLIENT), ..ticket(Open, false, false) };
        row(Read, &other,                                       [A, A, H, H, H, H, H, H, H, H, H]);
    }

    #[rustfmt::skip]
    #[test]
    fn notes_and_work_are_for_staff() {
        use TicketStatus::*;
        //                                                       VA AG BA BU NA NU CS CU K+ K0 VK
        row(InternalNotes, &ticket(Open, false, false),         [A, A, H, H, H, H, F, F, H, H, H]);
        row(Work, &ticket(Open, false, false),                  [A, A, H, H, H, H, F, F, H, H, H]);
        row(Reply, &ticket(Open, false, false),                 [A, A, H, H, H, H, A, A, H, H, H]);
        row(Decide, &ticket(WaitingOnCustomer, false, false),   [F, F, H, H, H, H, A, A, H, H, H]);
    }

    #[rustfmt::skip]
    #[test]
    fn contact_persons_approve_colleagues_tickets() {
        use TicketStatus::*;
        //                                                       VA AG BA BU NA NU CS CU K+ K0 VK
        row(Approve, &ticket(AwaitingApproval, false, true),    [H, H, H, H, H, H, A, A, H, H, H]);
        // Without being a contact person, a superuser sees it but does not approve.
        row(Approve, &ticket(AwaitingApproval, false, false),   [H, H, H, H, H, H, F, H, H, H, H]);
        // Nobody approves their own ticket.
        row(Approve, &ticket(AwaitingApproval, true, true),     [H, H, H, H, H, H, F, F, H, H, H]);
    }

    #[rustfmt::skip]
    #[test]
    fn only_a_clients_people_file_tickets() {
        //                     VA AG BA BU NA NU CS CU K+ K0 VK
        row(FileTickets, &(), [F, F, F, F, F, F, A, A, F, F, F]);
    }

    #[test]
    fn list_scopes() {
        let cast = cast();
        assert_eq!(ticket_scope(&cast[0], false), TicketScope::Helpdesk);
        assert_eq!(ticket_scope(&cast[1], false), TicketScope::Helpdesk);
        assert_eq!(ticket_scope(&cast[2], true), TicketScope::Nothing);
        assert_eq!(ticket_scope(&cast[8], false), TicketScope::Nothing);
        assert_eq!(
            ticket_scope(&cast[7], false),
            TicketScope::Customer { organisation_id: id(BANK_CLIENT), user_id: id(999), sees_unapproved: false }
        );
        assert_eq!(
            ticket_scope(&cast[7], true),
            TicketScope::Customer { organisation_id: id(BANK_CLIENT), user_id: id(999), sees_unapproved: true }
        );
        assert_eq!(
            ticket_scope(&cast[6], false),
            TicketScope::Customer { organisation_id: id(BANK_CLIENT), user_id: id(999), sees_unapproved: true }
        );
    }
}
