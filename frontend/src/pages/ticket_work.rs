//! The helpdesk's controls on a ticket: status, type, priority, assignee and the
//! out-of-contract mark, saved with `If-Match`; a colleague's change in between is shown
//! (the 412 carries the current ticket) and the agent's change can be reapplied on top.

use leptos::prelude::*;
use loket_api_types::audit::FieldChange;
use loket_api_types::tickets::{Priority, Ticket, TicketStatus, TicketType, UpdateTicketRequest};
use loket_api_types::users::User;
use loket_api_types::{ErrorCode, Role};
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SelectField, SubmitButton, TextField, field_error, form_error};
use crate::components::labels;
use crate::components::load::{Load, Submit, load};
use crate::i18n::*;
use crate::pages::ticket::describe_change;
use crate::pages::tickets::wire;
use crate::session::use_session;

/// What a colleague changed between the version the agent saw and `now`: one line per
/// working field, as the timeline words it.
fn conflict_lines(i18n: I18nContext<Locale>, seen: &Ticket, now: &Ticket) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = |field: &str, old: String, new: String| {
        if old != new {
            let change = FieldChange { field: field.to_owned(), old: old.into(), new: new.into() };
            lines.push(describe_change(i18n, &change));
        }
    };
    line("status", wire(&seen.status), wire(&now.status));
    line("ticket_type", wire(&seen.ticket_type), wire(&now.ticket_type));
    line("priority", wire(&seen.priority), wire(&now.priority));
    let name = |t: &Ticket| t.assignee.as_ref().map(|a| a.name.clone()).unwrap_or_default();
    line("assignee", name(seen), name(now));
    line(
        "out_of_contract_reason",
        seen.out_of_contract_reason.clone().unwrap_or_default(),
        now.out_of_contract_reason.clone().unwrap_or_default(),
    );
    lines
}

