//! Cursor-paged lists: the first page as a resource (so it reloads when a filter it
//! reads changes, and a late answer for an old filter is dropped), "load more" as an
//! action, and the loading, empty and error states around them.
//!
//! Only [`Paged::new`] and [`Paged::rows`] know the row type. The pages travel as
//! [`Rows`] (the items behind `dyn Any`), so the resource, the action and [`PagedList`]
//! are compiled once for every list, not once per row type.

use std::any::Any;
use std::marker::PhantomData;
use std::rc::Rc;
use std::sync::Arc;

use futures::FutureExt;
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use loket_api_types::pagination::Page;

use crate::api::ApiError;
use crate::components::load::{Load, Loaded, load};
use crate::components::states::{Empty, LoadError};
use crate::i18n::tr;

/// One page with its row type erased.
#[derive(Clone)]
struct Rows {
    items: Arc<dyn Any + Send + Sync>,
    empty: bool,
    next: Option<String>,
}

type Fetch = Rc<dyn Fn(Option<String>) -> LocalBoxFuture<'static, Result<Rows, ApiError>>>;

/// The pages after the first, for the load of the first page numbered `generation`.
struct More {
    generation: u64,
    pages: Vec<Rows>,
    next: Option<String>,
}

/// A paged list of `T`; `Copy`, so closures in the view can share it.
pub struct Paged<T> {
    pager: Pager,
    rows: PhantomData<fn() -> T>,
}

impl<T> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Paged<T> {}

/// The row-type-free side of a [`Paged`] list.
#[derive(Clone, Copy)]
pub struct Pager {
    first: Load<(u64, Rows)>,
    more: RwSignal<More>,
    more_busy: Signal<bool>,
    more_error: RwSignal<Option<ApiError>>,
    load_more: Callback<()>,
}

impl<T: Clone + Send + Sync + 'static> Paged<T> {
    /// A list whose pages come from `fetch(cursor)`. The first page loads at once and
    /// again whenever a signal that `fetch` reads (with `get`) changes.
    pub fn new(fetch: impl Fn(Option<String>) -> LocalBoxFuture<'static, Result<Page<T>, ApiError>> + 'static) -> Self {
        let fetch: Fetch = Rc::new(move |cursor| {
            fetch(cursor)
                .map(|page| {
                    page.map(|page| Rows {
                        empty: page.items.is_empty(),
                        items: Arc::new(page.items),
                        next: page.next_cursor,
                    })
                })
                .boxed_local()
        });
        Self { pager: Pager::new(fetch), rows: PhantomData }
    }

    /// The rows loaded so far, for the list's `<For each=…>`.
    pub fn rows(self) -> Vec<T> {
        let pager = self.pager;
        let Some(Ok((generation, first))) = pager.first.get() else { return Vec::new() };
        let mut rows = typed::<T>(&first);
        pager.more.with(|more| {
            if more.generation == generation {
                more.pages.iter().for_each(|page| rows.extend(typed::<T>(page)));
            }
        });
        rows
    }

    /// Loads the first page again (after a change).
    pub fn reload(self) {
        self.pager.first.refetch();
    }

    pub fn pager(self) -> Pager {
        self.pager
    }
}

fn typed<T: Clone + 'static>(page: &Rows) -> Vec<T> {
    page.items.downcast_ref::<Vec<T>>().cloned().unwrap_or_default()
}

impl Pager {
    fn new(fetch: Fetch) -> Self {
        let generation = StoredValue::new(0_u64);
        let first: Load<(u64, Rows)> = load({
            let fetch = fetch.clone();
            move || {
                let number = generation.get_value() + 1;
                generation.set_value(number);
                let page = fetch(None);
                async move { page.await.map(|page| (number, page)) }
            }
        });
        let more = RwSignal::new(More { generation: 0, pages: Vec::new(), next: None });
        let more_error = RwSignal::new(None);
        let action = Action::new_local(move |(number, cursor): &(u64, String)| {
            let (number, page) = (*number, fetch(Some(cursor.clone())));
            async move {
                let outcome = page.await;
                // A reload since: this page belongs to a list that is gone.
                if generation.try_get_value() != Some(number) {
                    return;
                }
                match outcome {
                    Ok(page) => more.update(|more| {
                        if more.generation != number {
                            *more = More { generation: number, pages: Vec::new(), next: None };
                        }
                        more.next = page.next.clone();
                        more.pages.push(page);
                    }),
                    Err(error) => more_error.set(Some(error)),
                }
            }
        });
        let load_more = Callback::new(move |_| {
            more_error.set(None);
            if let Some(next) = next_cursor(first, more) {
                action.dispatch_local(next);
            }
        });
        Self { first, more, more_busy: action.pending().into(), more_error, load_more }
    }

    fn has_next(self) -> bool {
        next_cursor(self.first, self.more).is_some()
    }
}

/// The cursor after the last loaded page, with the load it belongs to.
fn next_cursor(first: Load<(u64, Rows)>, more: RwSignal<More>) -> Option<(u64, String)> {
    let (number, after_first) = first.value().map(|(number, page)| (number, page.next))?;
    let cursor = more.with(|more| if more.generation == number { more.next.clone() } else { after_first });
    cursor.map(|cursor| (number, cursor))
}

/// Shows `children` (the rows) for a loaded, non-empty list, with the states around it
/// and a "load more" button while there are further pages.
#[component]
pub fn PagedList(pager: Pager, #[prop(into)] empty: Signal<String>, children: ChildrenFn) -> impl IntoView {
    let (loading, load_more) = (tr!(loading), tr!(load_more));
    view! {
        <Loaded resource=pager.first let:first>
            {if first.1.empty { view! { <Empty message=empty /> }.into_any() } else { children().into_any() }}
        </Loaded>
        <Show when=move || pager.more_error.get().is_some()>
            <LoadError error=pager.more_error.get().unwrap_or_else(ApiError::network) retry=pager.load_more />
        </Show>
        <Show when=move || pager.has_next()>
            <div class="load-more">
                <button type="button" class="button secondary" disabled=move || pager.more_busy.get() on:click=move |_| pager.load_more.run(())>
                    {move || if pager.more_busy.get() { loading.get() } else { load_more.get() }}
                </button>
            </div>
        </Show>
    }
}
