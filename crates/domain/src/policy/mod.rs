//! Who may see and do what: one policy per resource.
//!
//! Every access to a tenant's data asks two questions, in this order:
//! 1. Is the target visible to the actor? If not, it does not exist for them (the API
//!    answers 404, so existence does not leak).
//! 2. Does the policy permit the action on that target? If not, the API answers 403.
//!
//! A resource declares its actions as an enum and implements [`Policy`] for it, with
//! the facts about a target its rules need: organisation-owned resources look at
//! [`OrganisationFacts`]; a ticket will look at its requester, assignee and whether a
//! message is an internal note, without touching the other policies. Each policy is
//! tested as a table of actors × targets in its own module.

pub mod access_requests;
pub mod api_keys;
pub mod approvals;
pub mod audit_log;
pub mod client_imports;
pub mod client_setup;
pub mod documents;
pub mod grants;
pub mod install_requests;
pub mod intake_settings;
pub mod news;
pub mod organisations;
pub mod outbox;
pub mod rights;
pub mod support_settings;
pub mod tickets;
pub mod users;
pub mod webhooks;

use uuid::Uuid;

pub use self::access_requests::{AccessRequestAction, AccessRequestFacts, AccessRequestScope, access_request_scope};
pub use self::api_keys::ApiKeyAction;
pub use self::approvals::ApprovalDutiesAction;
pub use self::audit_log::{AuditLogScope, audit_log_scope};
pub use self::client_imports::ClientImportAction;
pub use self::client_setup::ClientSetupAction;
pub use self::documents::{ClientDocumentsAction, DocumentAction, DocumentFacts};
pub use self::install_requests::{
    FileInstallRequests, InstallRequestAction, InstallRequestFacts, InstallRequestScope, WatchInstallations,
    install_request_scope,
};
pub use self::intake_settings::{AccountingPackageAction, PartnerFieldsAction, QuestionnaireAction, ReleaseAction};
pub use self::news::{NewsAction, NewsFacts};
pub use self::organisations::{CreateOrganisations, OrganisationAction};
pub use self::outbox::AdministerOutbox;
pub use self::rights::{PermissionGroupAction, RightsAction, RightsFacts};
pub use self::support_settings::SupportSettingsAction;
pub use self::tickets::{FileTickets, TicketAction, TicketFacts, TicketScope, ticket_scope};
pub use self::users::UserAction;
pub use self::webhooks::WebhookAction;
use crate::{ApiScope, OrganisationKind, Role};

/// The rules for one kind of action. Implemented by a resource's action enum.
pub trait Policy: Copy + std::fmt::Debug {
    /// What the rules need to know about the target.
    type Facts: ?Sized;

    /// Whether the target exists for the actor at all.
    fn visible(actor: &Actor, facts: &Self::Facts) -> bool;

    /// Whether the actor may take this action on a visible target.
    fn permits(self, actor: &Actor, facts: &Self::Facts) -> bool;

    /// Why the action was refused, for the 403 answer.
    fn refusal(self) -> &'static str;
}

/// The authenticated party behind a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub organisation_id: Uuid,
    pub organisation_kind: OrganisationKind,
    pub kind: ActorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorKind {
    /// A person signed in through the browser app.
    User {
        user_id: Uuid,
        role: Role,
        /// The partner branches the user is limited to; empty means the whole partner.
        branch_ids: Vec<Uuid>,
    },
    /// A partner system calling with an API key.
    ApiKey { key_id: Uuid, scopes: Vec<ApiScope> },
}

impl Actor {
    pub fn role(&self) -> Option<Role> {
        match &self.kind {
            ActorKind::User { role, .. } => Some(*role),
            ActorKind::ApiKey { .. } => None,
        }
    }

    pub fn user_id(&self) -> Option<Uuid> {
        match &self.kind {
            ActorKind::User { user_id, .. } => Some(*user_id),
            ActorKind::ApiKey { .. } => None,
        }
    }

    /// Whether the actor is a person with `role`.
    pub fn is(&self, role: Role) -> bool {
        self.role() == Some(role)
    }

    /// Whether the actor is an API key carrying `scope`.
    pub fn has_scope(&self, scope: ApiScope) -> bool {
        matches!(&self.kind, ActorKind::ApiKey { scopes, .. } if scopes.contains(&scope))
    }

    /// Whether the actor is limited to some of its partner's branches.
    pub fn is_branch_limited(&self) -> bool {
        matches!(&self.kind, ActorKind::User { branch_ids, .. } if !branch_ids.is_empty())
    }

    /// The branches a person is limited to; empty for the whole partner (and for keys).
    pub fn branch_ids(&self) -> &[Uuid] {
        match &self.kind {
            ActorKind::User { branch_ids, .. } => branch_ids,
            ActorKind::ApiKey { .. } => &[],
        }
    }

    /// Whether `organisation` is the actor's own.
    pub fn owns(&self, organisation: &OrganisationFacts) -> bool {
        organisation.id == self.organisation_id
    }

    /// The part of the tenant tree this actor can see.
    pub fn visibility(&self) -> Visibility {
        match (&self.kind, self.organisation_kind) {
            (_, OrganisationKind::Vendor) => Visibility::Everything,
            (ActorKind::User { branch_ids, .. }, OrganisationKind::Partner) => {
                Visibility::Partner { own: self.organisation_id, branches: branch_ids.clone() }
            }
            (ActorKind::ApiKey { .. }, OrganisationKind::Partner) => {
                Visibility::Partner { own: self.organisation_id, branches: Vec::new() }
            }
            (_, OrganisationKind::Client) => Visibility::Own(self.organisation_id),
        }
    }

    /// Decides `action` on the target described by `facts`.
    pub fn decide<P: Policy>(&self, action: P, facts: &P::Facts) -> Decision {
        if !P::visible(self, facts) {
            Decision::Hidden
        } else if action.permits(self, facts) {
            Decision::Allow
        } else {
            Decision::Forbidden
        }
    }
}

/// The outcome of a permission check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Visible, but the actor may not do this (HTTP 403).
    Forbidden,
    /// Outside the actor's tenant: as if it did not exist (HTTP 404).
    Hidden,
}

/// The facts about an organisation that permission rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationFacts {
    pub id: Uuid,
    pub kind: OrganisationKind,
    /// For clients: the partner that brought them in and manages them.
    pub managing_partner_id: Option<Uuid>,
    /// For clients of a partner with branches: the branch they belong to.
    pub branch_id: Option<Uuid>,
}

/// The tenant boundary of an actor. Repositories turn this into query filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Vendor staff see every organisation.
    Everything,
    /// A partner sees itself and the clients it manages; with `branches` set, only the
    /// clients of those branches and the clients not shielded by any branch.
    Partner { own: Uuid, branches: Vec<Uuid> },
    /// A client sees only itself.
    Own(Uuid),
}

impl Visibility {
    pub fn includes(&self, target: &OrganisationFacts) -> bool {
        match self {
            Self::Everything => true,
            Self::Own(own) => target.id == *own,
            Self::Partner { own, branches } => {
                target.id == *own
                    || (target.managing_partner_id == Some(*own)
                        && (branches.is_empty() || target.branch_id.is_none_or(|branch| branches.contains(&branch))))
            }
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod world;
