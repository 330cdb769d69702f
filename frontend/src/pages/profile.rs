//! The signed-in user's profile: name, phone, language, password.

use leptos::prelude::*;
use leptos_router::components::A;
use loket_api_types::Language;
use loket_api_types::me::{ChangePasswordRequest, Me, UpdateMeRequest};

use crate::api;
use crate::components::form::{FormMessage, SelectField, SubmitButton, TextField, field_error, form_error};
use crate::components::labels::{self, locale_of};
use crate::components::load::Submit;
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
    let saved = RwSignal::new(false);
    let update = Submit::new(
        move |request: UpdateMeRequest| async move { api::update_me(session, &request).await },
        move |updated: Me| {
            i18n.set_locale(locale_of(updated.language));
            session.update_me(updated);
            saved.set(true);
        },
    );
    let error = update.error;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let request = UpdateMeRequest {
            name: Some(name.get_untracked()),
            phone: Some(phone.get_untracked()),
            language: Language::parse(&language.get_untracked()),
        };
        update.run(request);
    };
    let languages = Signal::derive(move || {
        Language::ALL.iter().map(|l| (language_value(*l), labels::language(i18n, *l))).collect::<Vec<_>>()
    });
    let form_error = form_error(error);
    let saved_text = Signal::derive(move || saved.get().then(|| t_string!(i18n, saved).to_string()));

    view! {
        <PageTitle text=tr!(profile.title) />
        <section class="card">
            <h2>{tr!(profile.details)}</h2>
            <FormMessage error=form_error success=saved_text />
            <form on:submit=save novalidate>
                <div class="field">
                    <label for="profile-email">{tr!(profile.email)}</label>
                    <input id="profile-email" type="email" value=email readonly />
                </div>
                <TextField id="name" label=tr!(profile.name) value=name autocomplete="name" required=true error=field_error(error, "name") />
                <TextField id="phone" label=tr!(profile.phone) value=phone kind="tel" autocomplete="tel" error=field_error(error, "phone") />
                <SelectField id="language" label=tr!(profile.language) value=language options=languages />
                <SubmitButton label=tr!(save) busy_label=tr!(saving) busy=update.busy() />
            </form>
        </section>
        <ChangePassword />
        <section class="card">
            <h2>{tr!(second_factor.page_title)}</h2>
            <p class="hint">{tr!(second_factor.page_intro)}</p>
            <A href="/security">{tr!(second_factor.page_link)}</A>
        </section>
    }
}

#[component]
fn ChangePassword() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let change = Submit::new(
        move |request: ChangePasswordRequest| async move { api::change_password(session, &request).await },
        move |()| {
            done.set(true);
            current.set(String::new());
            new.set(String::new());
        },
    );
    let error = change.error;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        change.run(ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        });
    };
    let form_error = form_error(error);
    let done_text = Signal::derive(move || done.get().then(|| t_string!(i18n, profile.password_changed).to_string()));
    view! {
        <section class="card">
            <h2>{tr!(profile.password_title)}</h2>
            <FormMessage error=form_error success=done_text />
            <form on:submit=submit novalidate>
                <TextField id="current_password" label=tr!(profile.current_password) value=current kind="password" autocomplete="current-password" required=true error=field_error(error, "current_password") />
                <TextField id="new_password" label=tr!(profile.new_password) value=new kind="password" autocomplete="new-password" required=true error=field_error(error, "new_password") hint=tr!(set_password.hint) />
                <SubmitButton label=tr!(profile.change_password) busy_label=tr!(saving) busy=change.busy() />
            </form>
        </section>
    }
}
