//! Test worlds built to order, instead of leaning on the demo data's names.
//!
//! `Fixture::new` plants the one thing the API cannot make: the vendor and its first
//! administrator (what an installation's bootstrap does). Everything else is made by
//! that administrator through the API, so a fixture goes through the same rules,
//! audit and notifications as a real user would.

use chrono::Utc;
use loket_api::db;
use loket_api::db::organisations::NewOrganisation;
use loket_api::db::users::NewUser;
use loket_domain::{Language, OrganisationKind, Role};
use serde_json::{Value, json};
use tokio::sync::OnceCell;
use uuid::Uuid;

use crate::helpers::{Auth, TestApp};

/// Every fixture account's password.
pub const PASSWORD: &str = "Fixture-wachtwoord-2026";

/// Hashing is deliberately slow; one hash serves every fixture account.
async fn password_hash() -> String {
    static HASH: OnceCell<String> = OnceCell::const_new();
    HASH.get_or_init(|| async {
        loket_api::auth::password::hash_password(PASSWORD.to_owned()).await.expect("hash the fixture password")
    })
    .await
    .clone()
}

/// An organisation the fixture made.
#[derive(Debug, Clone)]
pub struct Org {
    pub id: String,
}

/// A signed-in person the fixture made.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub email: String,
    pub auth: Auth,
}

pub struct Fixture {
    pub vendor: Org,
    pub admin: Person,
    counter: std::sync::atomic::AtomicUsize,
}

impl Fixture {
    /// The vendor and its first administrator, signed in.
    pub async fn new(app: &TestApp) -> Self {
        let now = Utc::now();
        let vendor = db::organisations::insert(
            &app.state.db,
            NewOrganisation {
                id: Uuid::now_v7(),
                kind: OrganisationKind::Vendor,
                name: "Leverancier B.V.".to_owned(),
                partner_kind: None,
                coc_number: None,
                vat_number: None,
                managing_partner_id: None,
                branch_id: None,
                profile: Default::default(),
            },
            now,
        )
        .await
        .expect("plant the vendor");
        let email = "beheerder@leverancier.example".to_owned();
        let admin = db::users::insert(
            &app.state.db,
            NewUser {
                organisation_id: vendor.id,
                email: email.clone(),
                name: "Eerste Beheerder".to_owned(),
                phone: None,
                language: Language::Nl,
                role: Role::VendorAdmin,
                is_contact_person: false,
                is_technical_contact: false,
                password_hash: Some(password_hash().await),
            },
            now,
        )
        .await
        .expect("plant the first administrator");
        let auth = app.bearer(&email, PASSWORD).await;
        Self {
            vendor: Org { id: vendor.id.to_string() },
            admin: Person { id: admin.id.to_string(), email, auth },
            counter: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn unique(&self) -> usize {
        self.counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    async fn create(&self, app: &TestApp, path: &str, body: Value) -> Value {
        let reply = app.post(path, &self.admin.auth, body.clone()).await;
        assert_eq!(reply.status, 201, "fixture POST {path} {body}: {}", reply.text);
        reply.body
    }

    /// A partner of `partner_kind` (bank, factoring, accountancy, reseller).
    pub async fn partner(&self, app: &TestApp, name: &str, partner_kind: &str) -> Org {
        let body = json!({"kind": "partner", "name": name, "partner_kind": partner_kind});
        let created = self.create(app, "/api/v1/organisations", body).await;
        Org { id: created["id"].as_str().expect("id").to_owned() }
    }

    /// A branch of `partner`; returns its id.
    pub async fn branch(&self, app: &TestApp, partner: &Org, name: &str) -> String {
        let path = format!("/api/v1/organisations/{}/branches", partner.id);
        self.create(app, &path, json!({"name": name})).await["id"].as_str().expect("id").to_owned()
    }

    /// A client, managed by `partner` (and one of its branches) or by nobody.
    pub async fn client(&self, app: &TestApp, name: &str, partner: Option<&Org>, branch: Option<&str>) -> Org {
        let body = json!({
            "kind": "client",
            "name": name,
            "managing_partner_id": partner.map(|p| p.id.clone()),
            "branch_id": branch,
        });
        let created = self.create(app, "/api/v1/organisations", body).await;
        Org { id: created["id"].as_str().expect("id").to_owned() }
    }

    /// A person of `organisation` with `role` (limited to `branches`), invited through the
    /// API, with the invitation accepted, and signed in.
    pub async fn person(&self, app: &TestApp, organisation: &Org, role: &str, branches: &[&str]) -> Person {
        self.person_with(app, organisation, role, branches, false).await
    }

    /// A client's fixed contact person for the helpdesk (see [`Self::person`]).
    pub async fn contact_person(&self, app: &TestApp, organisation: &Org, role: &str) -> Person {
        self.person_with(app, organisation, role, &[], true).await
    }

    async fn person_with(
        &self,
        app: &TestApp,
        organisation: &Org,
        role: &str,
        branches: &[&str],
        is_contact_person: bool,
    ) -> Person {
        let email = format!("{}{}@fixture.example", role.replace('_', "."), self.unique());
        let body = json!({
            "organisation_id": organisation.id,
            "email": email,
            "name": format!("Test {role}"),
            "role": role,
            "branch_ids": branches,
            "is_contact_person": is_contact_person,
        });
        let created = self.create(app, "/api/v1/users", body).await;
        let id = created["id"].as_str().expect("id").to_owned();
        // Accepting the invitation is covered by `auth_flow`; here only its effect matters.
        let user_id = Uuid::parse_str(&id).expect("uuid");
        db::users::set_password(&app.state.db, user_id, password_hash().await, Utc::now())
            .await
            .expect("activate the fixture account");
        let auth = app.bearer(&email, PASSWORD).await;
        Person { id, email, auth }
    }

    /// An API key of `organisation` with `scopes`, made by the vendor admin.
    pub async fn key(&self, app: &TestApp, organisation: &Org, scopes: &[&str]) -> Auth {
        self.key_by(app, &self.admin.auth, &organisation.id, scopes).await
    }

    /// An API key of `organisation` with `scopes`, made by `creator`.
    pub async fn key_by(&self, app: &TestApp, creator: &Auth, organisation: &str, scopes: &[&str]) -> Auth {
        let body = json!({"organisation_id": organisation, "name": format!("fixture key {}", self.unique()), "scopes": scopes});
        let reply = app.post("/api/v1/api-keys", creator, body.clone()).await;
        assert_eq!(reply.status, 201, "fixture POST /api/v1/api-keys {body}: {}", reply.text);
        Auth::ApiKey(reply.body["secret"].as_str().expect("secret").to_owned())
    }
}
