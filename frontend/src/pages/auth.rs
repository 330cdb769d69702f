//! Screens for signed-out visitors: login, forgotten password, and choosing a password
//! from an invitation or reset link.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use loket_api_types::ErrorCode;
use loket_api_types::auth::{
    AcceptInvitationRequest, LoginRequest, PasswordResetConfirm, PasswordResetRequest, SecondFactorRequired, TokenInfo,
};

use crate::api::{self, ApiError, LoginOutcome};
use crate::app::mark_first_screen;
use crate::components::form::{FormMessage, SubmitButton, TextField, field_error, form_error};
use crate::components::load::{Load, Loaded, Submit, load};
use crate::components::shell::LanguageSwitch;
use crate::components::states::error_message;
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::pages::sign_in_code::SecondStep;
use crate::session::{SessionState, use_session};

/// Only local paths are followed after login, never another site.
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/login"))
        .unwrap_or_else(|| "/overview".to_owned())
}

#[component]
pub(crate) fn AuthFrame(children: Children) -> impl IntoView {
    view! {
        <main class="auth">
            <div class="auth-top"><LanguageSwitch /></div>
            <div class="card narrow">
                <p class="brand-large">{tr!(app_name)}</p>
                <p class="muted">{tr!(tagline)}</p>
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
    let challenge = RwSignal::new(None::<SecondFactorRequired>);
    let login = Submit::new(
        move |request: LoginRequest| async move { api::login(&request).await },
        move |outcome| match outcome {
            LoginOutcome::SignedIn(response) => session.accept(response),
            LoginOutcome::SecondFactor(asked) => {
                password.set(String::new());
                challenge.set(Some(asked));
            }
        },
    );
    let error = login.error;

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
        if !login.busy().get_untracked() {
            login.run(LoginRequest { email: email.get_untracked(), password: password.get_untracked() });
        }
    };

    view! {
        <AuthFrame>
            <PageTitle text=tr!(login.title) />
            <Show when=expired>
                <div class="alert alert-info" role="status">{tr!(login.session_ended)}</div>
            </Show>
            <Show when=move || challenge.get().is_none()
                fallback=move || view! { <SecondStep asked=challenge /> }>
                <FormMessage error=message />
                <form on:submit=submit novalidate>
                    <TextField id="email" label=tr!(login.email) value=email kind="email" autocomplete="username" required=true error=field_error(error, "email") />
                    <TextField id="password" label=tr!(login.password) value=password kind="password" autocomplete="current-password" required=true error=field_error(error, "password") />
                    <SubmitButton label=tr!(login.submit) busy_label=tr!(login.submitting) busy=login.busy() />
                </form>
            </Show>
            <p class="below-form"><A href="/forgot-password">{tr!(login.forgot)}</A></p>
            <p class="below-form"><A href="/access">{tr!(login.no_login)}</A></p>
        </AuthFrame>
    }
}

#[component]
pub fn ForgotPassword() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let request = Submit::new(
        move |request: PasswordResetRequest| async move { api::request_password_reset(&request).await },
        move |()| sent.set(true),
    );
    let error = request.error;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        request.run(PasswordResetRequest { email: email.get_untracked() });
    };
    let message = form_error(error);
    view! {
        <AuthFrame>
            <PageTitle text=tr!(forgot.title) />
            <Show
                when=move || sent.get()
                fallback=move || {
                    view! {
                        <p>{tr!(forgot.intro)}</p>
                        <FormMessage error=message />
                        <form on:submit=submit novalidate>
                            <TextField id="email" label=tr!(login.email) value=email kind="email" autocomplete="username" required=true error=field_error(error, "email") />
                            <SubmitButton label=tr!(forgot.submit) busy_label=tr!(saving) busy=request.busy() />
                        </form>
                    }
                }
            >
                <div class="alert alert-success" role="status">{tr!(forgot.sent)}</div>
            </Show>
            <p class="below-form"><A href="/login">{tr!(forgot.back)}</A></p>
        </AuthFrame>
    }
}

pub(crate) fn token_from_hash() -> String {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    hash.trim_start_matches('#').split('&').find_map(|pair| pair.strip_prefix("token=")).unwrap_or_default().to_owned()
}

/// Choosing a password from an invitation (`/welcome#token=…`) or reset link
/// (`/reset-password#token=…`).
#[component]
pub fn SetPassword(invitation: bool) -> impl IntoView {
    let i18n = use_i18n();
    let token = token_from_hash();
    // The link's outcome is the content: an unusable link is an answer, not a load error.
    let info: Load<Result<TokenInfo, ApiError>> = {
        let token = token.clone();
        load(move || {
            let token = token.clone();
            async move { Ok(api::inspect_link(invitation, &token).await) }
        })
    };
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let mismatch = RwSignal::new(false);
    let set = Submit::new(
        move |(token, password): (String, String)| async move {
            if invitation {
                api::accept_invitation(&AcceptInvitationRequest { token, password }).await
            } else {
                api::confirm_password_reset(&PasswordResetConfirm { token, password }).await
            }
        },
        move |()| done.set(true),
    );
    let error = set.error;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        mismatch.set(password.get_untracked() != repeat.get_untracked());
        if !mismatch.get_untracked() {
            set.run((token.clone(), password.get_untracked()));
        }
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
            <Loaded resource=info let:found>
            {match found {
                // A used, expired or mistyped link: say so and offer a new one.
                Err(_) => view! {
                    <div class="alert alert-error" role="alert">{tr!(set_password.invalid)}</div>
                    <p class="below-form"><A href="/forgot-password">{tr!(login.forgot)}</A></p>
                }.into_any(),
                Ok(found) => view! {
                    <Show when=move || done.get() fallback={ let submit = submit.clone(); move || view! {
                    <p>{t!(i18n, set_password.for_user, name = found.name.clone(), email = found.email.clone(), organisation = found.organisation_name.clone())}</p>
                    <FormMessage error=form_error />
                    <form on:submit=submit.clone() novalidate>
                        <input type="email" autocomplete="username" value=found.email.clone() hidden readonly />
                        <TextField id="password" label=tr!(set_password.password) value=password kind="password" autocomplete="new-password" required=true error=field_error(error, "password") hint=tr!(set_password.hint) />
                        <TextField id="repeat" label=tr!(set_password.repeat) value=repeat kind="password" autocomplete="new-password" required=true error=repeat_error />
                        <SubmitButton label=tr!(set_password.submit) busy_label=tr!(saving) busy=set.busy() />
                    </form>
                    } }>
                        <div class="alert alert-success" role="status">{tr!(set_password.done)}</div>
                        <A href="/login" attr:class="button primary">{tr!(set_password.to_login)}</A>
                    </Show>
                }.into_any(),
            }}
            </Loaded>
        </AuthFrame>
    }
}
