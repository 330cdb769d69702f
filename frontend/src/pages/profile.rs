//! The signed-in user's profile: name, phone, language, password.

use leptos::prelude::*;
use leptos::task::spawn_local;
use loket_api_types::Language;
use loket_api_types::me::{ChangePasswordRequest, UpdateMeRequest};

use crate::api;
use crate::components::form::{
    FormMessage, SelectField, SubmitButton, SubmitError, TextField, field_error, form_error,
};
use crate::components::labels::{self, locale_of};
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::session::use_session;

fn language_value(language: Language) -> String {
    language.as_str().to_owned()
}

#[component]
pub fn Profile() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = session.me();
    let name = RwSignal::new(me.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    let phone = RwSignal::new(me.as_ref().and_then(|m| m.phone.clone()).unwrap_or_default());
    let language = RwSignal::new(me.as_ref().map(|m| language_value(m.language)).unwrap_or_default());
    let email = me.as_ref().map(|m| m.email.clone()).unwrap_or_default();
    let busy = RwSignal::new(false);
    let error: SubmitError = RwSignal::new(None);
    let saved = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        saved.set(false);
        let request = UpdateMeRequest {
            name: Some(name.get_untracked()),
            phone: Some(phone.get_untracked()),
            language: Language::parse(&language.get_untracked()),
        };
        spawn_local(async move {
            match api::update_me(session, &request).await {
                Ok(updated) => {
                    i18n.set_locale(locale_of(updated.language));
                    session.update_me(updated);
                    saved.set(true);
                }
                Err(failure) => error.set(Some(failure)),
            }
            busy.set(false);
        });
    };
    let languages = Signal::derive(move || {
        Language::ALL.iter().map(|l| (language_value(*l), labels::language(i18n, *l))).collect::<Vec<_>>()
    });
    let form_error = form_error(error);
    let saved_text = Signal::derive(move || saved.get().then(|| t_string!(i18n, saved).to_string()));

    view! {
        <PageTitle text=move || t_string!(i18n, profile.title).to_string() />
        <section class="card">
            <h2>{t!(i18n, profile.details)}</h2>
            <FormMessage error=form_error success=saved_text />
            <form on:submit=save novalidate>
                <div class="field">
                    <label for="profile-email">{t!(i18n, profile.email)}</label>
                    <input id="profile-email" type="email" value=email readonly />
                </div>
                <TextField id="name" label=Signal::derive(move || t_string!(i18n, profile.name).to_string()) value=name autocomplete="name" required=true error=field_error(error, "name") />
                <TextField id="phone" label=Signal::derive(move || t_string!(i18n, profile.phone).to_string()) value=phone kind="tel" autocomplete="tel" error=field_error(error, "phone") />
                <SelectField id="language" label=Signal::derive(move || t_string!(i18n, profile.language).to_string()) value=language options=languages />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, save).to_string()) busy_label=Signal::derive(move || t_string!(i18n, saving).to_string()) busy=busy />
            </form>
        </section>
        <ChangePassword />
    }
}

#[component]
fn ChangePassword() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error: SubmitError = RwSignal::new(None);
    let done = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        done.set(false);
        let request =
            ChangePasswordRequest { current_password: current.get_untracked(), new_password: new.get_untracked() };
        spawn_local(async move {
            match api::change_password(session, &request).await {
                Ok(()) => {
                    done.set(true);
                    current.set(String::new());
                    new.set(String::new());
                }
                Err(failure) => error.set(Some(failure)),
            }
            busy.set(false);
        });
    };
    let form_error = form_error(error);
    let done_text = Signal::derive(move || done.get().then(|| t_string!(i18n, profile.password_changed).to_string()));
    view! {
        <section class="card">
            <h2>{t!(i18n, profile.password_title)}</h2>
            <FormMessage error=form_error success=done_text />
            <form on:submit=submit novalidate>
                <TextField id="current_password" label=Signal::derive(move || t_string!(i18n, profile.current_password).to_string()) value=current kind="password" autocomplete="current-password" required=true error=field_error(error, "current_password") />
                <TextField id="new_password" label=Signal::derive(move || t_string!(i18n, profile.new_password).to_string()) value=new kind="password" autocomplete="new-password" required=true error=field_error(error, "new_password") hint=Signal::derive(move || t_string!(i18n, set_password.hint).to_string()) />
                <SubmitButton label=Signal::derive(move || t_string!(i18n, profile.change_password).to_string()) busy_label=Signal::derive(move || t_string!(i18n, saving).to_string()) busy=busy />
            </form>
        </section>
    }
}
