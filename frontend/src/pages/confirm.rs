//! How the signed-in user confirms a decision: its PIN, or — once it has a verified
//! mobile number — a one-time code it asks for here and receives by SMS. Used by the
//! document page (approve, reject) and the batch approval.

use leptos::prelude::*;
use loket_api_types::mobile::CodeSent;

use crate::api::{self, ApiError};
use crate::components::form::{TextField, field_error, form_error};
use crate::components::load::{Submit, load};
use crate::i18n::*;
use crate::session::use_session;

/// What the user typed to confirm with.
#[derive(Clone, Copy)]
pub struct Confirmation {
    pin: RwSignal<String>,
    code: RwSignal<String>,
    by_sms: RwSignal<bool>,
}

impl Confirmation {
    pub fn new() -> Self {
        Self { pin: RwSignal::new(String::new()), code: RwSignal::new(String::new()), by_sms: RwSignal::new(false) }
    }

    /// `(pin, sms_code)` for the request: exactly one of them.
    pub fn values(&self) -> (Option<String>, Option<String>) {
        if self.by_sms.get_untracked() {
            (None, Some(self.code.get_untracked()))
        } else {
            (Some(self.pin.get_untracked()), None)
        }
    }

    pub fn clear(&self) {
        self.pin.set(String::new());
        self.code.set(String::new());
    }
}

/// The PIN field, and the switch to an SMS code with its "send" button and field.
#[component]
pub fn ConfirmFields(
    id: &'static str,
    confirm: Confirmation,
    #[prop(into)] error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let mobile = load(move || async move { api::mobile::status(session).await });
    let sent = RwSignal::new(None::<CodeSent>);
    let send = Submit::new(
        move |()| async move { api::mobile::send_approval_code(session).await },
        move |code: CodeSent| sent.set(Some(code)),
    );
    let has_mobile = move || mobile.value().is_some_and(|m| m.number.is_some());
    let sent_note = move || {
        sent.get().map(|s| format!("{} {}", t_string!(i18n, documents.code_sent_to), s.sent_to)).unwrap_or_default()
    };
    let send_error = form_error(send.error);
    view! {
        <Show when=move || !confirm.by_sms.get()>
            <TextField id=format!("{id}-pin") label=tr!(documents.pin) value=confirm.pin kind="password"
                autocomplete="one-time-code" required=true error=field_error(error, "pin") />
        </Show>
        <Show when=has_mobile>
            <label class="check">
                <input type="checkbox" id=format!("{id}-by-sms") prop:checked=move || confirm.by_sms.get()
                    on:change=move |ev| confirm.by_sms.set(event_target_checked(&ev)) />
                {tr!(documents.use_sms_code)}
            </label>
        </Show>
        <Show when=move || confirm.by_sms.get()>
            <div class="sms-code">
                <button type="button" class="button send-code" disabled=move || send.busy().get()
                    on:click=move |_| send.run(())>{tr!(documents.send_code)}</button>
                <p class="hint" role="status">{sent_note}</p>
                <p class="error" role="alert">{move || send_error.get().unwrap_or_default()}</p>
                <TextField id=format!("{id}-code") label=tr!(documents.sms_code) value=confirm.code
                    autocomplete="one-time-code" required=true error=field_error(error, "sms_code") />
            </div>
        </Show>
    }
}
