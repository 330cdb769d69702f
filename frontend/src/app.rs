//! The application: translations, session, routes.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::labels::locale_of;
use crate::components::shell::{Shell, remembered_locale};
use crate::i18n::*;
use crate::pages::api_keys::ApiKeys;
use crate::pages::audit::AuditLog;
use crate::pages::auth::{ForgotPassword, Login, SetPassword};
use crate::pages::not_found::NotFound;
use crate::pages::notifications::Notifications;
use crate::pages::organisation::OrganisationDetail;
use crate::pages::organisations::{NewOrganisation, Organisations};
use crate::pages::overview::Overview;
use crate::pages::profile::Profile;
use crate::pages::user_form::{EditUser, NewUser};
use crate::pages::users::Users;
use crate::pages::webhooks::Webhooks;
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Root />
        </I18nContextProvider>
    }
}

#[component]
fn Root() -> impl IntoView {
    let i18n = use_i18n();
    if let Some(locale) = remembered_locale() {
        i18n.set_locale(locale);
    }
    let session = Session::provide();
    // The interface follows the signed-in user's language.
    Effect::new(move |_| {
        if let Some(me) = session.me() {
            let locale = locale_of(me.language);
            if i18n.get_locale_untracked() != locale {
                i18n.set_locale(locale);
            }
        }
    });
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=Login />
                <Route path=path!("/forgot-password") view=ForgotPassword />
                <Route path=path!("/welcome") view=|| view! { <SetPassword invitation=true /> } />
                <Route path=path!("/reset-password") view=|| view! { <SetPassword invitation=false /> } />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path="/overview" /> } />
                    <Route path=path!("overview") view=Overview />
                    <Route path=path!("profile") view=Profile />
                    <Route path=path!("organisations") view=Organisations />
                    <Route path=path!("organisations/new") view=NewOrganisation />
                    <Route path=path!("organisations/:id") view=OrganisationDetail />
                    <Route path=path!("users") view=Users />
                    <Route path=path!("users/new") view=NewUser />
                    <Route path=path!("users/:id") view=EditUser />
                    <Route path=path!("api-keys") view=ApiKeys />
                    <Route path=path!("webhooks") view=Webhooks />
                    <Route path=path!("notifications") view=Notifications />
                    <Route path=path!("audit") view=AuditLog />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Marks the moment the first screen is on display, for the start-up benchmark.
pub fn mark_first_screen() {
    thread_local! {
        static MARKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if MARKED.with(|marked| marked.replace(true)) {
        return;
    }
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("loket-first-screen");
    }
}
