//! Webhook endpoints of a partner: register (secret shown once), test, rotate the
//! secret, pause, delete, and follow the deliveries with their status.

use futures::FutureExt;
use leptos::prelude::*;
use loket_api_types::pagination::Page;
use loket_api_types::webhooks::{
    CreateWebhookRequest, CreatedWebhook, UpdateWebhookRequest, WebhookDelivery, WebhookEndpoint,
};
use loket_api_types::{Role, WebhookEvent};
use uuid::Uuid;

use crate::api;
use crate::components::confirm::ConfirmDialog;
use crate::components::form::{
    CheckboxField, FormMessage, SelectField, SubmitButton, TextField, field_error, form_error,
};
use crate::components::labels;
use crate::components::load::{Load, Loaded, Submit, load};
use crate::components::paged::{Paged, PagedList};
use crate::components::secret::SecretDialog;
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::session::use_session;

/// The events a partner can subscribe to (test pings always arrive).
const SUBSCRIBABLE: [WebhookEvent; 5] = [
    WebhookEvent::UserInvited,
    WebhookEvent::UserActivated,
    WebhookEvent::UserDeactivated,
    WebhookEvent::OrganisationUpdated,
    WebhookEvent::InstallRequestStepChanged,
];

/// What can be done to an endpoint from the list.
#[derive(Clone, Copy, PartialEq)]
enum Act {
    Test,
    Toggle,
    Rotate,
    Delete,
}

/// What came of it.
enum Done {
    Tested,
    Changed,
    Secret(String),
}

