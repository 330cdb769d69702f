//! A client's documents for approval on its page (seed 002, "Accorderen"): what was
//! uploaded, where each stands and who is still awaited; the firm that manages the
//! client uploads a PDF with its type, title, period and due date. The same table
//! lists what awaits the signed-in user (`pages::approvals`).

use leptos::prelude::*;
use leptos_router::components::A;
use loket_api_types::Role;
use loket_api_types::documents::{ApprovalDocument, ApprovalStatus, DocumentType};
use uuid::Uuid;
use web_sys::File;

use crate::api;
use crate::components::form::{FileField, FormMessage, SelectField, SubmitButton, TextField, field_error, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::components::states::Empty;
use crate::files::{self, DocumentParts};
use crate::format::short_date;
use crate::i18n::*;
use crate::pages::approval_duties::type_label;
use crate::session::use_session;

pub fn status_label(i18n: I18nContext<Locale>, status: ApprovalStatus) -> String {
    match status {
        ApprovalStatus::Awaiting => t_string!(i18n, documents.awaiting),
        ApprovalStatus::Approved => t_string!(i18n, documents.approved),
        ApprovalStatus::Rejected => t_string!(i18n, documents.rejected),
    }
    .to_string()
}

fn names(document: &ApprovalDocument) -> String {
    document.waiting_for.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// The documents as a table; with `selection`, a tick box per row to pick some.
#[component]
pub fn DocumentTable(
    documents: Vec<ApprovalDocument>,
    #[prop(optional)] selection: Option<RwSignal<Vec<Uuid>>>,
    /// Show the client's name (the list spans clients).
    #[prop(optional)]
    with_client: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="documents-table">
            <thead>
                <tr>
                    {selection.map(|_| view! { <th scope="col"><span class="visually-hidden">{tr!(documents.select)}</span></th> })}
                    <th scope="col">{tr!(documents.title)}</th>
                    {with_client.then(|| view! { <th scope="col">{tr!(documents.client)}</th> })}
                    <th scope="col">{tr!(documents.kind)}</th>
                    <th scope="col">{tr!(documents.period)}</th>
                    <th scope="col">{tr!(documents.due_on)}</th>
                    <th scope="col">{tr!(documents.status)}</th>
                    <th scope="col">{tr!(documents.waiting_for)}</th>
                </tr>
            </thead>
            <tbody>
                {documents.into_iter().map(|document| {
                    let id = document.id;
                    let href = format!("/documents/{id}");
                    let title = document.title.clone();
                    let kind = document.document_type;
                    let status = document.status;
                    let due = document.due_on;
                    let waiting = names(&document);
                    let check_id = format!("pick-{id}");
                    let label = title.clone();
                    view! {
                        <tr data-id=id.to_string() data-status=status.as_str()>
                            {selection.map(|picked| view! {
                                <td>
                                    <input id=check_id.clone() type="checkbox" class="pick"
                                        prop:checked=move || picked.get().contains(&id)
                                        on:change:target=move |ev| {
                                            let on = ev.target().checked();
                                            picked.update(|all| {
                                                all.retain(|d| *d != id);
                                                if on { all.push(id); }
                                            });
                                        } />
                                    <label for=check_id.clone() class="visually-hidden">{label.clone()}</label>
                                </td>
                            })}
                            <td><A href=href>{title}</A></td>
                            {with_client.then(|| view! { <td>{document.client_name.clone()}</td> })}
                            <td>{move || type_label(i18n, kind)}</td>
                            <td>{document.period.clone()}</td>
                            <td>{move || due.map(|d| short_date(d, i18n.get_locale())).unwrap_or_default()}</td>
                            <td><span class=format!("badge status-{}", status.as_str())>{move || status_label(i18n, status)}</span></td>
                            <td>{waiting.clone()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn ClientDocumentsPanel(client: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let documents = load(move || async move { api::documents::for_client(session, client).await });
    let firm = session
        .me()
        .is_some_and(|me| matches!(me.role, Role::VendorAdmin | Role::Agent | Role::PartnerAdmin | Role::PartnerUser));
    let reload = Callback::new(move |()| documents.refetch());
    view! {
        <section class="card client-documents">
            <h2>{tr!(documents.panel_title)}</h2>
            <Loaded resource=documents let:list>
                {if list.is_empty() {
                    view! { <Empty message=Signal::derive(move || t_string!(i18n, documents.none).to_string()) /> }.into_any()
                } else {
                    view! { <DocumentTable documents=list /> }.into_any()
                }}
            </Loaded>
            {firm.then(|| view! { <UploadDocument client=client reload=reload /> })}
        </section>
    }
}

#[derive(Clone)]
struct Upload {
    kind: String,
    title: String,
    period: String,
    due_on: String,
    file: File,
}

#[component]
fn UploadDocument(client: Uuid, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let kind = RwSignal::new(DocumentType::AnnualAccounts.as_str().to_owned());
    let title = RwSignal::new(String::new());
    let period = RwSignal::new(String::new());
    let due_on = RwSignal::new(String::new());
    let file: RwSignal<Option<File>, LocalStorage> = RwSignal::new_local(None);
    let missing_file = RwSignal::new(false);
    let uploaded = RwSignal::new(None::<String>);
    let upload = Submit::new(
        move |u: Upload| async move {
            let parts = DocumentParts { document_type: &u.kind, title: &u.title, period: &u.period, due_on: &u.due_on };
            files::upload_document(session, client, parts, &u.file).await
        },
        move |document: ApprovalDocument| {
            title.set(String::new());
            period.set(String::new());
            due_on.set(String::new());
            uploaded.set(Some(format!("{} {}", t_string!(i18n, documents.uploaded), document.title)));
            reload.run(());
        },
    );
    let options = Signal::derive(move || {
        DocumentType::ALL.iter().map(|k| (k.as_str().to_owned(), type_label(i18n, *k))).collect::<Vec<_>>()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        uploaded.set(None);
        let Some(chosen) = file.get_untracked() else {
            missing_file.set(true);
            return;
        };
        missing_file.set(false);
        upload.run(Upload {
            kind: kind.get_untracked(),
            title: title.get_untracked().trim().to_owned(),
            period: period.get_untracked().trim().to_owned(),
            due_on: due_on.get_untracked(),
            file: chosen,
        });
    };
    view! {
        <form on:submit=submit novalidate class="document-upload">
            <h3>{tr!(documents.upload_title)}</h3>
            <FormMessage error=form_error(upload.error) success=uploaded />
            <SelectField id="document-type" label=tr!(documents.kind) value=kind options=options required=true
                error=field_error(upload.error, "document_type") />
            <TextField id="document-title" label=tr!(documents.title) value=title required=true
                error=field_error(upload.error, "title") />
            <TextField id="document-period" label=tr!(documents.period) value=period required=true
                hint=tr!(documents.period_hint) error=field_error(upload.error, "period") />
            <TextField id="document-due-on" label=tr!(documents.due_on) value=due_on kind="date"
                error=field_error(upload.error, "due_on") />
            <FileField id=format!("document-file-{client}") label=tr!(documents.file) file=file missing=missing_file
                error=upload.error accept="application/pdf,.pdf" />
            <SubmitButton label=tr!(documents.upload) busy_label=tr!(saving) busy=upload.busy() />
        </form>
    }
}
