//! The authorisation matrix: every endpoint, for every kind of caller, against its own
//! tenant and another tenant, gives the expected answer. Another tenant's objects are
//! 404 (their existence does not leak), the own tenant's forbidden actions are 403.
//! Every operation in the served OpenAPI document must have a row here.
mod rules;
mod world;

use std::collections::BTreeSet;

use reqwest::Method;

use crate::helpers::{Auth, Backend};
use crate::on_both_databases;
use rules::{EVERYONE, Ep, ROWS, Tenant, Who, expected};
use world::World;

on_both_databases!(every_endpoint_every_role_own_and_other_tenant);

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
    let rows: BTreeSet<(String, String)> = ROWS.iter().map(|(_, m, p)| ((*m).to_owned(), (*p).to_owned())).collect();
    let missing: Vec<_> = documented.difference(&rows).collect();
    assert!(missing.is_empty(), "endpoints without a row in the authorisation matrix: {missing:?}");
    let stale: Vec<_> = rows.difference(&documented).collect();
    assert!(stale.is_empty(), "matrix rows for endpoints that do not exist: {stale:?}");

    let mut failures = Vec::new();
    let mut checked = 0;
    for (ep, method, _) in ROWS {
        for who in EVERYONE {
            for tenant in [Tenant::Own, Tenant::Other] {
                let (path, body, headers) = world.request(*ep, who, tenant).await;
                let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let method = Method::from_bytes(method.as_bytes()).unwrap();
                let reply =
                    world.app.request_with(&world.app.client, method, &path, &world.auth[&who], body, &headers).await;
                let want = expected(*ep, who, tenant);
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
                // Lists never show another tenant's organisations to non-vendor callers.
                if *ep == Ep::ListOrganisations && reply.status == 200 && !matches!(who, Who::VendorAdmin | Who::Agent)
                {
                    let (_, other) = world.org(who, Tenant::Other);
                    if reply.body["items"].as_array().unwrap().iter().any(|o| o["id"] == other.as_str()) {
                        failures.push(format!("ListOrganisations as {who:?} shows another tenant"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checked} matrix cells wrong:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(checked, ROWS.len() * EVERYONE.len() * 2);
}
