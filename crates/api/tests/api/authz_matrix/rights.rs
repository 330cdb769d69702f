//! The matrix's cells for rights per module: permission groups (kept by a partner or the
//! vendor; a client's cell addresses its partner's groups), their members, and users'
//! own grants. Clients have no part in groups; only unlimited administrators manage them.

use serde_json::{Value, json};

use super::rules::{Ep, Tenant, Who, sees_everything};
use super::world::World;

pub const RIGHTS: [Ep; 11] = [
    Ep::ListPermissionGroups,
    Ep::CreatePermissionGroup,
    Ep::GetPermissionGroup,
    Ep::UpdatePermissionGroup,
    Ep::DeletePermissionGroup,
    Ep::ListGroupMembers,
    Ep::AddGroupMember,
    Ep::RemoveGroupMember,
    Ep::GetUserRights,
    Ep::ReplaceUserGrants,
    Ep::GetMyRights,
];

pub const ROWS: &[(Ep, &str, &str)] = &[
    (Ep::ListPermissionGroups, "GET", "/api/v1/permission-groups"),
    (Ep::CreatePermissionGroup, "POST", "/api/v1/permission-groups"),
    (Ep::GetPermissionGroup, "GET", "/api/v1/permission-groups/{id}"),
    (Ep::UpdatePermissionGroup, "PATCH", "/api/v1/permission-groups/{id}"),
    (Ep::DeletePermissionGroup, "DELETE", "/api/v1/permission-groups/{id}"),
    (Ep::ListGroupMembers, "GET", "/api/v1/permission-groups/{id}/members"),
    (Ep::AddGroupMember, "POST", "/api/v1/permission-groups/{id}/members"),
    (Ep::RemoveGroupMember, "DELETE", "/api/v1/permission-groups/{id}/members/{user_id}"),
    (Ep::GetUserRights, "GET", "/api/v1/users/{id}/rights"),
    (Ep::ReplaceUserGrants, "PUT", "/api/v1/users/{id}/rights"),
    (Ep::GetMyRights, "GET", "/api/v1/me/rights"),
];

