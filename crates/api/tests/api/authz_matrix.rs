//! The authorisation matrix: every endpoint, for every kind of caller, against its own
//! tenant and another tenant, gives the expected answer. Another tenant's objects are
//! 404 (their existence does not leak), the own tenant's forbidden actions are 403.
//! Every operation in the served OpenAPI document must have a row here.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Auth, Backend, DEMO_PASSWORD, TestApp, spawn_app};
use crate::on_both_databases;

on_both_databases!(every_endpoint_every_role_own_and_other_tenant);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Who {
    Anonymous,
    VendorAdmin,
    Agent,
    PartnerAdmin,
    PartnerUser,
    ClientSuperuser,
    ClientUser,
    ApiKey,
}

const EVERYONE: [Who; 8] = [
    Who::Anonymous,
    Who::VendorAdmin,
    Who::Agent,
    Who::PartnerAdmin,
    Who::PartnerUser,
    Who::ClientSuperuser,
    Who::ClientUser,
    Who::ApiKey,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tenant {
    Own,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ep {
    Healthz,
    Readyz,
    Metrics,
    Login,
    Refresh,
    Logout,
    InspectInvitation,
    AcceptInvitation,
    RequestReset,
    InspectReset,
    ConfirmReset,
    GetMe,
    UpdateMe,
    ChangePassword,
    ListOrganisations,
    CreateOrganisation,
    GetOrganisation,
    UpdateOrganisation,
    ListBranches,
    CreateBranch,
    ListUsers,
    CreateUser,
    GetUser,
    UpdateUser,
    ResendInvitation,
    ListApiKeys,
    CreateApiKey,
    GetApiKey,
    RevokeApiKey,
    ListWebhooks,
    CreateWebhook,
    GetWebhook,
    UpdateWebhook,
    DeleteWebhook,
    RotateWebhookSecret,
    TestWebhook,
    ListWebhookDeliveries,
    ListOutbox,
    CountOutbox,
    GetOutboxJob,
    RetryOutboxJob,
}

/// The matrix rows: endpoint, method and path template as in the spec.
const ROWS: &[(Ep, &str, &str)] = &[
    (Ep::Healthz, "GET", "/healthz"),
    (Ep::Readyz, "GET", "/readyz"),
    (Ep::Metrics, "GET", "/metrics"),
    (Ep::Login, "POST", "/api/v1/auth/login"),
    (Ep::Refresh, "POST", "/api/v1/auth/refresh"),
    (Ep::Logout, "POST", "/api/v1/auth/logout"),
    (Ep::InspectInvitation, "POST", "/api/v1/auth/invitations/inspect"),
    (Ep::AcceptInvitation, "POST", "/api/v1/auth/invitations/accept"),
    (Ep::RequestReset, "POST", "/api/v1/auth/password-reset"),
    (Ep::InspectReset, "POST", "/api/v1/auth/password-reset/inspect"),
    (Ep::ConfirmReset, "POST", "/api/v1/auth/password-reset/confirm"),
    (Ep::GetMe, "GET", "/api/v1/me"),
    (Ep::UpdateMe, "PATCH", "/api/v1/me"),
    (Ep::ChangePassword, "POST", "/api/v1/me/password"),
    (Ep::ListOrganisations, "GET", "/api/v1/organisations"),
    (Ep::CreateOrganisation, "POST", "/api/v1/organisations"),
    (Ep::GetOrganisation, "GET", "/api/v1/organisations/{id}"),
    (Ep::UpdateOrganisation, "PATCH", "/api/v1/organisations/{id}"),
    (Ep::ListBranches, "GET", "/api/v1/organisations/{id}/branches"),
    (Ep::CreateBranch, "POST", "/api/v1/organisations/{id}/branches"),
    (Ep::ListUsers, "GET", "/api/v1/users"),
    (Ep::CreateUser, "POST", "/api/v1/users"),
    (Ep::GetUser, "GET", "/api/v1/users/{id}"),
    (Ep::UpdateUser, "PATCH", "/api/v1/users/{id}"),
    (Ep::ResendInvitation, "POST", "/api/v1/users/{id}/invitation"),
    (Ep::ListApiKeys, "GET", "/api/v1/api-keys"),
    (Ep::CreateApiKey, "POST", "/api/v1/api-keys"),
    (Ep::GetApiKey, "GET", "/api/v1/api-keys/{id}"),
    (Ep::RevokeApiKey, "DELETE", "/api/v1/api-keys/{id}"),
    (Ep::ListWebhooks, "GET", "/api/v1/webhooks"),
    (Ep::CreateWebhook, "POST", "/api/v1/webhooks"),
    (Ep::GetWebhook, "GET", "/api/v1/webhooks/{id}"),
    (Ep::UpdateWebhook, "PATCH", "/api/v1/webhooks/{id}"),
    (Ep::DeleteWebhook, "DELETE", "/api/v1/webhooks/{id}"),
    (Ep::RotateWebhookSecret, "POST", "/api/v1/webhooks/{id}/secret"),
    (Ep::TestWebhook, "POST", "/api/v1/webhooks/{id}/test"),
    (Ep::ListWebhookDeliveries, "GET", "/api/v1/webhooks/{id}/deliveries"),
    (Ep::ListOutbox, "GET", "/api/v1/outbox"),
    (Ep::CountOutbox, "GET", "/api/v1/outbox/counts"),
    (Ep::GetOutboxJob, "GET", "/api/v1/outbox/{id}"),
    (Ep::RetryOutboxJob, "POST", "/api/v1/outbox/{id}/retry"),
];

/// What each caller may do, as a status code.
fn expected(ep: Ep, who: Who, tenant: Tenant) -> u16 {
    use Tenant::*;
    use Who::*;
    let public = matches!(
        ep,
        Ep::Healthz
            | Ep::Readyz
            | Ep::Metrics
            | Ep::Login
            | Ep::Refresh
            | Ep::Logout
            | Ep::InspectInvitation
            | Ep::AcceptInvitation
            | Ep::RequestReset
            | Ep::InspectReset
            | Ep::ConfirmReset
    );
    if !public && who == Anonymous {
        return 401;
    }
    let vendor = matches!(who, VendorAdmin | Agent);
    // Outside the own tenant, only vendor staff see anything.
    let hidden = tenant == Other && !vendor;
    match ep {
        Ep::Healthz | Ep::Readyz | Ep::Metrics | Ep::Login => 200,
        Ep::Refresh | Ep::InspectInvitation | Ep::AcceptInvitation | Ep::InspectReset | Ep::ConfirmReset => 401,
        Ep::Logout => 204,
        Ep::RequestReset => 202,
        Ep::GetMe | Ep::UpdateMe => {
            if who == ApiKey {
                403
            } else {
                200
            }
        }
        Ep::ChangePassword => {
            if who == ApiKey {
                403
            } else {
                422
            }
        }
        Ep::ListOrganisations => 200,
        Ep::CreateOrganisation => {
            if who == VendorAdmin {
                201
            } else {
                403
            }
        }
        Ep::GetOrganisation | Ep::ListBranches | Ep::ListUsers | Ep::GetUser => {
            if hidden {
                404
            } else {
                200
            }
        }
        Ep::UpdateOrganisation => match (who, tenant) {
            (VendorAdmin, _) => 200,
            _ if hidden => 404,
            _ => 403,
        },
        Ep::CreateBranch => match (who, tenant) {
            (VendorAdmin, Other) | (PartnerAdmin, Own) => 201,
            _ if hidden => 404,
            _ => 403,
        },
        Ep::CreateUser | Ep::UpdateUser | Ep::ResendInvitation => {
            let ok = match ep {
                Ep::CreateUser => 201,
                Ep::UpdateUser => 200,
                _ => 202,
            };
            match who {
                VendorAdmin => ok,
                _ if hidden => 404,
                PartnerAdmin | ClientSuperuser | ApiKey => ok,
                _ => 403,
            }
        }
        Ep::ListApiKeys => match (who, tenant) {
            (VendorAdmin, _) | (PartnerAdmin, Own) => 200,
            (PartnerAdmin, Other) => 404,
            _ => 403,
        },
        Ep::CreateApiKey => match (who, tenant) {
            (VendorAdmin, _) => 201,
            (PartnerAdmin, Own) => 201,
            (Agent, _) => 403,
            (_, Other) => 404,
            _ => 403,
        },
        Ep::GetApiKey | Ep::RevokeApiKey => {
            let ok = if ep == Ep::GetApiKey { 200 } else { 204 };
            match (who, tenant) {
                (VendorAdmin, _) | (PartnerAdmin, Own) => ok,
                (Agent, _) => 403,
                (ClientSuperuser | ClientUser, _) => 404,
                (_, Other) => 404,
                _ => 403,
            }
        }
        // Webhooks belong to partners; the vendor's own organisation and clients have none.
        Ep::ListWebhooks => match (who, tenant) {
            (VendorAdmin, _) | (PartnerAdmin | ApiKey, Own) => 200,
            (PartnerAdmin | ApiKey, Other) => 404,
            _ => 403,
        },
        Ep::CreateWebhook => match (who, tenant) {
            (VendorAdmin, Other) | (PartnerAdmin | ApiKey, Own) => 201,
            (VendorAdmin | Agent, _) => 403,
            (_, Other) => 404,
            _ => 403,
        },
        Ep::GetWebhook
        | Ep::UpdateWebhook
        | Ep::DeleteWebhook
        | Ep::RotateWebhookSecret
        | Ep::TestWebhook
        | Ep::ListWebhookDeliveries => {
            let ok = match ep {
                Ep::DeleteWebhook => 204,
                Ep::TestWebhook => 202,
                _ => 200,
            };
            match (who, tenant) {
                (VendorAdmin, _) | (PartnerAdmin | ApiKey, Own) => ok,
                (Agent, _) => 403,
                (ClientSuperuser | ClientUser, _) => 404,
                (_, Other) => 404,
                _ => 403,
            }
        }
        Ep::ListOutbox | Ep::CountOutbox | Ep::GetOutboxJob | Ep::RetryOutboxJob => {
            if who == VendorAdmin {
                200
            } else {
                403
            }
        }
    }
}

struct World {
    app: TestApp,
    admin: Auth,
    auth: HashMap<Who, Auth>,
    orgs: HashMap<&'static str, String>,
    counter: AtomicUsize,
}

impl World {
    async fn new(backend: Backend) -> Self {
        let app = spawn_app(backend).await;
        let admin = app.seed_demo().await;
        let mut orgs = HashMap::new();
        for (key, name) in [
            ("vendor", "Loket Software B.V."),
            ("bank", "Noordbank N.V."),
            ("accountancy", "Van Dijk & Peeters Accountants"),
            ("bakery", "Bakkerij De Korenschoof B.V."),
            ("jansen", "Fietsenmakerij Jansen"),
        ] {
            orgs.insert(key, app.organisation_id(&admin, name).await);
        }
        let key = app
            .post(
                "/api/v1/api-keys",
                &admin,
                json!({"organisation_id": orgs["bank"], "name": "matrix", "scopes": ["organisations:read", "users:read", "users:write", "webhooks:manage"]}),
            )
            .await;
        let mut auth = HashMap::new();
        auth.insert(Who::Anonymous, Auth::None);
        auth.insert(Who::ApiKey, Auth::ApiKey(key.body["secret"].as_str().unwrap().to_owned()));
        for (who, email) in [
            (Who::VendorAdmin, "beheer@loket.example"),
            (Who::Agent, "anna@loket.example"),
            (Who::PartnerAdmin, "admin@noordbank.example"),
            (Who::PartnerUser, "relatie@noordbank.example"),
            (Who::ClientSuperuser, "eigenaar@korenschoof.example"),
            (Who::ClientUser, "it@korenschoof.example"),
        ] {
            auth.insert(who, app.bearer(email, DEMO_PASSWORD).await);
        }
        Self { app, admin, auth, orgs, counter: AtomicUsize::new(0) }
    }

    fn org(&self, who: Who, tenant: Tenant) -> (&'static str, String) {
        let (own, other) = match who {
            Who::VendorAdmin | Who::Agent => ("vendor", "bank"),
            Who::ClientSuperuser | Who::ClientUser => ("bakery", "jansen"),
            _ => ("bank", "accountancy"),
        };
        let key = if tenant == Tenant::Own { own } else { other };
        (key, self.orgs[key].clone())
    }

    fn unique(&self) -> usize {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    fn role_for(org_key: &str) -> &'static str {
        match org_key {
            "vendor" => "agent",
            "bank" | "accountancy" => "partner_user",
            _ => "client_user",
        }
    }

    /// A fresh user in the caller's own or other tenant, made by the vendor admin.
    async fn fresh_user(&self, who: Who, tenant: Tenant) -> String {
        let (key, org) = self.org(who, tenant);
        let email = format!("matrix{}@matrix.example", self.unique());
        self.app.create_user(&self.admin, &org, &email, Self::role_for(key)).await["id"].as_str().unwrap().to_owned()
    }

    /// A fresh API key in the tenant. Clients have none, so theirs sit with their partner.
    async fn fresh_key(&self, who: Who, tenant: Tenant) -> String {
        let (key, org) = self.org(who, tenant);
        let holder = match key {
            "bakery" => self.orgs["bank"].clone(),
            "jansen" => self.orgs["accountancy"].clone(),
            _ => org,
        };
        let reply = self
            .app
            .post(
                "/api/v1/api-keys",
                &self.admin,
                json!({"organisation_id": holder, "name": format!("k{}", self.unique()), "scopes": ["users:read"]}),
            )
            .await;
        reply.body["api_key"]["id"].as_str().unwrap().to_owned()
    }

    /// A fresh webhook endpoint: the bank's for the own tenant, the accountancy's for the
    /// other. (The vendor and the clients have none of their own; for clients the bank is
    /// their managing partner, whose endpoints they must not see either.)
    async fn fresh_webhook(&self, _who: Who, tenant: Tenant) -> String {
        let holder = if tenant == Tenant::Own { &self.orgs["bank"] } else { &self.orgs["accountancy"] };
        let reply = self
            .app
            .post(
                "/api/v1/webhooks",
                &self.admin,
                json!({"organisation_id": holder, "url": "http://127.0.0.1:9/hook", "event_types": ["user.invited"]}),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        reply.body["endpoint"]["id"].as_str().unwrap().to_owned()
    }

    /// A notification that failed for good: its stored message is unreadable.
    async fn dead_job(&self) -> String {
        let id = uuid::Uuid::now_v7();
        loket_api::db::outbox::insert(
            &self.app.state.db,
            loket_api::db::outbox::NewJob {
                id,
                kind: loket_domain::outbox::JobKind::Email,
                payload: "not json".into(),
                summary: "matrix@matrix.example".into(),
                organisation_id: None,
                reference: None,
                max_attempts: 1,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        self.app.drain_outbox().await;
        id.to_string()
    }

    /// The concrete request for a matrix cell: path, body and extra headers.
    async fn request(&self, ep: Ep, who: Who, tenant: Tenant) -> (String, Option<Value>, Vec<(String, String)>) {
        let (_, org) = self.org(who, tenant);
        let bogus = json!({"token": "not-a-real-token"});
        let n = self.unique();
        match ep {
            Ep::Healthz => ("/healthz".into(), None, vec![]),
            Ep::Readyz => ("/readyz".into(), None, vec![]),
            Ep::Metrics => ("/metrics".into(), None, vec![]),
            Ep::Login => (
                "/api/v1/auth/login".into(),
                Some(json!({"email": "tom@loket.example", "password": DEMO_PASSWORD})),
                vec![],
            ),
            Ep::Refresh => ("/api/v1/auth/refresh".into(), None, vec![]),
            Ep::Logout => ("/api/v1/auth/logout".into(), None, vec![]),
            Ep::InspectInvitation => ("/api/v1/auth/invitations/inspect".into(), Some(bogus), vec![]),
            Ep::AcceptInvitation => (
                "/api/v1/auth/invitations/accept".into(),
                Some(json!({"token": "nope", "password": "lang-genoeg-wachtwoord"})),
                vec![],
            ),
            Ep::RequestReset => {
                ("/api/v1/auth/password-reset".into(), Some(json!({"email": "niemand@nergens.example"})), vec![])
            }
            Ep::InspectReset => ("/api/v1/auth/password-reset/inspect".into(), Some(bogus), vec![]),
            Ep::ConfirmReset => (
                "/api/v1/auth/password-reset/confirm".into(),
                Some(json!({"token": "nope", "password": "lang-genoeg-wachtwoord"})),
                vec![],
            ),
            Ep::GetMe => ("/api/v1/me".into(), None, vec![]),
            Ep::UpdateMe => ("/api/v1/me".into(), Some(json!({"language": "nl"})), vec![]),
            Ep::ChangePassword => (
                "/api/v1/me/password".into(),
                Some(json!({"current_password": "fout", "new_password": "een-nieuw-wachtwoord-1"})),
                vec![],
            ),
            Ep::ListOrganisations => ("/api/v1/organisations?limit=200".into(), None, vec![]),
            Ep::CreateOrganisation => {
                ("/api/v1/organisations".into(), Some(json!({"kind": "client", "name": format!("Matrix {n}")})), vec![])
            }
            Ep::GetOrganisation => (format!("/api/v1/organisations/{org}"), None, vec![]),
            Ep::UpdateOrganisation => {
                let current = self.app.get(&format!("/api/v1/organisations/{org}"), &self.admin).await;
                let etag = current.header("etag").unwrap().to_owned();
                (format!("/api/v1/organisations/{org}"), Some(json!({})), vec![("if-match".into(), etag)])
            }
            Ep::ListBranches => (format!("/api/v1/organisations/{org}/branches"), None, vec![]),
            Ep::CreateBranch => (
                format!("/api/v1/organisations/{org}/branches"),
                Some(json!({"name": format!("Vestiging {n}")})),
                vec![],
            ),
            Ep::ListUsers => (format!("/api/v1/users?organisation_id={org}"), None, vec![]),
            Ep::CreateUser => {
                let (key, _) = self.org(who, tenant);
                let body = json!({"organisation_id": org, "email": format!("new{n}@matrix.example"), "name": "Nieuw", "role": Self::role_for(key)});
                ("/api/v1/users".into(), Some(body), vec![])
            }
            Ep::GetUser => (format!("/api/v1/users/{}", self.fresh_user(who, tenant).await), None, vec![]),
            Ep::UpdateUser => {
                let id = self.fresh_user(who, tenant).await;
                (
                    format!("/api/v1/users/{id}"),
                    Some(json!({"name": "Gewijzigd"})),
                    vec![("if-match".into(), "\"1\"".into())],
                )
            }
            Ep::ResendInvitation => {
                (format!("/api/v1/users/{}/invitation", self.fresh_user(who, tenant).await), None, vec![])
            }
            Ep::ListApiKeys => (format!("/api/v1/api-keys?organisation_id={org}"), None, vec![]),
            Ep::CreateApiKey => (
                "/api/v1/api-keys".into(),
                Some(json!({"organisation_id": org, "name": format!("k{n}"), "scopes": ["users:read"]})),
                vec![],
            ),
            Ep::GetApiKey | Ep::RevokeApiKey => {
                (format!("/api/v1/api-keys/{}", self.fresh_key(who, tenant).await), None, vec![])
            }
            Ep::ListWebhooks => (format!("/api/v1/webhooks?organisation_id={org}"), None, vec![]),
            Ep::CreateWebhook => (
                "/api/v1/webhooks".into(),
                Some(
                    json!({"organisation_id": org, "url": "http://127.0.0.1:9/hook", "event_types": ["user.invited"]}),
                ),
                vec![],
            ),
            Ep::GetWebhook | Ep::DeleteWebhook => {
                (format!("/api/v1/webhooks/{}", self.fresh_webhook(who, tenant).await), None, vec![])
            }
            Ep::UpdateWebhook => {
                let id = self.fresh_webhook(who, tenant).await;
                (
                    format!("/api/v1/webhooks/{id}"),
                    Some(json!({"description": "gewijzigd"})),
                    vec![("if-match".into(), "\"1\"".into())],
                )
            }
            Ep::RotateWebhookSecret => {
                (format!("/api/v1/webhooks/{}/secret", self.fresh_webhook(who, tenant).await), None, vec![])
            }
            Ep::TestWebhook => {
                (format!("/api/v1/webhooks/{}/test", self.fresh_webhook(who, tenant).await), None, vec![])
            }
            Ep::ListWebhookDeliveries => {
                (format!("/api/v1/webhooks/{}/deliveries", self.fresh_webhook(who, tenant).await), None, vec![])
            }
            Ep::ListOutbox => ("/api/v1/outbox?status=dead".into(), None, vec![]),
            Ep::CountOutbox => ("/api/v1/outbox/counts".into(), None, vec![]),
            Ep::GetOutboxJob => (format!("/api/v1/outbox/{}", self.dead_job().await), None, vec![]),
            Ep::RetryOutboxJob => (format!("/api/v1/outbox/{}/retry", self.dead_job().await), None, vec![]),
        }
    }
}

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
