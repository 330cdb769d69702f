//! The cost estimate of a change request: the helpdesk proposes one, the customer
//! accepts or declines it, and everyone sees where it stands.

use leptos::prelude::*;
use loket_api_types::Language;
use loket_api_types::ticket_estimates::{
    AnswerEstimateRequest, Estimate, EstimateAnswer, EstimateStatus, ProposeEstimateRequest, TicketEstimate,
    parse_euros,
};
use loket_api_types::tickets::Ticket;
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, TextAreaField, TextField, field_error, form_error};
use crate::components::load::Submit;
use crate::i18n::*;
use crate::session::use_session;

/// "6,5 uur · € 1.250,00" in Dutch, "6.5 h · € 1,250.00" in English (the domain's
/// wording, as in the e-mail).
pub fn summary(estimate: &TicketEstimate, locale: Locale) -> String {
    let language = if locale == Locale::nl { Language::Nl } else { Language::En };
    Estimate::new(estimate.hours, estimate.amount_cents).map(|e| e.summary(language)).unwrap_or_default()
}

fn status_label(i18n: I18nContext<Locale>, status: EstimateStatus) -> String {
    match status {
        EstimateStatus::Pending => t_string!(i18n, estimates.status_pending).to_string(),
        EstimateStatus::Accepted => t_string!(i18n, estimates.status_accepted).to_string(),
        EstimateStatus::Declined => t_string!(i18n, estimates.status_declined).to_string(),
    }
}

/// A stored estimate status as people read it (for the timeline).
pub fn status_text(i18n: I18nContext<Locale>, raw: &str) -> Option<String> {
    EstimateStatus::parse(raw).map(|status| status_label(i18n, status))
}

/// The estimate and, for the customer while it is pending, the decision.
#[component]
pub fn EstimateCard(ticket: Ticket, customer: bool, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let Some(estimate) = ticket.estimate.clone() else { return ().into_any() };
    let id = ticket.id;
    let reason = RwSignal::new(String::new());
    let answer = Submit::new(
        move |request: AnswerEstimateRequest| async move { api::answer_estimate(session, id, &request).await },
        move |_: Ticket| reload.run(()),
    );
    let deciding = customer && estimate.status == EstimateStatus::Pending;
    let shown = estimate.clone();
    view! {
        <section class="card estimate">
            <h2>{tr!(estimates.title)}</h2>
            <p><strong>{move || summary(&shown, i18n.get_locale())}</strong>" "{tr!(estimates.excl_vat)}</p>
            <p class="pre">{estimate.description.clone()}</p>
            <p>
                <span class=format!("badge estimate-{}", estimate.status.as_str())>{move || status_label(i18n, estimate.status)}</span>
                {estimate.answer_reason.clone().map(|r| view! { " "<span class="muted">{r}</span> })}
            </p>
            {deciding.then(|| view! {
                <FormMessage error=form_error(answer.error) />
                <p>{tr!(estimates.decide_text)}</p>
                <button type="button" class="button primary" disabled=move || answer.busy().get()
                    on:click=move |_| answer.run(AnswerEstimateRequest { answer: EstimateAnswer::Accept, reason: None })>
                    {tr!(estimates.accept)}
                </button>
                <form class="inline-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let text = reason.get_untracked();
                    answer.run(AnswerEstimateRequest { answer: EstimateAnswer::Decline, reason: Some(text).filter(|t| !t.trim().is_empty()) });
                }>
                    <TextField id="estimate-reason" label=tr!(estimates.decline_reason) value=reason error=field_error(answer.error, "reason") />
                    <button type="submit" class="button danger" disabled=move || answer.busy().get()>{tr!(estimates.decline)}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// The helpdesk's estimate form, for a change request.
#[component]
pub fn ProposeEstimate(id: Uuid, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let hours = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let propose = Submit::new(
        move |request: ProposeEstimateRequest| async move { api::propose_estimate(session, id, &request).await },
        move |_: Ticket| reload.run(()),
    );
    let error = propose.error;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        propose.run(ProposeEstimateRequest {
            hours: hours.get_untracked().replace(',', ".").trim().parse().unwrap_or(0.0),
            amount_cents: parse_euros(&amount.get_untracked()).unwrap_or(-1),
            description: description.get_untracked(),
        });
    };
    view! {
        <form class="estimate-form" on:submit=submit novalidate>
            <h3>{tr!(estimates.propose)}</h3>
            <FormMessage error=form_error(error) />
            <TextField id="estimate-hours" label=tr!(estimates.hours) value=hours required=true error=field_error(error, "hours") />
            <TextField id="estimate-amount" label=tr!(estimates.amount) value=amount required=true error=field_error(error, "amount_cents") />
            <TextAreaField id="estimate-description" label=tr!(estimates.description) value=description required=true rows=3 error=field_error(error, "description") />
            <SubmitButton label=tr!(estimates.send) busy_label=tr!(estimates.sending) busy=propose.busy() />
        </form>
    }
}
