//! A client's approval duties on its page (seed 002, "Mag/Moet accorderen"): per type of
//! document who approves now, who may (by their rights) and who must. The firm that
//! manages the client ticks the users who must all approve a type; with any ticked,
//! those who may approve have no right on that type.

use leptos::prelude::*;
use loket_api_types::Role;
use loket_api_types::approvals::{ApprovalDuties, DocumentType, PersonRef, SetMustApprovers, TypeDuties};
use loket_api_types::users::UserStatus;
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::i18n::*;
use crate::session::use_session;

pub fn type_label(i18n: I18nContext<Locale>, kind: DocumentType) -> String {
    match kind {
        DocumentType::AnnualAccounts => t_string!(i18n, approvals.annual_accounts),
        DocumentType::VatReturn => t_string!(i18n, approvals.vat_return),
        DocumentType::IncomeTaxReturn => t_string!(i18n, approvals.income_tax_return),
        DocumentType::CorporateTaxReturn => t_string!(i18n, approvals.corporate_tax_return),
        DocumentType::Other => t_string!(i18n, approvals.other),
    }
    .to_string()
}

fn names(people: &[PersonRef]) -> String {
    people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")
}

#[component]
pub fn ApprovalDutiesPanel(client: Uuid) -> impl IntoView {
    let session = use_session();
    let duties = load(move || async move { api::approvals::duties(session, client).await });
    view! {
        <section class="card approval-duties">
            <h2>{tr!(approvals.duties_title)}</h2>
            <p class="hint">{tr!(approvals.duties_intro)}</p>
            <Loaded resource=duties let:current>
                <DutiesOf client=client current=current />
            </Loaded>
        </section>
    }
}

#[component]
fn DutiesOf(client: Uuid, current: ApprovalDuties) -> impl IntoView {
    let session = use_session();
    let current = RwSignal::new(current);
    // The client's people who can sign in, to choose must-approvers from.
    let people = load(move || async move {
        let page = api::list_users(session, &format!("?organisation_id={client}&limit=200")).await?;
        Ok(page.items.into_iter().filter(|u| u.status != UserStatus::Deactivated).collect::<Vec<_>>())
    });
    let firm = session
        .me()
        .is_some_and(|me| matches!(me.role, Role::VendorAdmin | Role::Agent | Role::PartnerAdmin | Role::PartnerUser));
    view! {
        {DocumentType::ALL.iter().map(|kind| {
            let kind = *kind;
            let entry = Signal::derive(move || {
                current.get().types.into_iter().find(|t| t.document_type == kind)
            });
            view! { <TypeRow client=client kind=kind entry=entry people=people current=current firm=firm /> }
        }).collect_view()}
    }
}

#[component]
fn TypeRow(
    client: Uuid,
    kind: DocumentType,
    entry: Signal<Option<TypeDuties>>,
    people: crate::components::load::Load<Vec<loket_api_types::users::User>>,
    current: RwSignal<ApprovalDuties>,
    firm: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let must = RwSignal::new(
        entry.get_untracked().map(|t| t.must.iter().map(|p| p.user_id).collect::<Vec<_>>()).unwrap_or_default(),
    );
    let saved = RwSignal::new(None::<String>);
    let save = Submit::new(
        move |body: SetMustApprovers| async move { api::approvals::set_must(session, client, kind, &body).await },
        move |now: ApprovalDuties| {
            current.set(now);
            saved.set(Some(t_string!(i18n, saved).to_string()));
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        save.run(SetMustApprovers { user_ids: must.get_untracked() });
    };
    let show = move |pick: fn(&TypeDuties) -> &Vec<PersonRef>| {
        move || {
            entry
                .get()
                .map(|t| names(pick(&t)))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| t_string!(i18n, approvals.nobody).to_string())
        }
    };
    view! {
        <form class="type-duties" data-type=kind.as_str() on:submit=submit novalidate>
            <fieldset disabled=!firm>
                <legend>{move || type_label(i18n, kind)}</legend>
                <FormMessage error=form_error(save.error) success=saved />
                <dl class="duties">
                    <dt>{tr!(approvals.approvers)}</dt><dd class="approvers">{show(|t| &t.approvers)}</dd>
                    <dt>{tr!(approvals.may)}</dt><dd class="may">{show(|t| &t.may)}</dd>
                </dl>
                <p class="must-label">{tr!(approvals.must)}</p>
                <Loaded resource=people let:users>
                    <ul class="must-choice">
                        {users.into_iter().map(|user| {
                            let id = user.id;
                            let input = format!("must-{}-{id}", kind.as_str());
                            view! {
                                <li class="field checkbox">
                                    <input id=input.clone() type="checkbox" data-email=user.email.clone()
                                        prop:checked=move || must.get().contains(&id)
                                        on:change:target=move |ev| {
                                            let on = ev.target().checked();
                                            must.update(|all| {
                                                all.retain(|u| *u != id);
                                                if on { all.push(id); }
                                            });
                                        } />
                                    <label for=input>{user.name.clone()}</label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Loaded>
                <Show when=move || firm>
                    <SubmitButton label=tr!(approvals.save_must) busy_label=tr!(saving) busy=save.busy() />
                </Show>
            </fieldset>
        </form>
    }
}
