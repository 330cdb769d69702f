//! Loket's business rules.
//!
//! This crate knows nothing of HTTP, SQL or async runtimes: it holds value types that
//! can only be built valid ("parse, don't validate"), the organisation and role model,
//! the permission rules that decide who may do what, and policies such as login
//! throttling. It compiles to `wasm32-unknown-unknown`, so the browser app applies the
//! same rules as the server.

pub mod access;
pub mod address;
pub mod api_scope;
pub mod approvals;
pub mod audit;
pub mod clients;
pub mod email;
pub mod language;
pub mod network;
pub mod news;
pub mod onboarding;
pub mod organisation;
pub mod outbox;
pub mod password;
pub mod person_name;
pub mod phone;
pub mod policy;
pub mod registration;
pub mod role;
pub mod support;
pub mod text;
pub mod throttle;
pub mod webhooks;

pub use api_scope::ApiScope;
pub use email::EmailAddress;
pub use language::Language;
pub use organisation::{OrganisationKind, PartnerKind};
pub use password::NewPassword;
pub use person_name::PersonName;
pub use phone::PhoneNumber;
pub use role::Role;
