//! The matrix's cells for setting up clients: first users and PIN letters. Every client
//! of the matrix has people, so a first user that may be asked for is refused for the
//! client (422 `has_users`) and every cell is repeatable; PIN letters for a client the
//! caller may set up are printed (200, new PINs for its people — these cells run after
//! the documents cells, which use no PIN). A client the caller does not see is 422
//! `not_found` in these bulk requests. Only partner and vendor administrators take part;
//! no API key.

use serde_json::{Value, json};

use super::rules::{Ep, Tenant, Who};
use super::world::World;

pub const FIRST_USERS: [Ep; 3] = [Ep::ListFirstUserCandidates, Ep::CreateFirstUsers, Ep::IssuePinLetters];

pub const ROWS: &[(Ep, &str, &str)] = &[
    (Ep::ListFirstUserCandidates, "GET", "/api/v1/first-user-candidates"),
    (Ep::CreateFirstUsers, "POST", "/api/v1/first-users"),
    (Ep::IssuePinLetters, "POST", "/api/v1/pin-letters"),
];

/// The client a cell names: a client of the caller's own firm (the bank's bakery; Het
/// Anker in the branch user's Gent), or a client of another firm or branch (Jansen).
fn client(world: &World, who: Who, tenant: Tenant) -> String {
    let key = match (tenant, who) {
        (Tenant::Own, Who::BranchUser) => "anker",
        (Tenant::Own, _) => "bakery",
        _ => "jansen",
    };
    world.orgs[key].clone()
}

pub fn request(world: &World, (ep, who, tenant): (Ep, Who, Tenant)) -> (String, Option<Value>, Vec<(String, String)>) {
    match ep {
        Ep::ListFirstUserCandidates => ("/api/v1/first-user-candidates".to_owned(), None, vec![]),
        Ep::CreateFirstUsers => {
            let body = json!({"users": [{"organisation_id": client(world, who, tenant)}]});
            ("/api/v1/first-users".to_owned(), Some(body), vec![])
        }
        Ep::IssuePinLetters => {
            let body = json!({"organisation_ids": [client(world, who, tenant)]});
            ("/api/v1/pin-letters".to_owned(), Some(body), vec![])
        }
        _ => unreachable!("{ep:?} is not a client set-up endpoint"),
    }
}

pub fn expected(ep: Ep, who: Who, tenant: Tenant) -> u16 {
    match (ep, who) {
        (_, Who::VendorAdmin | Who::PartnerAdmin) if ep == Ep::ListFirstUserCandidates => 200,
        (Ep::IssuePinLetters, Who::VendorAdmin) => 200,
        (Ep::IssuePinLetters, Who::PartnerAdmin) if tenant == Tenant::Own => 200,
        (_, Who::VendorAdmin | Who::PartnerAdmin) => 422,
        _ => 403,
    }
}
