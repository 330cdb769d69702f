//! Groups and rights (seed 002, "Cliënt- & kantoorgroepen"): a partner's administrator
//! (or the vendor's) keeps groups for its clients' users and for its own staff, each
//! with a permission set, so a new user gets its rights in one step. The list shows
//! each group's audience, rights and members; a new group is made below it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use loket_api_types::rights::{CreatePermissionGroup, Grant, GroupAudience, PermissionGroup, PermissionGroupList};

use crate::api;
use crate::components::form::{
    FormMessage, SelectField, SubmitButton, TextAreaField, TextField, field_error, form_error,
};
use crate::components::load::{Loaded, Submit, load};
use crate::components::rights::{RightsGrid, RightsSummary};
use crate::components::states::Empty;
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::session::use_session;

pub fn audience_label(i18n: I18nContext<Locale>, audience: GroupAudience) -> String {
    match audience {
        GroupAudience::Clients => t_string!(i18n, rights.audience_clients),
        GroupAudience::Staff => t_string!(i18n, rights.audience_staff),
    }
    .to_string()
}

#[component]
pub fn RightsGroups() -> impl IntoView {
    let session = use_session();
    let groups = load(move || async move { api::rights::groups(session).await });
    view! {
        <PageTitle text=tr!(rights.title) />
        <p class="lead">{tr!(rights.intro)}</p>
        <section class="card">
            <h2>{tr!(rights.groups)}</h2>
            <Loaded resource=groups let:list>
                <GroupList list=list />
            </Loaded>
        </section>
        <NewGroup />
    }
}

#[component]
fn GroupList(list: PermissionGroupList) -> impl IntoView {
    let i18n = use_i18n();
    if list.items.is_empty() {
        return view! { <Empty message=tr!(rights.no_groups) /> }.into_any();
    }
    view! {
        <table class="list group-list">
            <thead><tr>
                <th scope="col">{tr!(rights.name)}</th>
                <th scope="col">{tr!(rights.audience)}</th>
                <th scope="col">{tr!(rights.rights)}</th>
                <th scope="col">{tr!(rights.members)}</th>
            </tr></thead>
            <tbody>
                {list.items.into_iter().map(|group: PermissionGroup| {
                    let audience = group.audience;
                    let name = group.name.clone();
                    view! {
                        <tr class="group" data-name=group.name>
                            <td><A href=format!("/rights/{}", group.id)>{name}</A></td>
                            <td>{move || audience_label(i18n, audience)}</td>
                            <td><RightsSummary grants=group.permissions.clone() /></td>
                            <td class="number">{group.member_count}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn NewGroup() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let audience = RwSignal::new(GroupAudience::Clients.as_str().to_owned());
    let grants = RwSignal::new(Vec::<Grant>::new());
    let create = Submit::new(
        move |body: CreatePermissionGroup| async move { api::rights::create_group(session, &body).await },
        move |group: PermissionGroup| navigate(&format!("/rights/{}", group.id), Default::default()),
    );
    let audiences = Signal::derive(move || {
        GroupAudience::ALL.iter().map(|a| (a.as_str().to_owned(), audience_label(i18n, *a))).collect()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.run(CreatePermissionGroup {
            organisation_id: None,
            audience: GroupAudience::parse(&audience.get_untracked()).unwrap_or(GroupAudience::Clients),
            name: name.get_untracked(),
            description: description.get_untracked(),
            requires_second_factor: false,
            permissions: grants.get_untracked(),
        });
    };
    view! {
        <section class="card new-group">
            <h2>{tr!(rights.new_group)}</h2>
            <form on:submit=submit novalidate>
                <FormMessage error=form_error(create.error) />
                <TextField id="group-name" label=tr!(rights.name) value=name required=true error=field_error(create.error, "name") />
                <SelectField id="group-audience" label=tr!(rights.audience) value=audience options=audiences />
                <TextAreaField id="group-description" label=tr!(rights.description) value=description rows=2
                    error=field_error(create.error, "description") />
                <RightsGrid id="group-right" caption=tr!(rights.grid_caption) grants=grants />
                <SubmitButton label=tr!(rights.create) busy_label=tr!(saving) busy=create.busy() />
            </form>
        </section>
    }
}
