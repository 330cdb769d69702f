//! Documents for approval (seed 002, "Accorderen"): the firm that manages a client (and
//! the vendor's staff) uploads documents for it; the client's people read those of the
//! types their rights cover and those they are asked to approve, and only an approver
//! decides. API keys neither read nor decide: an approval is a person's act.

use super::{Actor, OrganisationFacts, Policy};
use crate::{OrganisationKind, Role};

/// Acting on a client's documents as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientDocumentsAction {
    /// See the list (a client's people see what their rights cover).
    List,
    Upload,
}

impl ClientDocumentsAction {
    pub const ALL: [Self; 2] = [Self::List, Self::Upload];
}

fn manages(actor: &Actor, role: Role, client: &OrganisationFacts) -> bool {
    role.is_vendor_staff()
        || (matches!(role, Role::PartnerAdmin | Role::PartnerUser)
            && client.managing_partner_id == Some(actor.organisation_id))
}

impl Policy for ClientDocumentsAction {
    /// The client.
    type Facts = OrganisationFacts;

    fn visible(actor: &Actor, client: &OrganisationFacts) -> bool {
        client.kind == OrganisationKind::Client && actor.visibility().includes(client)
    }

    fn permits(self, actor: &Actor, client: &OrganisationFacts) -> bool {
        let Some(role) = actor.role() else {
            return false;
        };
        match self {
            Self::List => true,
            Self::Upload => manages(actor, role, client),
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::List => "API keys do not read documents for approval.",
            Self::Upload => "Only the firm that manages the client uploads its documents for approval.",
        }
    }
}

/// What the rules look at for one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFacts {
    pub client: OrganisationFacts,
    /// The actor is one of the document's approvers.
    pub approver: bool,
    /// The actor's rights cover reading documents of this type.
    pub reads: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentAction {
    Read,
    /// Approve or reject.
    Decide,
}

impl DocumentAction {
    pub const ALL: [Self; 2] = [Self::Read, Self::Decide];
}

impl Policy for DocumentAction {
    type Facts = DocumentFacts;

    /// A client's people see the documents of the types their rights cover and the ones
    /// they are asked to approve; to anyone else of the client the others do not exist.
    fn visible(actor: &Actor, document: &DocumentFacts) -> bool {
        let client = &document.client;
        if client.kind != OrganisationKind::Client || !actor.visibility().includes(client) {
            return false;
        }
        actor.organisation_kind != OrganisationKind::Client
            || actor.role().is_none()
            || document.approver
            || document.reads
    }

    fn permits(self, actor: &Actor, document: &DocumentFacts) -> bool {
        let Some(role) = actor.role() else {
            return false;
        };
        match self {
            Self::Read => true,
            Self::Decide => role.fits(OrganisationKind::Client) && document.approver,
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "API keys do not read documents for approval.",
            Self::Decide => "Only the client users asked to approve this document decide on it.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::world::*;

    fn document(client: u128, approver: bool, reads: bool) -> DocumentFacts {
        DocumentFacts { client: org(client), approver, reads }
    }

    #[rustfmt::skip]
    #[test]
    fn the_managing_firm_uploads_and_the_clients_people_read_what_their_rights_cover() {
        use ClientDocumentsAction::*;
        //                             VA AG BA BU NA NU CS CU K+ K0 VK
        row(List, &org(BANK_CLIENT),   [A, A, A, A, H, H, A, A, F, F, F]);
        row(Upload, &org(BANK_CLIENT), [A, A, A, A, H, H, F, F, F, F, F]);
        row(Upload, &org(NORTH_CLIENT),[A, A, H, H, A, A, H, H, H, H, F]);
        row(Upload, &org(SOUTH_CLIENT),[A, A, H, H, H, H, H, H, H, H, F]);
        row(List, &org(BANK),          [H, H, H, H, H, H, H, H, H, H, H]);
    }

    #[rustfmt::skip]
    #[test]
    fn only_approvers_decide_and_a_client_sees_only_what_concerns_it() {
        use DocumentAction::*;
        //                                          VA AG BA BU NA NU CS CU K+ K0 VK
        row(Read, &document(BANK_CLIENT, false, false),   [A, A, A, A, H, H, H, H, F, F, F]);
        row(Read, &document(BANK_CLIENT, false, true),    [A, A, A, A, H, H, A, A, F, F, F]);
        row(Decide, &document(BANK_CLIENT, false, true),  [F, F, F, F, H, H, F, F, F, F, F]);
        row(Decide, &document(BANK_CLIENT, true, false),  [F, F, F, F, H, H, A, A, F, F, F]);
        row(Read, &document(NORTH_CLIENT, true, true),    [A, A, H, H, A, A, H, H, H, H, F]);
    }
}
