//! Adapters to the outside world.

pub mod mail;
pub mod mail_templates;
