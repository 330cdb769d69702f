//! Client import (seed 002, "Importeren en aanmaken cliënten"): the firm's
//! administrator downloads the template, uploads its client list and follows each
//! import to its preview (`pages::client_import`). Earlier imports are listed below.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use loket_api_types::client_imports::{ClientImport, ImportColumn, ImportStatus};
use web_sys::File;

use crate::api;
use crate::components::form::{FileField, FormMessage, SubmitButton, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::components::states::Empty;
use crate::components::title::PageTitle;
use crate::files;
use crate::format::date_time;
use crate::i18n::*;
use crate::session::use_session;

pub fn status_label(i18n: I18nContext<Locale>, status: ImportStatus) -> String {
    match status {
        ImportStatus::Queued => t_string!(i18n, imports.status_queued),
        ImportStatus::Reading => t_string!(i18n, imports.status_reading),
        ImportStatus::Ready => t_string!(i18n, imports.status_ready),
        ImportStatus::Committing => t_string!(i18n, imports.status_committing),
        ImportStatus::Committed => t_string!(i18n, imports.status_committed),
        ImportStatus::Failed => t_string!(i18n, imports.status_failed),
        ImportStatus::Cancelled => t_string!(i18n, imports.status_cancelled),
    }
    .to_string()
}

pub fn column_label(i18n: I18nContext<Locale>, column: ImportColumn) -> String {
    match column {
        ImportColumn::ExternalId => t_string!(i18n, import_column.external_id),
        ImportColumn::Name => t_string!(i18n, import_column.name),
        ImportColumn::CocNumber => t_string!(i18n, import_column.coc_number),
        ImportColumn::VatNumber => t_string!(i18n, import_column.vat_number),
        ImportColumn::Street => t_string!(i18n, import_column.street),
        ImportColumn::HouseNumber => t_string!(i18n, import_column.house_number),
        ImportColumn::Postcode => t_string!(i18n, import_column.postcode),
        ImportColumn::City => t_string!(i18n, import_column.city),
        ImportColumn::Country => t_string!(i18n, import_column.country),
        ImportColumn::Email => t_string!(i18n, import_column.email),
        ImportColumn::Phone => t_string!(i18n, import_column.phone),
        ImportColumn::ContactName => t_string!(i18n, import_column.contact_name),
    }
    .to_string()
}

/// A cell's problem in the interface language, by its code (the server's English text
/// for a code this app does not know yet).
pub fn problem_label(i18n: I18nContext<Locale>, code: &str, message: &str) -> String {
    let text = match code {
        "required" => t_string!(i18n, import_problem.required),
        "formula" => t_string!(i18n, import_problem.formula),
        "coc_number" => t_string!(i18n, import_problem.coc_number),
        "coc_check" => t_string!(i18n, import_problem.coc_check),
        "vat_number" => t_string!(i18n, import_problem.vat_number),
        "postcode" => t_string!(i18n, import_problem.postcode),
        "country" => t_string!(i18n, import_problem.country),
        "country_mismatch" => t_string!(i18n, import_problem.country_mismatch),
        "email" => t_string!(i18n, import_problem.email),
        "phone" => t_string!(i18n, import_problem.phone),
        "name" => t_string!(i18n, import_problem.name),
        "address_incomplete" => t_string!(i18n, import_problem.address_incomplete),
        "duplicate_in_file" => t_string!(i18n, import_problem.duplicate_in_file),
        "control_character" => t_string!(i18n, import_problem.control_character),
        "line_break" => t_string!(i18n, import_problem.line_break),
        "length" => t_string!(i18n, import_problem.length),
        _ => return message.to_owned(),
    };
    text.to_string()
}

#[component]
pub fn ClientImports() -> impl IntoView {
    let session = use_session();
    let imports = load(move || async move { api::imports::list(session).await });
    view! {
        <PageTitle text=tr!(imports.title) />
        <p class="lead">{tr!(imports.intro)}</p>
        <Templates />
        <UploadClientFile />
        <section class="card first-users-link">
            <p>{tr!(imports.first_users_hint)}" "<A href="/first-users">{tr!(imports.first_users_link)}</A>" · "
                <A href="/pin-letters">{tr!(imports.pin_letters_link)}</A></p>
        </section>
        <section class="card">
            <h2>{tr!(imports.history)}</h2>
            <Loaded resource=imports let:list>
                <ImportList list=list />
            </Loaded>
        </section>
    }
}

#[component]
fn Templates() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let download = Submit::new(
        move |(path, name): (String, String)| async move { files::save_from(session, path, &name).await },
        |()| (),
    );
    let save = move |format: &'static str| {
        let language = if i18n.get_locale_untracked() == Locale::en { "en" } else { "nl" };
        let name = format!("{}.{format}", if language == "en" { "client-template" } else { "clienten-sjabloon" });
        download.run((format!("/client-import-template?format={format}&language={language}"), name));
    };
    view! {
        <section class="card import-templates">
            <h2>{tr!(imports.template)}</h2>
            <FormMessage error=form_error(download.error) />
            <div class="actions">
                <button type="button" class="button secondary template-xlsx" on:click=move |_| save("xlsx")>
                    {tr!(imports.template_xlsx)}
                </button>
                <button type="button" class="button secondary template-csv" on:click=move |_| save("csv")>
                    {tr!(imports.template_csv)}
                </button>
            </div>
        </section>
    }
}

#[component]
fn UploadClientFile() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let file: RwSignal<Option<File>, LocalStorage> = RwSignal::new_local(None);
    let missing = RwSignal::new(false);
    let upload = Submit::new(
        move |chosen: File| async move { files::upload_client_file(session, &chosen).await },
        move |import: ClientImport| navigate(&format!("/client-imports/{}", import.id), Default::default()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = file.get_untracked() else {
            missing.set(true);
            return;
        };
        missing.set(false);
        upload.run(chosen);
    };
    view! {
        <section class="card">
            <h2>{tr!(imports.upload_title)}</h2>
            <form class="import-upload" on:submit=submit novalidate>
                <FormMessage error=form_error(upload.error) />
                <FileField id="import-file" label=tr!(imports.file) file=file missing=missing error=upload.error
                    accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" />
                <SubmitButton label=tr!(imports.upload) busy_label=tr!(saving) busy=upload.busy() />
            </form>
        </section>
    }
}

#[component]
fn ImportList(list: Vec<ClientImport>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <Empty message=tr!(imports.none) /> }.into_any();
    }
    view! {
        <table class="list client-imports">
            <thead><tr>
                <th scope="col">{tr!(imports.file_name)}</th>
                <th scope="col">{tr!(imports.uploaded_at)}</th>
                <th scope="col">{tr!(imports.status)}</th>
                <th scope="col">{tr!(imports.rows)}</th>
                <th scope="col">{tr!(imports.result)}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|import| {
                    let status = import.status;
                    let created = import.created_at;
                    let result = (status == ImportStatus::Committed)
                        .then(|| format!("+{} / ~{}", import.created_count, import.updated_count));
                    view! {
                        <tr data-status=status.as_str()>
                            <td><A href=format!("/client-imports/{}", import.id)>{import.file_name.clone()}</A></td>
                            <td>{move || date_time(created, i18n.get_locale())}</td>
                            <td><span class=format!("badge import-{}", status.as_str())>{move || status_label(i18n, status)}</span></td>
                            <td class="number">{import.total_rows}</td>
                            <td>{result}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
