//! Loket's wire format.
//!
//! Request and response bodies of `/api/v1`, shared by the server and the browser app so
//! that both agree on every field. Field names are `snake_case`, ids are UUIDs, times are
//! RFC 3339 in UTC. With the `openapi` feature each type also describes itself as an
//! OpenAPI schema; without it the crate builds for `wasm32-unknown-unknown`.

pub mod access_requests;
pub mod api_keys;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod client_imports;
pub mod contracts;
pub mod documents;
pub mod first_users;
pub mod install_requests;
pub mod installations;
pub mod me;
pub mod mobile;
pub mod monitoring;
pub mod organisations;
pub mod outbox;
pub mod pagination;
pub mod pin_letters;
pub mod problem;
pub mod questionnaires;
pub mod releases;
pub mod rights;
pub mod support_settings;
pub mod text;
pub mod ticket_attachments;
pub mod ticket_dashboard;
pub mod ticket_estimates;
pub mod tickets;
pub mod users;
pub mod validation;
pub mod webhooks;

pub use loket_domain::outbox::{JobKind, JobStatus};
pub use loket_domain::webhooks::WebhookEvent;
pub use loket_domain::{ApiScope, Language, OrganisationKind, PartnerKind, Role};
pub use problem::{ErrorCode, FieldError, Problem};
