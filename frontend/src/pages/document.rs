//! One document for approval (`/documents/:id`): what it is, its PDF, its approvers and
//! their decisions, and — when the signed-in user is awaited — approving it or
//! rejecting it with a reason, each confirmed with the user's PIN or an SMS code.

use leptos::prelude::*;
use loket_api_types::documents::{ApprovalDocument, ConfirmedWith, DecideDocument, Duty, Verdict};

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, TextAreaField, field_error, form_error};
use crate::components::load::{Load, Loaded, Submit, load_by_id};
use crate::components::title::PageTitle;
use crate::files;
use crate::format::{date_time, short_date};
use crate::i18n::*;
use crate::pages::approval_duties::type_label;
use crate::pages::confirm::{ConfirmFields, Confirmation};
use crate::pages::documents::status_label;
use crate::session::use_session;

#[component]
pub fn DocumentDetail() -> impl IntoView {
    let document: Load<ApprovalDocument> = load_by_id(api::documents::get);
    view! {
        <Loaded resource=document let:document>
            <DocumentView document=document />
        </Loaded>
    }
}

fn verdict_label(i18n: I18nContext<Locale>, verdict: Option<Verdict>) -> String {
    match verdict {
        Some(Verdict::Approved) => t_string!(i18n, documents.approved),
        Some(Verdict::Rejected) => t_string!(i18n, documents.rejected),
        None => t_string!(i18n, documents.not_yet),
    }
    .to_string()
}

#[component]
fn DocumentView(document: ApprovalDocument) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = RwSignal::new(document.clone());
    let download = Submit::new(
        move |document: ApprovalDocument| async move { files::save_document(session, &document).await },
        |()| (),
    );
    let download_error = form_error(download.error);
    let title = document.title.clone();
    view! {
        <PageTitle text=title.clone() />
        <section class="card document">
            <h1>{title}</h1>
            <dl class="facts">
                <dt>{tr!(documents.client)}</dt><dd>{document.client_name.clone()}</dd>
                <dt>{tr!(documents.kind)}</dt><dd>{move || type_label(i18n, current.get().document_type)}</dd>
                <dt>{tr!(documents.period)}</dt><dd>{document.period.clone()}</dd>
                <dt>{tr!(documents.due_on)}</dt>
                <dd>{move || current.get().due_on.map(|d| short_date(d, i18n.get_locale())).unwrap_or_default()}</dd>
                <dt>{tr!(documents.status)}</dt>
                <dd class="document-status" data-status=move || current.get().status.as_str()>
                    {move || status_label(i18n, current.get().status)}
                </dd>
                <dt>{tr!(documents.uploaded_by)}</dt>
                <dd>{move || {
                    let d = current.get();
                    let who = d.uploaded_by.map(|p| p.name).unwrap_or_default();
                    format!("{who}, {}", date_time(d.created_at, i18n.get_locale()))
                }}</dd>
                <dt>{tr!(documents.fingerprint)}</dt><dd><code class="sha256">{document.sha256.clone()}</code></dd>
            </dl>
            <p>
                <button type="button" class="button" on:click=move |_| download.run(current.get_untracked())>
                    {tr!(documents.download)}" "{document.file_name.clone()}" ("{files::size(document.size_bytes)}")"
                </button>
            </p>
            <p class="error" role="alert">{move || download_error.get().unwrap_or_default()}</p>
        </section>
        <section class="card">
            <h2>{tr!(documents.approvers)}</h2>
            <ul class="approvers">
                {move || current.get().approvers.into_iter().map(|a| {
                    let duty = match a.duty {
                        Duty::Must => t_string!(i18n, documents.must),
                        Duty::May => t_string!(i18n, documents.may),
                    };
                    view! {
                        <li data-email=a.person.email.clone()>
                            {a.person.name.clone()}" — "{duty}": "{verdict_label(i18n, a.verdict)}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || !current.get().decisions.is_empty()>
                <h3>{tr!(documents.decisions)}</h3>
                <ul class="decisions">
                    {move || current.get().decisions.into_iter().map(|d| view! {
                        <li>
                            <strong>{d.person.name.clone()}</strong>": "{verdict_label(i18n, Some(d.verdict))}
                            " · "{date_time(d.decided_at, i18n.get_locale())}
                            " · "{match d.confirmed_with {
                                ConfirmedWith::Pin => t_string!(i18n, documents.with_pin),
                                ConfirmedWith::SmsCode => t_string!(i18n, documents.with_sms_code),
                            }}
                            {d.ip_address.clone().map(|ip| format!(" · {ip}"))}
                            {d.reason.clone().map(|r| view! { <blockquote>{r}</blockquote> })}
                        </li>
                    }).collect_view()}
                </ul>
            </Show>
        </section>
        <Show when=move || current.get().my_turn>
            <Decide current=current />
        </Show>
    }
}

#[component]
fn Decide(current: RwSignal<ApprovalDocument>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let confirm = Confirmation::new();
    let reject_confirm = Confirmation::new();
    let reason = RwSignal::new(String::new());
    let decided = RwSignal::new(None::<String>);
    let done = move |document: ApprovalDocument| {
        let text = status_label(i18n, document.status);
        decided.set(Some(format!("{} {text}", t_string!(i18n, documents.decision_saved))));
        confirm.clear();
        reject_confirm.clear();
        current.set(document);
    };
    let approve = Submit::new(
        move |body: DecideDocument| async move { api::documents::decide(session, current.get_untracked().id, &body).await },
        done,
    );
    let reject = Submit::new(
        move |body: DecideDocument| async move { api::documents::decide(session, current.get_untracked().id, &body).await },
        done,
    );
    let on_approve = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (pin, sms_code) = confirm.values();
        approve.run(DecideDocument {
            verdict: Verdict::Approved,
            sha256: Some(current.get_untracked().sha256),
            reason: None,
            pin,
            sms_code,
        });
    };
    let on_reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (pin, sms_code) = reject_confirm.values();
        reject.run(DecideDocument {
            verdict: Verdict::Rejected,
            sha256: None,
            reason: Some(reason.get_untracked()),
            pin,
            sms_code,
        });
    };
    view! {
        <section class="card decide">
            <h2>{tr!(documents.decide_title)}</h2>
            <FormMessage error=form_error(approve.error) success=decided />
            <form class="approve-form" on:submit=on_approve novalidate>
                <p class="hint">{tr!(documents.approve_hint)}</p>
                <ConfirmFields id="approve" confirm=confirm error=approve.error />
                <SubmitButton label=tr!(documents.approve) busy_label=tr!(saving) busy=approve.busy() />
            </form>
            <form class="reject-form" on:submit=on_reject novalidate>
                <h3>{tr!(documents.reject_title)}</h3>
                <FormMessage error=form_error(reject.error) />
                <TextAreaField id="reject-reason" label=tr!(documents.reason) value=reason rows=3
                    error=field_error(reject.error, "reason") />
                <ConfirmFields id="reject" confirm=reject_confirm error=reject.error />
                <SubmitButton label=tr!(documents.reject) busy_label=tr!(saving) busy=reject.busy() />
            </form>
        </section>
    }
}
