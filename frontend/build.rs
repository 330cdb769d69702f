//! Generates the translation module from `locales/nl.json` and `locales/en.json`.
//! Dutch is the default; a key missing in either language fails the build.

use std::error::Error;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out_dir = std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?;
    let module_dir = PathBuf::from(out_dir).join("i18n");
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("nl")?.add_locale("en")?.parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(module_dir)?;
    Ok(())
}
