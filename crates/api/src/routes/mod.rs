//! HTTP routes. Handlers are thin: extract, call one service, shape the response.
//! Every handler carries a `#[utoipa::path]`; registering it here also puts it in the
//! OpenAPI document, so the spec cannot miss an endpoint.

pub mod access_requests;
pub mod api_keys;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod client_imports;
pub mod contracts;
pub mod documents;
pub mod fallback;
pub mod file_response;
pub mod first_users;
pub mod health;
pub mod install_monitoring;
pub mod install_requests;
pub mod installations;
pub mod intake_settings;
pub mod me;
pub mod multipart;
pub mod organisations;
pub mod outbox;
pub mod questionnaires;
pub mod releases;
pub mod rights;
pub mod second_factor;
pub mod secrets;
pub mod spa;
pub mod support_settings;
pub mod ticket_attachments;
pub mod tickets;
pub mod users;
pub mod webhooks;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// `/api/v1` and the operational endpoints. Each route module registers its own
/// handlers.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(health::configure);
    cfg.service(
        scope::scope("/api/v1")
            .configure(auth::configure)
            .configure(me::configure)
            .configure(organisations::configure)
            .configure(users::configure)
            .configure(access_requests::configure)
            .configure(tickets::configure)
            .configure(support_settings::configure)
            .configure(install_requests::configure)
            .configure(install_monitoring::configure)
            .configure(intake_settings::configure)
            .configure(questionnaires::configure)
            .configure(contracts::configure)
            .configure(releases::configure)
            .configure(installations::configure)
            .configure(ticket_attachments::configure)
            .configure(api_keys::configure)
            .configure(webhooks::configure)
            .configure(outbox::configure)
            .configure(rights::configure)
            .configure(approvals::configure)
            .configure(documents::configure)
            .configure(client_imports::configure)
            .configure(first_users::configure)
            .configure(secrets::configure)
            .configure(second_factor::configure)
            .configure(audit::configure),
    );
}
