//! Install requests (seed 000): a partner files them for its clients-to-be, the vendor's
//! helpdesk reviews them. A request exists for the helpdesk, for the partner that filed
//! it (a branch-limited partner user sees the requests of their branches and those filed
//! without a branch) and, once accepted, for the client it became. Partner systems act
//! with `install_requests:read` / `install_requests:write`.

use uuid::Uuid;

use super::{Actor, ActorKind, Policy};
use crate::{ApiScope, OrganisationKind, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InstallRequestAction {
    /// The request, its status and its timeline.
    Read,
    /// Amending and resubmitting a returned request.
    Amend,
    /// Accepting, returning for more information, rejecting; inviting the people the
    /// questionnaire lists.
    Review,
    /// Answering the new-customer questionnaire: the superuser of the client it became.
    Answer,
    /// Following up a stalled installation: logging calls, sessions and notes and
    /// scheduling the next check. The helpdesk's own notes: only it sees them.
    FollowUp,
}

impl InstallRequestAction {
    pub const ALL: [Self; 5] = [Self::Read, Self::Amend, Self::Review, Self::Answer, Self::FollowUp];
}

/// What the rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallRequestFacts {
    /// The partner that filed the request.
    pub partner_id: Uuid,
    /// The partner's branch the request is for, if any.
    pub branch_id: Option<Uuid>,
    /// The client organisation made on acceptance.
    pub client_id: Option<Uuid>,
}

fn is_staff(actor: &Actor) -> bool {
    actor.is(Role::VendorAdmin) || actor.is(Role::Agent)
}

fn is_filing_partner(actor: &Actor, facts: &InstallRequestFacts) -> bool {
    if actor.organisation_kind != OrganisationKind::Partner || actor.organisation_id != facts.partner_id {
        return false;
    }
    match &actor.kind {
        ActorKind::User { branch_ids, .. } => {
            branch_ids.is_empty() || facts.branch_id.is_none_or(|branch| branch_ids.contains(&branch))
        }
        ActorKind::ApiKey { .. } => true,
    }
}

impl Policy for InstallRequestAction {
    type Facts = InstallRequestFacts;

    fn visible(actor: &Actor, facts: &InstallRequestFacts) -> bool {
        is_staff(actor)
            || is_filing_partner(actor, facts)
            || (actor.organisation_kind == OrganisationKind::Client
                && actor.role().is_some()
                && facts.client_id == Some(actor.organisation_id))
    }

    fn permits(self, actor: &Actor, facts: &InstallRequestFacts) -> bool {
        let partner = is_filing_partner(actor, facts);
        match self {
            Self::Read => match &actor.kind {
                ActorKind::ApiKey { .. } => actor.has_scope(ApiScope::InstallRequestsRead),
                ActorKind::User { .. } => true,
            },
            Self::Amend => match &actor.kind {
                ActorKind::ApiKey { .. } => partner && actor.has_scope(ApiScope::InstallRequestsWrite),
                ActorKind::User { .. } => partner,
            },
            Self::Review | Self::FollowUp => is_staff(actor),
            Self::Answer => actor.is(Role::ClientSuperuser) && facts.client_id == Some(actor.organisation_id),
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "Reading install requests needs the install_requests:read scope.",
            Self::Amend => "Only the partner that filed the request amends it.",
            Self::Review => "Only the helpdesk reviews install requests.",
            Self::Answer => "The client's superuser fills in the questionnaire.",
            Self::FollowUp => "Only the helpdesk follows up installations.",
        }
    }
}

/// Which requests an actor's lists show, for the repositories to turn into a query. It
/// agrees with [`InstallRequestAction`]'s visibility (the policy test checks it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstallRequestScope {
    /// The helpdesk: every request.
    Helpdesk,
    /// A partner's requests; with `branches`, only those of its branches or of none.
    Partner {
        partner_id: Uuid,
        branches: Vec<Uuid>,
    },
    /// The requests that became this client.
    Client {
        client_id: Uuid,
    },
    Nothing,
}

impl InstallRequestScope {
    pub fn includes(&self, facts: &InstallRequestFacts) -> bool {
        match self {
            Self::Helpdesk => true,
            Self::Partner { partner_id, branches } => {
                facts.partner_id == *partner_id
                    && (branches.is_empty() || facts.branch_id.is_none_or(|b| branches.contains(&b)))
            }
            Self::Client { client_id } => facts.client_id == Some(*client_id),
            Self::Nothing => false,
        }
    }
}

