//! The one way a screen talks to the API (see frontend/README.md, "Loading data"):
//! reads are resources ([`load`], a `LocalResource` underneath) shown through
//! [`Loaded`], writes are [`Submit`] actions.
//!
//! - A resource loads when the screen opens and again when a signal its fetcher reads
//!   changes (or on `refetch`). Only the newest answer is shown: an older response that
//!   arrives late is dropped, and the request itself is aborted (see `api::send`).
//! - Leaving the screen disposes the resource, which aborts what is still in flight.
//! - While a resource reloads, [`Loaded`] keeps showing the previous content
//!   (`Transition`), so filters and saves do not flash a spinner.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use futures::future::LocalBoxFuture;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::api::ApiError;
use crate::app::mark_first_screen;
use crate::components::form::SubmitError;
use crate::components::states::{LoadError, Loading};
use crate::session::{Session, use_session};

/// A loaded value with its type erased: every resource of the app is one
/// `LocalResource<Result<Erased, ApiError>>`, so the reactive machinery behind it
/// (async derived values, their futures and wakers) is compiled once, not once per type.
type Erased = Arc<dyn Any + Send + Sync>;
type ErasedFetch = Rc<dyn Fn() -> LocalBoxFuture<'static, Result<Erased, ApiError>>>;

/// What a screen loads: the value or the reason it could not be loaded. `Copy`.
pub struct Load<T> {
    inner: LocalResource<Result<Erased, ApiError>>,
    value: PhantomData<fn() -> T>,
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Load<T> {}

impl<T: Clone + 'static> Load<T> {
    /// The outcome so far (reactive); `None` until the first answer.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.inner.get().map(|outcome| outcome.and_then(|value| typed(&value)))
    }

    /// The value, if it loaded (reactive).
    pub fn value(&self) -> Option<T> {
        self.get().and_then(Result::ok)
    }

    /// Loads again.
    pub fn refetch(&self) {
        self.inner.refetch();
    }

    /// Waits for the current outcome (inside `Suspend`, which then follows its changes).
    async fn outcome(self) -> Result<T, ApiError> {
        self.inner.await.and_then(|value| typed(&value))
    }
}

fn typed<T: Clone + 'static>(value: &Erased) -> Result<T, ApiError> {
    value.downcast_ref::<T>().cloned().ok_or_else(ApiError::network)
}

/// A resource for a screen: loads with `fetch` now and again whenever a signal `fetch`
/// reads (with `get`) changes, or on `refetch`. An answer that arrives after a newer
/// load started is dropped.
pub fn load<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> Load<T>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let fetch: ErasedFetch = Rc::new(move || {
        let request = fetch();
        Box::pin(async move { request.await.map(|value| Arc::new(value) as Erased) })
    });
    Load { inner: erased_resource(fetch), value: PhantomData }
}

/// The record the address names with `:id` (`/users/:id`), loaded with `fetch`; it loads
/// again when the address names another, and an id that is no UUID is a 404 like an
/// unknown one.
pub fn load_by_id<T, Fut>(fetch: impl Fn(Session, Uuid) -> Fut + 'static) -> Load<T>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let params = use_params_map();
    let session = use_session();
    let fetch = Rc::new(fetch);
    load(move || {
        let request = params.get().get("id").and_then(|raw| Uuid::parse_str(&raw).ok()).map(|id| fetch(session, id));
        async move {
            match request {
                Some(request) => request.await,
                None => Err(ApiError::not_found()),
            }
        }
    })
}

fn erased_resource(fetch: ErasedFetch) -> LocalResource<Result<Erased, ApiError>> {
    LocalResource::new(move || fetch())
}

/// Shows what `resource` loaded (`let:value`), a spinner until it first arrives, and the
/// error with a retry button when loading failed.
#[component]
pub fn Loaded<T, V, F>(
    resource: Load<T>,
    /// What "retry" does; by default the resource loads again.
    #[prop(optional, into)]
    retry: Option<Callback<()>>,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let retry = retry.unwrap_or_else(|| Callback::new(move |_| resource.refetch()));
    let children = Arc::new(children);
    // Only this adapter is compiled per loaded type; the states around it are not.
    let load: Arc<dyn Fn() -> ViewFuture + Send + Sync> = Arc::new(move || {
        let children = children.clone();
        Box::pin(async move { resource.outcome().await.map(|value| children(value).into_any()) })
    });
    states(load, retry)
}

type ViewFuture = Pin<Box<dyn Future<Output = Result<AnyView, ApiError>> + Send>>;

fn states(load: Arc<dyn Fn() -> ViewFuture + Send + Sync>, retry: Callback<()>) -> AnyView {
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || {
                let view = load();
                Suspend::new(async move {
                    match view.await {
                        Ok(view) => {
                            mark_first_screen();
                            view
                        }
                        Err(error) => view! { <LoadError error=error retry=retry /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
    .into_any()
}

/// A form submission: an action that sends one request per submit. `busy` is true while
/// it runs; a failure lands in `error` (for the banner and the fields); on success
/// `done` gets the answer. Only the newest submission's outcome is applied.
pub struct Submit<I: 'static> {
    run: StoredValue<Rc<dyn Fn(I)>, LocalStorage>,
    busy: Signal<bool>,
    pub error: SubmitError,
}

impl<I: 'static> Clone for Submit<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for Submit<I> {}

/// One submission, ready to run; the action runs jobs, whatever they send.
type Job = Rc<dyn Fn() -> LocalBoxFuture<'static, ()>>;

impl<I: 'static> Submit<I> {
    pub fn new<T, Fut>(call: impl Fn(I) -> Fut + 'static, done: impl Fn(T) + 'static) -> Self
    where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let error: SubmitError = RwSignal::new(None);
        let latest = StoredValue::new(0_u64);
        let action = job_action();
        let (call, done) = (Rc::new(call), Rc::new(done));
        let run: Rc<dyn Fn(I)> = Rc::new(move |input: I| {
            let sequence = latest.get_value() + 1;
            latest.set_value(sequence);
            error.set(None);
            let request = Rc::new(std::cell::RefCell::new(Some(call(input))));
            let done = done.clone();
            let job: Job = Rc::new(move || {
                let request = request.borrow_mut().take();
                let done = done.clone();
                Box::pin(async move {
                    let Some(request) = request else { return };
                    let outcome = request.await;
                    if latest.try_get_value() != Some(sequence) {
                        return;
                    }
                    match outcome {
                        Ok(value) => done(value),
                        Err(failure) => error.set(Some(failure)),
                    }
                })
            });
            action.dispatch_local(job);
        });
        Self { run: StoredValue::new_local(run), busy: action.pending().into(), error }
    }

    /// Sends `input`, clearing the previous error.
    pub fn run(&self, input: I) {
        if let Some(run) = self.run.try_get_value() {
            run(input);
        }
    }

    /// Whether a submission is under way (for the submit button).
    pub fn busy(&self) -> Signal<bool> {
        self.busy
    }
}

/// The action behind every [`Submit`]: compiled once.
fn job_action() -> Action<Job, ()> {
    Action::new_local(|job: &Job| job())
}
