//! A secret shown once (API keys, webhook signing secrets), with a copy button.

use leptos::html::Dialog;
use leptos::prelude::*;

use crate::i18n::*;

/// Opens when `secret` is set; closing clears it, so the secret leaves the page.
#[component]
pub fn SecretDialog(
    secret: RwSignal<Option<String>>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] warning: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog = NodeRef::<Dialog>::new();
    let copied = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(element) = dialog.get()
            && secret.get().is_some()
            && !element.open()
        {
            copied.set(false);
            let _ = element.show_modal();
        }
    });
    let copy = Action::new_local(move |value: &String| {
        let promise = web_sys::window().map(|window| window.navigator().clipboard().write_text(value));
        async move {
            if let Some(promise) = promise
                && wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
            {
                copied.set(true);
            }
        }
    });
    let copy = move |_| {
        copy.dispatch_local(secret.get_untracked().unwrap_or_default());
    };
    let close = move |_| {
        secret.set(None);
        if let Some(element) = dialog.get_untracked() {
            element.close();
        }
    };
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="secret-title" on:close=move |_| secret.set(None)>
            <h2 id="secret-title">{move || title.get()}</h2>
            <p class="alert alert-warning">{move || warning.get()}</p>
            <div class="secret">
                <code id="shown-secret">{move || secret.get().unwrap_or_default()}</code>
                <button type="button" class="button secondary small" on:click=copy>
                    {move || if copied.get() { t_string!(i18n, keys.copied).to_string() } else { t_string!(i18n, keys.copy).to_string() }}
                </button>
            </div>
            <div class="actions">
                <button type="button" class="button primary" on:click=close>{tr!(close)}</button>
            </div>
        </dialog>
    }
}
