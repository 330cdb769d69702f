//! Webhook endpoints of a partner: register (secret shown once), test, rotate the
//! secret, pause, delete, and follow the deliveries with their status.

use futures::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use loket_api_types::organisations::Organisation;
use loket_api_types::webhooks::{CreateWebhookRequest, UpdateWebhookRequest, WebhookDelivery, WebhookEndpoint};
use loket_api_types::{Role, WebhookEvent};
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmDialog;
use crate::components::form::{
    CheckboxField, FormMessage, SelectField, SubmitButton, SubmitError, TextField, field_error, form_error,
};
use crate::components::labels;
use crate::components::paged::{Paged, PagedList};
use crate::components::secret::SecretDialog;
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::session::use_session;

/// The events a partner can subscribe to (test pings always arrive).
const SUBSCRIBABLE: [WebhookEvent; 4] = [
    WebhookEvent::UserInvited,
    WebhookEvent::UserActivated,
    WebhookEvent::UserDeactivated,
    WebhookEvent::OrganisationUpdated,
];

#[derive(Clone, Copy, PartialEq)]
enum Pending {
    Rotate,
    Delete,
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
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let notice: RwSignal<Option<String>> = RwSignal::new(None);
    let selected: RwSignal<Option<WebhookEndpoint>> = RwSignal::new(None);
    let pending: RwSignal<Option<Pending>> = RwSignal::new(None);
    let confirm_open = RwSignal::new(false);
    let deliveries_of: RwSignal<Option<Uuid>> = RwSignal::new(None);

