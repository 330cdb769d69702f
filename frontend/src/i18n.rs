//! Translations, generated at build time from `locales/*.json`.
#![allow(missing_docs, clippy::all, clippy::expect_used, clippy::unwrap_used, clippy::panic, unused)]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use i18n::*;
pub use leptos_i18n::I18nContext;
