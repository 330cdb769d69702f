//! Screens for signed-out visitors: login, forgotten password, and choosing a password
//! from an invitation or reset link.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use loket_api_types::ErrorCode;
use loket_api_types::auth::{
    AcceptInvitationRequest, LoginRequest, PasswordResetConfirm, PasswordResetRequest, TokenInfo,
};

use crate::api::{self, ApiError};
use crate::app::mark_first_screen;
use crate::components::form::{FormMessage, SubmitButton, SubmitError, TextField, field_error, form_error};
use crate::components::shell::LanguageSwitch;
use crate::components::states::{Loading, error_message};
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::session::{SessionState, use_session};

/// Only local paths are followed after login, never another site.
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/login"))
        .unwrap_or_else(|| "/overview".to_owned())
}

#[component]
fn AuthFrame(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main class="auth">
            <div class="auth-top"><LanguageSwitch /></div>
            <div class="card narrow">
                <p class="brand-large">{t!(i18n, app_name)}</p>
                <p class="muted">{t!(i18n, tagline)}</p>
                {children()}
            </div>
        </main>
    }
}

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error: SubmitError = RwSignal::new(None);

    // Signed in already (or just now): continue where the visitor wanted to go.
    let go_on = navigate.clone();
    Effect::new(move |_| {
        if matches!(session.state.get(), SessionState::SignedIn(_)) {
            go_on(&safe_next(query.get_untracked().get("next")), Default::default());
        }
    });
    Effect::new(move |_| mark_first_screen());

    let message = Signal::derive(move || {
        let error = error.get()?;
        Some(match error.code() {
            Some(ErrorCode::InvalidCredentials) => t_string!(i18n, login.invalid).to_string(),
            Some(ErrorCode::AccountDisabled) => t_string!(i18n, login.disabled).to_string(),
            Some(ErrorCode::TooManyRequests) => {
                t_string!(i18n, login.throttled, seconds = error.retry_after.unwrap_or(1)).to_string()
            }
            _ => error_message(i18n, &error),
        })
    });
    let expired = move || query.get().get("expired").is_some() && error.get().is_none();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let request = LoginRequest { email: email.get_untracked(), password: password.get_untracked() };
        spawn_local(async move {
            match api::login(&request).await {
                Ok(response) => session.accept(response),
                Err(failure) => error.set(Some(failure)),
            }
            busy.set(false);
        });
    };

    view! {
        <AuthFrame>
            <PageTitle text=move || t_string!(i18n, login.title).to_string() />
            <Show when=expired>
                <div class="alert alert-info" role="status">{t!(i18n, login.session_ended)}</div>
            </Show>
            <FormMessage error=message />
            <form on:submit=submit novalidate>
                <TextField id="email" label=Signal::derive(move || t_string!(i18n, login.email).to_string()) value=email kind="email" autocomplete="username" required=true error=field_error(error, "email") />
                <TextField id="password" label=Signal::derive(move || t_string!(i18n, login.password).to_string()) value=password kind="password" autocomplete="current-password" required=true error=field_error(error, "password") />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, login.submit).to_string()) busy_label=Signal::derive(move || t_string!(i18n, login.submitting).to_string()) busy=busy />
            </form>
            <p class="below-form"><A href="/forgot-password">{t!(i18n, login.forgot)}</A></p>
        </AuthFrame>
    }
}

#[component]
pub fn ForgotPassword() -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error: SubmitError = RwSignal::new(None);
    let sent = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let request = PasswordResetRequest { email: email.get_untracked() };
        spawn_local(async move {
            match api::request_password_reset(&request).await {
                Ok(()) => sent.set(true),
                Err(failure) => error.set(Some(failure)),
            }
            busy.set(false);
        });
    };
    let message = form_error(error);
    view! {
        <AuthFrame>
            <PageTitle text=move || t_string!(i18n, forgot.title).to_string() />
            <Show
                when=move || sent.get()
                fallback=move || {
                    view! {
                        <p>{t!(i18n, forgot.intro)}</p>
                        <FormMessage error=message />
                        <form on:submit=submit novalidate>
                            <TextField id="email" label=Signal::derive(move || t_string!(i18n, login.email).to_string()) value=email kind="email" autocomplete="username" required=true error=field_error(error, "email") />
                            <SubmitButton label=Signal::derive(move || t_string!(i18n, forgot.submit).to_string()) busy_label=Signal::derive(move || t_string!(i18n, saving).to_string()) busy=busy />
                        </form>
                    }
                }
            >
                <div class="alert alert-success" role="status">{t!(i18n, forgot.sent)}</div>
            </Show>
            <p class="below-form"><A href="/login">{t!(i18n, forgot.back)}</A></p>
        </AuthFrame>
    }
}

