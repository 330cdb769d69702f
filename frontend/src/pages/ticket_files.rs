//! Files on a ticket: the list with image previews and downloads, and the file picker of
//! the new-ticket form and the reply box (files are sent when the form is).

use leptos::prelude::*;
use loket_api_types::ticket_attachments::TicketAttachment;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use web_sys::{File, HtmlInputElement};

use crate::api::ApiError;
use crate::components::form::form_error;
use crate::components::load::Submit;
use crate::files;
use crate::i18n::*;
use crate::session::{Session, use_session};

/// What the file input offers; the server judges the bytes either way.
const ACCEPT: &str =
    "image/png,image/jpeg,image/gif,image/webp,application/pdf,application/zip,.zip,text/plain,.txt,.log,.csv";

/// Files chosen in a form, not yet sent.
pub type Chosen = RwSignal<Vec<File>, LocalStorage>;

/// The files `list`, images as previews; each downloads under its name.
#[component]
pub fn Attachments(list: Vec<TicketAttachment>) -> impl IntoView {
    (!list.is_empty()).then(|| {
        view! {
            <ul class="attachments">
                {list.into_iter().map(|file| view! { <Attachment file=file /> }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn Attachment(file: TicketAttachment) -> impl IntoView {
    let session = use_session();
    let preview = file.is_image.then(|| view! { <Preview file=file.clone() /> });
    let name = file.file_name.clone();
    let size = files::size(file.size_bytes);
    let download = Submit::new(move |file: TicketAttachment| async move { files::save(session, &file).await }, |()| ());
    let error = form_error(download.error);
    view! {
        <li class="attachment">
            {preview}
            <button type="button" class="link" on:click=move |_| download.run(file.clone())>{name}</button>
            " "<span class="muted">{size}</span>
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
        </li>
    }
}

/// An image shown from its bytes; the object URL is given back when it leaves the page.
#[component]
fn Preview(file: TicketAttachment) -> impl IntoView {
    let session = use_session();
    let alt = file.file_name.clone();
    let url = LocalResource::new(move || {
        let file = file.clone();
        async move { files::object_url(session, &file).await.ok() }
    });
    on_cleanup(move || {
        if let Some(Some(object)) = url.try_get_untracked().flatten() {
            files::revoke(&object);
        }
    });
    view! {
        {move || url.get().flatten().map(|src| view! { <img class="preview" src=src alt=alt.clone() /> })}
    }
}

/// A file input that collects files for the form it is in.
#[component]
pub fn FilePicker(#[prop(into)] id: String, chosen: Chosen) -> impl IntoView {
    let add = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
        if let Some(list) = input.files() {
            let picked: Vec<File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
            chosen.update(|files| files.extend(picked));
        }
        // The same file can be chosen again after removing it.
        input.set_value("");
    };
    let remove = move |index: usize| {
        chosen.update(|files| {
            if index < files.len() {
                files.remove(index);
            }
        })
    };
    view! {
        <div class="field">
            <label for=id.clone()>{tr!(files.attach)}</label>
            <input id=id.clone() type="file" multiple=true accept=ACCEPT on:change=add aria-describedby=format!("{id}-hint") />
            <p class="hint" id=format!("{id}-hint")>{tr!(files.hint)}</p>
            <ul class="chosen">
                {move || chosen.with(|files| files.iter().enumerate().map(|(index, file)| {
                    let name = file.name();
                    let label = name.clone();
                    view! {
                        <li>
                            {name}" "<span class="muted">{files::size(file.size() as i64)}</span>" "
                            <button type="button" class="link" on:click=move |_| remove(index)>
                                <TrRemove name=label.clone() />
                            </button>
                        </li>
                    }
                }).collect_view())}
            </ul>
        </div>
    }
}

#[component]
fn TrRemove(name: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span aria-hidden="true">{move || t_string!(i18n, files.remove).to_string()}</span>
        <span class="visually-hidden">{move || t_string!(i18n, files.remove_named, name = name.clone()).to_string()}</span>
    }
}

/// Sends the chosen files to ticket `ticket`; their ids, or the first file refused with
/// the server's reason (the ones before it are sent).
pub async fn send_all(
    session: Session,
    ticket: Uuid,
    chosen: Vec<File>,
    internal: bool,
) -> Result<Vec<Uuid>, (String, ApiError)> {
    let mut ids = Vec::with_capacity(chosen.len());
    for file in &chosen {
        let sent = files::upload(session, ticket, file, internal).await.map_err(|e| (file.name(), e))?;
        ids.push(sent.id);
    }
    Ok(ids)
}
