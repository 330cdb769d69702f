//! One install request: what was filed, where it stands and its timeline; the helpdesk
//! returns it with what is missing or rejects it, the partner amends a returned request.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use loket_api_types::install_requests::{
    AccountingPackageChoice, InstallEventKind, InstallRequest, InstallRequestEvent, InstallRequestTimeline,
    InstallStep, RejectInstallRequest, ReturnInstallRequest,
};

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, TextAreaField, field_error, form_error};
use crate::components::load::{Load, Loaded, Submit, load, load_by_id};
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::pages::intake::{StepBadge, step_label};
use crate::pages::intake_contracts::Contracts;
use crate::pages::intake_install::{InstallProgress, SendInstructionsForm};
use crate::pages::intake_watch::{FollowUpForm, follow_up_label};
use crate::pages::tickets::{is_helpdesk, wire};
use crate::session::use_session;

#[component]
pub fn InstallRequestDetail() -> impl IntoView {
    let loaded: Load<InstallRequest> = load_by_id(api::intake::get);
    view! {
        <Loaded resource=loaded let:request>
            <RequestView request=request reload=Callback::new(move |_| loaded.refetch()) />
        </Loaded>
    }
}

fn event_label(i18n: I18nContext<Locale>, kind: InstallEventKind) -> String {
    match kind {
        InstallEventKind::Submitted => t_string!(i18n, intake.ev_submitted),
        InstallEventKind::Amended => t_string!(i18n, intake.ev_amended),
        InstallEventKind::Resubmitted => t_string!(i18n, intake.ev_resubmitted),
        InstallEventKind::Returned => t_string!(i18n, intake.ev_returned),
        InstallEventKind::Rejected => t_string!(i18n, intake.ev_rejected),
        InstallEventKind::Accepted => t_string!(i18n, intake.ev_accepted),
        InstallEventKind::QuestionnaireSubmitted => t_string!(i18n, intake.ev_questionnaire_submitted),
        InstallEventKind::InstructionsSent => t_string!(i18n, intake.ev_instructions_sent),
        InstallEventKind::InstallationRegistered => t_string!(i18n, intake.ev_installation_registered),
        InstallEventKind::Completed => t_string!(i18n, intake.ev_completed),
        InstallEventKind::FollowedUp => t_string!(i18n, intake.ev_followed_up),
    }
    .to_string()
}

