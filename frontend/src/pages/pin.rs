//! The signed-in user's PIN on its profile page: whether it has one (and whether wrong
//! tries locked it), and setting or changing it with its password. The PIN confirms
//! approvals; Loket keeps only its hash.

use leptos::prelude::*;
use loket_api_types::documents::{PinStatus, SetPin};

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, TextField, field_error, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::format::date_time;
use crate::i18n::*;
use crate::session::use_session;

#[component]
pub fn PinSettings() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let loaded = load(move || async move { api::documents::pin(session).await });
    let status = RwSignal::new(None::<PinStatus>);
    let password = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    let saved = RwSignal::new(None::<String>);
    let save = Submit::new(
        move |body: SetPin| async move { api::documents::set_pin(session, &body).await },
        move |now: PinStatus| {
            status.set(Some(now));
            password.set(String::new());
            pin.set(String::new());
            saved.set(Some(t_string!(i18n, documents.pin_saved).to_string()));
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        save.run(SetPin { current_password: password.get_untracked(), pin: pin.get_untracked() });
    };
    let describe = move |loaded: PinStatus| {
        let now = status.get().unwrap_or(loaded);
        let locale = i18n.get_locale();
        match (now.set_at, now.locked_until) {
            (_, Some(until)) => format!("{} {}", t_string!(i18n, documents.pin_locked), date_time(until, locale)),
            (Some(at), None) => format!("{} {}", t_string!(i18n, documents.pin_set_at), date_time(at, locale)),
            (None, None) => t_string!(i18n, documents.pin_none).to_string(),
        }
    };
    view! {
        <section class="card pin-settings">
            <h2>{tr!(documents.pin_title)}</h2>
            <p class="hint">{tr!(documents.pin_intro)}</p>
            <Loaded resource=loaded let:current>
                <p class="pin-status">{move || describe(current.clone())}</p>
            </Loaded>
            <FormMessage error=form_error(save.error) success=saved />
            <form on:submit=submit novalidate>
                <TextField id="pin_current_password" label=tr!(profile.current_password) value=password kind="password"
                    autocomplete="current-password" required=true error=field_error(save.error, "current_password") />
                <TextField id="new_pin" label=tr!(documents.new_pin) value=pin kind="password" autocomplete="off"
                    required=true hint=tr!(documents.pin_hint) error=field_error(save.error, "pin") />
                <SubmitButton label=tr!(documents.save_pin) busy_label=tr!(saving) busy=save.busy() />
            </form>
        </section>
    }
}
