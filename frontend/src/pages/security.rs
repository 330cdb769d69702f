//! How the signed-in user proves who it is beyond its password (`/security`): its PIN,
//! its mobile number for SMS codes, and signing in with a code (with recovery codes).
//! Every role has it; the profile page links here.

use leptos::prelude::*;

use crate::components::title::PageTitle;
use crate::i18n::*;

#[component]
pub fn Security() -> impl IntoView {
    view! {
        <PageTitle text=tr!(second_factor.page_title) />
        <h1>{tr!(second_factor.page_title)}</h1>
        <crate::pages::pin::PinSettings />
        <crate::pages::mobile::MobileSettings />
        <crate::pages::second_factor::SecondFactorSettings />
    }
}