/// Who keeps the groups of the organisation a cell addresses: a client's partner.
fn holder(org_key: &'static str) -> &'static str {
    match org_key {
        "bakery" => "bank",
        "jansen" | "anker" => "accountancy",
        other => other,
    }
}

/// Whether `who` sees the groups kept by `holder_key`.
fn sees_holder(who: Who, holder_key: &str) -> bool {
    match who {
        _ if sees_everything(who) => true,
        Who::BranchUser => holder_key == "accountancy",
        Who::ClientSuperuser | Who::ClientUser | Who::Anonymous => false,
        _ => holder_key == "bank",
    }
}

/// A fresh staff group of the holder, made by the vendor administrator, with one member.
async fn group(world: &World, holder_key: &'static str, n: usize) -> (String, String) {
    let holder_id = &world.orgs[holder_key];
    let body = json!({"organisation_id": holder_id, "audience": "staff", "name": format!("Matrixgroep {n}"),
                      "permissions": [{"capability": "tickets", "access": "read"}]});
    let made = world.app.post("/api/v1/permission-groups", &world.admin, body).await;
    assert_eq!(made.status, 201, "{}", made.text);
    let id = made.body["id"].as_str().unwrap().to_owned();
    let member = staff_member(world, holder_key, n).await;
    let added = world
        .app
        .post(&format!("/api/v1/permission-groups/{id}/members"), &world.admin, json!({"user_id": member}))
        .await;
    assert_eq!(added.status, 200, "{}", added.text);
    (id, member)
}

async fn staff_member(world: &World, holder_key: &'static str, n: usize) -> String {
    let email = format!("staff{n}@matrix.example");
    let made = world.app.create_user(&world.admin, &world.orgs[holder_key], &email, World::role_for(holder_key)).await;
    made["id"].as_str().unwrap().to_owned()
}

pub async fn request(
    world: &World,
    (ep, who, tenant, n): (Ep, Who, Tenant, usize),
) -> (String, Option<Value>, Vec<(String, String)>) {
    let (key, _) = world.org(who, tenant);
    let holder_key = holder(key);
    let holder_id = world.orgs[holder_key].clone();
    let version = vec![("if-match".to_owned(), "\"1\"".to_owned())];
    match ep {
        Ep::ListPermissionGroups => (format!("/api/v1/permission-groups?organisation_id={holder_id}"), None, vec![]),
        Ep::CreatePermissionGroup => {
            let body = json!({"organisation_id": holder_id, "audience": "clients", "name": format!("Nieuw {n}")});
            ("/api/v1/permission-groups".into(), Some(body), vec![])
        }
        Ep::GetPermissionGroup => {
            (format!("/api/v1/permission-groups/{}", group(world, holder_key, n).await.0), None, vec![])
        }
        Ep::UpdatePermissionGroup => {
            let (id, _) = group(world, holder_key, n).await;
            (format!("/api/v1/permission-groups/{id}"), Some(json!({"name": format!("Hernoemd {n}")})), version)
        }
        Ep::DeletePermissionGroup => {
            (format!("/api/v1/permission-groups/{}", group(world, holder_key, n).await.0), None, version)
        }
        Ep::ListGroupMembers => {
            (format!("/api/v1/permission-groups/{}/members", group(world, holder_key, n).await.0), None, vec![])
        }
        Ep::AddGroupMember => {
            let (id, _) = group(world, holder_key, n).await;
            let user = staff_member(world, holder_key, world.unique()).await;
            (format!("/api/v1/permission-groups/{id}/members"), Some(json!({"user_id": user})), vec![])
        }
        Ep::RemoveGroupMember => {
            let (id, member) = group(world, holder_key, n).await;
            (format!("/api/v1/permission-groups/{id}/members/{member}"), None, vec![])
        }
        Ep::GetUserRights => (format!("/api/v1/users/{}/rights", world.fresh_user(who, tenant).await), None, vec![]),
        Ep::ReplaceUserGrants => {
            let body = json!({"grants": [{"capability": "tickets", "access": "read"}]});
            (format!("/api/v1/users/{}/rights", world.fresh_user(who, tenant).await), Some(body), vec![])
        }
        Ep::GetMyRights => ("/api/v1/me/rights".into(), None, vec![]),
        _ => unreachable!("{ep:?} is not a rights endpoint"),
    }
}

pub fn expected(ep: Ep, who: Who, tenant: Tenant) -> u16 {
    use Who::*;
    let client = matches!(who, ClientSuperuser | ClientUser);
    let key = matches!(who, ApiKey | NarrowKey | VendorKey);
    let holder_key = match (who, tenant) {
        (VendorAdmin | Agent | VendorKey, Tenant::Own) => "vendor",
        (VendorAdmin | Agent | VendorKey, Tenant::Other) => "bank",
        (ClientSuperuser | ClientUser, Tenant::Own) => "bank",
        (BranchUser, Tenant::Own | Tenant::OtherClient) => "accountancy",
        (BranchUser, Tenant::Other) => "bank",
        (_, Tenant::Own) => "bank",
        _ => "accountancy",
    };
    let sees = sees_holder(who, holder_key);
    let manages = who == VendorAdmin || (who == PartnerAdmin && sees);
    // Users are addressed in the cell's organisation itself, as in the users rows.
    let user_hidden = tenant != Tenant::Own && !sees_everything(who);
    match ep {
        Ep::ListPermissionGroups => match who {
            _ if client => 403,
            _ if !sees => 404,
            NarrowKey => 403,
            _ => 200,
        },
        Ep::CreatePermissionGroup => match who {
            _ if client => 403,
            _ if !sees => 404,
            _ if manages => 201,
            _ => 403,
        },
        Ep::GetPermissionGroup | Ep::ListGroupMembers => match who {
            _ if !sees => 404,
            NarrowKey => 403,
            _ => 200,
        },
        Ep::UpdatePermissionGroup | Ep::AddGroupMember | Ep::DeletePermissionGroup | Ep::RemoveGroupMember => {
            let ok = match ep {
                Ep::UpdatePermissionGroup | Ep::AddGroupMember => 200,
                _ => 204,
            };
            match who {
                _ if !sees => 404,
                _ if manages => ok,
                _ => 403,
            }
        }
        Ep::GetUserRights => match who {
            _ if user_hidden => 404,
            NarrowKey => 403,
            _ => 200,
        },
        Ep::ReplaceUserGrants => match who {
            _ if user_hidden => 404,
            VendorAdmin | PartnerAdmin | ClientSuperuser => 200,
            _ => 403,
        },
        Ep::GetMyRights => {
            if key {
                403
            } else {
                200
            }
        }
        _ => unreachable!("{ep:?} is not a rights endpoint"),
    }
}