fn token_from_hash() -> String {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    hash.trim_start_matches('#').split('&').find_map(|pair| pair.strip_prefix("token=")).unwrap_or_default().to_owned()
}

/// Choosing a password from an invitation (`/welcome#token=…`) or reset link
/// (`/reset-password#token=…`).
#[component]
pub fn SetPassword(invitation: bool) -> impl IntoView {
    let i18n = use_i18n();
    let token = token_from_hash();
    let info: RwSignal<Option<Result<TokenInfo, ApiError>>> = RwSignal::new(None);
    {
        let token = token.clone();
        spawn_local(async move { info.set(Some(api::inspect_link(invitation, &token).await)) });
    }
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let error: SubmitError = RwSignal::new(None);
    let mismatch = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        mismatch.set(password.get_untracked() != repeat.get_untracked());
        if mismatch.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let token = token.clone();
        let chosen = password.get_untracked();
        spawn_local(async move {
            let result = if invitation {
                api::accept_invitation(&AcceptInvitationRequest { token, password: chosen }).await
            } else {
                api::confirm_password_reset(&PasswordResetConfirm { token, password: chosen }).await
            };
            match result {
                Ok(()) => done.set(true),
                Err(failure) => error.set(Some(failure)),
            }
            busy.set(false);
        });
    };
    let title = move || {
        if invitation { t_string!(i18n, set_password.welcome_title) } else { t_string!(i18n, set_password.reset_title) }
    };
    let repeat_error =
        Signal::derive(move || mismatch.get().then(|| t_string!(i18n, set_password.mismatch).to_string()));
    let form_error = Signal::derive(move || {
        error.get().filter(|e| e.field("password").is_none()).map(|e| match e.code() {
            Some(ErrorCode::InvalidToken) => t_string!(i18n, set_password.invalid).to_string(),
            _ => error_message(i18n, &e),
        })
    });
    view! {
        <AuthFrame>
            <PageTitle text=move || title().to_string() />
            {move || match info.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(_)) => view! {
                    <div class="alert alert-error" role="alert">{t!(i18n, set_password.invalid)}</div>
                    <p class="below-form"><A href="/forgot-password">{t!(i18n, login.forgot)}</A></p>
                }.into_any(),
                Some(Ok(found)) if done.get() => {
                    let _ = found;
                    view! {
                        <div class="alert alert-success" role="status">{t!(i18n, set_password.done)}</div>
                        <A href="/login" attr:class="button primary">{t!(i18n, set_password.to_login)}</A>
                    }.into_any()
                }
                Some(Ok(found)) => view! {
                    <p>{t!(i18n, set_password.for_user, name = found.name.clone(), email = found.email.clone(), organisation = found.organisation_name.clone())}</p>
                    <FormMessage error=form_error />
                    <form on:submit=submit.clone() novalidate>
                        <input type="email" autocomplete="username" value=found.email.clone() hidden readonly />
                        <TextField id="password" label=Signal::derive(move || t_string!(i18n, set_password.password).to_string()) value=password kind="password" autocomplete="new-password" required=true error=field_error(error, "password") hint=Signal::derive(move || t_string!(i18n, set_password.hint).to_string()) />
                        <TextField id="repeat" label=Signal::derive(move || t_string!(i18n, set_password.repeat).to_string()) value=repeat kind="password" autocomplete="new-password" required=true error=repeat_error />
                        <SubmitButton label=Signal::derive(move || t_string!(i18n, set_password.submit).to_string()) busy_label=Signal::derive(move || t_string!(i18n, saving).to_string()) busy=busy />
                    </form>
                }.into_any(),
            }}
        </AuthFrame>
    }
}
