//! The audit log: vendor administrators read all of it, including staff-only entries;
//! an organisation's administrators read their own organisation's entries, provided
//! they see the whole organisation; everybody else reads none.

use uuid::Uuid;

use super::{Actor, ActorKind};
use crate::Role;

/// The part of the audit log an actor reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditLogScope {
    /// Every organisation's entries and the staff-only ones.
    Everything,
    /// The entries about one organisation, without staff-only ones.
    Organisation(Uuid),
}

/// The part of the audit log `actor` may read; `None` means none of it (HTTP 403).
pub fn audit_log_scope(actor: &Actor) -> Option<AuditLogScope> {
    match &actor.kind {
        ActorKind::User { role: Role::VendorAdmin, .. } => Some(AuditLogScope::Everything),
        ActorKind::User { role: Role::PartnerAdmin | Role::ClientSuperuser, branch_ids, .. }
            if branch_ids.is_empty() =>
        {
            Some(AuditLogScope::Organisation(actor.organisation_id))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::world::*;

    #[test]
    fn administrators_read_their_own_organisations_log() {
        let own = |n| Some(AuditLogScope::Organisation(id(n)));
        let expected = [
            Some(AuditLogScope::Everything), // vendor admin
            None,                            // agent
            own(BANK),                       // bank admin
            None,                            // bank user
            None,                            // branch-limited admin: would see other branches' clients' entries
            None,                            // branch-limited user
            own(BANK_CLIENT),                // client superuser
            None,                            // client user
            None,                            // keys read no audit log
            None,
            None,
        ];
        for ((name, actor), want) in CAST.iter().zip(cast()).zip(expected) {
            assert_eq!(audit_log_scope(&actor), want, "{name}");
        }
    }
}
