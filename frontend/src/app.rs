//! The application: translations, session, routes.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{Lazy, path};

use crate::areas::*;
use crate::components::labels::locale_of;
use crate::components::shell::{Shell, remembered_locale};
use crate::i18n::*;
use crate::pages::auth::{ForgotPassword, Login};
use crate::pages::not_found::NotFound;
use crate::pages::overview::Overview;
use crate::pages::profile::Profile;
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
                <Route path=path!("/welcome") view={Lazy::<WelcomeRoute>::new()} />
                <Route path=path!("/reset-password") view={Lazy::<ResetPasswordRoute>::new()} />
                <Route path=path!("/access") view={Lazy::<RequestAccessRoute>::new()} />
                <Route path=path!("/access/confirm") view={Lazy::<ConfirmAccessRoute>::new()} />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path="/overview" /> } />
                    <Route path=path!("overview") view=Overview />
                    <Route path=path!("profile") view=Profile />
                    <Route path=path!("organisations") view={Lazy::<OrganisationsRoute>::new()} />
                    <Route path=path!("organisations/new") view={Lazy::<NewOrganisationRoute>::new()} />
                    <Route path=path!("organisations/:id") view={Lazy::<OrganisationRoute>::new()} />
                    <Route path=path!("users") view={Lazy::<UsersRoute>::new()} />
                    <Route path=path!("users/new") view={Lazy::<NewUserRoute>::new()} />
                    <Route path=path!("users/:id") view={Lazy::<EditUserRoute>::new()} />
                    <Route path=path!("api-keys") view={Lazy::<ApiKeysRoute>::new()} />
                    <Route path=path!("webhooks") view={Lazy::<WebhooksRoute>::new()} />
                    <Route path=path!("notifications") view={Lazy::<NotificationsRoute>::new()} />
                    <Route path=path!("audit") view={Lazy::<AuditRoute>::new()} />
                    <Route path=path!("access-requests") view={Lazy::<AccessRequestsRoute>::new()} />
                    <Route path=path!("tickets") view={Lazy::<TicketsRoute>::new()} />
                    <Route path=path!("helpdesk/dashboard") view={Lazy::<DashboardRoute>::new()} />
                    <Route path=path!("helpdesk/settings") view={Lazy::<SupportSettingsRoute>::new()} />
                    <Route path=path!("releases") view={Lazy::<ReleasesRoute>::new()} />
                    <Route path=path!("tickets/new") view={Lazy::<NewTicketRoute>::new()} />
                    <Route path=path!("tickets/:id") view={Lazy::<TicketRoute>::new()} />
                    <Route path=path!("intake") view={Lazy::<IntakeRoute>::new()} />
                    <Route path=path!("intake/new") view={Lazy::<NewInstallRequestRoute>::new()} />
                    <Route path=path!("intake/stalled") view={Lazy::<StalledRoute>::new()} />
                    <Route path=path!("intake/funnel") view={Lazy::<FunnelRoute>::new()} />
                    <Route path=path!("intake/settings") view={Lazy::<IntakeSettingsRoute>::new()} />
                    <Route path=path!("intake/questionnaire") view={Lazy::<QuestionnaireEditorRoute>::new()} />
                    <Route path=path!("intake/:id") view={Lazy::<InstallRequestRoute>::new()} />
                    <Route path=path!("intake/:id/amend") view={Lazy::<AmendInstallRequestRoute>::new()} />
                    <Route path=path!("intake/:id/questionnaire") view={Lazy::<QuestionnaireRoute>::new()} />
                    <Route path=path!("rights") view={Lazy::<RightsRoute>::new()} />
                    <Route path=path!("rights/:id") view={Lazy::<RightsGroupRoute>::new()} />
                    <Route path=path!("client-imports") view={Lazy::<ClientImportsRoute>::new()} />
                    <Route path=path!("client-imports/:id") view={Lazy::<ClientImportRoute>::new()} />
                    <Route path=path!("first-users") view={Lazy::<FirstUsersRoute>::new()} />
                    <Route path=path!("pin-letters") view={Lazy::<PinLettersRoute>::new()} />
                    <Route path=path!("documents/:id") view={Lazy::<DocumentRoute>::new()} />
                    <Route path=path!("approvals") view={Lazy::<ApprovalsRoute>::new()} />
                    <Route path=path!("security") view={Lazy::<SecurityRoute>::new()} />
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
