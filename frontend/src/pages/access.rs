//! "I have no login yet" (seed 003): asking for access with the customer number on an
//! invoice, and confirming the address from the e-mailed link. Signed out.

use leptos::prelude::*;
use leptos_router::components::A;
use loket_api_types::ErrorCode;
use loket_api_types::access_requests::{AccessRequestReceived, ConfirmAccessRequest, CreateAccessRequest};

use crate::api::{self, ApiError};
use crate::components::form::{FormMessage, SubmitButton, TextField, field_error, form_error};
use crate::components::labels::language_of;
use crate::components::load::{Load, Loaded, Submit, load};
use crate::components::states::error_message;
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::pages::auth::{AuthFrame, token_from_hash};

#[component]
pub fn RequestAccess() -> impl IntoView {
    let i18n = use_i18n();
    let number = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let request = Submit::new(
        move |request: CreateAccessRequest| async move { api::access::request_access(&request).await },
        move |_: AccessRequestReceived| sent.set(true),
    );
    let error = request.error;
    let generic = form_error(error);
    let message = Signal::derive(move || match error.get() {
        Some(e) if e.code() == Some(ErrorCode::TooManyRequests) => {
            Some(t_string!(i18n, access.throttled, seconds = e.retry_after.unwrap_or(60)).to_string())
        }
        _ => generic.get(),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        request.run(CreateAccessRequest {
            // Typed off an invoice, perhaps with spaces: the number has none.
            customer_number: number.get_untracked().split_whitespace().collect(),
            email: email.get_untracked(),
            name: name.get_untracked(),
            language: Some(language_of(i18n.get_locale_untracked())),
        });
    };
    view! {
        <AuthFrame>
            <PageTitle text=tr!(access.title) />
            <Show
                when=move || sent.get()
                fallback=move || view! {
                    <p>{tr!(access.intro)}</p>
                    <FormMessage error=message />
                    <form on:submit=submit novalidate>
                        <TextField id="customer-number" label=tr!(access.customer_number) value=number required=true autocomplete="off" error=field_error(error, "customer_number") hint=tr!(access.customer_number_hint) />
                        <TextField id="name" label=tr!(access.name) value=name required=true autocomplete="name" error=field_error(error, "name") />
                        <TextField id="email" label=tr!(login.email) value=email kind="email" autocomplete="email" required=true error=field_error(error, "email") />
                        <SubmitButton label=tr!(access.submit) busy_label=tr!(saving) busy=request.busy() />
                    </form>
                }
            >
                <div class="alert alert-success" role="status">{tr!(access.sent)}</div>
            </Show>
            <p class="below-form"><A href="/login">{tr!(forgot.back)}</A></p>
        </AuthFrame>
    }
}

/// The link from the confirmation e-mail (`/access/confirm#token=…`): confirms on opening.
#[component]
pub fn ConfirmAccess() -> impl IntoView {
    let i18n = use_i18n();
    let token = token_from_hash();
    // The link's outcome is the content: an unusable link is an answer, not a load error.
    let outcome: Load<Result<AccessRequestReceived, ApiError>> = load(move || {
        let request = ConfirmAccessRequest { token: token.clone() };
        async move { Ok(api::access::confirm_access(&request).await) }
    });
    view! {
        <AuthFrame>
            <PageTitle text=tr!(access.confirm_title) />
            <Loaded resource=outcome let:found>
                {match found {
                    Ok(_) => view! { <div class="alert alert-success" role="status">{tr!(access.confirmed)}</div> }.into_any(),
                    Err(error) if error.code() == Some(ErrorCode::InvalidToken) => view! {
                        <div class="alert alert-error" role="alert">{tr!(access.invalid)}</div>
                        <p class="below-form"><A href="/access">{tr!(access.again)}</A></p>
                    }.into_any(),
                    Err(error) => view! { <div class="alert alert-error" role="alert">{error_message(i18n, &error)}</div> }.into_any(),
                }}
            </Loaded>
            <p class="below-form"><A href="/login">{tr!(forgot.back)}</A></p>
        </AuthFrame>
    }
}
