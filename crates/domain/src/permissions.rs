//! Who may see and do what.
//!
//! Two questions are asked, in this order, for every access to a tenant's data:
//! 1. Is the target inside the actor's [`Visibility`]? If not, the target does not exist
//!    for the actor (the API answers 404, so existence does not leak).
//! 2. Does the actor's role (or API key scope) grant the [`Action`] on that target? If
//!    not, the API answers 403.

use uuid::Uuid;

use crate::{ApiScope, OrganisationKind, Role};

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

    fn has_scope(&self, scope: ApiScope) -> bool {
        matches!(&self.kind, ActorKind::ApiKey { scopes, .. } if scopes.contains(&scope))
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

    /// Decides `action` on an organisation (or on something that belongs to it).
    pub fn decide(&self, action: Action, target: &OrganisationFacts) -> Decision {
        if !self.visibility().includes(target) {
            return Decision::Hidden;
        }
        if self.grants(action, target) { Decision::Allow } else { Decision::Forbidden }
    }

    /// Whether the actor may create organisations at all.
    pub fn may_create_organisations(&self) -> bool {
        self.role() == Some(Role::VendorAdmin)
    }

    /// Whether the actor may see and retry the notification outbox (vendor admins).
    pub fn may_administer_outbox(&self) -> bool {
        self.role() == Some(Role::VendorAdmin)
    }

    fn grants(&self, action: Action, target: &OrganisationFacts) -> bool {
        let own = target.id == self.organisation_id;
        match (&self.kind, action) {
            (ActorKind::User { .. }, Action::ReadOrganisation | Action::ReadUsers) => true,
            (ActorKind::User { role, .. }, Action::UpdateOrganisation) => *role == Role::VendorAdmin,
            (ActorKind::User { role, .. }, Action::ManageBranches) => {
                target.kind == OrganisationKind::Partner
                    && (*role == Role::VendorAdmin || (*role == Role::PartnerAdmin && own))
            }
            (ActorKind::User { role, .. }, Action::ManageUsers) => {
                *role == Role::VendorAdmin || (own && matches!(role, Role::PartnerAdmin | Role::ClientSuperuser))
            }
            (ActorKind::User { role, .. }, Action::ManageWebhooks) => {
                target.kind == OrganisationKind::Partner
                    && (*role == Role::VendorAdmin || (*role == Role::PartnerAdmin && own))
            }
            (ActorKind::ApiKey { .. }, Action::ManageWebhooks) => {
                own && target.kind == OrganisationKind::Partner && self.has_scope(ApiScope::WebhooksManage)
            }
            (ActorKind::User { role, .. }, Action::ManageApiKeys) => {
                target.kind != OrganisationKind::Client
                    && (*role == Role::VendorAdmin || (*role == Role::PartnerAdmin && own))
            }
            (ActorKind::ApiKey { .. }, Action::ReadOrganisation) => self.has_scope(ApiScope::OrganisationsRead),
            (ActorKind::ApiKey { .. }, Action::ReadUsers) => self.has_scope(ApiScope::UsersRead),
            (ActorKind::ApiKey { .. }, Action::ManageUsers) => own && self.has_scope(ApiScope::UsersWrite),
            (ActorKind::ApiKey { .. }, Action::UpdateOrganisation | Action::ManageBranches | Action::ManageApiKeys) => {
                false
            }
        }
    }
}

/// What is done to an organisation or to what belongs to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    ReadOrganisation,
    UpdateOrganisation,
    ManageBranches,
    ReadUsers,
    ManageUsers,
    ManageApiKeys,
    ManageWebhooks,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Self::ReadOrganisation,
        Self::UpdateOrganisation,
        Self::ManageBranches,
        Self::ReadUsers,
        Self::ManageUsers,
        Self::ManageApiKeys,
        Self::ManageWebhooks,
    ];
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
