//! The world the matrix runs in: a tenant tree built to order (`fixtures`), a signed-in
//! caller of every kind, and the concrete request for each cell (with fresh targets
//! where a request changes them).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use super::rules::{Ep, Kind, Tenant, Who, sees_everything};
use crate::fixtures::{Fixture, PASSWORD};
use crate::helpers::{Auth, Backend, TestApp, spawn_app_with};

/// The body key that turns a matrix request into a multipart upload.
pub const UPLOAD: &str = "$upload";

pub struct World {
    pub app: TestApp,
    pub(super) admin: Auth,
    pub auth: HashMap<Who, Auth>,
    pub(super) orgs: HashMap<&'static str, String>,
    /// Someone to sign in as.
    login: String,
    /// Who files tickets in each client: (client, contact person?) → credentials.
    filers: HashMap<(&'static str, bool), Auth>,
    /// Partner people who file the install requests the intake cells address.
    intake_filers: super::intake::Filers,
    /// Each partner's (cancelled) client import.
    pub(super) imports: HashMap<&'static str, String>,
    counter: AtomicUsize,
}

impl World {
    /// The tenant tree the matrix runs in, built to order: the vendor; a bank; an
    /// accountancy with branches Utrecht and Gent; the bank's client (a bakery); the
    /// accountancy's clients in Utrecht (Jansen) and Gent (Het Anker); a caller of every
    /// kind.
    pub async fn new(backend: Backend) -> Self {
        // Every cell asks for access from this one address.
        let app = spawn_app_with(backend, &[("LOKET_ACCESS_REQUESTS_PER_ADDRESS", "10000")]).await;
        let fx = Fixture::new(&app).await;
        let bank = fx.partner(&app, "Bank N.V.", "bank").await;
        let accountancy = fx.partner(&app, "Accountants & Co", "accountancy").await;
        let utrecht = fx.branch(&app, &accountancy, "Utrecht").await;
        let gent = fx.branch(&app, &accountancy, "Gent").await;
        let bakery = fx.client(&app, "Bakkerij", Some(&bank), None).await;
        let jansen = fx.client(&app, "Fietsen Jansen", Some(&accountancy), Some(&utrecht)).await;
        let anker = fx.client(&app, "Brouwerij Het Anker", Some(&accountancy), Some(&gent)).await;
        let mut auth = HashMap::new();
        auth.insert(Who::Anonymous, Auth::None);
        auth.insert(Who::VendorAdmin, fx.admin.auth.clone());
        let every_scope = [
            "organisations:read",
            "users:read",
            "users:write",
            "webhooks:manage",
            "install_requests:read",
            "install_requests:write",
        ];
        auth.insert(Who::ApiKey, fx.key(&app, &bank, &every_scope).await);
        auth.insert(Who::NarrowKey, fx.key(&app, &bank, &["webhooks:manage"]).await);
        auth.insert(Who::VendorKey, fx.key(&app, &fx.vendor, &every_scope).await);
        let agent = fx.person(&app, &fx.vendor, "agent", &[]).await;
        auth.insert(Who::Agent, agent.auth.clone());
        auth.insert(Who::PartnerAdmin, fx.person(&app, &bank, "partner_admin", &[]).await.auth);
        auth.insert(Who::PartnerUser, fx.person(&app, &bank, "partner_user", &[]).await.auth);
        auth.insert(Who::BranchUser, fx.person(&app, &accountancy, "partner_user", &[&gent]).await.auth);
        auth.insert(Who::ClientSuperuser, fx.person(&app, &bakery, "client_superuser", &[]).await.auth);
        auth.insert(Who::ClientUser, fx.person(&app, &bakery, "client_user", &[]).await.auth);
        let mut filers = HashMap::new();
        for (key, client) in [("bakery", &bakery), ("jansen", &jansen), ("anker", &anker)] {
            filers.insert((key, true), fx.contact_person(&app, client, "client_user").await.auth);
            filers.insert((key, false), fx.person(&app, client, "client_user", &[]).await.auth);
        }
        // Het Anker's superuser approves its documents (the matrix's documents cells).
        fx.person(&app, &anker, "client_superuser", &[]).await;
        let intake_filers = super::intake::Filers::new(&app, &fx, &bank, &accountancy, &utrecht, &gent).await;
        let imports = super::client_imports::imports(&app, &fx, &auth[&Who::PartnerAdmin], &accountancy).await;
        let orgs = HashMap::from([
            ("vendor", fx.vendor.id.clone()),
            ("bank", bank.id),
            ("accountancy", accountancy.id),
            ("bakery", bakery.id),
            ("jansen", jansen.id),
            ("anker", anker.id),
        ]);
        Self {
            app,
            admin: fx.admin.auth.clone(),
            auth,
            orgs,
            login: agent.email,
            filers,
            intake_filers,
            imports,
            counter: AtomicUsize::new(0),
        }
    }