/// The helpdesk's controls. Saving sends the version read; when a colleague saved first
/// the answer is 412 with the ticket as it is now: the agent sees what changed and
/// applies the same change to the current version, or reloads.
#[component]
pub fn Work(ticket: Ticket, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let vendor = session.me().map(|me| me.organisation.id);
    let status = RwSignal::new(wire(&ticket.status));
    let ticket_type = RwSignal::new(wire(&ticket.ticket_type));
    let priority = RwSignal::new(wire(&ticket.priority));
    let assignee = RwSignal::new(ticket.assignee.as_ref().map(|a| a.id.to_string()).unwrap_or_default());
    let out_of_contract = RwSignal::new(ticket.out_of_contract_reason.clone().unwrap_or_default());
    // The version the agent works on; a conflict moves it to the current one on reapply.
    let seen = RwSignal::new(ticket.version);
    let last = StoredValue::new(None::<UpdateTicketRequest>);
    let id = ticket.id;
    let agents: Load<loket_api_types::pagination::Page<User>> = load(move || {
        let query = api::query(&[
            ("organisation_id", vendor.map(|v| v.to_string())),
            ("status", Some("active".to_owned())),
            ("limit", Some("200".to_owned())),
        ]);
        async move { api::list_users(session, &query).await }
    });
    let update = Submit::new(
        move |request: UpdateTicketRequest| async move {
            api::update_ticket(session, id, seen.get_untracked(), &request).await
        },
        move |_: Ticket| reload.run(()),
    );
    let error = update.error;
    let conflict = move || error.get().is_some_and(|e| e.code() == Some(ErrorCode::PreconditionFailed));
    // The ticket as a colleague left it, when the server sent it with the 412.
    let current = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.problem)
            .and_then(|p| p.current)
            .and_then(|v| serde_json::from_value::<Ticket>(v).ok())
    });
    let seen_ticket = ticket.clone();
    let changed =
        Signal::derive(move || current.get().map(|now| conflict_lines(i18n, &seen_ticket, &now)).unwrap_or_default());
    let reapply = move |_| {
        if let (Some(now), Some(request)) = (current.get_untracked(), last.get_value()) {
            seen.set(now.version);
            update.run(request);
        }
    };
    let statuses = Signal::derive(move || {
        let mut choices = vec![ticket.status];
        choices.extend(
            [TicketStatus::Open, TicketStatus::WaitingOnCustomer, TicketStatus::Closed]
                .into_iter()
                .filter(|s| *s != ticket.status),
        );
        choices.into_iter().map(|s| (wire(&s), labels::ticket_status(i18n, s))).collect::<Vec<_>>()
    });
    let types = Signal::derive(move || {
        TicketType::ALL.iter().map(|t| (wire(t), labels::ticket_type(i18n, *t))).collect::<Vec<_>>()
    });
    let priorities =
        Signal::derive(move || Priority::ALL.iter().map(|p| (wire(p), labels::priority(i18n, *p))).collect::<Vec<_>>());
    let assignees = Signal::derive(move || {
        let mut options = vec![(String::new(), t_string!(i18n, tickets.unassigned).to_string())];
        if let Some(page) = agents.value() {
            options.extend(
                page.items
                    .iter()
                    .filter(|u| matches!(u.role, Role::Agent | Role::VendorAdmin))
                    .map(|u| (u.id.to_string(), u.name.clone())),
            );
        }
        options
    });
    let current_assignee = ticket.assignee.as_ref().map(|a| a.id);
    let (seen_type, seen_priority) = (ticket.ticket_type, ticket.priority);
    let seen_reason = ticket.out_of_contract_reason.clone().unwrap_or_default();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = Uuid::parse_str(&assignee.get_untracked()).ok();
        let request = UpdateTicketRequest {
            status: TicketStatus::parse(&status.get_untracked()).filter(|s| *s != ticket.status),
            // Only what the agent changed: reapplied after a conflict, it must not undo a
            // colleague's change to another field.
            ticket_type: TicketType::parse(&ticket_type.get_untracked()).filter(|t| *t != seen_type),
            priority: Priority::parse(&priority.get_untracked()).filter(|p| *p != seen_priority),
            assignee_id: chosen.filter(|c| Some(*c) != current_assignee),
            unassign: (chosen.is_none() && current_assignee.is_some()).then_some(true),
            out_of_contract_reason: Some(out_of_contract.get_untracked()).filter(|r| *r != seen_reason),
        };
        last.set_value(Some(request.clone()));
        update.run(request);
    };
    view! {
        <section class="card work">
            <h2>{tr!(tickets.work)}</h2>
            <FormMessage error=Signal::derive(move || if conflict() { Some(t_string!(i18n, tickets.conflict).to_string()) } else { form_error(error).get() }) />
            <Show when=conflict>
                <div class="conflict">
                    <Show when=move || current.get().is_some()>
                        <p>{tr!(tickets.conflict_changed)}</p>
                        <ul class="changes">{move || changed.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                        <button type="button" class="button primary" on:click=reapply>{tr!(tickets.reapply)}</button>
                    </Show>
                    <button type="button" class="button secondary" on:click=move |_| reload.run(())>{tr!(tickets.reload)}</button>
                </div>
            </Show>
            <form class="work-form" on:submit=submit novalidate>
                <SelectField id="ticket-status" label=tr!(tickets.status) value=status options=statuses />
                <SelectField id="ticket-type" label=tr!(tickets.kind) value=ticket_type options=types />
                <SelectField id="ticket-priority" label=tr!(tickets.priority) value=priority options=priorities />
                <SelectField id="ticket-assignee" label=tr!(tickets.assignee) value=assignee options=assignees error=field_error(error, "assignee_id") />
                <TextField id="out-of-contract" label=tr!(tickets.out_of_contract_reason) value=out_of_contract />
                <SubmitButton label=tr!(tickets.save_changes) busy_label=tr!(saving) busy=update.busy() />
            </form>
        </section>
    }
}
