//! The helpdesk's intake dashboard: the funnel of the last year's cases as SVG — per
//! step of the main path the cases that reached it (bar), the cases there now and the
//! median time a case stays — with returned and rejected cases beside it. The chart's
//! figures are also a table for screen readers.

use leptos::prelude::*;
use leptos_router::components::A;
use loket_api_types::install_requests::InstallStep;
use loket_api_types::monitoring::{FunnelStep, InstallFunnel};

use crate::api;
use crate::components::load::{Loaded, load};
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::pages::intake::step_label;
use crate::pages::tickets::wire;
use crate::session::use_session;

const WIDTH: f64 = 560.0;
const ROW: f64 = 34.0;
const LABEL: f64 = 130.0;
const FIGURES: f64 = 150.0;

/// The main path, in order; returned and rejected are side branches.
const PATH: [InstallStep; 6] = [
    InstallStep::Submitted,
    InstallStep::Questionnaire,
    InstallStep::Contracts,
    InstallStep::Instructions,
    InstallStep::Installing,
    InstallStep::Completed,
];

/// A stay as the helpdesk reads it: minutes, hours or days.
pub fn stay(i18n: I18nContext<Locale>, seconds: Option<i64>) -> String {
    match seconds {
        None => "—".to_owned(),
        Some(s) if s < 3600 => t_string!(i18n, funnel.minutes, n = (s / 60).max(1)).to_string(),
        Some(s) if s < 2 * 86_400 => t_string!(i18n, funnel.hours, n = s / 3600).to_string(),
        Some(s) => t_string!(i18n, funnel.days, n = s / 86_400).to_string(),
    }
}

#[component]
pub fn IntakeFunnel() -> impl IntoView {
    let session = use_session();
    let funnel = load(move || async move { api::intake::funnel(session).await });
    view! {
        <div class="page-header">
            <PageTitle text=tr!(funnel.title) />
            <A href="/intake" attr:class="button secondary">{tr!(watch.back_to_queue)}</A>
        </div>
        <Loaded resource=funnel let:funnel>
            <FunnelChart funnel=funnel />
        </Loaded>
    }
}

fn figures_of(funnel: &InstallFunnel, step: InstallStep) -> FunnelStep {
    funnel.steps.iter().find(|s| s.step == step).cloned().unwrap_or(FunnelStep {
        step,
        reached: 0,
        current: 0,
        stays: 0,
        median_stay_seconds: None,
    })
}

#[component]
fn FunnelChart(funnel: InstallFunnel) -> impl IntoView {
    let i18n = use_i18n();
    let cases = funnel.cases;
    let rows: Vec<FunnelStep> = PATH.iter().map(|step| figures_of(&funnel, *step)).collect();
    let side: Vec<FunnelStep> =
        [InstallStep::Returned, InstallStep::Rejected].iter().map(|step| figures_of(&funnel, *step)).collect();
    let max = rows.iter().map(|r| r.reached).max().unwrap_or(0).max(1) as f64;
    let span = WIDTH - LABEL - FIGURES;
    let height = ROW * rows.len() as f64 + 8.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let width = (row.reached as f64 / max * span).max(2.0);
            let x = LABEL + (span - width) / 2.0;
            let y = index as f64 * ROW + 4.0;
            let (step, reached, current, median) = (row.step, row.reached, row.current, row.median_stay_seconds);
            view! {
                <g class="funnel-step" data-step=wire(&step)>
                    <text class="label" x=LABEL - 8.0 y=y + ROW / 2.0 text-anchor="end" dominant-baseline="middle">
                        {move || step_label(i18n, step)}
                    </text>
                    <rect class="reached" x=x y=y width=width height=ROW - 8.0 rx="3">
                        <title>{reached}</title>
                    </rect>
                    <text class="value" x=LABEL + span / 2.0 y=y + ROW / 2.0 - 2.0 text-anchor="middle" dominant-baseline="middle">{reached}</text>
                    <text class="figures" x=WIDTH - FIGURES + 8.0 y=y + ROW / 2.0 - 2.0 dominant-baseline="middle">
                        {move || t_string!(i18n, funnel.now_and_median, now = current, median = stay(i18n, median)).to_string()}
                    </text>
                </g>
            }
        })
        .collect_view();
    let table_rows = rows
        .iter()
        .chain(side.iter())
        .map(|row| {
            let (step, reached, current, median, stays) =
                (row.step, row.reached, row.current, row.median_stay_seconds, row.stays);
            view! {
                <tr data-step=wire(&step)>
                    <th scope="row">{move || step_label(i18n, step)}</th>
                    <td class="reached">{reached}</td>
                    <td class="current">{current}</td>
                    <td class="median">{move || stay(i18n, median)}</td>
                    <td class="stays">{stays}</td>
                </tr>
            }
        })
        .collect_view();
    let side_figures = side
        .into_iter()
        .map(|row| {
            let (step, reached) = (row.step, row.reached);
            view! { <li data-step=wire(&step)>{move || step_label(i18n, step)} ": " <strong>{reached}</strong></li> }
        })
        .collect_view();
    view! {
        <p class="lead">{move || t_string!(i18n, funnel.intro, cases = cases, days = funnel.days).to_string()}</p>
        <figure class="chart funnel" id="intake-funnel">
            <figcaption id="intake-funnel-title">{tr!(funnel.chart)}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby="intake-funnel-title">{bars}</svg>
            <ul class="funnel-side">{side_figures}</ul>
        </figure>
        <table class="list funnel-figures">
            <caption>{tr!(funnel.table)}</caption>
            <thead><tr>
                <th scope="col">{tr!(intake.step)}</th>
                <th scope="col">{tr!(funnel.reached)}</th>
                <th scope="col">{tr!(funnel.current)}</th>
                <th scope="col">{tr!(funnel.median)}</th>
                <th scope="col">{tr!(funnel.stays)}</th>
            </tr></thead>
            <tbody>{table_rows}</tbody>
        </table>
    }
}