    let act = move |action: Pending, endpoint: WebhookEndpoint| {
        selected.set(Some(endpoint));
        pending.set(Some(action));
        confirm_open.set(true);
    };
    let confirmed = move |_| {
        let (Some(endpoint), Some(action)) = (selected.get_untracked(), pending.get_untracked()) else { return };
        error.set(None);
        spawn_local(async move {
            let result = match action {
                Pending::Rotate => {
                    api::rotate_webhook_secret(session, endpoint.id).await.map(|r| secret.set(Some(r.secret)))
                }
                Pending::Delete => api::delete_webhook(session, endpoint.id).await,
            };
            match result {
                Ok(()) => paged.reload(),
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let test = move |endpoint: WebhookEndpoint| {
        error.set(None);
        spawn_local(async move {
            match api::test_webhook(session, endpoint.id).await {
                Ok(_) => {
                    notice.set(Some(t_string!(i18n, hooks.tested).to_string()));
                    deliveries_of.set(Some(endpoint.id));
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let toggle = move |endpoint: WebhookEndpoint| {
        error.set(None);
        let request = UpdateWebhookRequest { enabled: Some(!endpoint.enabled), ..Default::default() };
        spawn_local(async move {
            match api::update_webhook(session, endpoint.id, endpoint.version, &request).await {
                Ok(_) => paged.reload(),
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let confirm_message = Signal::derive(move || {
        let url = selected.get().map(|e| e.url).unwrap_or_default();
        match pending.get() {
            Some(Pending::Rotate) => t_string!(i18n, hooks.rotate_confirm, url = url).to_string(),
            _ => t_string!(i18n, hooks.delete_confirm, url = url).to_string(),
        }
    });
    let confirm_label = Signal::derive(move || match pending.get() {
        Some(Pending::Rotate) => t_string!(i18n, hooks.rotate).to_string(),
        _ => t_string!(i18n, hooks.delete).to_string(),
    });

    view! {
        <div class="page-header"><PageTitle text=move || t_string!(i18n, hooks.title).to_string() /></div>
        <p class="lead">{t!(i18n, hooks.intro)}</p>
        <NewEndpoint on_created=Callback::new(move |new_secret: String| {
            secret.set(Some(new_secret));
            paged.reload();
        }) />
        <FormMessage error=form_error(error) success=Signal::derive(move || notice.get()) />
        <PagedList paged=paged empty=Signal::derive(move || t_string!(i18n, hooks.empty).to_string())>
            <ul class="endpoints">
                <For each=move || paged.items.get() key=|e: &WebhookEndpoint| (e.id, e.version, e.last_delivery_at) let:endpoint>
                    <li class="card endpoint">
                        <div class="page-header">
                            <div>
                                <code class="wrap">{endpoint.url.clone()}</code>
                                <span class="badge">{if endpoint.enabled { t_string!(i18n, hooks.enabled).to_string() } else { t_string!(i18n, hooks.paused).to_string() }}</span>
                                <p class="muted">{endpoint.description.clone()}</p>
                            </div>
                            <div class="actions">
                                <button type="button" class="button secondary small" on:click={ let e = endpoint.clone(); move |_| test(e.clone()) }>{t!(i18n, hooks.test)}</button>
                                <button type="button" class="button secondary small" on:click={ let e = endpoint.clone(); move |_| toggle(e.clone()) }>
                                    {if endpoint.enabled { t_string!(i18n, hooks.pause).to_string() } else { t_string!(i18n, hooks.resume).to_string() }}
                                </button>
                                <button type="button" class="button secondary small" on:click={ let e = endpoint.clone(); move |_| act(Pending::Rotate, e.clone()) }>{t!(i18n, hooks.rotate)}</button>
                                <button type="button" class="button danger small" on:click={ let e = endpoint.clone(); move |_| act(Pending::Delete, e.clone()) }>{t!(i18n, hooks.delete)}</button>
                            </div>
                        </div>
                        <p>
                            <strong>{t!(i18n, hooks.events)}": "</strong>
                            {endpoint.event_types.iter().map(|e| labels::event(i18n, *e)).collect::<Vec<_>>().join(", ")}
                        </p>
                        <p class="last-delivery">
                            <strong>{t!(i18n, hooks.status)}": "</strong>
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
                        <details on:toggle={ let id = endpoint.id; move |_| deliveries_of.set(Some(id)) }>
                            <summary>{t!(i18n, hooks.deliveries)}</summary>
                            <Deliveries endpoint=endpoint.id refresh=deliveries_of />
                        </details>
                    </li>
                </For>
            </ul>
        </PagedList>
        <ConfirmDialog open=confirm_open message=confirm_message confirm_label=confirm_label on_confirm=confirmed />
        <SecretDialog
            secret=secret
            title=Signal::derive(move || t_string!(i18n, hooks.secret_title).to_string())
            warning=Signal::derive(move || t_string!(i18n, hooks.secret_warning).to_string())
        />
    }
}

#[component]
fn Deliveries(endpoint: Uuid, refresh: RwSignal<Option<Uuid>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let items: RwSignal<Option<Vec<WebhookDelivery>>> = RwSignal::new(None);
    Effect::new(move |_| {
        if refresh.get() == Some(endpoint) {
            spawn_local(async move {
                items.set(api::list_webhook_deliveries(session, endpoint).await.ok().map(|p| p.items))
            });
        }
    });
    view! {
        {move || match items.get() {
            None => view! { <p class="muted">{t!(i18n, loading)}</p> }.into_any(),
            Some(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, hooks.no_deliveries)}</p> }.into_any(),
            Some(list) => view! {
                <table class="compact">
                    <tbody>
                        {list.into_iter().map(|d| view! {
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
            }.into_any(),
        }}
    }
}

#[component]
fn NewEndpoint(on_created: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let organisations: RwSignal<Vec<Organisation>> = RwSignal::new(Vec::new());
    let organisation = RwSignal::new(session.me().map(|me| me.organisation.id.to_string()).unwrap_or_default());
    spawn_local(async move {
        if session.role() == Some(Role::VendorAdmin) {
            let partners = api::organisation_choices(session, Some("partner")).await;
            if let Some(first) = partners.first() {
                organisation.set(first.id.to_string());
            }
            organisations.set(partners);
        }
    });
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let events: Vec<(WebhookEvent, RwSignal<bool>)> = SUBSCRIBABLE.iter().map(|e| (*e, RwSignal::new(true))).collect();
    let busy = RwSignal::new(false);
    let error: SubmitError = RwSignal::new(None);
    let chosen = events.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(organisation_id) = Uuid::parse_str(&organisation.get_untracked()) else { return };
        busy.set(true);
        error.set(None);
        let request = CreateWebhookRequest {
            organisation_id,
            url: url.get_untracked(),
            description: description.get_untracked(),
            event_types: chosen.iter().filter(|(_, on)| on.get_untracked()).map(|(e, _)| *e).collect(),
        };
        spawn_local(async move {
            match api::create_webhook(session, &request).await {
                Ok(created) => {
                    url.set(String::new());
                    description.set(String::new());
                    on_created.run(created.secret);
                }
                Err(failure) => error.set(Some(failure)),
            }
            busy.set(false);
        });
    };
    let organisation_options =
        Signal::derive(move || organisations.get().into_iter().map(|o| (o.id.to_string(), o.name)).collect::<Vec<_>>());
    view! {
        <section class="card">
            <h2>{t!(i18n, hooks.new)}</h2>
            <FormMessage error=form_error(error) />
            <form on:submit=submit novalidate>
                <Show when=move || !organisations.get().is_empty()>
                    <SelectField id="hook-organisation" label=Signal::derive(move || t_string!(i18n, hooks.organisation).to_string()) value=organisation options=organisation_options error=field_error(error, "organisation_id") />
                </Show>
                <TextField id="hook-url" label=Signal::derive(move || t_string!(i18n, hooks.url).to_string()) value=url kind="url" required=true error=field_error(error, "url") />
                <TextField id="hook-description" label=Signal::derive(move || t_string!(i18n, hooks.description).to_string()) value=description error=field_error(error, "description") />
                <fieldset class="checks">
                    <legend>{t!(i18n, hooks.events)}</legend>
                    {events.into_iter().map(|(event, on)| view! {
                        <CheckboxField id=format!("event-{}", event.as_str().replace('.', "-")) label=Signal::derive(move || labels::event(i18n, event)) checked=on />
                    }).collect_view()}
                    <p class="error" role="alert">{move || field_error(error, "event_types").get().unwrap_or_default()}</p>
                </fieldset>
                <SubmitButton label=Signal::derive(move || t_string!(i18n, hooks.new).to_string()) busy_label=Signal::derive(move || t_string!(i18n, saving).to_string()) busy=busy />
            </form>
        </section>
    }
}
