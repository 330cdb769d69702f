//! One ticket: its details and SLA clocks, its message board with the reply box, and
//! what the reader may do with it — approve or decline (contact persons), reopen or
//! answer (customers), work it (the helpdesk, with `If-Match` and a clear conflict).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use loket_api_types::audit::{AuditAction, FieldChange};
use loket_api_types::ticket_attachments::TicketAttachment;
use loket_api_types::tickets::{
    CreateTicketMessageRequest, DeclineTicketRequest, Priority, SlaClock, SlaClockState, Ticket, TicketMessage,
    TicketStatus, TicketType, TimelineEntry,
};
use uuid::Uuid;

use crate::api;
use crate::components::form::{
    CheckboxField, FormMessage, SubmitButton, TextAreaField, TextField, field_error, form_error,
};
use crate::components::labels;
use crate::components::load::{Load, Loaded, Submit, load, load_by_id};
use crate::components::states::error_message;
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::pages::ticket_estimate::{self, EstimateCard, ProposeEstimate};
use crate::pages::ticket_files::{self, Attachments, Chosen, FilePicker};
use crate::pages::ticket_work::Work;
use crate::pages::tickets::{StatusBadge, is_helpdesk, wire};
use crate::session::use_session;

#[component]
pub fn TicketDetail() -> impl IntoView {
    let loaded: Load<Ticket> = load_by_id(api::get_ticket);
    view! {
        <Loaded resource=loaded let:ticket>
            <TicketView ticket=ticket reload=Callback::new(move |_| loaded.refetch()) />
        </Loaded>
    }
}

/// "3 h 20 min" of business time.
fn duration(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[component]
fn Clock(#[prop(into)] label: Signal<String>, clock: SlaClock) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let left = duration(clock.minutes_left.unwrap_or_default());
        match clock.state {
            SlaClockState::Running => {
                let due = clock.due_at.map(|at| format::date_time(at, i18n.get_locale())).unwrap_or_default();
                format!(
                    "{} ({})",
                    t_string!(i18n, tickets.sla_running, time = left.clone()),
                    t_string!(i18n, tickets.sla_due, when = due)
                )
            }
            SlaClockState::Paused => t_string!(i18n, tickets.sla_paused, time = left).to_string(),
            SlaClockState::Met => t_string!(i18n, tickets.sla_met).to_string(),
            SlaClockState::Breached => t_string!(i18n, tickets.sla_breached).to_string(),
        }
    };
    view! {
        <div class=format!("sla sla-{}", wire(&clock.state))>
            <dt>{move || label.get()}</dt>
            <dd>{text}</dd>
        </div>
    }
}

