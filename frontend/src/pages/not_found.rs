use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::title::PageTitle;
use crate::i18n::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main class="centered">
            <div class="card narrow">
                <PageTitle text=move || t_string!(i18n, not_found.title).to_string() />
                <p>{t!(i18n, not_found.text)}</p>
                <A href="/overview" attr:class="button primary">{t!(i18n, not_found.home)}</A>
            </div>
        </main>
    }
}