#[component]
fn RequestView(request: InstallRequest, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let helpdesk = is_helpdesk(session.role());
    let filed = use_query_map().get_untracked().get("filed").is_some();
    let id = request.id;
    let timeline = load(move || async move { api::intake::timeline(session, id).await });
    let data = request.data.clone();
    let company = data.company.clone();
    let address = format!(
        "{} {}, {} {} ({})",
        company.address.street,
        company.address.house_number,
        company.address.postcode,
        company.address.city,
        wire(&company.address.country)
    );
    let package = match &data.accounting_package {
        AccountingPackageChoice::Listed(listed) => listed.name.clone().unwrap_or_default(),
        AccountingPackageChoice::Other(other) => other.name.clone(),
    };
    let contact = |c: &loket_api_types::install_requests::Contact| format!("{} · {} · {}", c.name, c.email, c.phone);
    let (general, technical) = (contact(&data.contacts.general), contact(&data.contacts.technical));
    let step = request.step;
    let reviewable = helpdesk && step == InstallStep::Submitted;
    let amendable =
        !helpdesk && step == InstallStep::Returned && session.role() != Some(loket_api_types::Role::ClientSuperuser);
    let has_contracts = matches!(
        step,
        InstallStep::Contracts | InstallStep::Instructions | InstallStep::Installing | InstallStep::Completed
    );
    let answering =
        step == InstallStep::Questionnaire && session.role() == Some(loket_api_types::Role::ClientSuperuser);
    view! {
        <div class="page-header">
            <PageTitle text=Signal::derive({
                let title = format!("{} · {}", request.number, company.name);
                move || title.clone()
            }) />
            <StepBadge step=step />
        </div>
        {filed.then(|| view! { <p class="alert alert-success" role="status">{tr!(intake.filed)}</p> })}
        {(request.possible_duplicate == Some(true)).then(|| view! {
            <p class="alert alert-warning duplicate" role="status">{tr!(intake.duplicate_warning)}</p>
        })}
        <section class="card install-request">
            <dl class="facts">
                <dt>{tr!(intake.partner)}</dt><dd>{request.partner_name.clone()}</dd>
                <dt>{tr!(intake.filed_by)}</dt><dd>{request.filed_by.clone()}</dd>
                <dt>{tr!(intake.submitted_at)}</dt>
                <dd>{move || format::date_time(request.submitted_at, i18n.get_locale())}</dd>
                <dt>{tr!(intake.revision)}</dt><dd>{request.revision}</dd>
                <dt>{tr!(intake.coc_number)}</dt><dd class="coc">{company.coc_number.clone()}</dd>
                {company.vat_number.clone().map(|vat| view! { <dt>{tr!(intake.vat_number)}</dt><dd>{vat}</dd> })}
                <dt>{tr!(intake.address)}</dt><dd>{address}</dd>
                <dt>{tr!(intake.general_contact)}</dt><dd>{general}</dd>
                <dt>{tr!(intake.technical_contact)}</dt><dd>{technical}</dd>
                <dt>{tr!(intake.package)}</dt><dd>{package}</dd>
                {data.partner_fields.clone().into_iter().map(|(key, value)| view! { <dt>{key}</dt><dd>{value}</dd> }).collect_view()}
                {data.remarks.clone().map(|remarks| view! { <dt>{tr!(intake.remarks)}</dt><dd class="wrap">{remarks}</dd> })}
            </dl>
            {amendable.then(|| view! {
                <A href=format!("/intake/{id}/amend") attr:class="button">{tr!(intake.amend)}</A>
            })}
            {request.client_id.is_some().then(|| view! {
                <A href=format!("/intake/{id}/questionnaire") attr:class="button secondary questionnaire-link">
                    {if answering { tr!(intake.fill_questionnaire) } else { tr!(intake.view_questionnaire) }}
                </A>
            })}
        </section>
        {reviewable.then(|| view! { <Review request=request.clone() reload=reload /> })}
        {has_contracts.then(|| view! { <Contracts request=request.clone() helpdesk=helpdesk /> })}
        {(helpdesk && matches!(step, InstallStep::Contracts | InstallStep::Instructions)).then(|| view! {
            <SendInstructionsForm request=request.clone() reload=reload />
        })}
        {matches!(step, InstallStep::Instructions | InstallStep::Installing | InstallStep::Completed)
            .then(|| view! { <InstallProgress id=id /> })}
        {(helpdesk && matches!(step, InstallStep::Instructions | InstallStep::Installing)).then(|| view! {
            <FollowUpForm id=id logged=Callback::new(move |_| timeline.refetch()) />
        })}
        <section class="card">
            <h2>{tr!(intake.timeline)}</h2>
            <Loaded resource=timeline let:timeline>
                <Timeline timeline=timeline />
            </Loaded>
        </section>
        {(request.revision > 1).then(|| view! { <Versions id=id /> })}
    }
}

/// Every submitted version, so what changed between a return and a resubmission shows.
#[component]
fn Versions(id: uuid::Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let revisions = load(move || async move { api::intake::revisions(session, id).await });
    view! {
        <section class="card versions">
            <h2>{tr!(intake.versions)}</h2>
            <Loaded resource=revisions let:revisions>
                {revisions.items.into_iter().map(|version| {
                    let data = version.data;
                    let company = data.company;
                    let summary = format!("v{}", version.revision);
                    view! {
                        <details class="version">
                            <summary>{summary} " · " {move || format::date_time(version.submitted_at, i18n.get_locale())}</summary>
                            <dl class="facts">
                                <dt>{tr!(intake.company_name)}</dt><dd>{company.name.clone()}</dd>
                                <dt>{tr!(intake.coc_number)}</dt><dd>{company.coc_number.clone()}</dd>
                                <dt>{tr!(intake.vat_number)}</dt><dd>{company.vat_number.clone().unwrap_or_default()}</dd>
                                <dt>{tr!(intake.technical_contact)}</dt>
                                <dd>{format!("{} · {}", data.contacts.technical.name, data.contacts.technical.email)}</dd>
                                <dt>{tr!(intake.remarks)}</dt><dd class="wrap">{data.remarks.clone().unwrap_or_default()}</dd>
                            </dl>
                        </details>
                    }
                }).collect_view()}
            </Loaded>
        </section>
    }
}

