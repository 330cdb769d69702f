//! The helpdesk dashboard: key figures and three charts drawn as SVG (open backlog by
//! age, SLA met and breached per week, open tickets per type). Each chart has a text
//! alternative: its figures as a table for screen readers.

use leptos::prelude::*;
use loket_api_types::ticket_dashboard::{AgeBucket, HelpdeskDashboard};

use crate::api;
use crate::components::labels;
use crate::components::load::{Load, Loaded, load};
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::session::use_session;

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 180.0;
const BOTTOM: f64 = 28.0;

/// One bar of a chart: its label, and its segments (value, CSS class).
#[derive(Clone)]
struct Bar {
    label: String,
    segments: Vec<(u32, &'static str)>,
}

/// A bar chart as SVG, scaled to the largest total, with the values on the bars.
#[component]
fn BarChart(#[prop(into)] id: String, #[prop(into)] title: Signal<String>, bars: Vec<Bar>) -> impl IntoView {
    let max = bars.iter().map(|b| b.segments.iter().map(|s| s.0).sum::<u32>()).max().unwrap_or(0).max(1);
    let slot = WIDTH / bars.len().max(1) as f64;
    let scale = (HEIGHT - BOTTOM - 14.0) / f64::from(max);
    let shapes = bars
        .iter()
        .enumerate()
        .map(|(index, bar)| {
            let x = index as f64 * slot + slot * 0.2;
            let width = slot * 0.6;
            let mut top = HEIGHT - BOTTOM;
            let rects = bar
                .segments
                .iter()
                .filter(|(value, _)| *value > 0)
                .map(|&(value, class)| {
                    let height = f64::from(value) * scale;
                    top -= height;
                    view! { <rect class=class x=x y=top width=width height=height><title>{value}</title></rect> }
                })
                .collect_view();
            let total: u32 = bar.segments.iter().map(|s| s.0).sum();
            let label_y = HEIGHT - BOTTOM + 16.0;
            view! {
                <g class="bar">
                    {rects}
                    <text class="value" x=x + width / 2.0 y=top - 4.0 text-anchor="middle">{total}</text>
                    <text class="label" x=x + width / 2.0 y=label_y text-anchor="middle">{bar.label.clone()}</text>
                </g>
            }
        })
        .collect_view();
    let rows = bars
        .into_iter()
        .map(|bar| {
            let values = bar.segments.iter().map(|s| s.0.to_string()).collect::<Vec<_>>().join(" / ");
            view! { <tr><th scope="row">{bar.label}</th><td>{values}</td></tr> }
        })
        .collect_view();
    let heading = format!("{id}-title");
    view! {
        <figure class="chart" id=id.clone()>
            <figcaption id=heading.clone()>{move || title.get()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-labelledby=heading.clone()>
                <line class="axis" x1="0" x2=WIDTH y1=HEIGHT - BOTTOM y2=HEIGHT - BOTTOM />
                {shapes}
            </svg>
            <table class="visually-hidden">
                <caption>{move || title.get()}</caption>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
}

fn age_label(i18n: I18nContext<Locale>, bucket: AgeBucket) -> String {
    match bucket {
        AgeBucket::UnderOneDay => t_string!(i18n, dashboard.age_under_1_day),
        AgeBucket::OneToThreeDays => t_string!(i18n, dashboard.age_1_to_3_days),
        AgeBucket::ThreeToSevenDays => t_string!(i18n, dashboard.age_3_to_7_days),
        AgeBucket::OneToFourWeeks => t_string!(i18n, dashboard.age_1_to_4_weeks),
        AgeBucket::OverFourWeeks => t_string!(i18n, dashboard.age_over_4_weeks),
    }
    .to_string()
}

#[component]
fn Charts(figures: HelpdeskDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let ages: Vec<Bar> = figures
        .backlog_by_age
        .iter()
        .map(|a| Bar { label: age_label(i18n, a.bucket), segments: vec![(a.count, "bar-open")] })
        .collect();
    let weeks: Vec<Bar> = figures
        .sla_by_week
        .iter()
        .map(|w| Bar {
            label: format::short_date(w.week_start, locale),
            segments: vec![(w.met, "bar-met"), (w.breached, "bar-breached")],
        })
        .collect();
    let types: Vec<Bar> = figures
        .by_type
        .iter()
        .map(|t| Bar { label: labels::ticket_type(i18n, t.ticket_type), segments: vec![(t.count, "bar-open")] })
        .collect();
    view! {
        <dl class="figures">
            <div><dt>{tr!(dashboard.open)}</dt><dd id="figure-open">{figures.open}</dd></div>
            <div><dt>{tr!(dashboard.unassigned)}</dt><dd>{figures.unassigned}</dd></div>
            <div><dt>{tr!(dashboard.breached)}</dt><dd>{figures.breached}</dd></div>
        </dl>
        <div class="charts">
            <BarChart id="chart-age" title=tr!(dashboard.chart_age) bars=ages />
            <BarChart id="chart-sla" title=tr!(dashboard.chart_sla) bars=weeks />
            <BarChart id="chart-type" title=tr!(dashboard.chart_type) bars=types />
        </div>
        <p class="legend"><span class="swatch bar-met"></span>{tr!(dashboard.met)}" "<span class="swatch bar-breached"></span>{tr!(dashboard.breached_legend)}</p>
    }
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let session = use_session();
    let figures: Load<HelpdeskDashboard> = load(move || api::helpdesk_dashboard(session));
    view! {
        <div class="page-header">
            <PageTitle text=tr!(dashboard.title) />
        </div>
        <section class="card">
            <Loaded resource=figures let:figures>
                <Charts figures=figures />
            </Loaded>
        </section>
    }
}
