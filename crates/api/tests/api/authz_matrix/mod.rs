//! The authorisation matrix: every endpoint, for every kind of caller, against its own
//! tenant and another tenant, gives the expected answer. Another tenant's objects are
//! 404 (their existence does not leak), the own tenant's forbidden actions are 403.
//! Every operation in the served OpenAPI document must have a row here.
mod approvals;
mod client_imports;
mod documents;
mod first_users;
mod intake;
mod releases;
mod rights;
mod rules;
mod secrets;
mod world;

use std::collections::BTreeSet;

use reqwest::Method;

use crate::helpers::{Auth, Backend};
use crate::on_both_databases;
use rules::{EVERYONE, ROWS, TENANTS, expected};
use world::World;

on_both_databases!(every_endpoint_every_role_own_and_other_tenant);

/// Every list, unfiltered.
const LISTS: [&str; 7] = [
    "/api/v1/organisations?limit=200",
    "/api/v1/users?limit=200",
    "/api/v1/api-keys?limit=200",
    "/api/v1/webhooks?limit=200",
    "/api/v1/audit-events?limit=200",
    "/api/v1/tickets?all=true&limit=200",
    "/api/v1/permission-groups",
];

async fn every_endpoint_every_role_own_and_other_tenant(backend: Backend) {
    let world = World::new(backend).await;

    // Every operation the server documents has a row, and every row is documented.
    let spec = world.app.get("/api/openapi.json", &Auth::None).await.body;
    let mut documented = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                documented.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    let all_rows: Vec<_> = ROWS
        .iter()
        .chain(intake::ROWS)
        .chain(releases::ROWS)
        .chain(rights::ROWS)
        .chain(approvals::ROWS)
        .chain(documents::ROWS)
        .chain(secrets::ROWS)
        .chain(client_imports::ROWS)
        .chain(first_users::ROWS)
        .copied()
        .collect();
    let rows: BTreeSet<(String, String)> =
        all_rows.iter().map(|(_, m, p)| ((*m).to_owned(), (*p).to_owned())).collect();
    let missing: Vec<_> = documented.difference(&rows).collect();
    assert!(missing.is_empty(), "endpoints without a row in the authorisation matrix: {missing:?}");
    let stale: Vec<_> = rows.difference(&documented).collect();
    assert!(stale.is_empty(), "matrix rows for endpoints that do not exist: {stale:?}");

    let mut failures = Vec::new();
    let mut checked = 0;
    for (ep, method, _) in &all_rows {
        for who in EVERYONE {
            for tenant in TENANTS {
                let (path, body, headers) = world.request(*ep, who, tenant).await;
                let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let method = Method::from_bytes(method.as_bytes()).unwrap();
                let upload = body.as_ref().and_then(|b| b.get(world::UPLOAD)).and_then(|name| name.as_str());
                let reply = match upload {
                    Some(name) => world.app.upload(&path, &world.auth[&who], name, crate::uploads::PNG).await,
                    None => {
                        world
                            .app
                            .request_with(&world.app.client, method, &path, &world.auth[&who], body, &headers)
                            .await
                    }
                };
                let want = expected(*ep, who, tenant, World::kind(world.org(who, tenant).0));
                checked += 1;
                if reply.status.as_u16() != want {
                    failures.push(format!(
                        "{ep:?} as {who:?} on {tenant:?} tenant: got {} want {want}: {}",
                        reply.status, reply.text
                    ));
                }
                if reply.status.is_server_error() {
                    failures.push(format!("{ep:?} as {who:?}: server error {}", reply.text));
                }
                if reply.status == 200 && format!("{ep:?}").starts_with("List") {
                    failures.extend(world.leaks(who, &format!("{ep:?} on {tenant:?}"), &reply.body));
                }
            }
        }
    }
    // Unfiltered lists show every caller only what it may see.
    for who in EVERYONE {
        for path in LISTS {
            let reply = world.app.get(path, &world.auth[&who]).await;
            if reply.status.is_server_error() {
                failures.push(format!("{path} as {who:?}: server error {}", reply.text));
            }
            if reply.status == 200 {
                failures.extend(world.leaks(who, path, &reply.body));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checked} matrix cells wrong:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(checked, all_rows.len() * EVERYONE.len() * TENANTS.len());
}
