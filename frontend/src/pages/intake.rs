//! Partner intake: the install requests a partner filed (and its button to file one),
//! or, for the helpdesk, the review queue — by step, oldest first, with possible
//! duplicates marked.

use futures::FutureExt;
use leptos::prelude::*;
use leptos_router::components::A;
use loket_api_types::install_requests::{InstallRequest, InstallStep};

use crate::api;
use crate::components::paged::{Paged, PagedList};
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::pages::tickets::{is_helpdesk, wire};
use crate::session::use_session;

pub fn step_label(i18n: I18nContext<Locale>, step: InstallStep) -> String {
    match step {
        InstallStep::Submitted => t_string!(i18n, intake.step_submitted),
        InstallStep::Returned => t_string!(i18n, intake.step_returned),
        InstallStep::Rejected => t_string!(i18n, intake.step_rejected),
        InstallStep::Questionnaire => t_string!(i18n, intake.step_questionnaire),
        InstallStep::Contracts => t_string!(i18n, intake.step_contracts),
        InstallStep::Instructions => t_string!(i18n, intake.step_instructions),
        InstallStep::Installing => t_string!(i18n, intake.step_installing),
        InstallStep::Completed => t_string!(i18n, intake.step_completed),
    }
    .to_string()
}

#[component]
pub fn StepBadge(step: InstallStep) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=format!("status step-{}", wire(&step))>{move || step_label(i18n, step)}</span> }
}

/// The tabs: every request, then the steps a request waits in.
const TABS: [Option<InstallStep>; 4] =
    [Some(InstallStep::Submitted), Some(InstallStep::Returned), Some(InstallStep::Rejected), None];

#[component]
pub fn InstallRequests() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let helpdesk = is_helpdesk(session.role());
    let step = RwSignal::new(if helpdesk { Some(InstallStep::Submitted) } else { None });
    let paged = Paged::new(move |cursor| {
        let sort = helpdesk.then(|| "created_at".to_owned());
        let query = api::query(&[("step", step.get().map(|s| wire(&s))), ("sort", sort), ("cursor", cursor)]);
        async move { api::intake::list(session, &query).await }.boxed_local()
    });
    let tab_label = move |tab: Option<InstallStep>| match tab {
        Some(step) => step_label(i18n, step),
        None => t_string!(i18n, intake.all).to_string(),
    };
    view! {
        <div class="page-header">
            <PageTitle text=if helpdesk { tr!(intake.queue_title) } else { tr!(intake.title) } />
            {(!helpdesk).then(|| view! { <A href="/intake/new" attr:class="button">{tr!(intake.new)}</A> })}
            {helpdesk.then(|| view! {
                <div class="actions">
                    <A href="/intake/stalled" attr:class="button secondary stalled-link">{tr!(watch.title)}</A>
                    <A href="/intake/funnel" attr:class="button secondary funnel-link">{tr!(funnel.title)}</A>
                </div>
            })}
        </div>
        <p class="lead">{if helpdesk { tr!(intake.queue_intro) } else { tr!(intake.intro) }}</p>
        <div class="tabs" role="tablist">
            {TABS.into_iter().map(|tab| view! {
                <button type="button" role="tab" class="tab" data-step=tab.map(|s| wire(&s)).unwrap_or_else(|| "all".to_owned())
                    aria-selected=move || (step.get() == tab).to_string()
                    on:click=move |_| step.set(tab)>
                    {move || tab_label(tab)}
                </button>
            }).collect_view()}
        </div>
        <PagedList pager=paged.pager() empty=tr!(intake.empty)>
            <table class="list install-requests">
                <thead><tr>
                    <th scope="col">{tr!(intake.number)}</th>
                    <th scope="col">{tr!(intake.company)}</th>
                    {helpdesk.then(|| view! { <th scope="col">{tr!(intake.partner)}</th> })}
                    <th scope="col">{tr!(intake.step)}</th>
                    <th scope="col">{tr!(intake.submitted_at)}</th>
                </tr></thead>
                <tbody>
                    <For each=move || paged.rows() key=|r: &InstallRequest| (r.id, r.version) let:request>
                        <RequestRow request=request helpdesk=helpdesk />
                    </For>
                </tbody>
            </table>
        </PagedList>
    }
}

#[component]
fn RequestRow(request: InstallRequest, helpdesk: bool) -> impl IntoView {
    let i18n = use_i18n();
    let InstallRequest { id, number, step, partner_name, data, possible_duplicate, submitted_at, .. } = request;
    let attribute = number.clone();
    view! {
        <tr data-number=attribute>
            <td><A href=format!("/intake/{id}")>{number.clone()}</A></td>
            <td>
                {data.company.name}
                {(possible_duplicate == Some(true)).then(|| view! {
                    " " <span class="badge warning duplicate">{tr!(intake.possible_duplicate)}</span>
                })}
            </td>
            {helpdesk.then(|| view! { <td>{partner_name}</td> })}
            <td><StepBadge step=step /></td>
            <td>{move || format::date_time(submitted_at, i18n.get_locale())}</td>
        </tr>
    }
}
