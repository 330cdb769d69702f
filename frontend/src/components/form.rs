//! Form fields that show the server's validation message next to the right input.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::components::states::error_message;
use crate::i18n::*;

/// The error of the last submission, for looking up per-field messages.
pub type SubmitError = RwSignal<Option<ApiError>>;

/// The message for `field` in the last submission: translated when the server's error
/// code is one the app knows, otherwise the server's own text.
/// `field` may change (a row's position in the last request, say).
pub fn field_error(
    error: impl Into<Signal<Option<ApiError>>>,
    field: impl Into<Signal<String>>,
) -> Signal<Option<String>> {
    let i18n = use_i18n();
    let error = error.into();
    let field: Signal<String> = field.into();
    Signal::derive(move || {
        let error = error.get()?;
        let problem = error.problem.as_ref()?;
        let field = field.get();
        let found = problem.errors.iter().find(|e| e.field == field)?;
        let translated = match (field.as_str(), found.code.as_str()) {
            (_, "email") => Some(t_string!(i18n, fe.email).to_string()),
            (_, "taken") => Some(t_string!(i18n, fe.taken).to_string()),
            (_, "too_common") => Some(t_string!(i18n, fe.too_common).to_string()),
            (_, "contains_email") => Some(t_string!(i18n, fe.contains_email).to_string()),
            (_, "phone") => Some(t_string!(i18n, fe.phone).to_string()),
            (_, "coc_number") => Some(t_string!(i18n, fe.coc).to_string()),
            (_, "vat_number") => Some(t_string!(i18n, fe.vat).to_string()),
            (_, "invalid_credentials") => Some(t_string!(i18n, fe.current_password).to_string()),
            ("password" | "new_password", "length") => Some(t_string!(i18n, fe.password_length).to_string()),
            (_, "overlap") => Some(t_string!(i18n, fe.overlap).to_string()),
            (_, "never_open") => Some(t_string!(i18n, fe.never_open).to_string()),
            (_, "span_order") => Some(t_string!(i18n, fe.span_order).to_string()),
            (_, "target_range") => Some(t_string!(i18n, fe.target_range).to_string()),
            (_, "first_after_resolution") => Some(t_string!(i18n, fe.first_after_resolution).to_string()),
            (_, "postcode") => Some(t_string!(i18n, fe.postcode).to_string()),
            (_, "country") => Some(t_string!(i18n, fe.country).to_string()),
            (_, "required") => Some(t_string!(i18n, fe.required).to_string()),
            ("pin", "invalid") => Some(t_string!(i18n, fe.pin_invalid).to_string()),
            ("pin", "not_set") => Some(t_string!(i18n, fe.pin_not_set).to_string()),
            ("pin", "wrong_pin") => Some(t_string!(i18n, fe.wrong_pin).to_string()),
            ("sms_code" | "code", "invalid") => Some(t_string!(i18n, fe.code_invalid).to_string()),
            (_, "wrong_code") => Some(t_string!(i18n, fe.wrong_code).to_string()),
            (_, "expired") => Some(t_string!(i18n, fe.code_expired).to_string()),
            (_, "used") => Some(t_string!(i18n, fe.code_used).to_string()),
            (_, "too_many_attempts") => Some(t_string!(i18n, fe.code_tries).to_string()),
            (_, "not_sent") => Some(t_string!(i18n, fe.code_not_sent).to_string()),
            ("mobile", "invalid") => Some(t_string!(i18n, fe.mobile).to_string()),
            (_, "repeated") => Some(t_string!(i18n, fe.repeated).to_string()),
            (_, "has_users") => Some(t_string!(i18n, fe.has_users).to_string()),
            (_, "one_of") => Some(t_string!(i18n, fe.one_confirmation).to_string()),
            _ => None,
        };
        Some(translated.unwrap_or_else(|| found.message.clone()))
    })
}

/// The banner text for the last submission's error.
pub fn form_error(error: impl Into<Signal<Option<ApiError>>>) -> Signal<Option<String>> {
    let i18n = use_i18n();
    let error = error.into();
    Signal::derive(move || error.get().map(|e| error_message(i18n, &e)))
}

#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{move || label.get()}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            <input
                id=id.clone()
                name=id.clone()
                type=kind
                autocomplete=autocomplete
                required=required
                disabled=move || disabled.get()
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
                bind:value=value
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{move || hint.get()}</p> })}
            <p class="error" id=error_id.clone() role="alert">{move || error.get().unwrap_or_default()}</p>
        </div>
    }
}

