//! One permission group: its name, description and rights (saved under If-Match; every
//! member holds the new rights at once), deleting it, and its members — added from the
//! users of the group's audience, taken out again.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use loket_api_types::rights::{GroupAudience, GroupMember, PermissionGroup, UpdatePermissionGroup};
use loket_api_types::users::UserStatus;
use uuid::Uuid;

use crate::api;
use crate::components::confirm::ConfirmDialog;
use crate::components::form::{
    CheckboxField, FormMessage, SelectField, SubmitButton, TextAreaField, TextField, field_error, form_error,
};
use crate::components::load::{Load, Loaded, Submit, load, load_by_id};
use crate::components::rights::RightsGrid;
use crate::components::states::Empty;
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::pages::rights::audience_label;
use crate::session::use_session;

#[component]
pub fn RightsGroup() -> impl IntoView {
    let group: Load<PermissionGroup> = load_by_id(api::rights::group);
    view! {
        <Loaded resource=group let:group>
            <GroupEditor group=group />
        </Loaded>
    }
}

#[component]
fn GroupEditor(group: PermissionGroup) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let current = RwSignal::new(group.clone());
    let name = RwSignal::new(group.name.clone());
    let description = RwSignal::new(group.description.clone());
    let grants = RwSignal::new(group.permissions.clone());
    let second_factor = RwSignal::new(group.requires_second_factor);
    let saved = RwSignal::new(None::<String>);
    let confirm_open = RwSignal::new(false);
    let save = Submit::new(
        move |body: UpdatePermissionGroup| async move {
            let group = current.get_untracked();
            api::rights::update_group(session, group.id, group.version, &body).await
        },
        move |updated: PermissionGroup| {
            current.set(updated);
            saved.set(Some(t_string!(i18n, saved).to_string()));
        },
    );
    let remove = Submit::new(
        move |(): ()| async move {
            let group = current.get_untracked();
            api::rights::delete_group(session, group.id, group.version).await
        },
        move |()| navigate("/rights", Default::default()),
    );
    let error = Signal::derive(move || save.error.get().or_else(|| remove.error.get()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        save.run(UpdatePermissionGroup {
            name: Some(name.get_untracked()),
            description: Some(description.get_untracked()),
            requires_second_factor: Some(second_factor.get_untracked()),
            permissions: Some(grants.get_untracked()),
        });
    };
    let audience = group.audience;
    view! {
        <div class="page-header">
            <PageTitle text=move || current.get().name />
            <span class="badge">{move || audience_label(i18n, audience)}</span>
        </div>
        <section class="card group-editor">
            <form on:submit=submit novalidate>
                <FormMessage error=form_error(error) success=saved />
                <TextField id="group-name" label=tr!(rights.name) value=name required=true error=field_error(save.error, "name") />
                <TextAreaField id="group-description" label=tr!(rights.description) value=description rows=2
                    error=field_error(save.error, "description") />
                <CheckboxField id="group-second-factor" label=tr!(rights.requires_second_factor) checked=second_factor />
                <RightsGrid id="group-right" caption=tr!(rights.grid_caption) grants=grants />
                <div class="actions">
                    <button type="button" class="button danger delete-group" on:click=move |_| confirm_open.set(true)>
                        {tr!(rights.delete)}
                    </button>
                    <SubmitButton label=tr!(save) busy_label=tr!(saving) busy=save.busy() />
                </div>
            </form>
        </section>
        <Members group=group.id organisation=group.organisation_id audience=audience />
        <ConfirmDialog
            open=confirm_open
            message=Signal::derive(move || t_string!(i18n, rights.delete_confirm, name = current.get().name).to_string())
            confirm_label=tr!(rights.delete)
            on_confirm=move |_| remove.run(())
        />
    }
}

#[component]
fn Members(group: Uuid, organisation: Uuid, audience: GroupAudience) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let members = load(move || async move { api::rights::members(session, group).await });
    // The users the caller can see who fit the audience; the server checks the exact rule.
    let users = load(move || async move { api::list_users(session, "?limit=200").await });
    let chosen = RwSignal::new(String::new());
    let add = Submit::new(
        move |user: Uuid| async move { api::rights::add_member(session, group, user).await },
        move |_: GroupMember| {
            chosen.set(String::new());
            members.refetch();
        },
    );
    let take_out = Submit::new(
        move |user: Uuid| async move { api::rights::remove_member(session, group, user).await },
        move |()| members.refetch(),
    );
    let candidates = Signal::derive(move || {
        let inside: Vec<Uuid> =
            members.value().map(|list| list.items.iter().map(|m| m.user_id).collect()).unwrap_or_default();
        let mut options = vec![(String::new(), t_string!(i18n, rights.choose_user).to_string())];
        if let Some(page) = users.value() {
            options.extend(
                page.items
                    .into_iter()
                    .filter(|u| (u.organisation_id == organisation) == (audience == GroupAudience::Staff))
                    .filter(|u| u.status != UserStatus::Deactivated && !inside.contains(&u.id))
                    .map(|u| (u.id.to_string(), format!("{} ({})", u.name, u.email))),
            );
        }
        options
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(user) = chosen.get_untracked().parse::<Uuid>() {
            add.run(user);
        }
    };
    view! {
        <section class="card group-members">
            <h2>{tr!(rights.members)}</h2>
            <FormMessage error=form_error(take_out.error) />
            <Loaded resource=members let:list>
                {if list.items.is_empty() {
                    view! { <Empty message=tr!(rights.no_members) /> }.into_any()
                } else {
                    view! {
                        <table class="list member-list">
                            <thead><tr>
                                <th scope="col">{tr!(rights.member)}</th>
                                <th scope="col">{tr!(rights.organisation)}</th>
                                <th scope="col"><span class="visually-hidden">{tr!(rights.actions)}</span></th>
                            </tr></thead>
                            <tbody>
                                {list.items.into_iter().map(|member| {
                                    let user = member.user_id;
                                    view! {
                                        <tr class="member" data-email=member.email.clone()>
                                            <td>{member.name.clone()}<br /><span class="muted">{member.email.clone()}</span></td>
                                            <td>{member.organisation.name.clone()}</td>
                                            <td>
                                                <button type="button" class="button secondary small remove-member"
                                                    disabled=move || take_out.busy().get() on:click=move |_| take_out.run(user)>
                                                    {tr!(rights.remove_member)}
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </Loaded>
            <form class="add-member" on:submit=submit novalidate>
                <FormMessage error=form_error(add.error) />
                <SelectField id="new-member" label=tr!(rights.add_member_label) value=chosen options=candidates
                    error=field_error(add.error, "user_id") />
                <SubmitButton label=tr!(rights.add_member) busy_label=tr!(saving) busy=add.busy() />
            </form>
        </section>
    }
}
