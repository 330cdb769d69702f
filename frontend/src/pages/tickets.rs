//! The support desk's lists and the new-ticket form. Customers see their organisation's
//! tickets (open ones unless they ask for all) and file new ones; the helpdesk works
//! from queues, SLA first.

use futures::FutureExt;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use loket_api_types::Role;
use loket_api_types::tickets::{CreateTicketRequest, Priority, Ticket, TicketStatus, TicketSummary};

use crate::api;
use crate::components::form::{
    CheckboxField, FormMessage, SelectField, SubmitButton, TextAreaField, TextField, field_error, form_error,
};
use crate::components::labels;
use crate::components::load::Submit;
use crate::components::paged::{Paged, PagedList};
use crate::components::states::error_message as problem_text;
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::pages::ticket_files::{self, Chosen, FilePicker};
use crate::session::use_session;

/// Whether the signed-in user works at the helpdesk.
pub fn is_helpdesk(role: Option<Role>) -> bool {
    role.is_some_and(Role::is_vendor_staff)
}

/// The wire name of an enum value (`"waiting_on_customer"`), for option values and
/// class names.
pub fn wire<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The status as a coloured badge.
#[component]
pub fn StatusBadge(status: TicketStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=format!("status ticket-{}", wire(&status))>{move || labels::ticket_status(i18n, status)}</span> }
}

#[component]
pub fn Tickets() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let helpdesk = is_helpdesk(session.role());
    let search = RwSignal::new(String::new());
    let searched = RwSignal::new(String::new());
    let queue = RwSignal::new(if helpdesk { "unassigned".to_owned() } else { String::new() });
    let show_all = RwSignal::new(false);
    let paged: Paged<TicketSummary> = Paged::new(move |cursor| {
        let query = api::query(&[
            ("queue", Some(queue.get())),
            ("all", show_all.get().then(|| "true".to_owned())),
            ("q", Some(searched.get())),
            // A search is ranked by relevance; otherwise the helpdesk works SLA first.
            ("sort", (helpdesk && searched.get().trim().is_empty()).then(|| "sla".to_owned())),
            ("cursor", cursor),
            ("limit", Some("50".to_owned())),
        ]);
        async move { api::list_tickets(session, &query).await }.boxed_local()
    });
    let queues = Signal::derive(move || {
        vec![
            ("unassigned".to_owned(), t_string!(i18n, tickets.queue_unassigned).to_string()),
            ("mine".to_owned(), t_string!(i18n, tickets.queue_mine).to_string()),
            ("waiting".to_owned(), t_string!(i18n, tickets.queue_waiting).to_string()),
            (String::new(), t_string!(i18n, tickets.queue_all).to_string()),
        ]
    });
    let title = move || {
        if helpdesk {
            t_string!(i18n, tickets.desk_title).to_string()
        } else {
            t_string!(i18n, tickets.title).to_string()
        }
    };
    view! {
        <div class="page-header">
            <PageTitle text=Signal::derive(title) />
            <Show when=move || !helpdesk>
                <A href="/tickets/new" attr:class="button primary">{tr!(tickets.new)}</A>
            </Show>
            <Show when=move || helpdesk>
                <A href="/helpdesk/dashboard" attr:class="button secondary">{tr!(dashboard.title)}</A>
            </Show>
        </div>
        <form class="filters" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let text = search.get_untracked();
            if searched.get_untracked() == text { paged.reload() } else { searched.set(text) }
        }>
            <TextField id="search" label=tr!(search) value=search kind="search" />
            {helpdesk.then(|| view! { <SelectField id="queue" label=tr!(tickets.queue) value=queue options=queues /> })}
            <CheckboxField id="show-all" label=tr!(tickets.show_all) checked=show_all />
            <button type="submit" class="button secondary">{tr!(search)}</button>
        </form>
        <TicketTable paged=paged helpdesk=helpdesk />
    }
}

