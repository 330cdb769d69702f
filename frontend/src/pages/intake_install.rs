//! A case from its instructions on (seed 000 steps 4–7): the helpdesk sends (or sends
//! again) the installation instructions for a release; everyone who follows the case
//! sees where the download link stands and what the installed software reported.

use leptos::prelude::*;
use loket_api_types::install_requests::{InstallRequest, InstallStep};
use loket_api_types::installations::{Installation, InstallationList};
use loket_api_types::releases::{InstructionsStatus, SendInstructions};
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SelectField, SubmitButton, field_error, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::format;
use crate::i18n::*;
use crate::session::use_session;

/// The helpdesk's form: the release (the current one of each product), sent to the
/// technical contact.
#[component]
pub fn SendInstructionsForm(request: InstallRequest, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let id = request.id;
    let again = request.step == InstallStep::Instructions;
    let products = load(move || async move { api::intake::products(session).await });
    let release = RwSignal::new(String::new());
    let send = Submit::new(
        move |body: SendInstructions| async move { api::intake::send_instructions(session, id, &body).await },
        move |_| reload.run(()),
    );
    let options = Signal::derive(move || {
        let mut options = Vec::new();
        if let Some(Ok(list)) = products.get() {
            for product in list.items {
                if let Some(current) = product.current_release {
                    options.push((current.id.to_string(), format!("{} {}", product.name, current.version)));
                }
            }
        }
        if release.get_untracked().is_empty()
            && let Some((first, _)) = options.first()
        {
            release.set(first.clone());
        }
        options
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(release_id) = release.get_untracked().parse::<Uuid>() {
            send.run(SendInstructions { release_id });
        }
    };
    let technical = format!("{} · {}", request.data.contacts.technical.name, request.data.contacts.technical.email);
    view! {
        <section class="card send-instructions">
            <h2>{tr!(install.instructions)}</h2>
            <p class="hint">{tr!(install.instructions_hint)} " " <strong>{technical}</strong></p>
            <form on:submit=submit novalidate class="instructions-form">
                <FormMessage error=form_error(send.error) />
                <SelectField id="release" label=tr!(install.release) value=release options=options required=true
                    error=field_error(send.error, "release_id") />
                <SubmitButton
                    label=if again { tr!(install.send_again) } else { tr!(install.send) }
                    busy_label=tr!(intake.submitting) busy=send.busy() />
            </form>
        </section>
    }
}

/// Where the latest instructions stand and what the software reported.
#[component]
pub fn InstallProgress(id: Uuid) -> impl IntoView {
    let session = use_session();
    let sent = load(move || async move { api::intake::instructions(session, id).await });
    let installs = load(move || async move { api::intake::installations(session, id).await });
    view! {
        <section class="card install-progress">
            <h2>{tr!(install.progress)}</h2>
            <Loaded resource=sent let:status>
                <InstructionsFacts status=status />
            </Loaded>
            <Loaded resource=installs let:list>
                <Installations list=list />
            </Loaded>
        </section>
    }
}

#[component]
fn InstructionsFacts(status: InstructionsStatus) -> impl IntoView {
    let i18n = use_i18n();
    let release = format!("{} {}", status.release.file_name, status.release.version);
    view! {
        <dl class="facts instructions-facts">
            <dt>{tr!(install.release)}</dt><dd>{release}</dd>
            <dt>{tr!(install.sent_at)}</dt><dd>{move || format::date_time(status.sent_at, i18n.get_locale())}</dd>
            <dt>{tr!(install.link_expires)}</dt><dd>{move || format::date_time(status.link_expires_at, i18n.get_locale())}</dd>
            <dt>{tr!(install.downloads)}</dt><dd class="downloads">{status.downloads}</dd>
        </dl>
    }
}

#[component]
fn Installations(list: InstallationList) -> impl IntoView {
    if list.items.is_empty() {
        return view! { <p class="muted not-installed">{tr!(install.not_installed)}</p> }.into_any();
    }
    list.items.into_iter().map(|item| view! { <InstallationFacts item=item /> }).collect_view().into_any()
}

#[component]
fn InstallationFacts(item: Installation) -> impl IntoView {
    let i18n = use_i18n();
    let machine = format!("{} · {}", item.machine_name, item.software_version);
    let moment = move |at| format::maybe_date_time(at, i18n.get_locale());
    let (heartbeat, upload, success) = (item.last_heartbeat_at, item.last_upload_at, item.first_success_at);
    let outcome = item.last_upload_succeeded;
    view! {
        <dl class="facts installation">
            <dt>{tr!(install.machine)}</dt><dd>{machine}</dd>
            <dt>{tr!(install.last_heartbeat)}</dt><dd>{move || moment(heartbeat)}</dd>
            <dt>{tr!(install.last_upload)}</dt>
            <dd class=move || match outcome { Some(false) => "upload-failed", _ => "" }>
                {move || moment(upload)}
                {move || match outcome {
                    Some(true) => format!(" · {}", t_string!(i18n, install.upload_ok)),
                    Some(false) => format!(" · {}", t_string!(i18n, install.upload_failed)),
                    None => String::new(),
                }}
            </dd>
            {item.last_upload_error.clone().map(|error| view! { <dt>{tr!(install.last_error)}</dt><dd class="wrap upload-error">{error}</dd> })}
            <dt>{tr!(install.first_success)}</dt><dd>{move || moment(success)}</dd>
            <dt>{tr!(install.uploads)}</dt><dd>{item.uploads}</dd>
        </dl>
    }
}
