//! Loket's browser app: a Leptos single-page app compiled to WebAssembly. It talks only
//! to the public `/api/v1` endpoints, with the DTOs of `loket-api-types`.

mod api;
mod app;
mod areas;
mod components;
mod files;
mod format;
mod i18n;
mod pages;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
