//! One organisation: its details (editable by vendor admins, with optimistic locking),
//! its branches and its users.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use loket_api_types::organisations::{Branch, CreateBranchRequest, Organisation, UpdateOrganisationRequest};
use loket_api_types::{ErrorCode, OrganisationKind, Role};
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::form::{FormMessage, SubmitButton, SubmitError, TextField, field_error, form_error};
use crate::components::labels;
use crate::components::states::{LoadError, Loading};
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::pages::users::{UserTable, manages_users, user_list};
use crate::session::use_session;

#[component]
pub fn OrganisationDetail() -> impl IntoView {
    let params = use_params_map();
    let session = use_session();
    let loaded: RwSignal<Option<Result<Organisation, ApiError>>> = RwSignal::new(None);
    let id = move || params.get().get("id").and_then(|raw| Uuid::parse_str(&raw).ok());
    let load = move || {
        loaded.set(None);
        match id() {
            Some(id) => spawn_local(async move { loaded.set(Some(api::get_organisation(session, id).await)) }),
            None => loaded.set(Some(Err(ApiError { status: 404, problem: None, retry_after: None }))),
        }
    };
    Effect::new(move |_| load());
    view! {
        {move || match loaded.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(error)) => view! { <LoadError error=error retry=move |_| load() /> }.into_any(),
            Some(Ok(organisation)) => view! { <Details organisation=organisation reload=Callback::new(move |_| load()) /> }.into_any(),
        }}
    }
}

#[component]
fn Details(organisation: Organisation, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let role = session.role();
    let own = session.me().is_some_and(|me| me.organisation.id == organisation.id);
    let editable = role == Some(Role::VendorAdmin);
    let name = RwSignal::new(organisation.name.clone());
    let coc = RwSignal::new(organisation.coc_number.clone().unwrap_or_default());
    let vat = RwSignal::new(organisation.vat_number.clone().unwrap_or_default());
    let version = RwSignal::new(organisation.version);
    let busy = RwSignal::new(false);
    let error: SubmitError = RwSignal::new(None);
    let saved = RwSignal::new(false);
    let id = organisation.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        saved.set(false);
        let request = UpdateOrganisationRequest {
            name: Some(name.get_untracked()),
            coc_number: Some(coc.get_untracked()),
            vat_number: Some(vat.get_untracked()),
            ..Default::default()
        };
        spawn_local(async move {
            match api::update_organisation(session, id, version.get_untracked(), &request).await {
                Ok(updated) => {
                    version.set(updated.version);
                    saved.set(true);
                }
                Err(failure) => error.set(Some(failure)),
            }
            busy.set(false);
        });
    };
    let conflict = move || error.get().is_some_and(|e| e.code() == Some(ErrorCode::PreconditionFailed));
    let saved_text = Signal::derive(move || saved.get().then(|| t_string!(i18n, saved).to_string()));
    let is_partner = organisation.kind == OrganisationKind::Partner;
    let manages_branches = is_partner && (role == Some(Role::VendorAdmin) || (role == Some(Role::PartnerAdmin) && own));
    let search = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let users = user_list(Some(id), search, status);
    let can_add_user = role == Some(Role::VendorAdmin) || (own && manages_users(role));
    view! {
        <div class="page-header">
            <PageTitle text=organisation.name.clone() />
            <span class="badge">{move || labels::kind(i18n, organisation.kind)}</span>
        </div>
        <section class="card">
            <h2>{t!(i18n, orgs.details)}</h2>
            <FormMessage error=form_error(error) success=saved_text />
            <Show when=conflict>
                <button type="button" class="button secondary" on:click=move |_| reload.run(())>{t!(i18n, orgs.reload)}</button>
            </Show>
            <form on:submit=submit novalidate>
                <fieldset disabled=!editable>
                    <TextField id="name" label=Signal::derive(move || t_string!(i18n, orgs.name).to_string()) value=name required=true error=field_error(error, "name") />
                    <TextField id="coc_number" label=Signal::derive(move || t_string!(i18n, orgs.coc).to_string()) value=coc error=field_error(error, "coc_number") />
                    <TextField id="vat_number" label=Signal::derive(move || t_string!(i18n, orgs.vat).to_string()) value=vat error=field_error(error, "vat_number") />
                </fieldset>
                <Show when=move || editable>
                    <SubmitButton label=Signal::derive(move || t_string!(i18n, save).to_string()) busy_label=Signal::derive(move || t_string!(i18n, saving).to_string()) busy=busy />
                </Show>
            </form>
        </section>
        {is_partner.then(|| view! { <Branches organisation=id manage=manages_branches /> })}
        <section class="card">
            <div class="page-header">
                <h2>{t!(i18n, orgs.users)}</h2>
                <Show when=move || can_add_user>
                    <A href=format!("/users/new?organisation_id={id}") attr:class="button primary small">{t!(i18n, users.new)}</A>
                </Show>
            </div>
            <UserTable paged=users />
        </section>
    }
}

#[component]
fn Branches(organisation: Uuid, manage: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let branches: RwSignal<Option<Vec<Branch>>> = RwSignal::new(None);
    let load = move || {
        spawn_local(
            async move { branches.set(Some(api::list_branches(session, organisation).await.unwrap_or_default())) },
        )
    };
    load();
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error: SubmitError = RwSignal::new(None);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let request = CreateBranchRequest { name: name.get_untracked() };
        spawn_local(async move {
            match api::create_branch(session, organisation, &request).await {
                Ok(_) => {
                    name.set(String::new());
                    load();
                }
                Err(failure) => error.set(Some(failure)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card">
            <h2>{t!(i18n, orgs.branches)}</h2>
            {move || match branches.get() {
                None => view! { <Loading /> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, orgs.no_branches)}</p> }.into_any(),
                Some(list) => view! { <ul class="plain">{list.into_iter().map(|b| view! { <li>{b.name}</li> }).collect_view()}</ul> }.into_any(),
            }}
            <Show when=move || manage>
                <form class="inline-form" on:submit=add novalidate>
                    <TextField id="branch-name" label=Signal::derive(move || t_string!(i18n, orgs.new_branch).to_string()) value=name required=true error=field_error(error, "name") />
                    <SubmitButton label=Signal::derive(move || t_string!(i18n, orgs.add_branch).to_string()) busy_label=Signal::derive(move || t_string!(i18n, saving).to_string()) busy=busy />
                </form>
            </Show>
        </section>
    }
}
