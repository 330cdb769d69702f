//! The Loket server: HTTP API, background worker and command line.
//!
//! Map: `routes` (HTTP, thin) → `services` (use cases, permission checks) → `db`
//! (repositories scoped by visibility, generated entities). `auth` turns credentials
//! into a `Principal`; `error` turns every failure into a problem document; `adapters`
//! talk to the outside world (mail); `jobs` run in the background.

pub mod adapters;
pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod extract;
pub mod jobs;
pub mod middleware;
pub mod openapi;
pub mod routes;
pub mod seed;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