#[component]
fn TicketTable(paged: Paged<TicketSummary>, helpdesk: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PagedList pager=paged.pager() empty=tr!(tickets.empty)>
            <div class="table-wrap">
                <table class="tickets">
                    <thead>
                        <tr>
                            <th scope="col">{tr!(tickets.number)}</th>
                            <th scope="col">{tr!(tickets.kind)}</th>
                            <th scope="col">{tr!(tickets.subject)}</th>
                            {helpdesk.then(|| view! { <th scope="col">{tr!(tickets.organisation)}</th> })}
                            <th scope="col">{tr!(tickets.status)}</th>
                            <th scope="col">{tr!(tickets.assignee)}</th>
                            {helpdesk.then(|| view! { <th scope="col">{tr!(tickets.sla)}</th> })}
                            <th scope="col">{tr!(tickets.created)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || paged.rows() key=|t: &TicketSummary| (t.id, t.status) let:ticket>
                            <tr class:breached=ticket.sla_breached>
                                <td><A href=format!("/tickets/{}", ticket.id)>{ticket.number.clone()}</A></td>
                                <td>{move || labels::ticket_type(i18n, ticket.ticket_type)}</td>
                                <td>{ticket.title.clone()}</td>
                                {helpdesk.then(|| view! { <td>{ticket.organisation_name.clone()}</td> })}
                                <td><StatusBadge status=ticket.status /></td>
                                <td>{ticket.assignee_name.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                {helpdesk.then(|| {
                                    let due = ticket.sla_due_at;
                                    let breached = ticket.sla_breached;
                                    view! {
                                        <td>
                                            {move || match (due, breached) {
                                                (Some(_), true) => view! { <span class="badge danger">{t_string!(i18n, tickets.sla_breached).to_string()}</span> }.into_any(),
                                                (Some(at), false) => format::date_time(at, i18n.get_locale()).into_any(),
                                                (None, _) => "—".into_any(),
                                            }}
                                        </td>
                                    }
                                })}
                                <td>{move || format::date_time(ticket.created_at, i18n.get_locale())}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
        </PagedList>
    }
}

/// The new-ticket form, with the helpdesk's guidance on what to tell.
#[component]
pub fn NewTicket() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let module = RwSignal::new(String::new());
    let affected_user = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let error_message = RwSignal::new(String::new());
    let steps_before = RwSignal::new(String::new());
    let priority = RwSignal::new("normal".to_owned());
    let chosen: Chosen = RwSignal::new_local(Vec::new());
    // Filed, but a file was refused: the number, the file and why.
    let partly = RwSignal::new(None::<(Ticket, String)>);
    let create = Submit::new(
        move |request: CreateTicketRequest| async move {
            let ticket = api::create_ticket(session, &request).await?;
            let refused = ticket_files::send_all(session, ticket.id, chosen.get_untracked(), false)
                .await
                .err()
                .map(|(name, error)| format!("{name}: {}", problem_text(i18n, &error)));
            Ok((ticket, refused))
        },
        move |(ticket, refused): (Ticket, Option<String>)| match refused {
            None => navigate(&format!("/tickets/{}?filed=1", ticket.id), Default::default()),
            Some(reason) => partly.set(Some((ticket, reason))),
        },
    );
    let error = create.error;
    let priorities =
        Signal::derive(move || Priority::ALL.iter().map(|p| (wire(p), labels::priority(i18n, *p))).collect::<Vec<_>>());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let optional = |value: RwSignal<String>| Some(value.get_untracked()).filter(|v| !v.trim().is_empty());
        create.run(CreateTicketRequest {
            title: title.get_untracked(),
            description: description.get_untracked(),
            priority: Priority::parse(&priority.get_untracked()),
            module: optional(module),
            affected_user: optional(affected_user),
            company: optional(company),
            error_message: optional(error_message),
            steps_before: optional(steps_before),
        });
    };
    view! {
        <div class="page-header">
            <PageTitle text=tr!(tickets.new_title) />
        </div>
        <section class="card">
            <p class="guidance">{tr!(tickets.guidance)}</p>
            <FormMessage error=form_error(error) />
            {move || partly.get().map(|(ticket, reason)| view! {
                <div class="alert alert-warning" role="alert">
                    <p>{t_string!(i18n, files.filed_but_refused, number = ticket.number.clone(), reason = reason.clone()).to_string()}</p>
                    <A href=format!("/tickets/{}", ticket.id)>{tr!(files.to_ticket)}</A>
                </div>
            })}
            <form on:submit=submit novalidate>
                <TextField id="title" label=tr!(tickets.field_title) value=title required=true error=field_error(error, "title") />
                <TextField id="module" label=tr!(tickets.field_module) hint=tr!(tickets.field_module_hint) value=module error=field_error(error, "module") />
                <TextField id="affected_user" label=tr!(tickets.field_affected_user) value=affected_user error=field_error(error, "affected_user") />
                <TextField id="company" label=tr!(tickets.field_company) value=company error=field_error(error, "company") />
                <TextAreaField id="error_message" label=tr!(tickets.field_error_message) value=error_message rows=2 error=field_error(error, "error_message") />
                <TextAreaField id="description" label=tr!(tickets.field_description) value=description required=true rows=6 error=field_error(error, "description") />
                <TextAreaField id="steps_before" label=tr!(tickets.field_steps_before) value=steps_before rows=3 error=field_error(error, "steps_before") />
                <SelectField id="priority" label=tr!(tickets.priority) value=priority options=priorities />
                <FilePicker id="ticket-files" chosen=chosen />
                <SubmitButton label=tr!(tickets.submit) busy_label=tr!(tickets.submitting) busy=create.busy() />
            </form>
        </section>
    }
}
