//! One organisation: its details (editable by vendor admins, with optimistic locking),
//! its branches and its users.

use leptos::prelude::*;
use leptos_router::components::A;
use loket_api_types::organisations::{Branch, CreateBranchRequest, Organisation, UpdateOrganisationRequest};
use loket_api_types::{ErrorCode, OrganisationKind, Role};
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, TextField, field_error, form_error};
use crate::components::labels;
use crate::components::load::{Load, Loaded, Submit, load, load_by_id};
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::pages::users::{UserTable, manages_users, user_list};
use crate::session::use_session;

#[component]
pub fn OrganisationDetail() -> impl IntoView {
    let loaded: Load<Organisation> = load_by_id(api::get_organisation);
    view! {
        <Loaded resource=loaded let:organisation>
            <Details organisation=organisation reload=Callback::new(move |_| loaded.refetch()) />
        </Loaded>
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
    let customer_number = RwSignal::new(organisation.customer_number.clone().unwrap_or_default());
    let consultant = organisation.consultant.clone();
    let consultant_name = RwSignal::new(consultant.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let consultant_email = RwSignal::new(consultant.as_ref().and_then(|c| c.email.clone()).unwrap_or_default());
    let consultant_phone = RwSignal::new(consultant.and_then(|c| c.phone).unwrap_or_default());
    let is_client = organisation.kind == OrganisationKind::Client;
    let version = RwSignal::new(organisation.version);
    let saved = RwSignal::new(false);
    let id = organisation.id;
    let update = Submit::new(
        move |request: UpdateOrganisationRequest| async move {
            api::update_organisation(session, id, version.get_untracked(), &request).await
        },
        move |updated: Organisation| {
            version.set(updated.version);
            saved.set(true);
        },
    );
    let error = update.error;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let request = UpdateOrganisationRequest {
            name: Some(name.get_untracked()),
            coc_number: Some(coc.get_untracked()),
            vat_number: Some(vat.get_untracked()),
            customer_number: is_client.then(|| customer_number.get_untracked().split_whitespace().collect()),
            consultant_name: is_client.then(|| consultant_name.get_untracked()),
            consultant_email: is_client.then(|| consultant_email.get_untracked()),
            consultant_phone: is_client.then(|| consultant_phone.get_untracked()),
            ..Default::default()
        };
        update.run(request);
    };
    let conflict = move || error.get().is_some_and(|e| e.code() == Some(ErrorCode::PreconditionFailed));
    let saved_text = Signal::derive(move || saved.get().then(|| t_string!(i18n, saved).to_string()));
    let is_partner = organisation.kind == OrganisationKind::Partner;
    let manages_branches = is_partner && (role == Some(Role::VendorAdmin) || (role == Some(Role::PartnerAdmin) && own));
    let users = user_list(Some(id), Signal::stored(String::new()), Signal::stored(String::new()));
    let can_add_user = role == Some(Role::VendorAdmin) || (own && manages_users(role));
    view! {
        <div class="page-header">
            <PageTitle text=organisation.name.clone() />
            <span class="badge">{move || labels::kind(i18n, organisation.kind)}</span>
        </div>
        <section class="card">
            <h2>{tr!(orgs.details)}</h2>
            <FormMessage error=form_error(error) success=saved_text />
            <Show when=conflict>
                <button type="button" class="button secondary" on:click=move |_| reload.run(())>{tr!(orgs.reload)}</button>
            </Show>
            <form on:submit=submit novalidate>
                <fieldset disabled=!editable>
                    <TextField id="name" label=tr!(orgs.name) value=name required=true error=field_error(error, "name") />
                    <TextField id="coc_number" label=tr!(orgs.coc) value=coc error=field_error(error, "coc_number") />
                    <TextField id="vat_number" label=tr!(orgs.vat) value=vat error=field_error(error, "vat_number") />
                    <Show when=move || is_client>
                        <TextField id="customer_number" label=tr!(orgs.customer_number) value=customer_number error=field_error(error, "customer_number") hint=tr!(orgs.customer_number_hint) />
                        <TextField id="consultant_name" label=tr!(orgs.consultant_name) value=consultant_name autocomplete="off" error=field_error(error, "consultant_name") />
                        <TextField id="consultant_email" label=tr!(orgs.consultant_email) value=consultant_email kind="email" autocomplete="off" error=field_error(error, "consultant_email") />
                        <TextField id="consultant_phone" label=tr!(orgs.consultant_phone) value=consultant_phone kind="tel" autocomplete="off" error=field_error(error, "consultant_phone") />
                    </Show>
                </fieldset>
                <Show when=move || editable>
                    <SubmitButton label=tr!(save) busy_label=tr!(saving) busy=update.busy() />
                </Show>
            </form>
        </section>
        {is_partner.then(|| view! { <Branches organisation=id manage=manages_branches /> })}
        {is_client.then(|| view! { <crate::pages::approval_duties::ApprovalDutiesPanel client=id /> })}
        {is_client.then(|| view! { <crate::pages::documents::ClientDocumentsPanel client=id /> })}
        <section class="card">
            <div class="page-header">
                <h2>{tr!(orgs.users)}</h2>
                <Show when=move || can_add_user>
                    <A href=format!("/users/new?organisation_id={id}") attr:class="button primary small">{tr!(users.new)}</A>
                </Show>
            </div>
            <UserTable paged=users />
        </section>
    }
}

#[component]
fn Branches(organisation: Uuid, manage: bool) -> impl IntoView {
    let session = use_session();
    let branches: Load<Vec<Branch>> = load(move || api::list_branches(session, organisation));
    let name = RwSignal::new(String::new());
    let create = Submit::new(
        move |request: CreateBranchRequest| async move { api::create_branch(session, organisation, &request).await },
        move |_: Branch| {
            name.set(String::new());
            branches.refetch();
        },
    );
    let error = create.error;
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.run(CreateBranchRequest { name: name.get_untracked() });
    };
    view! {
        <section class="card">
            <h2>{tr!(orgs.branches)}</h2>
            <Loaded resource=branches let:list>
                {if list.is_empty() {
                    view! { <p class="muted">{tr!(orgs.no_branches)}</p> }.into_any()
                } else {
                    view! { <ul class="plain">{list.into_iter().map(|b| view! { <li>{b.name}</li> }).collect_view()}</ul> }.into_any()
                }}
            </Loaded>
            <Show when=move || manage>
                <form class="inline-form" on:submit=add novalidate>
                    <TextField id="branch-name" label=tr!(orgs.new_branch) value=name required=true error=field_error(error, "name") />
                    <SubmitButton label=tr!(orgs.add_branch) busy_label=tr!(saving) busy=create.busy() />
                </form>
            </Show>
        </section>
    }
}
