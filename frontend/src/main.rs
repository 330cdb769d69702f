//! Loket's browser app. The screens arrive with the browser-app issue; for now the crate
//! proves that the wire types build for WebAssembly together with Leptos.

use leptos::prelude::*;

fn main() {
    mount_to_body(|| view! { <p>"Loket"</p> });
}
