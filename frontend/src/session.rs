//! The signed-in session. The access token lives only in memory; the refresh token is
//! an httpOnly cookie the app never sees. On start the app restores the session with
//! the cookie, so deep links survive a reload. Refreshes are serialised across tabs with
//! the Web Locks API (a refresh token works once), and signing out in one tab signs out
//! every tab through a BroadcastChannel.

use std::cell::RefCell;

use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use leptos::prelude::*;
use leptos::task::spawn_local;
use loket_api_types::Role;
use loket_api_types::auth::TokenResponse;
use loket_api_types::me::Me;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, ApiError};

const CHANNEL: &str = "loket-session";

#[derive(Debug, Clone, PartialEq)]
pub struct SignedIn {
    pub token: String,
    /// When the access token expires, in milliseconds since the epoch.
    pub expires_at_ms: f64,
    pub me: Me,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// Trying the refresh cookie after a (re)load.
    Restoring,
    SignedOut {
        expired: bool,
    },
    SignedIn(SignedIn),
}

#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub state: RwSignal<SessionState>,
}

type PendingRefresh = Shared<LocalBoxFuture<'static, Result<TokenResponse, ApiError>>>;

thread_local! {
    static PENDING: RefCell<Option<PendingRefresh>> = const { RefCell::new(None) };
}

#[wasm_bindgen(inline_js = "
export function with_lock(name, task) {
  if (navigator.locks && navigator.locks.request) {
    return navigator.locks.request(name, () => task());
  }
  return task();
}
export function broadcast(channel, message) {
  if (typeof BroadcastChannel === 'undefined') return;
  const c = new BroadcastChannel(channel); c.postMessage(message); c.close();
}
export function listen(channel, callback) {
  if (typeof BroadcastChannel === 'undefined') return;
  const c = new BroadcastChannel(channel); c.onmessage = (event) => callback(String(event.data));
}
")]
extern "C" {
    fn with_lock(name: &str, task: &Closure<dyn FnMut() -> js_sys::Promise>) -> js_sys::Promise;
    fn broadcast(channel: &str, message: &str);
    fn listen(channel: &str, callback: &Closure<dyn FnMut(String)>);
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl Session {
    /// Creates the session, provides it as context and starts restoring it.
    pub fn provide() -> Self {
        let session = Session { state: RwSignal::new(SessionState::Restoring) };
        provide_context(session);
        session.listen_for_other_tabs();
        spawn_local(async move {
            match session.refresh().await {
                Ok(()) => {}
                Err(_) => session.state.set(SessionState::SignedOut { expired: false }),
            }
        });
        session
    }

    pub fn me(&self) -> Option<Me> {
        match self.state.get() {
            SessionState::SignedIn(signed_in) => Some(signed_in.me),
            _ => None,
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.me().map(|me| me.role)
    }

    /// Stores a fresh token response.
    pub fn accept(&self, response: TokenResponse) {
        let expires_at_ms = now_ms() + (response.expires_in as f64) * 1000.0;
        self.state.set(SessionState::SignedIn(SignedIn {
            token: response.access_token,
            expires_at_ms,
            me: response.user,
        }));
    }

    /// Replaces the signed-in user's details (after a profile change).
    pub fn update_me(&self, me: Me) {
        self.state.update(|state| {
            if let SessionState::SignedIn(signed_in) = state {
                signed_in.me = me;
            }
        });
    }

    /// Exchanges the refresh cookie for a new access token. Concurrent callers in this tab
    /// share one request; other tabs wait for the lock and then send the rotated cookie.
    pub async fn refresh(&self) -> Result<(), ApiError> {
        let pending = PENDING
            .with(|slot| slot.borrow_mut().get_or_insert_with(|| refresh_under_lock().boxed_local().shared()).clone());
        let result = pending.await;
        PENDING.with(|slot| slot.borrow_mut().take());
        match result {
            Ok(response) => {
                self.accept(response);
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    /// A valid access token, refreshed first when it expires within a minute.
    pub async fn access_token(&self) -> Option<String> {
        let current = match self.state.get_untracked() {
            SessionState::SignedIn(signed_in) => signed_in,
            _ => return None,
        };
        if current.expires_at_ms - now_ms() > 60_000.0 {
            return Some(current.token);
        }
        match self.refresh().await {
            Ok(()) => match self.state.get_untracked() {
                SessionState::SignedIn(signed_in) => Some(signed_in.token),
                _ => None,
            },
            Err(_) => {
                self.expire();
                None
            }
        }
    }

    /// The server no longer accepts this session.
    pub fn expire(&self) {
        self.state.set(SessionState::SignedOut { expired: true });
    }

    /// Signs out here and in every other tab.
    pub async fn logout(&self) {
        // Even if the server cannot be reached, forget the session locally.
        let _ = api::logout().await;
        self.state.set(SessionState::SignedOut { expired: false });
        broadcast(CHANNEL, "logout");
    }

    fn listen_for_other_tabs(&self) {
        let session = *self;
        let callback = Closure::<dyn FnMut(String)>::new(move |message: String| {
            if message == "logout" {
                session.state.set(SessionState::SignedOut { expired: false });
            }
        });
        listen(CHANNEL, &callback);
        callback.forget();
    }
}

async fn refresh_under_lock() -> Result<TokenResponse, ApiError> {
    let result = std::rc::Rc::new(RefCell::new(None));
    let slot = result.clone();
    let task = Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
        let slot = slot.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let outcome = api::refresh().await;
            *slot.borrow_mut() = Some(outcome);
            Ok(JsValue::UNDEFINED)
        })
    });
    let lock = with_lock("loket-refresh", &task);
    let _ = JsFuture::from(lock).await;
    drop(task);
    result.borrow_mut().take().unwrap_or_else(|| Err(ApiError::network()))
}

/// The session from context.
pub fn use_session() -> Session {
    use_context::<Session>()
        .unwrap_or_else(|| Session { state: RwSignal::new(SessionState::SignedOut { expired: false }) })
}
