//! The organisation list (for partners: their clients) and the creation form.

use futures::FutureExt;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use loket_api_types::organisations::{Branch, CreateOrganisationRequest, NewClient, NewPartner, Organisation};
use loket_api_types::{OrganisationKind, PartnerKind, Role};
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SelectField, SubmitButton, TextField, field_error, form_error};
use crate::components::labels;
use crate::components::load::{Submit, load};
use crate::components::paged::{Paged, PagedList};
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::session::use_session;

fn optional(value: String) -> Option<String> {
    let trimmed = value.trim().to_owned();
    (!trimmed.is_empty()).then_some(trimmed)
}

#[component]
pub fn Organisations() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let role = session.role();
    let vendor_staff = matches!(role, Some(Role::VendorAdmin | Role::Agent));
    let search = RwSignal::new(String::new());
    let kind = RwSignal::new(if vendor_staff { String::new() } else { "client".to_owned() });
    let paged = Paged::new(move |cursor| {
        let query = api::query(&[
            ("q", Some(search.get_untracked())),
            ("kind", Some(kind.get_untracked())),
            ("cursor", cursor),
            ("limit", Some("50".to_owned())),
        ]);
        async move { api::list_organisations(session, &query).await }.boxed_local()
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        paged.reload();
    };
    let title = move || if vendor_staff { t_string!(i18n, orgs.title) } else { t_string!(i18n, orgs.clients_title) };
    let kinds = Signal::derive(move || {
        let mut options = vec![(String::new(), t_string!(i18n, orgs.all_kinds).to_string())];
        options.extend(OrganisationKind::ALL.iter().map(|k| (k.as_str().to_owned(), labels::kind(i18n, *k))));
        options
    });
    view! {
        <div class="page-header">
            <PageTitle text=move || title().to_string() />
            <Show when=move || role == Some(Role::VendorAdmin)>
                <A href="/organisations/new" attr:class="button primary">{tr!(orgs.new)}</A>
            </Show>
        </div>
        <form class="filters" role="search" on:submit=apply>
            <TextField id="search" label=tr!(search) value=search kind="search" />
            <Show when=move || vendor_staff>
                <SelectField id="kind" label=tr!(orgs.kind) value=kind options=kinds />
            </Show>
            <button type="submit" class="button secondary">{tr!(search)}</button>
        </form>
        <PagedList pager=paged.pager() empty=tr!(orgs.empty)>
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{tr!(orgs.name)}</th>
                            <th scope="col">{tr!(orgs.kind)}</th>
                            <th scope="col">{tr!(orgs.coc)}</th>
                            <th scope="col">{tr!(orgs.created)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || paged.rows() key=|o: &Organisation| (o.id, o.version) let:organisation>
                            <tr>
                                <td><A href=format!("/organisations/{}", organisation.id)>{organisation.name.clone()}</A></td>
                                <td>{move || labels::kind(i18n, organisation.kind)}</td>
                                <td>{organisation.coc_number.clone().unwrap_or_default()}</td>
                                <td>{move || format::date(organisation.created_at, i18n.get_locale())}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
        </PagedList>
    }
}

#[component]
pub fn NewOrganisation() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let kind = RwSignal::new("client".to_owned());
    let name = RwSignal::new(String::new());
    let partner_kind = RwSignal::new("bank".to_owned());
    let coc = RwSignal::new(String::new());
    let vat = RwSignal::new(String::new());
    let customer_number = RwSignal::new(String::new());
    let consultant_name = RwSignal::new(String::new());
    let consultant_email = RwSignal::new(String::new());
    let consultant_phone = RwSignal::new(String::new());
    let partner = RwSignal::new(String::new());
    let branch = RwSignal::new(String::new());
    let partners = load(move || async move { Ok(api::organisation_choices(session, Some("partner")).await) });
    // The chosen partner's branches; none to choose from while they load or fail.
    let branches = load(move || {
        let partner_id = Uuid::parse_str(&partner.get()).ok();
        async move {
            match partner_id {
                Some(id) => api::list_branches(session, id).await,
                None => Ok(Vec::<Branch>::new()),
            }
        }
    });
    // None to choose from while they load or when they cannot be loaded.
    let branches = move || branches.value().unwrap_or_default();
    // Another partner: the branch chosen under the previous one no longer applies.
    Effect::new(move |_| {
        partner.track();
        branch.set(String::new());
    });
    let navigate = StoredValue::new_local(navigate);
    let create = Submit::new(
        move |request: CreateOrganisationRequest| async move { api::create_organisation(session, &request).await },
        move |created: Organisation| {
            navigate.with_value(|navigate| navigate(&format!("/organisations/{}", created.id), Default::default()))
        },
    );
    let error = create.error;

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The partner-kind select always holds one of `PartnerKind::ALL`.
        let request = match PartnerKind::parse(&partner_kind.get_untracked()) {
            Some(partner_kind) if kind.get_untracked() == "partner" => CreateOrganisationRequest::Partner(NewPartner {
                name: name.get_untracked(),
                partner_kind,
                coc_number: optional(coc.get_untracked()),
                vat_number: optional(vat.get_untracked()),
            }),
            _ => CreateOrganisationRequest::Client(NewClient {
                name: name.get_untracked(),
                coc_number: optional(coc.get_untracked()),
                vat_number: optional(vat.get_untracked()),
                managing_partner_id: Uuid::parse_str(&partner.get_untracked()).ok(),
                branch_id: Uuid::parse_str(&branch.get_untracked()).ok(),
                customer_number: optional(customer_number.get_untracked().split_whitespace().collect()),
                consultant_name: optional(consultant_name.get_untracked()),
                consultant_email: optional(consultant_email.get_untracked()),
                consultant_phone: optional(consultant_phone.get_untracked()),
            }),
        };
        create.run(request);
    };
    let kinds = Signal::derive(move || {
        [OrganisationKind::Client, OrganisationKind::Partner]
            .iter()
            .map(|k| (k.as_str().to_owned(), labels::kind(i18n, *k)))
            .collect::<Vec<_>>()
    });
    let partner_kinds = Signal::derive(move || {
        PartnerKind::ALL.iter().map(|k| (k.as_str().to_owned(), labels::partner_kind(i18n, *k))).collect::<Vec<_>>()
    });
    let partner_options = Signal::derive(move || {
        let mut options = vec![(String::new(), t_string!(i18n, none).to_string())];
        options.extend(partners.value().unwrap_or_default().into_iter().map(|p| (p.id.to_string(), p.name)));
        options
    });
    let branch_options = Signal::derive(move || {
        let mut options = vec![(String::new(), t_string!(i18n, orgs.no_branch).to_string())];
        options.extend(branches().into_iter().map(|b| (b.id.to_string(), b.name)));
        options
    });
    let is_partner = move || kind.get() == "partner";
    view! {
        <PageTitle text=tr!(orgs.create_title) />
        <section class="card">
            <FormMessage error=form_error(error) />
            <form on:submit=submit novalidate>
                <SelectField id="kind" label=tr!(orgs.kind) value=kind options=kinds required=true error=field_error(error, "kind") />
                <TextField id="name" label=tr!(orgs.name) value=name autocomplete="organization" required=true error=field_error(error, "name") />
                <Show when=is_partner>
                    <SelectField id="partner_kind" label=tr!(orgs.partner_kind) value=partner_kind options=partner_kinds required=true error=field_error(error, "partner_kind") />
                </Show>
                <TextField id="coc_number" label=tr!(orgs.coc) value=coc error=field_error(error, "coc_number") />
                <TextField id="vat_number" label=tr!(orgs.vat) value=vat error=field_error(error, "vat_number") />
                <Show when=move || !is_partner()>
                    <TextField id="customer_number" label=tr!(orgs.customer_number) value=customer_number error=field_error(error, "customer_number") hint=tr!(orgs.customer_number_hint) />
                    <TextField id="consultant_name" label=tr!(orgs.consultant_name) value=consultant_name autocomplete="off" error=field_error(error, "consultant_name") />
                    <TextField id="consultant_email" label=tr!(orgs.consultant_email) value=consultant_email kind="email" autocomplete="off" error=field_error(error, "consultant_email") />
                    <TextField id="consultant_phone" label=tr!(orgs.consultant_phone) value=consultant_phone kind="tel" autocomplete="off" error=field_error(error, "consultant_phone") />
                    <SelectField id="managing_partner_id" label=tr!(orgs.managing_partner) value=partner options=partner_options error=field_error(error, "managing_partner_id") />
                    <Show when=move || !branches().is_empty()>
                        <SelectField id="branch_id" label=tr!(orgs.branch) value=branch options=branch_options error=field_error(error, "branch_id") />
                    </Show>
                </Show>
                <div class="actions">
                    <A href="/organisations" attr:class="button secondary">{tr!(cancel)}</A>
                    <SubmitButton label=tr!(save) busy_label=tr!(saving) busy=create.busy() />
                </div>
            </form>
        </section>
    }
}
