//! The helpdesk's watch on installations under way (seed 000 steps 6–7): the stalled
//! cases, longest waiting first, with the last sign of life and upload error; and the
//! follow-up form on a case (phone call, remote session or note, with the day to look
//! again).

use leptos::prelude::*;
use leptos_router::components::A;
use loket_api_types::monitoring::{CreateFollowUp, FollowUpKind, StalledCase, StalledCases};
use uuid::Uuid;

use crate::api;
use crate::components::form::{
    FormMessage, SelectField, SubmitButton, TextAreaField, TextField, field_error, form_error,
};
use crate::components::load::{Loaded, Submit, load};
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::pages::intake::StepBadge;
use crate::pages::tickets::wire;
use crate::session::use_session;

pub fn follow_up_label(i18n: I18nContext<Locale>, kind: FollowUpKind) -> String {
    match kind {
        FollowUpKind::PhoneCall => t_string!(i18n, watch.phone_call),
        FollowUpKind::RemoteSession => t_string!(i18n, watch.remote_session),
        FollowUpKind::Note => t_string!(i18n, watch.note),
    }
    .to_string()
}

const KINDS: [FollowUpKind; 3] = [FollowUpKind::PhoneCall, FollowUpKind::RemoteSession, FollowUpKind::Note];

#[component]
pub fn StalledInstallations() -> impl IntoView {
    let session = use_session();
    let stalled = load(move || async move { api::intake::stalled(session).await });
    view! {
        <div class="page-header">
            <PageTitle text=tr!(watch.title) />
            <A href="/intake" attr:class="button secondary">{tr!(watch.back_to_queue)}</A>
        </div>
        <Loaded resource=stalled let:list>
            <StalledList list=list />
        </Loaded>
    }
}

#[component]
fn StalledList(list: StalledCases) -> impl IntoView {
    let i18n = use_i18n();
    let days = list.stall_after_days;
    let intro = view! { <p class="lead">{move || t_string!(i18n, watch.intro, days = days).to_string()}</p> };
    if list.items.is_empty() {
        return view! { {intro} <p class="empty muted">{tr!(watch.empty)}</p> }.into_any();
    }
    view! {
        {intro}
        <table class="list stalled-cases">
            <thead><tr>
                <th scope="col">{tr!(intake.number)}</th>
                <th scope="col">{tr!(intake.company)}</th>
                <th scope="col">{tr!(watch.waiting)}</th>
                <th scope="col">{tr!(install.last_heartbeat)}</th>
                <th scope="col">{tr!(install.last_upload)}</th>
                <th scope="col">{tr!(watch.last_follow_up)}</th>
                <th scope="col">{tr!(intake.technical_contact)}</th>
            </tr></thead>
            <tbody>
                {list.items.into_iter().map(|case| view! { <StalledRow case=case /> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn StalledRow(case: StalledCase) -> impl IntoView {
    let i18n = use_i18n();
    let moment = move |at| format::maybe_date_time(at, i18n.get_locale());
    let heartbeat = case.last_heartbeat_at;
    let upload = case.last_upload.clone();
    let follow_up = case.last_follow_up.clone();
    let waiting = case.business_days_waiting;
    let (number, link_text) = (case.number.clone(), case.number.clone());
    let failed = if upload.as_ref().is_some_and(|u| !u.succeeded) { "upload-failed" } else { "" };
    view! {
        <tr data-number=number>
            <td><A href=format!("/intake/{}", case.request_id)>{link_text}</A></td>
            <td>{case.company_name.clone()} <br /> <span class="muted">{case.partner_name.clone()}</span> " " <StepBadge step=case.step /></td>
            <td class="waiting">{move || t_string!(i18n, watch.business_days, days = waiting).to_string()}</td>
            <td>{move || moment(heartbeat)}</td>
            <td class=failed>
                {match upload {
                    Some(upload) => {
                        let at = upload.at;
                        view! {
                            {move || format::date_time(at, i18n.get_locale())}
                            {upload.error.map(|error| view! { <br /> <span class="upload-error wrap">{error}</span> })}
                        }.into_any()
                    }
                    None => view! { <span class="muted">{tr!(watch.no_upload)}</span> }.into_any(),
                }}
            </td>
            <td>
                {follow_up.map(|event| {
                    let kind = event.follow_up;
                    let at = event.at;
                    view! {
                        {move || kind.map(|k| follow_up_label(i18n, k)).unwrap_or_default()}
                        " · " {move || format::date_time(at, i18n.get_locale())}
                    }
                })}
            </td>
            <td>{case.technical_name.clone()} <br /> <span class="muted">{format!("{} · {}", case.technical_phone, case.technical_email)}</span></td>
        </tr>
    }
}

/// The helpdesk logs how it followed up, and may choose the day to look again.
#[component]
pub fn FollowUpForm(id: Uuid, logged: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let kind = RwSignal::new(wire(&FollowUpKind::PhoneCall));
    let note = RwSignal::new(String::new());
    let next_check = RwSignal::new(String::new());
    let save = Submit::new(
        move |body: CreateFollowUp| async move { api::intake::follow_up(session, id, &body).await },
        move |_| {
            note.set(String::new());
            next_check.set(String::new());
            logged.run(());
        },
    );
    let options = Signal::derive(move || KINDS.iter().map(|k| (wire(k), follow_up_label(i18n, *k))).collect());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = KINDS.iter().copied().find(|k| wire(k) == kind.get_untracked()).unwrap_or(FollowUpKind::Note);
        let next_check_on = next_check.get_untracked().parse().ok();
        save.run(CreateFollowUp { kind: chosen, note: note.get_untracked(), next_check_on });
    };
    view! {
        <section class="card follow-up">
            <h2>{tr!(watch.follow_up)}</h2>
            <p class="hint">{tr!(watch.follow_up_hint)}</p>
            <form on:submit=submit novalidate class="follow-up-form">
                <FormMessage error=form_error(save.error) />
                <SelectField id="follow-up-kind" label=tr!(watch.kind) value=kind options=options required=true
                    error=field_error(save.error, "kind") />
                <TextAreaField id="follow-up-note" label=tr!(watch.note_text) value=note rows=3 required=true
                    error=field_error(save.error, "note") />
                <TextField id="next-check" label=tr!(watch.next_check) value=next_check kind="date"
                    hint=tr!(watch.next_check_hint) error=field_error(save.error, "next_check_on") />
                <SubmitButton label=tr!(watch.log) busy_label=tr!(intake.submitting) busy=save.busy() />
            </form>
        </section>
    }
}
