//! Browser tests: the real SPA (frontend/dist, built by `scripts/build-frontend.sh`) served
//! by the real server, driven in headless Chromium through chromedriver. Every host but
//! the Loket server is unreachable for the browser, so the app must not need a CDN.
//! A failing test leaves a screenshot in `$LOKET_SCREENSHOT_DIR` (default
//! `target/browser-screenshots`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

mod demo;
mod harness;
#[path = "../api/helpers.rs"]
mod helpers;
#[path = "../api/peers.rs"]
mod peers;

mod accessibility;
mod admin;
mod approval_duties;
mod areas;
mod audit;
mod client_imports;
mod documents;
mod helpdesk_settings;
mod intake;
mod intake_settings;
mod intake_watch;
mod notifications;
mod releases;
mod rights;
mod second_factor;
mod session;
mod signing_in;
mod tickets;
