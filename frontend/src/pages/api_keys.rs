//! API keys of partner systems: list, create (the secret is shown once, with a copy
//! button), revoke after confirmation.

use futures::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use loket_api_types::api_keys::{ApiKey, CreateApiKeyRequest};
use loket_api_types::organisations::Organisation;
use loket_api_types::{ApiScope, OrganisationKind, Role};
use uuid::Uuid;

use crate::api;
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

#[component]
pub fn ApiKeys() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let paged = Paged::new(move |cursor| {
        let query = api::query(&[("cursor", cursor), ("limit", Some("50".to_owned()))]);
        async move { api::list_api_keys(session, &query).await }.boxed_local()
    });
    let to_revoke: RwSignal<Option<ApiKey>> = RwSignal::new(None);
    let confirm_open = RwSignal::new(false);
    let revoke_error: SubmitError = RwSignal::new(None);
    let revoke = move |_| {
        let Some(key) = to_revoke.get_untracked() else { return };
        spawn_local(async move {
            match api::revoke_api_key(session, key.id).await {
                Ok(()) => paged.reload(),
                Err(failure) => revoke_error.set(Some(failure)),
            }
        });
    };
    view! {
        <div class="page-header"><PageTitle text=move || t_string!(i18n, keys.title).to_string() /></div>
        <p class="lead">{t!(i18n, keys.intro)}</p>
        <NewKey on_created=Callback::new(move |_| paged.reload()) />
        <FormMessage error=form_error(revoke_error) />
        <PagedList paged=paged empty=Signal::derive(move || t_string!(i18n, keys.empty).to_string())>
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, keys.name)}</th>
                            <th scope="col">{t!(i18n, keys.prefix)}</th>
                            <th scope="col">{t!(i18n, keys.scopes)}</th>
                            <th scope="col">{t!(i18n, keys.last_used)}</th>
                            <th scope="col">{t!(i18n, keys.created)}</th>
                            <th scope="col"><span class="visually-hidden">{t!(i18n, keys.revoke)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || paged.items.get() key=|k: &ApiKey| k.id let:key>
                            <tr>
                                <td>{key.name.clone()}</td>
                                <td><code>{key.prefix.clone()}"…"</code></td>
                                <td>{
                                    let scopes = key.scopes.clone();
                                    move || scopes.iter().map(|s| labels::scope(i18n, *s)).collect::<Vec<_>>().join(", ")
                                }</td>
                                <td>{move || key.last_used_at.map(|at| format::date_time(at, i18n.get_locale())).unwrap_or_else(|| t_string!(i18n, keys.never_used).to_string())}</td>
                                <td>{move || format::date(key.created_at, i18n.get_locale())}</td>
                                <td>
                                    <button type="button" class="button danger small" on:click={
                                        let key = key.clone();
                                        move |_| {
                                            to_revoke.set(Some(key.clone()));
                                            confirm_open.set(true);
                                        }
                                    }>
                                        {t!(i18n, keys.revoke)}
                                    </button>
                                </td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
        </PagedList>
        <ConfirmDialog
            open=confirm_open
            message=Signal::derive(move || t_string!(i18n, keys.revoke_confirm, name = to_revoke.get().map(|k| k.name).unwrap_or_default()).to_string())
            confirm_label=Signal::derive(move || t_string!(i18n, keys.revoke).to_string())
            on_confirm=revoke
        />
    }
}

#[component]
fn NewKey(on_created: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let organisations: RwSignal<Vec<Organisation>> = RwSignal::new(Vec::new());
    let organisation = RwSignal::new(session.me().map(|me| me.organisation.id.to_string()).unwrap_or_default());
    spawn_local(async move {
        if session.role() == Some(Role::VendorAdmin) {
            let choices = api::organisation_choices(session, None).await;
            organisations.set(choices.into_iter().filter(|o| o.kind != OrganisationKind::Client).collect());
        }
    });
    let name = RwSignal::new(String::new());
    let scopes: Vec<(ApiScope, RwSignal<bool>)> =
        ApiScope::ALL.iter().map(|s| (*s, RwSignal::new(*s != ApiScope::UsersWrite))).collect();
    let busy = RwSignal::new(false);
    let error: SubmitError = RwSignal::new(None);
    let created: RwSignal<Option<String>> = RwSignal::new(None);
    let chosen = scopes.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(organisation_id) = Uuid::parse_str(&organisation.get_untracked()) else { return };
        busy.set(true);
        error.set(None);
        let request = CreateApiKeyRequest {
            organisation_id,
            name: name.get_untracked(),
            scopes: chosen.iter().filter(|(_, on)| on.get_untracked()).map(|(s, _)| *s).collect(),
        };
        spawn_local(async move {
            match api::create_api_key(session, &request).await {
                Ok(key) => {
                    name.set(String::new());
                    created.set(Some(key.secret));
                    on_created.run(());
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
            <h2>{t!(i18n, keys.new)}</h2>
            <FormMessage error=form_error(error) />
            <form on:submit=submit novalidate>
                <Show when=move || !organisations.get().is_empty()>
                    <SelectField id="key-organisation" label=Signal::derive(move || t_string!(i18n, keys.organisation).to_string()) value=organisation options=organisation_options error=field_error(error, "organisation_id") />
                </Show>
                <TextField id="key-name" label=Signal::derive(move || t_string!(i18n, keys.name).to_string()) value=name required=true error=field_error(error, "name") />
                <fieldset class="checks">
                    <legend>{t!(i18n, keys.scopes)}</legend>
                    {scopes.into_iter().map(|(scope, on)| view! {
                        <CheckboxField id=format!("scope-{}", scope.as_str().replace(':', "-")) label=Signal::derive(move || labels::scope(i18n, scope)) checked=on />
                    }).collect_view()}
                    <p class="error" role="alert">{move || field_error(error, "scopes").get().unwrap_or_default()}</p>
                </fieldset>
                <SubmitButton label=Signal::derive(move || t_string!(i18n, keys.new).to_string()) busy_label=Signal::derive(move || t_string!(i18n, saving).to_string()) busy=busy />
            </form>
        </section>
        <SecretDialog
            secret=created
            title=Signal::derive(move || t_string!(i18n, keys.created_title).to_string())
            warning=Signal::derive(move || t_string!(i18n, keys.created_warning).to_string())
        />
    }
}
