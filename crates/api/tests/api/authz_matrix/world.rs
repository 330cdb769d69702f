//! The fixture the matrix runs in: demo data, a signed-in caller of every kind, and the
//! concrete request for each cell (with fresh targets where a request changes them).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use super::rules::{Ep, Tenant, Who};
use crate::helpers::{Auth, Backend, DEMO_PASSWORD, TestApp, spawn_app};

pub struct World {
    pub app: TestApp,
    admin: Auth,
    pub auth: HashMap<Who, Auth>,
    orgs: HashMap<&'static str, String>,
    counter: AtomicUsize,
}

impl World {
    pub async fn new(backend: Backend) -> Self {
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

    pub fn org(&self, who: Who, tenant: Tenant) -> (&'static str, String) {
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
    pub async fn request(&self, ep: Ep, who: Who, tenant: Tenant) -> (String, Option<Value>, Vec<(String, String)>) {
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
            Ep::ListAuditEvents => (format!("/api/v1/audit-events?organisation_id={org}"), None, vec![]),
        }
    }
}