#[component]
pub fn Webhooks() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let paged = Paged::new(move |cursor| {
        let query = api::query(&[("cursor", cursor)]);
        async move { api::list_webhooks(session, &query).await }.boxed_local()
    });
    let secret: RwSignal<Option<String>> = RwSignal::new(None);
    let notice: RwSignal<Option<String>> = RwSignal::new(None);
    let selected: RwSignal<Option<WebhookEndpoint>> = RwSignal::new(None);
    let pending: RwSignal<Option<Act>> = RwSignal::new(None);
    let confirm_open = RwSignal::new(false);
    // Bumped after a test ping, so open delivery lists show it.
    let deliveries_version = RwSignal::new(0_u32);

    let act = Submit::new(
        move |(act, endpoint): (Act, WebhookEndpoint)| async move {
            match act {
                Act::Test => api::test_webhook(session, endpoint.id).await.map(|_| Done::Tested),
                Act::Toggle => {
                    let request = UpdateWebhookRequest { enabled: Some(!endpoint.enabled), ..Default::default() };
                    api::update_webhook(session, endpoint.id, endpoint.version, &request).await.map(|_| Done::Changed)
                }
                Act::Rotate => api::rotate_webhook_secret(session, endpoint.id).await.map(|r| Done::Secret(r.secret)),
                Act::Delete => api::delete_webhook(session, endpoint.id).await.map(|()| Done::Changed),
            }
        },
        move |done: Done| match done {
            Done::Tested => {
                notice.set(Some(t_string!(i18n, hooks.tested).to_string()));
                deliveries_version.update(|v| *v += 1);
                paged.reload();
            }
            Done::Changed => paged.reload(),
            Done::Secret(new_secret) => {
                secret.set(Some(new_secret));
                paged.reload();
            }
        },
    );
    let error = act.error;
    let run = move |action: Act, endpoint: WebhookEndpoint| {
        notice.set(None);
        act.run((action, endpoint));
    };
    let ask = move |action: Act, endpoint: WebhookEndpoint| {
        selected.set(Some(endpoint));
        pending.set(Some(action));
        confirm_open.set(true);
    };
    let confirmed = move |_| {
        if let (Some(endpoint), Some(action)) = (selected.get_untracked(), pending.get_untracked()) {
            run(action, endpoint);
        }
    };
    let confirm_message = Signal::derive(move || {
        let url = selected.get().map(|e| e.url).unwrap_or_default();
        match pending.get() {
            Some(Act::Rotate) => t_string!(i18n, hooks.rotate_confirm, url = url).to_string(),
            _ => t_string!(i18n, hooks.delete_confirm, url = url).to_string(),
        }
    });
    let confirm_label = Signal::derive(move || match pending.get() {
        Some(Act::Rotate) => t_string!(i18n, hooks.rotate).to_string(),
        _ => t_string!(i18n, hooks.delete).to_string(),
    });

    view! {
        <div class="page-header"><PageTitle text=tr!(hooks.title) /></div>
        <p class="lead">{tr!(hooks.intro)}</p>
        <NewEndpoint on_created=Callback::new(move |new_secret: String| {
            secret.set(Some(new_secret));
            paged.reload();
        }) />
        <FormMessage error=form_error(error) success=Signal::derive(move || notice.get()) />
        <PagedList pager=paged.pager() empty=tr!(hooks.empty)>
            <ul class="endpoints">
                <For each=move || paged.rows() key=|e: &WebhookEndpoint| (e.id, e.version, e.last_delivery_at) let:endpoint>
                    <li class="card endpoint">
                        <div class="page-header">
                            <div>
                                <code class="wrap">{endpoint.url.clone()}</code>
                                <span class="badge">{if endpoint.enabled { t_string!(i18n, hooks.enabled).to_string() } else { t_string!(i18n, hooks.paused).to_string() }}</span>
                                <p class="muted">{endpoint.description.clone()}</p>
                            </div>
                            <div class="actions">
                                <button type="button" class="button secondary small" on:click={ let e = endpoint.clone(); move |_| run(Act::Test, e.clone()) }>{tr!(hooks.test)}</button>
                                <button type="button" class="button secondary small" on:click={ let e = endpoint.clone(); move |_| run(Act::Toggle, e.clone()) }>
                                    {if endpoint.enabled { t_string!(i18n, hooks.pause).to_string() } else { t_string!(i18n, hooks.resume).to_string() }}
                                </button>
                                <button type="button" class="button secondary small" on:click={ let e = endpoint.clone(); move |_| ask(Act::Rotate, e.clone()) }>{tr!(hooks.rotate)}</button>
                                <button type="button" class="button danger small" on:click={ let e = endpoint.clone(); move |_| ask(Act::Delete, e.clone()) }>{tr!(hooks.delete)}</button>
                            </div>
                        </div>
                        <p>
                            <strong>{tr!(hooks.events)}": "</strong>
                            {endpoint.event_types.iter().map(|e| labels::event(i18n, *e)).collect::<Vec<_>>().join(", ")}
                        </p>
                        <p class="last-delivery">
                            <strong>{tr!(hooks.status)}": "</strong>
                            {match (endpoint.last_delivery_status, endpoint.last_delivery_at) {
                                (Some(status), Some(at)) => format!(
                                    "{} · {}{}",
                                    labels::job_status(i18n, status),
                                    format::date_time(at, i18n.get_locale()),
                                    endpoint.last_http_status.map(|code| format!(" · HTTP {code}")).unwrap_or_default()
                                ),
                                _ => t_string!(i18n, hooks.never).to_string(),
                            }}
                        </p>
                        {
                            // The deliveries load when the list is opened, and again after a test.
                            let open = RwSignal::new(false);
                            view! {
                                <details on:toggle=move |_| open.update(|open| *open = !*open)>
                                    <summary>{tr!(hooks.deliveries)}</summary>
                                    <Show when=move || open.get()>
                                        <Deliveries endpoint=endpoint.id version=deliveries_version />
                                    </Show>
                                </details>
                            }
                        }
                    </li>
                </For>
            </ul>
        </PagedList>
        <ConfirmDialog open=confirm_open message=confirm_message confirm_label=confirm_label on_confirm=confirmed />
        <SecretDialog
            secret=secret
            title=tr!(hooks.secret_title)
            warning=tr!(hooks.secret_warning)
        />
    }
}