pub fn install_request_scope(actor: &Actor) -> InstallRequestScope {
    if is_staff(actor) {
        return InstallRequestScope::Helpdesk;
    }
    match (&actor.kind, actor.organisation_kind) {
        (ActorKind::User { branch_ids, .. }, OrganisationKind::Partner) => {
            InstallRequestScope::Partner { partner_id: actor.organisation_id, branches: branch_ids.clone() }
        }
        (ActorKind::ApiKey { .. }, OrganisationKind::Partner) => {
            InstallRequestScope::Partner { partner_id: actor.organisation_id, branches: Vec::new() }
        }
        (ActorKind::User { .. }, OrganisationKind::Client) => {
            InstallRequestScope::Client { client_id: actor.organisation_id }
        }
        _ => InstallRequestScope::Nothing,
    }
}

/// Filing a new install request: a partner's people and its systems with
/// `install_requests:write`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileInstallRequests;

impl Policy for FileInstallRequests {
    type Facts = ();

    fn visible(_: &Actor, _: &()) -> bool {
        true
    }

    fn permits(self, actor: &Actor, _: &()) -> bool {
        actor.organisation_kind == OrganisationKind::Partner
            && match &actor.kind {
                ActorKind::User { .. } => true,
                ActorKind::ApiKey { .. } => actor.has_scope(ApiScope::InstallRequestsWrite),
            }
    }

    fn refusal(self) -> &'static str {
        "Install requests are filed by partners (API keys need the install_requests:write scope)."
    }
}

/// Watching the installations under way: the stalled list is the helpdesk's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchInstallations;

impl Policy for WatchInstallations {
    type Facts = ();

    fn visible(_: &Actor, _: &()) -> bool {
        true
    }

    fn permits(self, actor: &Actor, _: &()) -> bool {
        is_staff(actor)
    }

    fn refusal(self) -> &'static str {
        "Only the helpdesk watches the installations under way."
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::world::*;

    fn facts(partner: u128, branch: Option<u128>, client: Option<u128>) -> InstallRequestFacts {
        InstallRequestFacts { partner_id: id(partner), branch_id: branch.map(id), client_id: client.map(id) }
    }

    #[rustfmt::skip]
    #[test]
    fn the_helpdesk_reviews_the_filing_partner_amends() {
        use InstallRequestAction::*;
        let bank = facts(BANK, None, None);
        //                        VA AG BA BU NA NU CS CU K+ K0 VK
        row(Read, &bank,         [A, A, A, A, H, H, H, H, A, F, H]);
        row(Amend, &bank,        [F, F, A, A, H, H, H, H, A, F, H]);
        row(Review, &bank,       [A, A, F, F, H, H, H, H, F, F, H]);
        row(Answer, &bank,       [F, F, F, F, H, H, H, H, F, F, H]);
        row(FollowUp, &bank,     [A, A, F, F, H, H, H, H, F, F, H]);
        // Accepted: the client it became reads it too, and changes nothing.
        let accepted = facts(BANK, None, Some(BANK_CLIENT));
        row(Read, &accepted,     [A, A, A, A, H, H, A, A, A, F, H]);
        row(Amend, &accepted,    [F, F, A, A, H, H, F, F, A, F, H]);
        row(Answer, &accepted,   [F, F, F, F, H, H, A, F, F, F, H]);
        row(FollowUp, &accepted, [A, A, F, F, H, H, F, F, F, F, H]);
        // Branch-limited partner users see their branches' requests and unshielded ones.
        let north = facts(ACCOUNTANCY, Some(NORTH), None);
        row(Read, &north,        [A, A, H, H, A, A, H, H, H, H, H]);
        let south = facts(ACCOUNTANCY, Some(SOUTH), None);
        row(Read, &south,        [A, A, H, H, H, H, H, H, H, H, H]);
        let unshielded = facts(ACCOUNTANCY, None, None);
        row(Amend, &unshielded,  [F, F, H, H, A, A, H, H, H, H, H]);
    }

    #[test]
    fn the_list_scope_agrees_with_visibility() {
        let cases = [
            facts(BANK, None, None),
            facts(BANK, None, Some(BANK_CLIENT)),
            facts(ACCOUNTANCY, Some(NORTH), None),
            facts(ACCOUNTANCY, Some(SOUTH), Some(SOUTH_CLIENT)),
            facts(ACCOUNTANCY, None, None),
        ];
        for (name, actor) in CAST.iter().zip(cast()) {
            let scope = install_request_scope(&actor);
            for case in &cases {
                let visible = <InstallRequestAction as Policy>::visible(&actor, case);
                assert_eq!(scope.includes(case), visible, "{name}: {case:?}");
            }
        }
    }

    #[rustfmt::skip]
    #[test]
    fn partners_and_their_systems_file() {
        //                               VA AG BA BU NA NU CS CU K+ K0 VK
        row(FileInstallRequests, &(),   [F, F, A, A, A, A, F, F, A, F, F]);
        row(WatchInstallations, &(),    [A, A, F, F, F, F, F, F, F, F, F]);
    }
}
