//! API keys of partner systems: list, create (the secret is shown once, with a copy
//! button), revoke after confirmation.

use futures::FutureExt;
use leptos::prelude::*;
use loket_api_types::api_keys::{ApiKey, CreateApiKeyRequest, CreatedApiKey};
use loket_api_types::organisations::Organisation;
use loket_api_types::{ApiScope, OrganisationKind, Role};
use uuid::Uuid;

use crate::api;
use crate::components::confirm::ConfirmDialog;
use crate::components::form::{
    CheckboxField, FormMessage, SelectField, SubmitButton, TextField, field_error, form_error,
};
use crate::components::labels;
use crate::components::load::{Submit, load};
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
    let revoke = Submit::new(move |id: Uuid| api::revoke_api_key(session, id), move |()| paged.reload());
    let revoke_error = revoke.error;
    let revoke = move |_| {
        if let Some(key) = to_revoke.get_untracked() {
            revoke.run(key.id);
        }
    };
    view! {
        <div class="page-header"><PageTitle text=tr!(keys.title) /></div>
        <p class="lead">{tr!(keys.intro)}</p>
        <NewKey on_created=Callback::new(move |_| paged.reload()) />
        <FormMessage error=form_error(revoke_error) />
        <PagedList pager=paged.pager() empty=tr!(keys.empty)>
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{tr!(keys.name)}</th>
                            <th scope="col">{tr!(keys.prefix)}</th>
                            <th scope="col">{tr!(keys.scopes)}</th>
                            <th scope="col">{tr!(keys.last_used)}</th>
                            <th scope="col">{tr!(keys.created)}</th>
                            <th scope="col"><span class="visually-hidden">{tr!(keys.revoke)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || paged.rows() key=|k: &ApiKey| k.id let:key>
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
                                        {tr!(keys.revoke)}
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
            confirm_label=tr!(keys.revoke)
            on_confirm=revoke
        />
    }
}

#[component]
fn NewKey(on_created: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let organisation = RwSignal::new(session.me().map(|me| me.organisation.id.to_string()).unwrap_or_default());
    // Vendor admins choose the vendor or a partner; everyone else makes keys for their own.
    let organisations = load(move || async move {
        if session.role() != Some(Role::VendorAdmin) {
            return Ok(Vec::new());
        }
        let choices = api::organisation_choices(session, None).await;
        Ok(choices.into_iter().filter(|o| o.kind != OrganisationKind::Client).collect::<Vec<Organisation>>())
    });
    let organisations = move || organisations.value().unwrap_or_default();
    let name = RwSignal::new(String::new());
    let scopes: Vec<(ApiScope, RwSignal<bool>)> =
        ApiScope::ALL.iter().map(|s| (*s, RwSignal::new(*s != ApiScope::UsersWrite))).collect();
    let created: RwSignal<Option<String>> = RwSignal::new(None);
    let create = Submit::new(
        move |request: CreateApiKeyRequest| async move { api::create_api_key(session, &request).await },
        move |key: CreatedApiKey| {
            name.set(String::new());
            created.set(Some(key.secret));
            on_created.run(());
        },
    );
    let error = create.error;
    let chosen = scopes.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(organisation_id) = Uuid::parse_str(&organisation.get_untracked()) else { return };
        let request = CreateApiKeyRequest {
            organisation_id,
            name: name.get_untracked(),
            scopes: chosen.iter().filter(|(_, on)| on.get_untracked()).map(|(s, _)| *s).collect(),
        };
        create.run(request);
    };
    let organisation_options =
        Signal::derive(move || organisations().into_iter().map(|o| (o.id.to_string(), o.name)).collect::<Vec<_>>());
    view! {
        <section class="card">
            <h2>{tr!(keys.new)}</h2>
            <FormMessage error=form_error(error) />
            <form on:submit=submit novalidate>
                <Show when=move || !organisations().is_empty()>
                    <SelectField id="key-organisation" label=tr!(keys.organisation) value=organisation options=organisation_options error=field_error(error, "organisation_id") />
                </Show>
                <TextField id="key-name" label=tr!(keys.name) value=name required=true error=field_error(error, "name") />
                <fieldset class="checks">
                    <legend>{tr!(keys.scopes)}</legend>
                    {scopes.into_iter().map(|(scope, on)| view! {
                        <CheckboxField id=format!("scope-{}", scope.as_str().replace(':', "-")) label=Signal::derive(move || labels::scope(i18n, scope)) checked=on />
                    }).collect_view()}
                    <p class="error" role="alert">{move || field_error(error, "scopes").get().unwrap_or_default()}</p>
                </fieldset>
                <SubmitButton label=tr!(keys.new) busy_label=tr!(saving) busy=create.busy() />
            </form>
        </section>
        <SecretDialog
            secret=created
            title=tr!(keys.created_title)
            warning=tr!(keys.created_warning)
        />
    }
}
