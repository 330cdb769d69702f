//! Awaiting my approval (`/approvals`, seed 002): every document that waits for the
//! signed-in user's decision, across every client it approves for, the soonest due
//! first. Several can be approved at once under one PIN or SMS code — all of them or, if one
//! cannot be, none. The user's PIN and mobile number are set on the same page.

use leptos::prelude::*;
use loket_api_types::documents::{ApprovalDocument, ApproveBatch, BatchItem};
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, field_error, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::components::states::Empty;
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::pages::confirm::{ConfirmFields, Confirmation};
use crate::pages::documents::DocumentTable;
use crate::session::use_session;

#[component]
pub fn AwaitingApprovals() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let documents = load(move || async move { api::documents::awaiting(session).await });
    let picked = RwSignal::new(Vec::<Uuid>::new());
    let confirm = Confirmation::new();
    // Outside `Loaded`, so the message outlives the reload that follows it.
    let approved = RwSignal::new(None::<String>);
    let approve = Submit::new(
        move |body: ApproveBatch| async move { api::documents::approve_batch(session, &body).await },
        move |done: Vec<ApprovalDocument>| {
            approved.set(Some(format!("{} {}", done.len(), t_string!(i18n, documents.batch_done))));
            picked.set(Vec::new());
            confirm.clear();
            documents.refetch();
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        approved.set(None);
        let all = documents.value().unwrap_or_default();
        let chosen = picked.get_untracked();
        let items: Vec<BatchItem> = all
            .iter()
            .filter(|d| chosen.contains(&d.id))
            .map(|d| BatchItem { document_id: d.id, sha256: d.sha256.clone() })
            .collect();
        let (pin, sms_code) = confirm.values();
        approve.run(ApproveBatch { documents: items, pin, sms_code });
    };
    let count = move || picked.get().len();
    view! {
        <PageTitle text=tr!(documents.awaiting_title) />
        <h1>{tr!(documents.awaiting_title)}</h1>
        <section class="card awaiting">
            <FormMessage error=form_error(approve.error) success=approved />
            <Loaded resource=documents let:list>
                {if list.is_empty() {
                    view! { <Empty message=Signal::derive(move || t_string!(i18n, documents.nothing_awaits).to_string()) /> }.into_any()
                } else {
                    view! { <DocumentTable documents=list selection=picked with_client=true /> }.into_any()
                }}
            </Loaded>
            <form class="batch-approve" on:submit=submit novalidate>
                <p class="hint">{tr!(documents.batch_hint)}</p>
                <ConfirmFields id="batch" confirm=confirm error=approve.error />
                <p class="error" role="alert">{move || field_error(approve.error, "documents").get().unwrap_or_default()}</p>
                <SubmitButton label=Signal::derive(move || format!("{} ({})", t_string!(i18n, documents.approve_selected), count()))
                    busy_label=tr!(saving) busy=approve.busy() />
            </form>
        </section>
        <crate::pages::pin::PinSettings />
        <crate::pages::mobile::MobileSettings />
    }
}