    /// The organisation a request addresses: the caller's own, another of the same kind,
    /// or another partner's client (for a branch-limited user: another branch's client).
    pub fn org(&self, who: Who, tenant: Tenant) -> (&'static str, String) {
        let (own, other, other_client) = match who {
            Who::VendorAdmin | Who::Agent | Who::VendorKey => ("vendor", "bank", "jansen"),
            Who::ClientSuperuser | Who::ClientUser => ("bakery", "jansen", "anker"),
            Who::BranchUser => ("accountancy", "bank", "jansen"),
            _ => ("bank", "accountancy", "jansen"),
        };
        let key = match tenant {
            Tenant::Own => own,
            Tenant::Other => other,
            Tenant::OtherClient => other_client,
        };
        (key, self.orgs[key].clone())
    }

    pub fn kind(org_key: &str) -> Kind {
        match org_key {
            "vendor" => Kind::Vendor,
            "bank" | "accountancy" => Kind::Partner,
            _ => Kind::Client,
        }
    }

    /// The demo organisations `who` may not see.
    fn hidden_from(&self, who: Who) -> Vec<&str> {
        let visible: &[&str] = match who {
            _ if sees_everything(who) => return Vec::new(),
            Who::ClientSuperuser | Who::ClientUser => &["bakery"],
            Who::BranchUser => &["accountancy", "anker"],
            _ => &["bank", "bakery"],
        };
        self.orgs.iter().filter(|(key, _)| !visible.contains(key)).map(|(_, id)| id.as_str()).collect()
    }

    /// The items of a list reply that belong to an organisation `who` may not see.
    pub fn leaks(&self, who: Who, what: &str, body: &Value) -> Vec<String> {
        let hidden = self.hidden_from(who);
        // Pages carry `items`; short lists (branches) are a plain array.
        let Some(items) = body["items"].as_array().or(body.as_array()) else {
            return vec![format!("{what} as {who:?}: a list reply without items: {body}")];
        };
        items
            .iter()
            .filter(|item| {
                // An organisation is its own; everything else names the one it belongs to.
                let owner = if item.get("kind").is_some() && item.get("organisation_id").is_none() {
                    &item["id"]
                } else {
                    &item["organisation_id"]
                };
                owner.as_str().is_some_and(|id| hidden.contains(&id))
            })
            .map(|item| format!("{what} as {who:?} shows another tenant's {item}"))
            .collect()
    }

    pub(super) fn unique(&self) -> usize {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    pub(super) fn role_for(org_key: &str) -> &'static str {
        match org_key {
            "vendor" => "agent",
            "bank" | "accountancy" => "partner_user",
            _ => "client_user",
        }
    }

    /// A fresh user in the caller's own or other tenant, made by the vendor admin.
    pub(super) async fn fresh_user(&self, who: Who, tenant: Tenant) -> String {
        let (key, org) = self.org(who, tenant);
        let email = format!("matrix{}@matrix.example", self.unique());
        self.app.create_user(&self.admin, &org, &email, Self::role_for(key)).await["id"].as_str().unwrap().to_owned()
    }

