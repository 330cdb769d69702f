//! Cursor-paged lists: the first page, "load more", and the loading, empty and error
//! states around them.

use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use loket_api_types::pagination::Page;

use crate::api::ApiError;
use crate::app::mark_first_screen;
use crate::components::states::{Empty, LoadError, Loading};
use crate::i18n::*;

type Fetch<T> = Box<dyn Fn(Option<String>) -> LocalBoxFuture<'static, Result<Page<T>, ApiError>>>;

pub struct Paged<T: Send + Sync + 'static> {
    pub items: RwSignal<Vec<T>>,
    next: RwSignal<Option<String>>,
    loading: RwSignal<bool>,
    loaded: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    fetch: StoredValue<Fetch<T>, LocalStorage>,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T: Send + Sync + Clone + 'static> Paged<T> {
    /// A list that fetches pages with `fetch(cursor)`; the first page loads at once.
    pub fn new(fetch: impl Fn(Option<String>) -> LocalBoxFuture<'static, Result<Page<T>, ApiError>> + 'static) -> Self {
        let paged = Self {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            loading: RwSignal::new(false),
            loaded: RwSignal::new(false),
            error: RwSignal::new(None),
            fetch: StoredValue::new_local(Box::new(fetch)),
        };
        paged.reload();
        paged
    }

    /// Loads the first page again (after a change or a new filter).
    pub fn reload(self) {
        self.load(None, true);
    }

    fn load_more(self) {
        if let Some(cursor) = self.next.get_untracked() {
            self.load(Some(cursor), false);
        }
    }

    fn load(self, cursor: Option<String>, reset: bool) {
        self.loading.set(true);
        self.error.set(None);
        let future = self.fetch.with_value(|fetch| fetch(cursor));
        spawn_local(async move {
            match future.await {
                Ok(page) => {
                    if reset {
                        self.items.set(page.items);
                    } else {
                        self.items.update(|items| items.extend(page.items));
                    }
                    self.next.set(page.next_cursor);
                    self.loaded.set(true);
                    mark_first_screen();
                }
                Err(error) => self.error.set(Some(error)),
            }
            self.loading.set(false);
        });
    }
}

/// Shows `children` for a loaded, non-empty list, with the states around it.
#[component]
pub fn PagedList<T: Send + Sync + Clone + 'static>(
    paged: Paged<T>,
    #[prop(into)] empty: Signal<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || match (paged.error.get(), paged.loaded.get(), paged.items.with(Vec::is_empty)) {
            (Some(error), false, _) => view! { <LoadError error=error retry=move |_| paged.reload() /> }.into_any(),
            (_, false, _) => view! { <Loading /> }.into_any(),
            (_, true, true) => view! { <Empty message=empty /> }.into_any(),
            _ => children().into_any(),
        }}
        <Show when=move || paged.loaded.get() && paged.error.get().is_some()>
            <LoadError error=paged.error.get().unwrap_or_else(ApiError::network) retry=move |_| paged.load_more() />
        </Show>
        <Show when=move || paged.loaded.get() && paged.next.get().is_some()>
            <div class="load-more">
                <button type="button" class="button secondary" disabled=move || paged.loading.get() on:click=move |_| paged.load_more()>
                    {move || if paged.loading.get() { t_string!(i18n, loading).to_string() } else { t_string!(i18n, load_more).to_string() }}
                </button>
            </div>
        </Show>
    }
}
