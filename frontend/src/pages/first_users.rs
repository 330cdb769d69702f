//! First users (seed 002, "Importeren en aanmaken cliënten"): the firm's administrator
//! ticks the clients nobody belongs to yet (typically just imported), checks or fills in
//! the proposed name and address of each, and creates their superusers in one go; each
//! is invited by e-mail and joins the client group. Every fault is shown on its row.

use std::collections::HashMap;

use leptos::prelude::*;
use loket_api_types::first_users::{CreateFirstUsers, FirstUser, FirstUserCandidate, FirstUsersCreated};
use uuid::Uuid;

use crate::api;
use crate::api::ApiError;
use crate::components::form::{FormMessage, SelectField, SubmitButton, field_error, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::components::rights::client_group_options;
use crate::components::states::Empty;
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::session::use_session;

/// One client's row of the form: what the administrator ticked and typed.
#[derive(Clone, Copy)]
struct Draft {
    id: Uuid,
    picked: RwSignal<bool>,
    name: RwSignal<String>,
    email: RwSignal<String>,
}

#[component]
pub fn FirstUsers() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let candidates = load(move || async move { api::imports::first_user_candidates(session).await });
    let created = RwSignal::new(None::<usize>);
    // The clients of the last request, in order: the server names faults by position.
    let sent = StoredValue::new(Vec::<Uuid>::new());
    let create = Submit::new(
        move |request: CreateFirstUsers| async move { api::imports::create_first_users(session, &request).await },
        move |done: FirstUsersCreated| {
            created.set(Some(done.users.len()));
            candidates.refetch();
        },
    );
    let success =
        Signal::derive(move || created.get().map(|n| format!("{n} {}", t_string!(i18n, first_users.created))));
    view! {
        <PageTitle text=tr!(first_users.title) />
        <p class="lead">{tr!(first_users.intro)}</p>
        <FormMessage error=form_error(create.error) success=success />
        <Loaded resource=candidates let:page>
            <CandidateForm candidates=page.items.clone() create=create sent=sent created=created />
        </Loaded>
    }
}

#[component]
fn CandidateForm(
    candidates: Vec<FirstUserCandidate>,
    create: Submit<CreateFirstUsers>,
    sent: StoredValue<Vec<Uuid>>,
    created: RwSignal<Option<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if candidates.is_empty() {
        return view! { <Empty message=tr!(first_users.none) /> }.into_any();
    }
    let drafts: Vec<Draft> = candidates
        .iter()
        .map(|c| {
            let name = c.contact_name.clone().unwrap_or_default();
            let email = c.email.clone().unwrap_or_default();
            let ready = !name.is_empty() && !email.is_empty();
            Draft {
                id: c.organisation_id,
                picked: RwSignal::new(ready),
                name: RwSignal::new(name),
                email: RwSignal::new(email),
            }
        })
        .collect();
    let group = RwSignal::new(String::new());
    let group_options =
        client_group_options(Signal::derive(move || t_string!(i18n, first_users.group_as_imported).to_string()));
    let all = drafts.clone();
    let chosen = Signal::derive(move || all.iter().filter(|d| d.picked.get()).count());
    let nothing = RwSignal::new(false);
    let to_send = drafts.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked: Vec<Draft> = to_send.iter().copied().filter(|d| d.picked.get_untracked()).collect();
        if picked.is_empty() {
            nothing.set(true);
            return;
        }
        nothing.set(false);
        created.set(None);
        sent.set_value(picked.iter().map(|d| d.id).collect());
        let filled = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
        let users = picked
            .iter()
            .map(|d| FirstUser {
                organisation_id: d.id,
                email: filled(d.email),
                name: filled(d.name),
                phone: None,
                language: None,
            })
            .collect();
        create.run(CreateFirstUsers { users, group_id: Uuid::parse_str(&group.get_untracked()).ok() });
    };
    let rows: HashMap<Uuid, FirstUserCandidate> = candidates.iter().map(|c| (c.organisation_id, c.clone())).collect();
    view! {
        <form class="card first-users" on:submit=submit novalidate>
            <table class="list first-user-candidates">
                <thead><tr>
                    <th scope="col">{tr!(first_users.pick)}</th>
                    <th scope="col">{tr!(first_users.client)}</th>
                    <th scope="col">{tr!(import_column.external_id)}</th>
                    <th scope="col">{tr!(first_users.name)}</th>
                    <th scope="col">{tr!(first_users.email)}</th>
                    <th scope="col">{tr!(first_users.group)}</th>
                </tr></thead>
                <tbody>
                    {drafts.into_iter().map(|draft| {
                        let candidate = rows.get(&draft.id).cloned();
                        view! { <CandidateRow draft=draft candidate=candidate error=create.error sent=sent /> }
                    }).collect_view()}
                </tbody>
            </table>
            {move || nothing.get().then(|| view! { <p class="field-error" role="alert">{tr!(first_users.nothing_chosen)}</p> })}
            <p class="chosen"><strong class="chosen-count">{chosen}</strong>" "{tr!(first_users.chosen)}</p>
            <SelectField id="first-users-group" label=tr!(first_users.group_for_all) value=group options=group_options
                error=field_error(create.error, "group_id") />
            <SubmitButton label=tr!(first_users.create) busy_label=tr!(saving) busy=create.busy() />
        </form>
    }
    .into_any()
}

