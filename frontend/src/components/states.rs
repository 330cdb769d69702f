//! Loading, empty and error states for everything that loads.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="state state-loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {tr!(loading)}
        </div>
    }
}

#[component]
pub fn Empty(#[prop(into)] message: Signal<String>) -> impl IntoView {
    view! { <div class="state state-empty">{move || message.get()}</div> }
}

/// A failed load with a retry button.
#[component]
pub fn LoadError(error: ApiError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        if error.is_network() {
            t_string!(i18n, error_network).to_string()
        } else {
            error.detail().unwrap_or_else(|| t_string!(i18n, error_load).to_string())
        }
    };
    view! {
        <div class="state state-error" role="alert">
            <p>{message}</p>
            <button type="button" class="button secondary" on:click=move |_| retry.run(())>{tr!(retry)}</button>
        </div>
    }
}

/// The message for a failed form submission, translated where the code is known.
pub fn error_message(i18n: I18nContext<Locale>, error: &ApiError) -> String {
    use loket_api_types::ErrorCode;
    if error.is_network() {
        return t_string!(i18n, error_network).to_string();
    }
    match error.code() {
        Some(ErrorCode::ValidationFailed) => t_string!(i18n, error_fields).to_string(),
        Some(ErrorCode::PreconditionFailed) => t_string!(i18n, error_conflict).to_string(),
        Some(ErrorCode::Forbidden) => t_string!(i18n, error_forbidden).to_string(),
        Some(ErrorCode::FileTypeNotAccepted) => t_string!(i18n, error_file_type).to_string(),
        Some(ErrorCode::PayloadTooLarge) => t_string!(i18n, error_too_large).to_string(),
        _ => error.detail().unwrap_or_else(|| t_string!(i18n, error_generic).to_string()),
    }
}
