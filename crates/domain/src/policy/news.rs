//! A firm's news items as its staff see and write them (the clients' feed is a scope of
//! published items for their firm and branch, `crate::news::reaches`). A branch-limited
//! person sees the firm-wide items and its branches' items, and writes only the latter.

use uuid::Uuid;

use super::{Actor, OrganisationFacts, Policy};
use crate::{OrganisationKind, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NewsAction {
    /// See an item in any state (scheduled and expired included).
    Read,
    /// Write, change and remove an item.
    Manage,
}

impl NewsAction {
    pub const ALL: [Self; 2] = [Self::Read, Self::Manage];
}

/// The item's firm and branch, and whether the caller holds the `news` write right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsFacts {
    pub firm: OrganisationFacts,
    pub branch: Option<Uuid>,
    pub writer: bool,
}

/// Whether a branch-limited actor's branches cover `branch` (a firm-wide item is
/// covered only for the whole firm).
fn covers(actor: &Actor, branch: Option<Uuid>) -> bool {
    let limited = actor.branch_ids();
    limited.is_empty() || branch.is_some_and(|b| limited.contains(&b))
}

impl Policy for NewsAction {
    type Facts = NewsFacts;

    fn visible(actor: &Actor, facts: &NewsFacts) -> bool {
        let firm_wide_or_own_branch =
            facts.branch.is_none() || actor.branch_ids().is_empty() || covers(actor, facts.branch);
        facts.firm.kind == OrganisationKind::Partner
            && actor.organisation_kind != OrganisationKind::Client
            && actor.visibility().includes(&facts.firm)
            && firm_wide_or_own_branch
    }

    fn permits(self, actor: &Actor, facts: &NewsFacts) -> bool {
        let staff = actor.owns(&facts.firm) && (actor.is(Role::PartnerAdmin) || actor.is(Role::PartnerUser));
        match self {
            Self::Read => staff || actor.is(Role::VendorAdmin) || actor.is(Role::Agent),
            Self::Manage => staff && (actor.is(Role::PartnerAdmin) || facts.writer) && covers(actor, facts.branch),
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "Only the firm's people and the vendor's staff see its news items.",
            Self::Manage => {
                "Only the firm's administrators and those with the news right write its news, each for the branches it works for."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NewsAction::*;
    use super::NewsFacts;
    use crate::policy::world::*;

    fn item(firm: u128, branch: Option<u128>, writer: bool) -> NewsFacts {
        NewsFacts { firm: org(firm), branch: branch.map(id), writer }
    }

    #[rustfmt::skip]
    #[test]
    fn staff_read_their_firms_news_by_branch() {
        //                                          VA AG BA BU NA NU CS CU K+ K0 VK
        row(Read, &item(BANK, None, false),         [A, A, A, A, H, H, H, H, F, F, F]);
        row(Read, &item(ACCOUNTANCY, None, false),  [A, A, H, H, A, A, H, H, H, H, F]);
        row(Read, &item(ACCOUNTANCY, Some(NORTH), false), [A, A, H, H, A, A, H, H, H, H, F]);
        row(Read, &item(ACCOUNTANCY, Some(SOUTH), false), [A, A, H, H, H, H, H, H, H, H, F]);
    }

    #[rustfmt::skip]
    #[test]
    fn administrators_and_writers_manage_within_their_branches() {
        //                                             VA AG BA BU NA NU CS CU K+ K0 VK
        row(Manage, &item(BANK, None, false),          [F, F, A, F, H, H, H, H, F, F, F]);
        row(Manage, &item(BANK, None, true),           [F, F, A, A, H, H, H, H, F, F, F]);
        // A branch-limited administrator writes its branch's items, not the firm's.
        row(Manage, &item(ACCOUNTANCY, None, true),    [F, F, H, H, F, F, H, H, H, H, F]);
        row(Manage, &item(ACCOUNTANCY, Some(NORTH), false), [F, F, H, H, A, F, H, H, H, H, F]);
        row(Manage, &item(ACCOUNTANCY, Some(NORTH), true),  [F, F, H, H, A, A, H, H, H, H, F]);
    }
}
