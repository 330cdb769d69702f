//! The browser tests walk through the demo data a new user sees after `scripts/demo.sh`,
//! so they show that the demo itself works; the API tests build their own worlds
//! (`tests/api/fixtures.rs`).

use crate::helpers::{Auth, TestApp};

pub const DEMO_PASSWORD: &str = loket_api::seed::DEMO_PASSWORD;

pub trait DemoWorld {
    /// Loads the demo data and signs in as its vendor admin.
    async fn seed_demo(&self) -> Auth;
    /// The id of the organisation with this exact name (as vendor admin).
    async fn organisation_id(&self, admin: &Auth, name: &str) -> String;
}

impl DemoWorld for TestApp {
    async fn seed_demo(&self) -> Auth {
        loket_api::seed::seed_demo(&self.state.db, &self.state.files).await.expect("demo data");
        self.bearer("beheer@loket.example", DEMO_PASSWORD).await
    }

    async fn organisation_id(&self, admin: &Auth, name: &str) -> String {
        let reply = self.get("/api/v1/organisations?limit=200", admin).await;
        reply.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|o| o["name"] == name)
            .and_then(|o| o["id"].as_str())
            .unwrap_or_else(|| panic!("organisation {name}"))
            .to_owned()
    }
}
