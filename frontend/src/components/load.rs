//! The one way a screen talks to the API (see frontend/README.md, "Loading data"):
//! reads are [`LocalResource`]s shown through [`Loaded`], writes are [`Submit`] actions.
//!
//! - A resource loads when the screen opens and again when a signal its fetcher reads
//!   changes (or on `refetch`). Only the newest answer is shown: an older response that
//!   arrives late is dropped, and the request itself is aborted (see `api::send`).
//! - Leaving the screen disposes the resource, which aborts what is still in flight.
//! - While a resource reloads, [`Loaded`] keeps showing the previous content
//!   (`Transition`), so filters and saves do not flash a spinner.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use futures::future::LocalBoxFuture;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::app::mark_first_screen;
use crate::components::form::SubmitError;
use crate::components::states::{LoadError, Loading};

/// What a screen loads: the value or the reason it could not be loaded.
pub type Load<T> = LocalResource<Result<T, ApiError>>;

/// A resource for a screen: loads with `fetch` now and again whenever a signal `fetch`
/// reads (with `get`) changes, or on `refetch`. The future is boxed, so resources of one
/// type share their compiled code whatever the request behind them.
pub fn load<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> LocalResource<T>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = T> + 'static,
{
    LocalResource::new(move || -> LocalBoxFuture<'static, T> { Box::pin(fetch()) })
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
        Box::pin(async move { resource.await.map(|value| children(value).into_any()) })
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
    action: Action<(u64, I), ()>,
    latest: StoredValue<u64>,
    pub error: SubmitError,
}

impl<I: 'static> Clone for Submit<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for Submit<I> {}

impl<I: Clone + 'static> Submit<I> {
    pub fn new<T, Fut>(call: impl Fn(I) -> Fut + 'static, done: impl Fn(T) + 'static) -> Self
    where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let call: Rc<dyn Fn(I) -> LocalBoxFuture<'static, Result<T, ApiError>>> =
            Rc::new(move |input| Box::pin(call(input)));
        Self::erased(call, Rc::new(done))
    }

    /// The body of `new`, compiled once per input and answer type (not per call site).
    fn erased<T: 'static>(
        call: Rc<dyn Fn(I) -> LocalBoxFuture<'static, Result<T, ApiError>>>,
        done: Rc<dyn Fn(T)>,
    ) -> Self {
        let error: SubmitError = RwSignal::new(None);
        let latest = StoredValue::new(0_u64);
        let action = Action::new_local(move |(sequence, input): &(u64, I)| {
            let sequence = *sequence;
            let request = call(input.clone());
            let done = done.clone();
            async move {
                let outcome = request.await;
                if latest.try_get_value() != Some(sequence) {
                    return;
                }
                match outcome {
                    Ok(value) => done(value),
                    Err(failure) => error.set(Some(failure)),
                }
            }
        });
        Self { action, latest, error }
    }

    /// Sends `input`, clearing the previous error.
    pub fn run(&self, input: I) {
        let sequence = self.latest.get_value() + 1;
        self.latest.set_value(sequence);
        self.error.set(None);
        self.action.dispatch_local((sequence, input));
    }

    /// Whether a submission is under way (for the submit button).
    pub fn busy(&self) -> Signal<bool> {
        self.action.pending().into()
    }
}
