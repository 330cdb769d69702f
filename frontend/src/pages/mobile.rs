//! The signed-in user's mobile number for SMS codes, on the Approvals page: the verified
//! number, and changing it — the new number with the PIN, then the code sent to it.

use leptos::prelude::*;
use loket_api_types::mobile::{ChangeMobile, CodeSent, ConfirmMobile, MobileStatus};

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, TextField, field_error, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::format::date_time;
use crate::i18n::*;
use crate::session::use_session;

#[component]
pub fn MobileSettings() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let loaded = load(move || async move { api::mobile::status(session).await });
    let status = RwSignal::new(None::<MobileStatus>);
    let mobile = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<CodeSent>);
    let saved = RwSignal::new(None::<String>);
    let change = Submit::new(
        move |body: ChangeMobile| async move { api::mobile::change(session, &body).await },
        move |now: CodeSent| {
            pin.set(String::new());
            sent.set(Some(now));
        },
    );
    let confirm = Submit::new(
        move |body: ConfirmMobile| async move { api::mobile::confirm(session, &body).await },
        move |now: MobileStatus| {
            status.set(Some(now));
            sent.set(None);
            code.set(String::new());
            mobile.set(String::new());
            saved.set(Some(t_string!(i18n, documents.mobile_saved).to_string()));
        },
    );
    let on_change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        change.run(ChangeMobile { mobile: mobile.get_untracked(), pin: pin.get_untracked() });
    };
    let on_confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        confirm.run(ConfirmMobile { code: code.get_untracked() });
    };
    let describe = move |loaded: MobileStatus| {
        let now = status.get().unwrap_or(loaded);
        match (now.number, now.verified_at) {
            (Some(number), Some(at)) => {
                format!(
                    "{number} · {} {}",
                    t_string!(i18n, documents.mobile_verified_at),
                    date_time(at, i18n.get_locale())
                )
            }
            _ => t_string!(i18n, documents.mobile_none).to_string(),
        }
    };
    let sent_note = move || {
        sent.get().map(|s| format!("{} {}", t_string!(i18n, documents.code_sent_to), s.sent_to)).unwrap_or_default()
    };
    view! {
        <section class="card mobile-settings">
            <h2>{tr!(documents.mobile_title)}</h2>
            <p class="hint">{tr!(documents.mobile_intro)}</p>
            <Loaded resource=loaded let:current>
                <p class="mobile-status">{move || describe(current.clone())}</p>
            </Loaded>
            <FormMessage error=form_error(change.error) success=saved />
            <Show when=move || sent.get().is_none()>
                <form class="change-mobile" on:submit=on_change novalidate>
                    <TextField id="new_mobile" label=tr!(documents.new_mobile) value=mobile kind="tel" autocomplete="tel"
                        required=true error=field_error(change.error, "mobile") />
                    <TextField id="mobile_pin" label=tr!(documents.pin) value=pin kind="password" autocomplete="off"
                        required=true error=field_error(change.error, "pin") />
                    <SubmitButton label=tr!(documents.send_code) busy_label=tr!(saving) busy=change.busy() />
                </form>
            </Show>
            <Show when=move || sent.get().is_some()>
                <form class="confirm-mobile" on:submit=on_confirm novalidate>
                    <p class="hint" role="status">{sent_note}</p>
                    <FormMessage error=form_error(confirm.error) />
                    <TextField id="mobile_code" label=tr!(documents.sms_code) value=code autocomplete="one-time-code"
                        required=true error=field_error(confirm.error, "code") />
                    <SubmitButton label=tr!(documents.confirm_mobile) busy_label=tr!(saving) busy=confirm.busy() />
                </form>
            </Show>
        </section>
    }
}