#[component]
fn CandidateRow(
    draft: Draft,
    candidate: Option<FirstUserCandidate>,
    error: RwSignal<Option<ApiError>>,
    sent: StoredValue<Vec<Uuid>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = draft.id;
    let (name, external_id, group) = candidate
        .map(|c| (c.organisation_name, c.external_id.unwrap_or_default(), c.group.map(|g| g.name).unwrap_or_default()))
        .unwrap_or_default();
    // This row's fault for `field`, when the last request named it (by position).
    let fault = move |field: &'static str| {
        let at = Signal::derive(move || {
            sent.with_value(|ids| ids.iter().position(|x| *x == id))
                .map_or_else(String::new, |index| format!("users[{index}].{field}"))
        });
        field_error(error, at)
    };
    let client_fault = fault("organisation_id");
    let name_fault = fault("name");
    let email_fault = fault("email");
    let key = id.to_string();
    let (pick_id, name_id, email_id) = (format!("pick-{key}"), format!("name-{key}"), format!("email-{key}"));
    let (client_label, email_label) = (name.clone(), name.clone());
    view! {
        <tr data-client=key.clone() class:has-errors=move || client_fault.get().or(name_fault.get()).or(email_fault.get()).is_some()>
            <td>
                <input id=pick_id.clone() type="checkbox" class="pick" bind:checked=draft.picked />
                <label for=pick_id class="visually-hidden">
                    {move || format!("{} {client_label}", t_string!(i18n, first_users.pick_client))}
                </label>
            </td>
            <td>
                {name.clone()}
                {move || client_fault.get().map(|m| view! { <p class="field-error client-error" role="alert">{m}</p> })}
            </td>
            <td>{external_id}</td>
            <td>
                <label for=name_id.clone() class="visually-hidden">{move || format!("{} {name}", t_string!(i18n, first_users.name))}</label>
                <input id=name_id type="text" class="user-name" bind:value=draft.name
                    aria-invalid=move || name_fault.get().is_some().to_string() />
                {move || name_fault.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </td>
            <td>
                <label for=email_id.clone() class="visually-hidden">{move || format!("{} {email_label}", t_string!(i18n, first_users.email))}</label>
                <input id=email_id type="email" class="user-email" bind:value=draft.email
                    aria-invalid=move || email_fault.get().is_some().to_string() />
                {move || email_fault.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </td>
            <td>{group}</td>
        </tr>
    }
}
