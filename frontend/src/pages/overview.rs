//! The landing page after signing in.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::mark_first_screen;
use crate::components::labels;
use crate::components::shell::navigation;
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::session::use_session;

#[component]
pub fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| mark_first_screen());
    view! {
        {move || session.me().map(|me| {
            let shortcuts = navigation(i18n, me.role).into_iter().filter(|(href, _)| *href != "/overview");
            view! {
                <PageTitle text={
                    let name = me.name.clone();
                    move || t_string!(i18n, overview.greeting, name = name.clone()).to_string()
                } />
                <p class="lead">{t!(i18n, overview.organisation, organisation = me.organisation.name.clone())}</p>
                <p class="muted">{labels::role(i18n, me.role)}</p>
                <h2>{tr!(overview.shortcuts)}</h2>
                <ul class="tiles">
                    {shortcuts.map(|(href, label)| view! { <li><A href=href attr:class="tile">{label}</A></li> }).collect_view()}
                </ul>
            }
        })}
    }
}
