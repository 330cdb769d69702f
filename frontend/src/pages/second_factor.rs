//! Signing in with a code by SMS, on the profile page: whether it is on (by choice or
//! because a group requires it), switching it with the PIN, and new recovery codes —
//! shown once, to print or keep somewhere safe.

use leptos::prelude::*;
use loket_api_types::mobile::{NewRecoveryCodes, RecoveryCodes, SecondFactorStatus, SetSecondFactor};

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, TextField, field_error, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::i18n::*;
use crate::session::use_session;

fn describe(i18n: I18nContext<Locale>, status: &SecondFactorStatus) -> String {
    let state = match (status.active, status.required_by_group, status.enabled) {
        (true, true, _) => t_string!(i18n, second_factor.on_by_group),
        (true, false, _) => t_string!(i18n, second_factor.on),
        (false, true, _) | (false, false, true) => t_string!(i18n, second_factor.needs_mobile),
        (false, false, false) => t_string!(i18n, second_factor.off),
    };
    format!("{state} {} {}", t_string!(i18n, second_factor.codes_left), status.recovery_codes_left)
}

#[component]
pub fn SecondFactorSettings() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let loaded = load(move || async move { api::mobile::second_factor(session).await });
    let status = RwSignal::new(None::<SecondFactorStatus>);
    let pin = RwSignal::new(String::new());
    let codes_pin = RwSignal::new(String::new());
    let codes = RwSignal::new(None::<RecoveryCodes>);
    let switch = Submit::new(
        move |body: SetSecondFactor| async move { api::mobile::set_second_factor(session, &body).await },
        move |now: SecondFactorStatus| {
            pin.set(String::new());
            status.set(Some(now));
        },
    );
    let make = Submit::new(
        move |body: NewRecoveryCodes| async move { api::mobile::new_recovery_codes(session, &body).await },
        move |made: RecoveryCodes| {
            codes_pin.set(String::new());
            codes.set(Some(made));
            loaded.refetch();
        },
    );
    let enabled = move |loaded: &SecondFactorStatus| status.get().unwrap_or_else(|| loaded.clone()).enabled;
    view! {
        <section class="card second-factor">
            <h2>{tr!(second_factor.title)}</h2>
            <p class="hint">{tr!(second_factor.intro)}</p>
            <Loaded resource=loaded let:current>
                {
                    let shown = current.clone();
                    let now_on = enabled(&current);
                    let submit = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let on = status.get_untracked().map_or(now_on, |s| s.enabled);
                        switch.run(SetSecondFactor { enabled: !on, pin: pin.get_untracked() });
                    };
                    view! {
                        <p class="second-factor-status">{move || describe(i18n, &status.get().unwrap_or_else(|| shown.clone()))}</p>
                        <FormMessage error=form_error(switch.error) />
                        <form class="switch-second-factor" on:submit=submit novalidate>
                            <TextField id="second_factor_pin" label=tr!(documents.pin) value=pin kind="password"
                                autocomplete="off" required=true error=field_error(switch.error, "pin") />
                            <SubmitButton
                                label=Signal::derive(move || if status.get().map_or(now_on, |s| s.enabled) {
                                    t_string!(i18n, second_factor.switch_off).to_string()
                                } else {
                                    t_string!(i18n, second_factor.switch_on).to_string()
                                })
                                busy_label=tr!(saving) busy=switch.busy() />
                        </form>
                    }
                }
            </Loaded>
            <h3>{tr!(second_factor.recovery_title)}</h3>
            <p class="hint">{tr!(second_factor.recovery_intro)}</p>
            <FormMessage error=form_error(make.error) />
            <Show when=move || codes.get().is_some()>
                <ol class="recovery-codes">
                    {move || codes.get().map(|c| c.codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view())}
                </ol>
                <p class="hint" role="status">{tr!(second_factor.recovery_once)}</p>
            </Show>
            <form class="new-recovery-codes" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                make.run(NewRecoveryCodes { pin: codes_pin.get_untracked() });
            } novalidate>
                <TextField id="recovery_pin" label=tr!(documents.pin) value=codes_pin kind="password"
                    autocomplete="off" required=true error=field_error(make.error, "pin") />
                <SubmitButton label=tr!(second_factor.recovery_make) busy_label=tr!(saving) busy=make.busy() />
            </form>
        </section>
    }
}