#[component]
fn Deliveries(endpoint: Uuid, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let deliveries: Load<Page<WebhookDelivery>> = load(move || {
        version.track();
        api::list_webhook_deliveries(session, endpoint)
    });
    view! {
        <Loaded resource=deliveries let:page>
            {if page.items.is_empty() {
                view! { <p class="muted">{tr!(hooks.no_deliveries)}</p> }.into_any()
            } else {
                view! {
                    <table class="compact">
                        <tbody>
                            {page.items.into_iter().map(|d| view! {
                                <tr>
                                    <td>{labels::event(i18n, d.event_type)}</td>
                                    <td>{labels::job_status(i18n, d.status)}</td>
                                    <td>{d.last_http_status.map(|code| format!("HTTP {code}")).unwrap_or_default()}</td>
                                    <td>{format!("{}×", d.attempts)}</td>
                                    <td>{format::date_time(d.created_at, i18n.get_locale())}</td>
                                    <td class="wrap error-text">{d.last_error.unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn NewEndpoint(on_created: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let organisation = RwSignal::new(session.me().map(|me| me.organisation.id.to_string()).unwrap_or_default());
    // Vendor admins register endpoints for a partner (the first is preselected); partners for themselves.
    let organisations = load(move || async move {
        if session.role() != Some(Role::VendorAdmin) {
            return Ok(Vec::new());
        }
        let partners = api::organisation_choices(session, Some("partner")).await;
        if let Some(first) = partners.first() {
            organisation.set(first.id.to_string());
        }
        Ok(partners)
    });
    let organisations = move || organisations.value().unwrap_or_default();
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let events: Vec<(WebhookEvent, RwSignal<bool>)> = SUBSCRIBABLE.iter().map(|e| (*e, RwSignal::new(true))).collect();
    let create = Submit::new(
        move |request: CreateWebhookRequest| async move { api::create_webhook(session, &request).await },
        move |created: CreatedWebhook| {
            url.set(String::new());
            description.set(String::new());
            on_created.run(created.secret);
        },
    );
    let error = create.error;
    let chosen = events.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(organisation_id) = Uuid::parse_str(&organisation.get_untracked()) else { return };
        let request = CreateWebhookRequest {
            organisation_id,
            url: url.get_untracked(),
            description: description.get_untracked(),
            event_types: chosen.iter().filter(|(_, on)| on.get_untracked()).map(|(e, _)| *e).collect(),
        };
        create.run(request);
    };
    let organisation_options =
        Signal::derive(move || organisations().into_iter().map(|o| (o.id.to_string(), o.name)).collect::<Vec<_>>());
    view! {
        <section class="card">
            <h2>{tr!(hooks.new)}</h2>
            <FormMessage error=form_error(error) />
            <form on:submit=submit novalidate>
                <Show when=move || !organisations().is_empty()>
                    <SelectField id="hook-organisation" label=tr!(hooks.organisation) value=organisation options=organisation_options error=field_error(error, "organisation_id") />
                </Show>
                <TextField id="hook-url" label=tr!(hooks.url) value=url kind="url" required=true error=field_error(error, "url") />
                <TextField id="hook-description" label=tr!(hooks.description) value=description error=field_error(error, "description") />
                <fieldset class="checks">
                    <legend>{tr!(hooks.events)}</legend>
                    {events.into_iter().map(|(event, on)| view! {
                        <CheckboxField id=format!("event-{}", event.as_str().replace('.', "-")) label=Signal::derive(move || labels::event(i18n, event)) checked=on />
                    }).collect_view()}
                    <p class="error" role="alert">{move || field_error(error, "event_types").get().unwrap_or_default()}</p>
                </fieldset>
                <SubmitButton label=tr!(hooks.new) busy_label=tr!(saving) busy=create.busy() />
            </form>
        </section>
    }
}
