//! Confirmation before destructive actions, as a modal `<dialog>`.

use leptos::html::Dialog;
use leptos::prelude::*;

use crate::i18n::*;

/// A modal asking to confirm; `open` shows it, `on_confirm` runs on confirmation.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] message: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(into)] on_confirm: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        if let Some(element) = dialog.get() {
            if open.get() {
                if !element.open() {
                    let _ = element.show_modal();
                }
            } else if element.open() {
                element.close();
            }
        }
    });
    view! {
        <dialog node_ref=dialog class="dialog" on:close=move |_| open.set(false) aria-labelledby="confirm-message">
            <p id="confirm-message">{move || message.get()}</p>
            <div class="actions">
                <button type="button" class="button secondary" on:click=move |_| open.set(false)>{tr!(cancel)}</button>
                <button
                    type="button"
                    class="button danger"
                    on:click=move |_| {
                        open.set(false);
                        on_confirm.run(());
                    }
                >
                    {move || confirm_label.get()}
                </button>
            </div>
        </dialog>
    }
}
