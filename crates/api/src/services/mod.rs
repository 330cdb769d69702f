//! Use cases. Each takes the caller ([`crate::auth::Principal`]) where there is one, asks
//! the domain whether the caller may act, and reads and writes through the repositories
//! with the caller's visibility. Handlers call exactly one of these.

pub mod access;
pub mod access_requests;
pub mod account_links;
pub mod api_keys;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod client_imports;
pub mod documents;
pub mod downloads;
pub mod first_users;
pub mod idempotency;
pub mod install_requests;
pub mod installations;
pub mod intake_settings;
pub mod mobile;
pub mod notifications;
pub mod operations;
pub mod organisations;
pub mod outbox;
pub mod pin_letters;
pub mod pins;
pub mod profile;
pub mod releases;
pub mod rights;
pub mod second_factor;
pub mod sms_codes;
pub mod support_settings;
pub mod tickets;
pub mod uploads;
pub mod users;
pub mod webhooks;
pub mod write;