#[component]
fn Timeline(timeline: InstallRequestTimeline) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="timeline install-timeline">
            {timeline.items.into_iter().map(|event: InstallRequestEvent| {
                let kind = event.kind;
                let to = event.to_step;
                view! {
                    <li class=format!("event event-{}", wire(&kind))>
                        <p>
                            <strong>{move || event_label(i18n, kind)}</strong>
                            {to.map(|step| view! { " → " {move || step_label(i18n, step)} })}
                            {event.revision.map(|r| view! { " " <span class="muted">{format!("(v{r})")}</span> })}
                            {event.follow_up.map(|k| view! { " · " <span class="follow-up-kind">{move || follow_up_label(i18n, k)}</span> })}
                        </p>
                        {event.next_check_on.map(|day| view! {
                            <p class="next-check">{move || format!("{} {}", t_string!(i18n, watch.next_check), format::short_date(day, i18n.get_locale()))}</p>
                        })}
                        <p class="muted">{move || format!("{} · {}", format::date_time(event.at, i18n.get_locale()), event.actor_name)}</p>
                        {(!event.items.is_empty()).then(|| view! {
                            <ul class="missing">{event.items.iter().map(|item| view! { <li>{item.clone()}</li> }).collect_view()}</ul>
                        })}
                        {event.message.clone().map(|message| view! { <p class="wrap">{message}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The helpdesk's review: return with what is missing, or reject with a reason.
#[component]
fn Review(request: InstallRequest, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let id = request.id;
    let missing = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let send_back = Submit::new(
        move |body: ReturnInstallRequest| async move { api::intake::return_request(session, id, &body).await },
        move |_| reload.run(()),
    );
    let reject = Submit::new(
        move |body: RejectInstallRequest| async move { api::intake::reject(session, id, &body).await },
        move |_| reload.run(()),
    );
    let accept = Submit::new(move |()| async move { api::intake::accept(session, id).await }, move |_| reload.run(()));
    let on_accept = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        accept.run(());
    };
    let on_return = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let points: Vec<String> =
            missing.get_untracked().lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        let text = message.get_untracked();
        send_back.run(ReturnInstallRequest { missing: points, message: Some(text).filter(|t| !t.trim().is_empty()) });
    };
    let on_reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reject.run(RejectInstallRequest { reason: reason.get_untracked() });
    };
    view! {
        <section class="card review">
            <h2>{tr!(intake.review)}</h2>
            <form on:submit=on_accept novalidate class="accept-form">
                <p class="hint">{tr!(intake.accept_hint)}</p>
                <FormMessage error=form_error(accept.error) />
                <SubmitButton label=tr!(intake.accept_action) busy_label=tr!(intake.submitting) busy=accept.busy() />
            </form>
            <form on:submit=on_return novalidate class="return-form">
                <FormMessage error=form_error(send_back.error) />
                <TextAreaField id="missing" label=tr!(intake.missing) hint=tr!(intake.missing_hint) value=missing rows=3
                    required=true error=field_error(send_back.error, "missing") />
                <TextAreaField id="return-message" label=tr!(intake.return_message) value=message rows=2
                    error=field_error(send_back.error, "message") />
                <SubmitButton label=tr!(intake.return_action) busy_label=tr!(intake.submitting) busy=send_back.busy() />
            </form>
            <form on:submit=on_reject novalidate class="reject-form">
                <FormMessage error=form_error(reject.error) />
                <TextAreaField id="reject-reason" label=tr!(intake.reject_reason) value=reason rows=2 required=true
                    error=field_error(reject.error, "reason") />
                <SubmitButton label=tr!(intake.reject_action) busy_label=tr!(intake.submitting) busy=reject.busy() />
            </form>
        </section>
    }
}
