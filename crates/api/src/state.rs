//! What every request handler can reach.

use std::sync::Arc;

use loket_domain::throttle::LoginThrottlePolicy;
use metrics_exporter_prometheus::PrometheusHandle;
use sea_orm::DatabaseConnection;

use crate::adapters::mail::Mailer;
use crate::auth::jwt::JwtKeys;
use crate::config::Settings;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub jwt: JwtKeys,
    pub mailer: Mailer,
    pub throttle: LoginThrottlePolicy,
    pub metrics: PrometheusHandle,
}
