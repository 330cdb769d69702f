//! Requests for access (seed 003) for those who decide them: a client's superuser sees
//! the requests for its own client, the helpdesk every confirmed one (and names the
//! client when the number matched none). Approving invites the person; declining tells
//! them why.

use futures::FutureExt;
use leptos::prelude::*;
use loket_api_types::OrganisationKind;
use loket_api_types::access_requests::{
    AccessRequest, AccessRequestStatus, ApproveAccessRequest, Approvers, DeclineAccessRequest,
};
use loket_api_types::organisations::Organisation;
use loket_api_types::pagination::Page;
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SelectField, TextField, field_error, form_error};
use crate::components::load::{Load, Submit, load};
use crate::components::paged::{Paged, PagedList};
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::pages::tickets::is_helpdesk;
use crate::session::use_session;

const TABS: [AccessRequestStatus; 3] =
    [AccessRequestStatus::Pending, AccessRequestStatus::Approved, AccessRequestStatus::Declined];

fn tab_label(i18n: I18nContext<Locale>, status: AccessRequestStatus) -> String {
    match status {
        AccessRequestStatus::Approved => t_string!(i18n, access.approved).to_string(),
        AccessRequestStatus::Declined => t_string!(i18n, access.declined).to_string(),
        _ => t_string!(i18n, access.pending).to_string(),
    }
}

fn wire(status: AccessRequestStatus) -> String {
    serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

#[component]
pub fn AccessRequests() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let status = RwSignal::new(AccessRequestStatus::Pending);
    let paged = Paged::new(move |cursor| {
        let query = api::query(&[("status", Some(wire(status.get()))), ("cursor", cursor)]);
        async move { api::access::list_access_requests(session, &query).await }.boxed_local()
    });
    // The helpdesk may have to name the client; a superuser never does.
    let helpdesk = is_helpdesk(session.role());
    let clients: Option<Load<Page<Organisation>>> =
        helpdesk.then(|| load(move || async move { api::list_organisations(session, "?kind=client&limit=200").await }));
    view! {
        <div class="page-header"><PageTitle text=tr!(access.list_title) /></div>
        <p class="lead">{tr!(access.list_intro)}</p>
        <div class="tabs" role="tablist">
            {TABS.into_iter().map(|tab| view! {
                <button type="button" role="tab" class="tab" data-status=wire(tab)
                    aria-selected=move || (status.get() == tab).to_string()
                    on:click=move |_| status.set(tab)>
                    {move || tab_label(i18n, tab)}
                </button>
            }).collect_view()}
        </div>
        <PagedList pager=paged.pager() empty=tr!(access.empty)>
            <ul class="cards access-requests">
                <For each=move || paged.rows() key=|r: &AccessRequest| (r.id, r.status) let:request>
                    <li class="card access-request" data-email=request.email.clone()>
                        <RequestCard request=request.clone() clients=clients reload=Callback::new(move |()| paged.reload()) />
                    </li>
                </For>
            </ul>
        </PagedList>
    }
}

#[component]
fn RequestCard(
    request: AccessRequest,
    clients: Option<Load<Page<Organisation>>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let organisation = request.organisation_name.clone();
    let routed = match request.routed_to {
        Some(Approvers::Vendor) => Some(t_string!(i18n, access.routed_vendor).to_string()),
        _ => None,
    };
    let decided = request.decided_at.map(|at| (at, request.decided_by_name.clone().unwrap_or_default()));
    let reason = request.decline_reason.clone();
    let pending = request.status == AccessRequestStatus::Pending;
    view! {
        <h2>{request.name.clone()}</h2>
        <dl class="facts">
            <dt>{tr!(login.email)}</dt><dd>{request.email.clone()}</dd>
            <dt>{tr!(access.customer_number)}</dt><dd>{request.customer_number.clone()}</dd>
            <dt>{tr!(access.client)}</dt>
            <dd>{match organisation {
                Some(name) => name.into_any(),
                None => view! { <span class="badge warning">{tr!(access.unknown_number)}</span> }.into_any(),
            }}</dd>
            <dt>{tr!(access.requested)}</dt><dd>{move || format::date_time(request.created_at, i18n.get_locale())}</dd>
            {decided.map(|(at, by)| view! {
                <dt>{tr!(access.decided)}</dt><dd>{move || format!("{} · {by}", format::date_time(at, i18n.get_locale()))}</dd>
            })}
            {reason.map(|reason| view! { <dt>{tr!(access.reason)}</dt><dd class="wrap">{reason}</dd> })}
        </dl>
        {routed.map(|text| view! { <p class="muted">{text}</p> })}
        {pending.then(|| view! { <Decide request=request.clone() clients=clients reload=reload /> })}
    }
}

#[component]
fn Decide(request: AccessRequest, clients: Option<Load<Page<Organisation>>>, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let id: Uuid = request.id;
    let chosen = RwSignal::new(request.organisation_id.map(|o| o.to_string()).unwrap_or_default());
    let reason = RwSignal::new(String::new());
    let approve = Submit::new(
        move |body: ApproveAccessRequest| async move { api::access::approve_access_request(session, id, &body).await },
        move |_: AccessRequest| reload.run(()),
    );
    let decline = Submit::new(
        move |body: DeclineAccessRequest| async move { api::access::decline_access_request(session, id, &body).await },
        move |_: AccessRequest| reload.run(()),
    );
    let error = Signal::derive(move || approve.error.get().or_else(|| decline.error.get()));
    let options = Signal::derive(move || {
        let mut options = vec![(String::new(), String::new())];
        if let Some(page) = clients.and_then(|c| c.value()) {
            options.extend(
                page.items
                    .into_iter()
                    .filter(|o| o.kind == OrganisationKind::Client)
                    .map(|o| (o.id.to_string(), o.name)),
            );
        }
        options
    });
    let approve_now = move |_| {
        let organisation_id = Uuid::parse_str(&chosen.get_untracked()).ok();
        approve.run(ApproveAccessRequest { organisation_id });
    };
    view! {
        <div class="decide">
            <FormMessage error=form_error(error) />
            {clients.map(|_| view! {
                <SelectField id=format!("client-{id}") label=tr!(access.client) value=chosen options=options error=field_error(approve.error, "organisation_id") />
            })}
            <button type="button" class="button primary" disabled=move || approve.busy().get() on:click=approve_now>
                {tr!(access.approve)}
            </button>
            <form class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                decline.run(DeclineAccessRequest { reason: reason.get_untracked() });
            } novalidate>
                <TextField id=format!("reason-{id}") label=tr!(access.decline_reason) value=reason required=true error=field_error(decline.error, "reason") />
                <button type="submit" class="button danger" disabled=move || decline.busy().get()>{tr!(access.decline)}</button>
            </form>
        </div>
    }
}
