//! HTTP routes. Handlers are thin: extract, call one service, shape the response.
//! Every handler carries a `#[utoipa::path]`; registering it here also puts it in the
//! OpenAPI document, so the spec cannot miss an endpoint.

pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod fallback;
pub mod health;
pub mod me;
pub mod organisations;
pub mod outbox;
pub mod spa;
pub mod users;
pub mod webhooks;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// `/api/v1` and the operational endpoints.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz).service(health::metrics);
    cfg.service(
        scope::scope("/api/v1")
            .service(auth::login)
            .service(auth::refresh)
            .service(auth::logout)
            .service(auth::inspect_invitation)
            .service(auth::accept_invitation)
            .service(auth::request_password_reset)
            .service(auth::inspect_password_reset)
            .service(auth::confirm_password_reset)
            .service(me::get_me)
            .service(me::update_me)
            .service(me::change_password)
            .service(organisations::list_organisations)
            .service(organisations::create_organisation)
            .service(organisations::get_organisation)
            .service(organisations::update_organisation)
            .service(organisations::list_branches)
            .service(organisations::create_branch)
            .service(users::list_users)
            .service(users::create_user)
            .service(users::get_user)
            .service(users::update_user)
            .service(users::resend_invitation)
            .service(api_keys::list_api_keys)
            .service(api_keys::create_api_key)
            .service(api_keys::get_api_key)
            .service(api_keys::revoke_api_key)
            .service(webhooks::list_webhooks)
            .service(webhooks::create_webhook)
            .service(webhooks::get_webhook)
            .service(webhooks::update_webhook)
            .service(webhooks::delete_webhook)
            .service(webhooks::rotate_webhook_secret)
            .service(webhooks::test_webhook)
            .service(webhooks::list_webhook_deliveries)
            .service(outbox::list_outbox_jobs)
            .service(outbox::count_outbox_jobs)
            .service(outbox::get_outbox_job)
            .service(outbox::retry_outbox_job)
            .service(audit::list_audit_events),
    );
}
