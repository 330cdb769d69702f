//! Translations, generated at build time from `locales/*.json`.
#![allow(missing_docs, clippy::all, clippy::expect_used, clippy::unwrap_used, clippy::panic, unused)]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use i18n::*;
pub use leptos_i18n::I18nContext;

use leptos::prelude::{Get, Signal};

/// A translated text that follows the interface language, for labels and messages:
/// `tr!(users.name)`. Every use shares the one closure in here and passes only a
/// function of the locale, so a label costs no closure (and no reactive node type) of
/// its own.
pub fn tr(key: fn(Locale) -> &'static str) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || key(i18n.get_locale()).to_owned())
}

/// `tr!(key.path)`: see [`tr`].
#[macro_export]
macro_rules! tr {
    ($($key:tt)+) => {
        $crate::i18n::tr(|locale| $crate::i18n::td_string!(locale, $($key)+))
    };
}

pub use crate::tr;
