//! Black-box tests: each drives the real HTTP server on a random port, against its own
//! SQLite file and its own PostgreSQL database (every test runs on both).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod fixtures;
mod helpers;
mod peers;
mod uploads;

mod access_requests;
mod api_keys;
mod approval_duties;
mod audit;
mod auth_flow;
mod authz_matrix;
mod bad_text;
mod client_imports;
mod contracts;
mod documents;
mod errors;
mod first_users;
mod grants;
mod hardening;
mod idempotency;
mod install_requests;
mod installation;
mod instructions;
mod notifications;
mod operations;
mod organisations;
mod outbox_workers;
mod partner_sdk;
mod pin_letters;
mod questionnaire;
mod rights;
mod second_factor;
mod sms;
mod sms_codes;
mod spa_serving;
mod stalled;
mod stored_names;
mod support_settings;
mod throttling;
mod ticket_attachments;
mod ticket_dashboard;
mod ticket_estimates;
mod ticket_search;
mod tickets;
mod users;
mod visibility;
mod webhooks;
