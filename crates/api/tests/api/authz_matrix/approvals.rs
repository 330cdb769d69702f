//! The matrix's cells for approval duties: each cell addresses a client — the bank's
//! (the bakery) for the caller's own tenant, the accountancy's Gent client (Het Anker)
//! otherwise — so the branch-limited Gent user sets its own branch's client's duties.

use serde_json::{Value, json};

use super::rules::{Ep, Tenant, Who, sees_everything};
use super::world::World;

pub const APPROVALS: [Ep; 2] = [Ep::GetApprovalDuties, Ep::SetMustApprovers];

pub const ROWS: &[(Ep, &str, &str)] = &[
    (Ep::GetApprovalDuties, "GET", "/api/v1/organisations/{id}/approval-duties"),
    (Ep::SetMustApprovers, "PUT", "/api/v1/organisations/{id}/approval-duties/{document_type}"),
];

/// The client a cell addresses.
fn client(who: Who, tenant: Tenant) -> &'static str {
    match (who, tenant) {
        (Who::BranchUser, Tenant::Own) => "anker",
        (Who::BranchUser, _) => "bakery",
        (Who::ClientSuperuser | Who::ClientUser, Tenant::Own) => "bakery",
        (Who::ClientSuperuser | Who::ClientUser, _) => "anker",
        (_, Tenant::Own) => "bakery",
        _ => "anker",
    }
}

pub fn request(world: &World, (ep, who, tenant): (Ep, Who, Tenant)) -> (String, Option<Value>, Vec<(String, String)>) {
    let id = &world.orgs[client(who, tenant)];
    match ep {
        Ep::GetApprovalDuties => (format!("/api/v1/organisations/{id}/approval-duties"), None, vec![]),
        Ep::SetMustApprovers => {
            (format!("/api/v1/organisations/{id}/approval-duties/vat_return"), Some(json!({"user_ids": []})), vec![])
        }
        _ => unreachable!("{ep:?} is not an approvals endpoint"),
    }
}

pub fn expected(ep: Ep, who: Who, tenant: Tenant) -> u16 {
    use Who::*;
    let visible = sees_everything(who) || tenant == Tenant::Own;
    let key = matches!(who, ApiKey | NarrowKey | VendorKey);
    match ep {
        _ if !visible => 404,
        _ if key => 403,
        Ep::GetApprovalDuties => 200,
        Ep::SetMustApprovers => match who {
            VendorAdmin | Agent | PartnerAdmin | PartnerUser | BranchUser => 200,
            _ => 403,
        },
        _ => unreachable!("{ep:?} is not an approvals endpoint"),
    }
}