    /// A fresh API key in the tenant. Clients have none, so theirs sit with their partner.
    async fn fresh_key(&self, who: Who, tenant: Tenant) -> String {
        let (key, org) = self.org(who, tenant);
        let holder = match key {
            "bakery" => self.orgs["bank"].clone(),
            "jansen" | "anker" => self.orgs["accountancy"].clone(),
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

    /// A fresh webhook endpoint: a partner caller's own for the own tenant, another
    /// partner's otherwise; for everyone else the bank's for the own tenant and the
    /// accountancy's otherwise. (The vendor and the clients have none of their own.)
    async fn fresh_webhook(&self, who: Who, tenant: Tenant) -> String {
        let (own, other) = if who == Who::BranchUser { ("accountancy", "bank") } else { ("bank", "accountancy") };
        let holder = if tenant == Tenant::Own { &self.orgs[own] } else { &self.orgs[other] };
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

    /// The client whose ticket a request addresses: a client caller's own, another or
    /// another partner's; for everyone else the bank's client on the own tenant.
    fn ticket_org(&self, who: Who, tenant: Tenant) -> &'static str {
        match (who, tenant) {
            (Who::ClientSuperuser | Who::ClientUser, _) => self.org(who, tenant).0,
            (_, Tenant::Own) => "bakery",
            (_, Tenant::Other) => "jansen",
            (_, Tenant::OtherClient) => "anker",
        }
    }

    /// A fresh ticket of the addressed client, filed by its contact person (new, with the
    /// helpdesk) or by a colleague who is none (awaiting approval).
    async fn fresh_ticket(&self, who: Who, tenant: Tenant, by_contact_person: bool) -> String {
        let filer = &self.filers[&(self.ticket_org(who, tenant), by_contact_person)];
        let body = json!({"title": format!("Matrix {}", self.unique()), "description": "Iets werkt niet."});
        let reply = self.app.post("/api/v1/tickets", filer, body).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        reply.body["id"].as_str().unwrap().to_owned()
    }

    /// A confirmed request for access to the addressed client, waiting for its superuser
    /// (made in the database: the public flow is `access_requests`' business).
    async fn fresh_access_request(&self, who: Who, tenant: Tenant) -> String {
        use loket_api::db::access_requests as requests;
        let org = uuid::Uuid::parse_str(&self.orgs[self.ticket_org(who, tenant)]).unwrap();
        let n = self.unique();
        let db = &self.app.state.db;
        let new = requests::NewAccessRequest {
            customer_number: format!("MX-{n:04}"),
            organisation_id: Some(org),
            email: format!("toegang{n}@matrix.example"),
            name: "Toegang Vrager".to_owned(),
            language: "nl".to_owned(),
        };
        let now = chrono::Utc::now();
        let saved = requests::insert(db, new, now).await.unwrap();
        assert!(requests::confirm(db, saved.id, loket_domain::access::Approvers::Client, now).await.unwrap());
        saved.id.to_string()
    }

    /// A file on a fresh ticket: its download path.
    async fn fresh_attachment(&self, who: Who, tenant: Tenant) -> String {
        let ticket = self.fresh_ticket(who, tenant, true).await;
        let filer = &self.filers[&(self.ticket_org(who, tenant), true)];
        let path = format!("/api/v1/tickets/{ticket}/attachments");
        let reply = self.app.upload(&path, filer, "matrix.png", crate::uploads::PNG).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        format!("{path}/{}", reply.body["id"].as_str().unwrap())
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

    /// The concrete request for a matrix cell (a body `{UPLOAD: name}` is sent as a
    /// multipart upload of a PNG called `name`): path, body and extra headers.
    pub async fn request(&self, ep: Ep, who: Who, tenant: Tenant) -> (String, Option<Value>, Vec<(String, String)>) {
        let (_, org) = self.org(who, tenant);
        let bogus = json!({"token": "not-a-real-token"});
        let n = self.unique();
        if super::intake::INTAKE.contains(&ep) {
            let agent = &self.auth[&Who::Agent];
            let cell = (ep, who, tenant, org.as_str(), n);
            return super::intake::request(&self.app, &self.intake_filers, &self.admin, agent, cell).await;
        }
        if super::approvals::APPROVALS.contains(&ep) {
            return super::approvals::request(self, (ep, who, tenant));
        }
        if super::documents::DOCUMENTS.contains(&ep) {
            return super::documents::request(self, (ep, who, tenant)).await;
        }
        if super::secrets::SECRETS.contains(&ep) {
            return super::secrets::request(ep);
        }
        if super::client_imports::IMPORTS.contains(&ep) {
            return super::client_imports::request(self, (ep, who, tenant));
        }
        if super::first_users::FIRST_USERS.contains(&ep) {
            return super::first_users::request(self, (ep, who, tenant));
        }
        if super::rights::RIGHTS.contains(&ep) {
            return super::rights::request(self, (ep, who, tenant, n)).await;
        }
        if super::releases::RELEASES.contains(&ep) {
            let agent = &self.auth[&Who::Agent];
            let cell = (ep, who, tenant, n);
            return super::releases::request(&self.app, &self.intake_filers, &self.admin, agent, cell).await;
        }
        match ep {
            Ep::Healthz => ("/healthz".into(), None, vec![]),
            Ep::Readyz => ("/readyz".into(), None, vec![]),
            Ep::Metrics => ("/metrics".into(), None, vec![]),
            Ep::Login => {
                ("/api/v1/auth/login".into(), Some(json!({"email": self.login, "password": PASSWORD})), vec![])
            }
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
                // The right current password (a wrong one would be throttled after a few
                // cells) and a new one refused as too common: 422, and nothing changes.
                Some(json!({"current_password": PASSWORD, "new_password": "aaaaaaaaaaaaaaaa"})),
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
            Ep::ListTickets => ("/api/v1/tickets?all=true&limit=200".into(), None, vec![]),
            Ep::GetHelpdeskDashboard => ("/api/v1/helpdesk/dashboard".into(), None, vec![]),
            Ep::GetSupportSettings => ("/api/v1/support-settings".into(), None, vec![]),
            Ep::UpdateSupportSettings => {
                let version = self.app.get("/api/v1/support-settings", &self.admin).await.body["version"].clone();
                let spans = json!([{"weekday": "mon", "opens": "08:30", "closes": "17:00"}]);
                let t = json!({"first_response_minutes": 60, "resolution_minutes": 600});
                let body = json!({"opening_hours": spans, "targets": {"low": t, "normal": t, "high": t, "urgent": t}, "reopen_days": 7, "stall_after_days": 5});
                ("/api/v1/support-settings".into(), Some(body), vec![("if-match".into(), format!("\"{version}\""))])
            }
            Ep::GetSupportCalendar => ("/api/v1/support-calendar?year=2027".into(), None, vec![]),
            Ep::SetSupportCalendarDay => {
                ("/api/v1/support-calendar/2027-06-18".into(), Some(json!({"closed": true, "name": "Uitje"})), vec![])
            }
            Ep::RemoveSupportCalendarDay => {
                // A decision to forget, made by the administrator for this cell.
                let day = format!("2030-01-{:02}", 1 + n % 28);
                let reply = self
                    .app
                    .request(
                        reqwest::Method::PUT,
                        &format!("/api/v1/support-calendar/{day}"),
                        &self.admin,
                        Some(json!({"closed": true})),
                    )
                    .await;
                assert_eq!(reply.status, 200, "{}", reply.text);
                (format!("/api/v1/support-calendar/{day}"), None, vec![])
            }
            Ep::CreateAccessRequest => {
                let body = json!({"customer_number": format!("MX-{n:04}"), "email": format!("vraag{n}@matrix.example"), "name": "Vraag Steller"});
                ("/api/v1/access-requests".into(), Some(body), vec![])
            }
            Ep::ConfirmAccessRequest => ("/api/v1/access-confirmations".into(), Some(bogus), vec![]),
            Ep::ListAccessRequests => ("/api/v1/access-requests?limit=200".into(), None, vec![]),
            Ep::GetAccessRequest => {
                (format!("/api/v1/access-requests/{}", self.fresh_access_request(who, tenant).await), None, vec![])
            }
            Ep::ApproveAccessRequest => (
                format!("/api/v1/access-requests/{}/approve", self.fresh_access_request(who, tenant).await),
                Some(json!({})),
                vec![],
            ),
            Ep::DeclineAccessRequest => (
                format!("/api/v1/access-requests/{}/decline", self.fresh_access_request(who, tenant).await),
                Some(json!({"reason": "Onbekend."})),
                vec![],
            ),
            Ep::CreateTicket => (
                "/api/v1/tickets".into(),
                Some(json!({"title": format!("Nieuw {n}"), "description": "Het scherm blijft leeg."})),
                vec![],
            ),
            Ep::GetTicket => (format!("/api/v1/tickets/{}", self.fresh_ticket(who, tenant, true).await), None, vec![]),
            Ep::UpdateTicket => (
                format!("/api/v1/tickets/{}", self.fresh_ticket(who, tenant, true).await),
                Some(json!({"priority": "high"})),
                vec![("if-match".into(), "\"1\"".into())],
            ),
            Ep::ApproveTicket => {
                (format!("/api/v1/tickets/{}/approve", self.fresh_ticket(who, tenant, false).await), None, vec![])
            }
            Ep::DeclineTicket => (
                format!("/api/v1/tickets/{}/decline", self.fresh_ticket(who, tenant, false).await),
                Some(json!({"reason": "Niet nodig."})),
                vec![],
            ),
            Ep::ReopenTicket => {
                (format!("/api/v1/tickets/{}/reopen", self.fresh_ticket(who, tenant, true).await), None, vec![])
            }
            Ep::GetTicketTimeline => {
                (format!("/api/v1/tickets/{}/timeline", self.fresh_ticket(who, tenant, true).await), None, vec![])
            }
            Ep::ListTicketMessages => {
                (format!("/api/v1/tickets/{}/messages", self.fresh_ticket(who, tenant, true).await), None, vec![])
            }
            Ep::CreateTicketMessage => (
                format!("/api/v1/tickets/{}/messages", self.fresh_ticket(who, tenant, true).await),
                Some(json!({"body": "Hallo"})),
                vec![],
            ),
            Ep::ListTicketAttachments => {
                (format!("/api/v1/tickets/{}/attachments", self.fresh_ticket(who, tenant, true).await), None, vec![])
            }
            // A multipart upload: the matrix sends `file` with this name.
            Ep::UploadTicketAttachment => (
                format!("/api/v1/tickets/{}/attachments", self.fresh_ticket(who, tenant, true).await),
                Some(json!({(UPLOAD): "schermafdruk.png"})),
                vec![],
            ),
            Ep::DownloadTicketAttachment => (self.fresh_attachment(who, tenant).await, None, vec![]),
            Ep::ProposeTicketEstimate => (
                format!("/api/v1/tickets/{}/estimate", self.fresh_ticket(who, tenant, true).await),
                Some(json!({"hours": 4.0, "amount_cents": 48000, "description": "Nieuw rapport."})),
                vec![],
            ),
            Ep::AnswerTicketEstimate => (
                format!("/api/v1/tickets/{}/estimate/answer", self.fresh_ticket(who, tenant, true).await),
                Some(json!({"answer": "accept"})),
                vec![],
            ),
            _ => unreachable!("{ep:?} has its own module"),
        }
    }
}
