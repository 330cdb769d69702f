//! A user's rights on its page: the groups it belongs to, what it may do in all (its
//! role's, its groups' and its own rights together) and its own grants, which whoever
//! manages the user changes within its own rights (the server says when it may not).

use leptos::prelude::*;
use leptos_router::components::A;
use loket_api_types::Role;
use loket_api_types::rights::{ReplaceGrants, UserRights};
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::components::rights::{RightsGrid, RightsSummary};
use crate::i18n::*;
use crate::pages::rights::audience_label;
use crate::session::use_session;

#[component]
pub fn UserRightsPanel(user: Uuid) -> impl IntoView {
    let session = use_session();
    let rights = load(move || async move { api::rights::user_rights(session, user).await });
    view! {
        <section class="card user-rights">
            <h2>{tr!(rights.user_title)}</h2>
            <Loaded resource=rights let:current>
                <RightsOf user=user current=current />
            </Loaded>
        </section>
    }
}

#[component]
fn RightsOf(user: Uuid, current: UserRights) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let own = RwSignal::new(current.own.clone());
    let administrator = current.administrator;
    // The answer to a save is the rights as they are now: shown without loading again.
    let current = RwSignal::new(current);
    let saved = RwSignal::new(None::<String>);
    let save = Submit::new(
        move |body: ReplaceGrants| async move { api::rights::replace_grants(session, user, &body).await },
        move |now: UserRights| {
            current.set(now);
            saved.set(Some(t_string!(i18n, saved).to_string()));
        },
    );
    // The server decides; the form is offered to those who may manage people at all.
    let may_grant = session.me().is_some_and(|me| {
        me.id != user
            && matches!(me.role, Role::VendorAdmin | Role::PartnerAdmin | Role::ClientSuperuser | Role::ClientUser)
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        save.run(ReplaceGrants { grants: own.get_untracked() });
    };
    let groups = move || {
        let groups = current.get().groups;
        if groups.is_empty() {
            view! { <p class="muted no-groups">{tr!(rights.in_no_group)}</p> }.into_any()
        } else {
            view! {
                <ul class="user-groups">
                    {groups.into_iter().map(|g| view! {
                        <li><A href=format!("/rights/{}", g.id)>{g.name.clone()}</A>" · "{move || audience_label(i18n, g.audience)}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }
    };
    view! {
        {administrator.then(|| view! { <p class="hint administrator">{tr!(rights.administrator)}</p> })}
        <h3>{tr!(rights.effective)}</h3>
        <div class="effective-rights">{move || view! { <RightsSummary grants=current.get().effective /> }}</div>
        <h3>{tr!(rights.user_groups)}</h3>
        {groups}
        <form class="own-grants" on:submit=submit novalidate>
            <FormMessage error=form_error(save.error) success=saved />
            <RightsGrid id="own-right" caption=tr!(rights.own_caption) grants=own disabled=!may_grant />
            <Show when=move || may_grant>
                <SubmitButton label=tr!(rights.save_own) busy_label=tr!(saving) busy=save.busy() />
            </Show>
        </form>
    }
}
