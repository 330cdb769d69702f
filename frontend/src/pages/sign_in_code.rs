//! The second step of signing in, for accounts that sign in with a code by SMS: the code
//! from the message (or a new one after a minute), or one of the user's recovery codes.

use leptos::prelude::*;
use loket_api_types::ErrorCode;
use loket_api_types::auth::{ResendSignInCode, SecondFactorLogin, SecondFactorRequired};
use loket_api_types::mobile::CodeSent;

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, TextField, field_error};
use crate::components::load::Submit;
use crate::components::states::error_message;
use crate::i18n::*;
use crate::session::use_session;

#[component]
pub fn SecondStep(asked: RwSignal<Option<SecondFactorRequired>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let code = RwSignal::new(String::new());
    let recovery = RwSignal::new(false);
    let resent = RwSignal::new(None::<String>);
    let challenge = move || asked.get_untracked().map(|a| a.challenge).unwrap_or_default();
    let finish = Submit::new(
        move |request: SecondFactorLogin| async move { api::complete_sign_in(&request).await },
        move |response| session.accept(response),
    );
    let resend = Submit::new(
        move |request: ResendSignInCode| async move { api::resend_sign_in_code(&request).await },
        move |sent: CodeSent| resent.set(Some(format!("{} {}", t_string!(i18n, login.code_resent), sent.sent_to))),
    );
    let message = Signal::derive(move || {
        let error = finish.error.get().or_else(|| resend.error.get())?;
        Some(match error.code() {
            // The challenge ended: back to the password.
            Some(ErrorCode::InvalidToken) => t_string!(i18n, login.code_challenge_ended).to_string(),
            Some(ErrorCode::TooManyRequests) => {
                t_string!(i18n, login.throttled, seconds = error.retry_after.unwrap_or(1)).to_string()
            }
            Some(ErrorCode::ValidationFailed) => return None,
            _ => error_message(i18n, &error),
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = Some(code.get_untracked());
        let (code, recovery_code) = if recovery.get_untracked() { (None, typed) } else { (typed, None) };
        finish.run(SecondFactorLogin { challenge: challenge(), code, recovery_code });
    };
    let sent_to = move || asked.get().map(|a| a.sent_to).unwrap_or_default();
    view! {
        <h1 class="second-step-title">{tr!(login.code_title)}</h1>
        <p class="hint" role="status">{move || format!("{} {}", t_string!(i18n, login.code_sent_to), sent_to())}</p>
        <FormMessage error=message success=resent />
        <form class="second-step" on:submit=submit novalidate>
            <Show when=move || !recovery.get()
                fallback=move || view! {
                    <TextField id="recovery-code" label=tr!(login.recovery_code) value=code autocomplete="off"
                        required=true error=field_error(finish.error, "recovery_code") />
                }>
                <TextField id="sign-in-code" label=tr!(login.code) value=code autocomplete="one-time-code"
                    required=true error=field_error(finish.error, "code") />
            </Show>
            <SubmitButton label=tr!(login.submit) busy_label=tr!(login.submitting) busy=finish.busy() />
        </form>
        <p class="below-form">
            <button type="button" class="link resend-code" disabled=move || resend.busy().get()
                on:click=move |_| resend.run(ResendSignInCode { challenge: challenge() })>{tr!(login.code_resend)}</button>
        </p>
        <p class="below-form">
            <button type="button" class="link use-recovery" on:click=move |_| {
                code.set(String::new());
                recovery.update(|r| *r = !*r);
            }>
                {move || if recovery.get() { t_string!(i18n, login.use_code) } else { t_string!(i18n, login.use_recovery) }}
            </button>
        </p>
        <p class="below-form">
            <button type="button" class="link" on:click=move |_| asked.set(None)>{tr!(login.code_back)}</button>
        </p>
    }
}
