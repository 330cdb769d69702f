//! The frame around every signed-in page: header, role-aware navigation, language
//! switch and sign-out. It also sends signed-out visitors to the login page, remembering
//! where they wanted to go.

use leptos::prelude::*;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::{use_location, use_navigate};
use loket_api_types::Role;
use loket_api_types::me::UpdateMeRequest;

use crate::api;
use crate::components::labels::{language_of, locale_of};
use crate::components::states::Loading;
use crate::i18n::*;
use crate::session::{SessionState, use_session};

/// The pages a role sees in the navigation: (path, label).
pub fn navigation(i18n: I18nContext<Locale>, role: Role) -> Vec<(&'static str, String)> {
    let overview = ("/overview", t_string!(i18n, nav.overview).to_string());
    let profile = ("/profile", t_string!(i18n, nav.profile).to_string());
    let organisations = ("/organisations", t_string!(i18n, nav.organisations).to_string());
    let clients = ("/organisations", t_string!(i18n, nav.clients).to_string());
    let users = ("/users", t_string!(i18n, nav.users).to_string());
    let colleagues = ("/users", t_string!(i18n, nav.colleagues).to_string());
    let api_keys = ("/api-keys", t_string!(i18n, nav.api_keys).to_string());
    let webhooks = ("/webhooks", t_string!(i18n, nav.webhooks).to_string());
    let notifications = ("/notifications", t_string!(i18n, nav.notifications).to_string());
    let audit = ("/audit", t_string!(i18n, nav.audit).to_string());
    let desk = ("/tickets", t_string!(i18n, nav.desk).to_string());
    let tickets = ("/tickets", t_string!(i18n, nav.tickets).to_string());
    let access = ("/access-requests", t_string!(i18n, nav.access_requests).to_string());
    let settings = ("/helpdesk/settings", t_string!(i18n, nav.support_settings).to_string());
    let intake_queue = ("/intake", t_string!(i18n, nav.intake).to_string());
    let releases = ("/releases", t_string!(i18n, nav.releases).to_string());
    let intake_settings = ("/intake/settings", t_string!(i18n, nav.intake_settings).to_string());
    let install_requests = ("/intake", t_string!(i18n, nav.install_requests).to_string());
    let rights = ("/rights", t_string!(i18n, nav.rights).to_string());
    let imports = ("/client-imports", t_string!(i18n, nav.client_imports).to_string());
    let installation = ("/intake", t_string!(i18n, nav.installation).to_string());
    let approvals = ("/approvals", t_string!(i18n, nav.approvals).to_string());
    match role {
        Role::VendorAdmin => {
            vec![
                overview,
                desk,
                intake_queue,
                access,
                settings,
                intake_settings,
                releases.clone(),
                organisations,
                users,
                rights.clone(),
                api_keys,
                webhooks,
                notifications,
                audit,
                profile,
            ]
        }
        Role::Agent => vec![overview, desk, intake_queue, access, releases, organisations, users, profile],
        Role::PartnerAdmin => {
            vec![overview, install_requests, clients, imports, users, rights, api_keys, webhooks, audit, profile]
        }
        Role::PartnerUser => vec![overview, install_requests, clients, profile],
        Role::ClientSuperuser => {
            vec![overview, approvals.clone(), installation, tickets, access, colleagues, audit, profile]
        }
        Role::ClientUser => vec![overview, approvals, tickets, colleagues, profile],
    }
}

const LANGUAGE_KEY: &str = "loket-language";

/// Remembers the language on this device, for the pages before signing in.
fn remember_locale(locale: Locale) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(LANGUAGE_KEY, locale.as_str());
    }
}

/// The language chosen earlier on this device, if any.
pub fn remembered_locale() -> Option<Locale> {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten())?;
    let stored = storage.get_item(LANGUAGE_KEY).ok().flatten()?;
    [Locale::nl, Locale::en].into_iter().find(|locale| locale.as_str() == stored)
}

/// Switches the interface language, and for a signed-in user remembers it on the server.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Best effort: the switch works on this device even if the server cannot be reached.
    let save = Action::new_local(move |locale: &Locale| {
        let request = UpdateMeRequest { language: Some(language_of(*locale)), ..Default::default() };
        async move {
            if let Ok(me) = api::update_me(session, &request).await {
                session.update_me(me);
            }
        }
    });
    let choose = move |locale: Locale| {
        i18n.set_locale(locale);
        remember_locale(locale);
        if session.me().is_some_and(|me| locale_of(me.language) != locale) {
            save.dispatch_local(locale);
        }
    };
    view! {
        <div class="language-switch" role="group" aria-label=move || t_string!(i18n, nav.language).to_string()>
            <button
                type="button"
                lang="nl"
                aria-pressed=move || (i18n.get_locale() == Locale::nl).to_string()
                on:click=move |_| choose(Locale::nl)
            >
                "NL"
            </button>
            <button
                type="button"
                lang="en"
                aria-pressed=move || (i18n.get_locale() == Locale::en).to_string()
                on:click=move |_| choose(Locale::en)
            >
                "EN"
            </button>
        </div>
    }
}

#[component]
pub fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let menu_open = RwSignal::new(false);

    // Signed out (or the session ended): go to the login page and come back afterwards.
    Effect::new(move |_| {
        if let SessionState::SignedOut { expired } = session.state.get() {
            let here = location.pathname.get_untracked();
            let next = js_sys::encode_uri_component(&format!("{here}{}", location.search.get_untracked()));
            let reason = if expired { "&expired=1" } else { "" };
            navigate(&format!("/login?next={next}{reason}"), Default::default());
        }
    });
    // Close the mobile menu after navigating.
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });

    let signed_in = move || matches!(session.state.get(), SessionState::SignedIn(_));
    let nav_items = move || session.role().map(|role| navigation(i18n, role)).unwrap_or_default();
    let logout = Action::new_local(move |_: &()| async move { session.logout().await });
    let logout = move |_| {
        logout.dispatch_local(());
    };

    view! {
        <Show when=signed_in fallback=|| view! { <main class="centered"><Loading /></main> }>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="topbar">
                <A href="/overview" attr:class="brand">{tr!(app_name)}</A>
                <span class="organisation">{move || session.me().map(|me| me.organisation.name).unwrap_or_default()}</span>
                <button
                    type="button"
                    class="menu-toggle"
                    aria-expanded=move || menu_open.get().to_string()
                    aria-controls="main-nav"
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    {tr!(nav.menu)}
                </button>
                <div class="topbar-actions">
                    <LanguageSwitch />
                    <span class="user-name">{move || session.me().map(|me| me.name).unwrap_or_default()}</span>
                    <button type="button" class="button secondary small" on:click=logout>{tr!(nav.logout)}</button>
                </div>
            </header>
            <div class="layout">
                <nav id="main-nav" class="sidebar" class:open=move || menu_open.get() aria-label=move || t_string!(i18n, nav.main).to_string()>
                    <ul>
                        {move || {
                            nav_items()
                                .into_iter()
                                .map(|(href, label)| view! { <li><A href=href>{label}</A></li> })
                                .collect_view()
                        }}
                    </ul>
                </nav>
                <main id="main" class="content" tabindex="-1">
                    <Outlet />
                </main>
            </div>
        </Show>
    }
}
