//! The user list: all users for vendor staff, the own organisation (and clients, read
//! only) for partners, colleagues for clients.

use futures::FutureExt;
use leptos::prelude::*;
use leptos_router::components::A;
use loket_api_types::Role;
use loket_api_types::users::{User, UserStatus};
use uuid::Uuid;

use crate::api;
use crate::components::form::{SelectField, TextField};
use crate::components::labels;
use crate::components::paged::{Paged, PagedList};
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::session::use_session;

/// Whether the signed-in user may create users in their own organisation.
pub fn manages_users(role: Option<Role>) -> bool {
    matches!(role, Some(Role::VendorAdmin | Role::PartnerAdmin | Role::ClientSuperuser))
}

/// A paged user list, optionally limited to one organisation, that reloads when the
/// submitted search or the status filter changes.
pub fn user_list(organisation: Option<Uuid>, search: Signal<String>, status: Signal<String>) -> Paged<User> {
    let session = use_session();
    Paged::new(move |cursor| {
        let query = api::query(&[
            ("organisation_id", organisation.map(|id| id.to_string())),
            ("q", Some(search.get())),
            ("status", Some(status.get())),
            ("cursor", cursor),
            ("limit", Some("50".to_owned())),
        ]);
        async move { api::list_users(session, &query).await }.boxed_local()
    })
}

#[component]
pub fn UserTable(paged: Paged<User>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PagedList pager=paged.pager() empty=tr!(users.empty)>
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{tr!(users.name)}</th>
                            <th scope="col">{tr!(users.email)}</th>
                            <th scope="col">{tr!(users.role)}</th>
                            <th scope="col">{tr!(users.status)}</th>
                            <th scope="col">{tr!(users.last_login)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || paged.rows() key=|u: &User| (u.id, u.version) let:user>
                            <tr>
                                <td>
                                    <A href=format!("/users/{}", user.id)>{user.name.clone()}</A>
                                    {user.is_contact_person.then(|| view! { <span class="badge">{tr!(users.contact_person)}</span> })}
                                </td>
                                <td>{user.email.clone()}</td>
                                <td>{move || labels::role(i18n, user.role)}</td>
                                <td>
                                    <span class=move || format!("status status-{}", match user.status { UserStatus::Active => "active", UserStatus::Invited => "invited", UserStatus::Deactivated => "deactivated" })>
                                        {move || labels::status(i18n, user.status)}
                                    </span>
                                </td>
                                <td>
                                    {move || user.last_login_at.map(|at| format::date_time(at, i18n.get_locale())).unwrap_or_else(|| t_string!(i18n, users.never).to_string())}
                                </td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
        </PagedList>
    }
}

#[component]
pub fn Users() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let role = session.role();
    let search = RwSignal::new(String::new());
    let searched = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let paged = user_list(None, searched.into(), status.into());
    let client = matches!(role, Some(Role::ClientSuperuser | Role::ClientUser));
    let title = move || if client { t_string!(i18n, users.colleagues_title) } else { t_string!(i18n, users.title) };
    let statuses = Signal::derive(move || {
        let mut options = vec![(String::new(), t_string!(i18n, users.all_statuses).to_string())];
        options.extend([UserStatus::Active, UserStatus::Invited, UserStatus::Deactivated].iter().map(|s| {
            (
                serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
                labels::status(i18n, *s),
            )
        }));
        options
    });
    view! {
        <div class="page-header">
            <PageTitle text=move || title().to_string() />
            <Show when=move || manages_users(role)>
                <A href="/users/new" attr:class="button primary">{tr!(users.new)}</A>
            </Show>
        </div>
        <form class="filters" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            // A new search loads by itself; the same search again reloads.
            let text = search.get_untracked();
            if searched.get_untracked() == text { paged.reload() } else { searched.set(text) }
        }>
            <TextField id="search" label=tr!(search) value=search kind="search" />
            <SelectField id="status" label=tr!(users.status) value=status options=statuses />
            <button type="submit" class="button secondary">{tr!(search)}</button>
        </form>
        <UserTable paged=paged />
    }
}