#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    /// (value, label) pairs.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{move || label.get()}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            <select
                id=id.clone()
                name=id.clone()
                required=required
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=error_id.clone()
                on:change:target=move |ev| value.set(ev.target().value())
                prop:value=move || value.get()
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(option, text)| {
                            let selected = option == value.get_untracked();
                            view! { <option value=option selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <p class="error" id=error_id.clone() role="alert">{move || error.get().unwrap_or_default()}</p>
        </div>
    }
}

/// A multi-line text field, labelled and described like [`TextField`].
#[component]
pub fn TextAreaField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional)] required: bool,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || if hint.is_some() { format!("{hint_id} {error_id}") } else { error_id.clone() }
    };
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{move || label.get()}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            <textarea
                id=id.clone()
                name=id.clone()
                rows=rows
                required=required
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
                bind:value=value
            ></textarea>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{move || hint.get()}</p> })}
            <p class="error" id=error_id.clone() role="alert">{move || error.get().unwrap_or_default()}</p>
        </div>
    }
}

#[component]
pub fn CheckboxField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    checked: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <div class="field checkbox">
            <input id=id.clone() name=id.clone() type="checkbox" bind:checked=checked />
            <label for=id>{move || label.get()}</label>
        </div>
    }
}

/// A banner with the form-level error or success message. The error is announced
/// (`role="alert"`) and focus moves to the first field the server rejected, or to the
/// banner when no single field is at fault, so keyboard and screen-reader users land
/// where the problem is.
#[component]
pub fn FormMessage(
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] success: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let success = success.unwrap_or_else(|| Signal::derive(|| None));
    let banner = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if error.get().is_some() {
            // After the banner and the fields' `aria-invalid` are on the page.
            request_animation_frame(move || focus_problem(banner));
        }
    });
    view! {
        <Show when=move || error.get().is_some()>
            <div node_ref=banner class="alert alert-error" role="alert" tabindex="-1">{move || error.get().unwrap_or_default()}</div>
        </Show>
        <Show when=move || success.get().is_some()>
            <div class="alert alert-success" role="status">{move || success.get().unwrap_or_default()}</div>
        </Show>
    }
}

/// Focuses the first invalid field next to `banner` (in the same card or page), else
/// the banner itself.
fn focus_problem(banner: NodeRef<Div>) {
    let Some(banner) = banner.get_untracked() else { return };
    let field = banner
        .parent_element()
        .and_then(|scope| scope.query_selector("[aria-invalid=\"true\"]").ok().flatten())
        .and_then(|field| field.dyn_into::<web_sys::HtmlElement>().ok());
    let _ = match field {
        Some(field) => field.focus(),
        None => banner.focus(),
    };
}

/// A submit button that shows progress and cannot be pressed twice.
#[component]
pub fn SubmitButton(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] busy_label: Signal<String>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <button type="submit" class="button primary" disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
            <Show when=move || busy.get()>
                <span class="spinner small" aria-hidden="true"></span>
            </Show>
            {move || if busy.get() { busy_label.get() } else { label.get() }}
        </button>
    }
}

/// A required file input: its label, the chosen file in `file`, and its error — "required"
/// once `missing` is set (the form was sent without a file), otherwise the server's
/// message for `field`.
#[component]
pub fn FileField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    file: RwSignal<Option<web_sys::File>, LocalStorage>,
    missing: RwSignal<bool>,
    error: SubmitError,
    #[prop(default = "file")] field: &'static str,
    #[prop(optional)] accept: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let server = field_error(error, field);
    let shown =
        Signal::derive(
            move || {
                if missing.get() { Some(t_string!(i18n, fe.required).to_string()) } else { server.get() }
            },
        );
    let pick = move |ev: leptos::ev::Event| {
        let chosen = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|list| list.get(0));
        missing.set(false);
        file.set(chosen);
    };
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || shown.get().is_some()>
            <label for=id.clone()>{move || label.get()}<span class="required" aria-hidden="true">" *"</span></label>
            <input id=id.clone() type="file" accept=accept on:change=pick aria-describedby=error_id.clone()
                aria-invalid=move || if shown.get().is_some() { "true" } else { "false" } />
            <p class="error" id=error_id.clone() role="alert">{move || shown.get().unwrap_or_default()}</p>
        </div>
    }
}
