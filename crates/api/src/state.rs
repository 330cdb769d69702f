//! What every request handler can reach.

use std::sync::Arc;

use loket_domain::access::AccessThrottlePolicy;
use loket_domain::throttle::LoginThrottlePolicy;
use metrics_exporter_prometheus::PrometheusHandle;
use sea_orm::DatabaseConnection;

use crate::adapters::files::FileStore;
use crate::auth::jwt::JwtKeys;
use crate::config::Settings;
use crate::jobs::dispatch::Dispatcher;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub jwt: JwtKeys,
    /// Signs and checks download links.
    pub signer: crate::auth::signed_links::LinkSigner,
    /// The delivery adapters, used by the outbox worker running in this process.
    pub dispatcher: Arc<Dispatcher>,
    pub throttle: LoginThrottlePolicy,
    /// How often access may be asked for (`services::access_requests`).
    pub access_throttle: AccessThrottlePolicy,
    pub metrics: PrometheusHandle,
    /// Where attachments are kept.
    pub files: FileStore,
    /// The time that decides when an installation is stalled (tests shift it).
    pub clock: crate::clock::Clock,
    /// Wakes this process's import worker when an import is queued or committed.
    pub imports_waiting: Arc<tokio::sync::Notify>,
}