#[component]
fn TicketView(ticket: Ticket, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = session.me();
    let helpdesk = is_helpdesk(session.role());
    let query = use_query_map();
    let just_filed = query.with_untracked(|q| q.get("filed").is_some());
    let number = ticket.number.clone();
    let filed_text = Signal::derive(move || {
        just_filed.then(|| {
            if ticket.status == TicketStatus::AwaitingApproval {
                t_string!(i18n, tickets.filed_awaiting, number = number.clone()).to_string()
            } else {
                t_string!(i18n, tickets.filed, number = number.clone()).to_string()
            }
        })
    });
    let approves = ticket.status == TicketStatus::AwaitingApproval
        && me.as_ref().is_some_and(|me| me.is_contact_person && me.id != ticket.requester.id);
    let customer = !helpdesk;
    let open_for_messages = !matches!(ticket.status, TicketStatus::Closed | TicketStatus::Declined);
    let messages: Load<Vec<TicketMessage>> = load(move || api::list_ticket_messages(session, ticket.id));
    let files: Load<Vec<TicketAttachment>> = load(move || api::list_ticket_attachments(session, ticket.id));
    let id = ticket.id;
    let detail = |label: Signal<String>, value: Option<String>| {
        value.map(|value| view! { <dt>{move || label.get()}</dt><dd class="pre">{value}</dd> })
    };
    view! {
        <div class="page-header">
            <PageTitle text=format!("{} – {}", ticket.number, ticket.title) />
            <StatusBadge status=ticket.status />
        </div>
        <FormMessage error=Signal::derive(|| None::<String>) success=filed_text />
        {ticket.decline_reason.clone().map(|reason| view! {
            <div class="alert alert-error" role="status">{move || t_string!(i18n, tickets.declined_because, reason = reason.clone()).to_string()}</div>
        })}
        {ticket.out_of_contract_reason.clone().map(|reason| view! {
            <div class="alert alert-warning" role="status">{move || t_string!(i18n, tickets.out_of_contract_text, reason = reason.clone()).to_string()}</div>
        })}
        {approves.then(|| view! { <Approval id=id reload=reload /> })}
        <div class="ticket-layout">
            <section class="card">
                <h2>{tr!(tickets.description)}</h2>
                <p class="pre">{ticket.description.clone()}</p>
                <dl class="facts">
                    {detail(tr!(tickets.field_module), ticket.module.clone())}
                    {detail(tr!(tickets.field_affected_user), ticket.affected_user.clone())}
                    {detail(tr!(tickets.field_company), ticket.company.clone())}
                    {detail(tr!(tickets.field_error_message), ticket.error_message.clone())}
                    {detail(tr!(tickets.field_steps_before), ticket.steps_before.clone())}
                </dl>
                <Loaded resource=files let:all>
                    <Attachments list={all.into_iter().filter(|f| f.message_id.is_none()).collect::<Vec<_>>()} />
                </Loaded>
            </section>
            <section class="card">
                <h2>{tr!(tickets.details)}</h2>
                <dl class="facts">
                    <dt>{tr!(tickets.organisation)}</dt><dd>{ticket.organisation_name.clone()}</dd>
                    <dt>{tr!(tickets.requester)}</dt><dd>{ticket.requester.name.clone()}</dd>
                    <dt>{tr!(tickets.kind)}</dt><dd>{move || labels::ticket_type(i18n, ticket.ticket_type)}</dd>
                    <dt>{tr!(tickets.priority)}</dt><dd>{move || labels::priority(i18n, ticket.priority)}</dd>
                    <dt>{tr!(tickets.assignee)}</dt>
                    <dd>{ticket.assignee.clone().map(|a| a.name).unwrap_or_else(|| t_string!(i18n, tickets.unassigned).to_string())}</dd>
                    <dt>{tr!(tickets.created)}</dt><dd>{move || format::date_time(ticket.created_at, i18n.get_locale())}</dd>
                </dl>
                {ticket.sla.clone().map(|sla| view! {
                    <dl class="facts sla-clocks">
                        <Clock label=tr!(tickets.sla_first_response) clock=sla.first_response />
                        <Clock label=tr!(tickets.sla_resolution) clock=sla.resolution />
                    </dl>
                })}
            </section>
        </div>
        <EstimateCard ticket=ticket.clone() customer=customer reload=reload />
        {helpdesk.then(|| view! { <Work ticket=ticket.clone() reload=reload /> })}
        {(helpdesk && ticket.ticket_type == TicketType::Change && open_for_messages).then(|| view! {
            <section class="card"><ProposeEstimate id=id reload=reload /></section>
        })}
        <section class="card board">
            <h2>{tr!(tickets.board)}</h2>
            <Loaded resource=messages let:list>
                {if list.is_empty() {
                    view! { <p class="muted">{tr!(tickets.no_messages)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="messages">
                            {list.into_iter().map(|message| view! { <Message message=message /> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            </Loaded>
            {open_for_messages.then(|| view! {
                <Reply id=id helpdesk=helpdesk done=Callback::new(move |_| { messages.refetch(); files.refetch(); reload.run(()); }) />
            })}
            {(customer && ticket.status == TicketStatus::Closed).then(|| view! { <Reopen id=id reload=reload /> })}
        </section>
        <Timeline id=id />
    }
}

/// One changed field as a reader says it: "Status: Open → Waiting on customer".
pub(crate) fn describe_change(i18n: I18nContext<Locale>, change: &FieldChange) -> String {
    let text = |value: &serde_json::Value| -> String {
        let raw = value.as_str().unwrap_or_default();
        match change.field.as_str() {
            "status" => TicketStatus::parse(raw).map(|s| labels::ticket_status(i18n, s)),
            "ticket_type" => TicketType::parse(raw).map(|t| labels::ticket_type(i18n, t)),
            "priority" => Priority::parse(raw).map(|p| labels::priority(i18n, p)),
            "estimate_status" => ticket_estimate::status_text(i18n, raw),
            _ => None,
        }
        .unwrap_or_else(|| if raw.is_empty() { "—".to_owned() } else { raw.to_owned() })
    };
    let field = match change.field.as_str() {
        "status" => t_string!(i18n, tickets.status).to_string(),
        "ticket_type" => t_string!(i18n, tickets.kind).to_string(),
        "priority" => t_string!(i18n, tickets.priority).to_string(),
        "assignee" => t_string!(i18n, tickets.tl_field_assignee).to_string(),
        "out_of_contract_reason" => t_string!(i18n, tickets.tl_field_out_of_contract_reason).to_string(),
        "decline_reason" => t_string!(i18n, tickets.tl_field_decline_reason).to_string(),
        "estimate" => t_string!(i18n, estimates.title).to_string(),
        "estimate_status" => t_string!(i18n, estimates.tl_status).to_string(),
        other => other.to_owned(),
    };
    format!("{field}: {} → {}", text(&change.old), text(&change.new))
}

/// What an entry says after the actor's name.
fn describe_entry(i18n: I18nContext<Locale>, entry: &TimelineEntry) -> String {
    match (&entry.message, entry.action) {
        (Some(message), _) if message.internal => t_string!(i18n, tickets.tl_note).to_string(),
        (Some(_), _) => t_string!(i18n, tickets.tl_message).to_string(),
        (None, AuditAction::Created) => t_string!(i18n, tickets.tl_created).to_string(),
        (None, AuditAction::Approved) => t_string!(i18n, tickets.tl_approved).to_string(),
        (None, AuditAction::Declined) => t_string!(i18n, tickets.tl_declined).to_string(),
        (None, AuditAction::Reopened) => t_string!(i18n, tickets.tl_reopened).to_string(),
        (None, _) => t_string!(i18n, tickets.tl_changed).to_string(),
    }
}

/// The ticket's history: filing, messages and changes, with who and when.
#[component]
fn Timeline(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let entries: Load<Vec<TimelineEntry>> = load(move || api::ticket_timeline(session, id));
    view! {
        <section class="card">
            <h2>{tr!(tickets.timeline)}</h2>
            <Loaded resource=entries let:list>
                <ol class="timeline">
                    {list
                        .into_iter()
                        .map(|entry| {
                            let changes: Vec<FieldChange> = entry.changes.clone();
                            view! {
                                <li>
                                    <time datetime=entry.at.to_rfc3339()>{move || format::date_time(entry.at, i18n.get_locale())}</time>
                                    " "<strong>{entry.actor_name.clone()}</strong>" "
                                    {move || describe_entry(i18n, &entry)}
                                    {(!changes.is_empty()).then(|| view! {
                                        <ul class="changes">
                                            {changes.iter().map(|c| { let c = c.clone(); view! { <li>{move || describe_change(i18n, &c)}</li> } }).collect_view()}
                                        </ul>
                                    })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </Loaded>
        </section>
    }
}

#[component]
fn Message(message: TicketMessage) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="message" class:staff=message.from_staff class:internal=message.internal>
            <div class="message-head">
                <strong>{message.author_name.clone()}</strong>
                {message.from_staff.then(|| view! { <span class="badge">{tr!(tickets.staff)}</span> })}
                {message.internal.then(|| view! { <span class="badge warning">{tr!(tickets.internal)}</span> })}
                <time datetime=message.created_at.to_rfc3339()>{move || format::date_time(message.created_at, i18n.get_locale())}</time>
            </div>
            <p class="pre">{message.body.clone()}</p>
            <Attachments list=message.attachments.clone() />
        </li>
    }
}

#[component]
fn Reply(id: Uuid, helpdesk: bool, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let body = RwSignal::new(String::new());
    let internal = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let chosen: Chosen = RwSignal::new_local(Vec::new());
    let refused = RwSignal::new(None::<String>);
    let post = Submit::new(
        move |mut request: CreateTicketMessageRequest| async move {
            // The files first, for the same audience as the message; a refused file
            // stops the message, with the reason.
            let picked = chosen.get_untracked();
            match ticket_files::send_all(session, id, picked, request.internal).await {
                Ok(ids) => request.attachment_ids = ids,
                Err((name, error)) => {
                    refused.set(Some(format!("{name}: {}", error_message(i18n, &error))));
                    return Err(error);
                }
            }
            chosen.set(Vec::new());
            api::post_ticket_message(session, id, &request).await
        },
        move |_: TicketMessage| {
            body.set(String::new());
            internal.set(false);
            sent.set(true);
            done.run(());
        },
    );
    let error = post.error;
    let sent_text = Signal::derive(move || sent.get().then(|| t_string!(i18n, tickets.message_sent).to_string()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sent.set(false);
        refused.set(None);
        post.run(CreateTicketMessageRequest {
            body: body.get_untracked(),
            internal: internal.get_untracked(),
            attachment_ids: Vec::new(),
        });
    };
    let message = Signal::derive(move || refused.get().or_else(|| form_error(error).get()));
    view! {
        <form class="reply" on:submit=submit novalidate>
            <h3>{tr!(tickets.reply)}</h3>
            <FormMessage error=message success=sent_text />
            <TextAreaField id="reply" label=tr!(tickets.reply_label) value=body required=true rows=4 error=field_error(error, "body") />
            <FilePicker id="reply-files" chosen=chosen />
            {helpdesk.then(|| view! { <CheckboxField id="internal" label=tr!(tickets.internal_note) checked=internal /> })}
            <SubmitButton label=tr!(tickets.send) busy_label=tr!(tickets.sending) busy=post.busy() />
        </form>
    }
}

#[component]
fn Approval(id: Uuid, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let reason = RwSignal::new(String::new());
    let approve = Submit::new(
        move |_: ()| async move { api::approve_ticket(session, id).await },
        move |_: Ticket| reload.run(()),
    );
    let decline = Submit::new(
        move |request: DeclineTicketRequest| async move { api::decline_ticket(session, id, &request).await },
        move |_: Ticket| reload.run(()),
    );
    let error = Signal::derive(move || approve.error.get().or_else(|| decline.error.get()));
    view! {
        <section class="card approval">
            <h2>{tr!(tickets.approval)}</h2>
            <p>{tr!(tickets.approval_text)}</p>
            <FormMessage error=form_error(error) />
            <button type="button" class="button primary" disabled=move || approve.busy().get() on:click=move |_| approve.run(())>
                {tr!(tickets.approve)}
            </button>
            <form class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                decline.run(DeclineTicketRequest { reason: reason.get_untracked() });
            } novalidate>
                <TextField id="decline-reason" label=tr!(tickets.decline_reason) value=reason required=true error=field_error(decline.error, "reason") />
                <button type="submit" class="button danger" disabled=move || decline.busy().get()>{tr!(tickets.decline)}</button>
            </form>
        </section>
    }
}

#[component]
fn Reopen(id: Uuid, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let reopen =
        Submit::new(move |_: ()| async move { api::reopen_ticket(session, id).await }, move |_: Ticket| reload.run(()));
    view! {
        <div class="reopen">
            <p class="muted">{tr!(tickets.closed_text)}</p>
            <FormMessage error=form_error(reopen.error) />
            <button type="button" class="button secondary" disabled=move || reopen.busy().get() on:click=move |_| reopen.run(())>
                {tr!(tickets.reopen)}
            </button>
        </div>
    }
}
