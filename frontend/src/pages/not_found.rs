use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::title::PageTitle;
use crate::i18n::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="centered">
            <div class="card narrow">
                <PageTitle text=tr!(not_found.title) />
                <p>{tr!(not_found.text)}</p>
                <A href="/overview" attr:class="button primary">{tr!(not_found.home)}</A>
            </div>
        </main>
    }
}
