//! Page headings that also name the browser tab, so every screen has its own document
//! title (for tabs, history and screen readers), in the interface's language.

use leptos::prelude::*;

/// The screen's `<h1>`; the document title becomes "<text> · Loket" and follows it.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    Effect::new(move |_| set_document_title(&text.get()));
    view! { <h1>{move || text.get()}</h1> }
}

/// Sets the document title for a screen (`Loket` alone when `text` is empty).
pub fn set_document_title(text: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let title = if text.is_empty() { "Loket".to_owned() } else { format!("{text} · Loket") };
        document.set_title(&title);
    }
}
