//! PIN letters (seed 002, "instellen accorderingstokens"): the firm's administrator ticks
//! clients and downloads one PDF with a letter and a new PIN for each of their people, to
//! print and post. The earlier PINs of those people stop working, which the page says
//! before anything is made.

use std::collections::HashSet;

use leptos::prelude::*;
use loket_api_types::organisations::Organisation;
use loket_api_types::pin_letters::IssuePinLetters;
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::components::states::Empty;
use crate::components::title::PageTitle;
use crate::files;
use crate::i18n::*;
use crate::session::use_session;

#[component]
pub fn PinLetters() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let clients = load(move || async move { api::list_organisations(session, "?kind=client&limit=200").await });
    let picked = RwSignal::new(HashSet::<Uuid>::new());
    let printed = RwSignal::new(None::<usize>);
    let print = Submit::new(
        move |ids: Vec<Uuid>| async move {
            let count = ids.len();
            let name = if i18n.get_locale_untracked() == Locale::en { "pin-letters.pdf" } else { "pincodebrieven.pdf" };
            let request = IssuePinLetters { organisation_ids: Some(ids), user_ids: None };
            files::save_posted(session, "/pin-letters".to_owned(), &request, name).await.map(|()| count)
        },
        move |count: usize| printed.set(Some(count)),
    );
    let nothing = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut ids: Vec<Uuid> = picked.get_untracked().into_iter().collect();
        if ids.is_empty() {
            nothing.set(true);
            return;
        }
        ids.sort_unstable();
        nothing.set(false);
        printed.set(None);
        print.run(ids);
    };
    let success =
        Signal::derive(move || printed.get().map(|n| format!("{n} {}", t_string!(i18n, pin_letters.printed))));
    view! {
        <PageTitle text=tr!(pin_letters.title) />
        <p class="lead">{tr!(pin_letters.intro)}</p>
        <form class="card pin-letters" on:submit=submit novalidate>
            <FormMessage error=form_error(print.error) success=success />
            <Loaded resource=clients let:page>
                <ClientTable clients=page.items.clone() picked=picked />
            </Loaded>
            {move || nothing.get().then(|| view! { <p class="field-error" role="alert">{tr!(pin_letters.nothing_chosen)}</p> })}
            <p class="alert alert-warning">{tr!(pin_letters.warning)}</p>
            <SubmitButton label=tr!(pin_letters.print) busy_label=tr!(pin_letters.printing) busy=print.busy() />
        </form>
    }
}

#[component]
fn ClientTable(clients: Vec<Organisation>, picked: RwSignal<HashSet<Uuid>>) -> impl IntoView {
    let i18n = use_i18n();
    if clients.is_empty() {
        return view! { <Empty message=tr!(pin_letters.none) /> }.into_any();
    }
    view! {
        <table class="list pin-letter-clients">
            <thead><tr>
                <th scope="col">{tr!(pin_letters.pick)}</th>
                <th scope="col">{tr!(pin_letters.client)}</th>
                <th scope="col">{tr!(pin_letters.coc)}</th>
            </tr></thead>
            <tbody>
                {clients.into_iter().map(|client| {
                    let id = client.id;
                    let check_id = format!("letters-{id}");
                    let name = client.name.clone();
                    view! {
                        <tr data-client=id.to_string()>
                            <td>
                                <input id=check_id.clone() type="checkbox" class="pick"
                                    prop:checked=move || picked.with(|p| p.contains(&id))
                                    on:change:target=move |ev| {
                                        let on = ev.target().checked();
                                        picked.update(|p| { if on { p.insert(id); } else { p.remove(&id); } });
                                    } />
                                <label for=check_id class="visually-hidden">
                                    {move || format!("{} {name}", t_string!(i18n, pin_letters.pick_client))}
                                </label>
                            </td>
                            <td>{client.name.clone()}</td>
                            <td>{client.coc_number.clone().unwrap_or_default()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
