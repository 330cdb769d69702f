//! The vendor administrator's settings of the helpdesk: opening hours (any number of
//! spans per weekday), SLA targets per priority in hours of opening time, and how long
//! a customer may ask to reopen; saved as a whole with `If-Match`. The calendar of
//! closing days is below it (`support_calendar`).

use leptos::prelude::*;
use loket_api_types::ErrorCode;
use loket_api_types::support_settings::{
    DayOfWeek, OpeningSpan, PriorityTargets, SlaTargetSet, SupportSettings, UpdateSupportSettings,
};
use loket_api_types::tickets::Priority;

use crate::api;
use crate::components::form::{FormMessage, SubmitButton, TextField, field_error, form_error};
use crate::components::labels;
use crate::components::load::{Load, Loaded, Submit, load};
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::pages::support_calendar::Calendar;
use crate::session::use_session;

fn day_label(i18n: I18nContext<Locale>, day: DayOfWeek) -> String {
    match day {
        DayOfWeek::Mon => t_string!(i18n, support.mon),
        DayOfWeek::Tue => t_string!(i18n, support.tue),
        DayOfWeek::Wed => t_string!(i18n, support.wed),
        DayOfWeek::Thu => t_string!(i18n, support.thu),
        DayOfWeek::Fri => t_string!(i18n, support.fri),
        DayOfWeek::Sat => t_string!(i18n, support.sat),
        DayOfWeek::Sun => t_string!(i18n, support.sun),
    }
    .to_string()
}

/// Minutes as hours for the form: `510` → `8.5`.
fn hours(minutes: u32) -> String {
    let text = format!("{:.2}", f64::from(minutes) / 60.0);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Hours typed in the form (a comma or a point) as minutes; 0 for nonsense, which the
/// server refuses with its own message.
fn minutes(hours: &str) -> u32 {
    let value: f64 = hours.trim().replace(',', ".").parse().unwrap_or(0.0);
    if value.is_finite() && value > 0.0 { (value * 60.0).round().min(f64::from(u32::MAX)) as u32 } else { 0 }
}

#[derive(Clone, Copy)]
struct SpanRow {
    key: usize,
    weekday: RwSignal<String>,
    opens: RwSignal<String>,
    closes: RwSignal<String>,
}

fn span_row(key: usize, span: &OpeningSpan) -> SpanRow {
    SpanRow {
        key,
        weekday: RwSignal::new(span.weekday.as_str().to_owned()),
        opens: RwSignal::new(span.opens.clone()),
        closes: RwSignal::new(span.closes.clone()),
    }
}

#[component]
pub fn SupportSettingsPage() -> impl IntoView {
    let session = use_session();
    let settings: Load<SupportSettings> = load(move || async move { api::support::get_settings(session).await });
    // Outlives the form, which is drawn anew from the settings read back after saving.
    let saved = RwSignal::new(None::<String>);
    view! {
        <div class="page-header"><PageTitle text=tr!(support.title) /></div>
        <p class="lead">{tr!(support.intro)}</p>
        <Loaded resource=settings let:current>
            <SettingsForm current=current saved=saved reload=Callback::new(move |()| settings.refetch()) />
        </Loaded>
        <Calendar />
    }
}

#[component]
fn SettingsForm(current: SupportSettings, saved: RwSignal<Option<String>>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let version = current.version;
    let next_key = StoredValue::new(current.opening_hours.len());
    let spans =
        RwSignal::new(current.opening_hours.iter().enumerate().map(|(k, s)| span_row(k, s)).collect::<Vec<_>>());
    let targets = Priority::ALL
        .iter()
        .map(|p| {
            let t = match p {
                Priority::Low => current.targets.low,
                Priority::Normal => current.targets.normal,
                Priority::High => current.targets.high,
                Priority::Urgent => current.targets.urgent,
            };
            (*p, RwSignal::new(hours(t.first_response_minutes)), RwSignal::new(hours(t.resolution_minutes)))
        })
        .collect::<Vec<_>>();
    let reopen = RwSignal::new(current.reopen_days.to_string());
    let stall = RwSignal::new(current.stall_after_days.to_string());
    let save = Submit::new(
        move |body: UpdateSupportSettings| async move { api::support::update_settings(session, version, &body).await },
        move |_: SupportSettings| {
            saved.set(Some(t_string!(i18n, support.saved).to_string()));
            reload.run(());
        },
    );
    let error = save.error;
    let conflict = move || error.get().is_some_and(|e| e.code() == Some(ErrorCode::PreconditionFailed));
    let message = Signal::derive(move || {
        if conflict() { Some(t_string!(i18n, support.conflict).to_string()) } else { form_error(error).get() }
    });
    let add_span = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        let span = OpeningSpan { weekday: DayOfWeek::Mon, opens: "08:30".into(), closes: "17:00".into() };
        spans.update(|rows| rows.push(span_row(key, &span)));
    };
    let target_rows = targets.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        let opening_hours = spans
            .get_untracked()
            .iter()
            .map(|row| OpeningSpan {
                weekday: DayOfWeek::parse(&row.weekday.get_untracked()).unwrap_or(DayOfWeek::Mon),
                opens: row.opens.get_untracked().trim().to_owned(),
                closes: row.closes.get_untracked().trim().to_owned(),
            })
            .collect();
        // `targets` is in the order of `Priority::ALL`: low, normal, high, urgent.
        let of = |index: usize| {
            targets.get(index).map_or(
                PriorityTargets { first_response_minutes: 0, resolution_minutes: 0 },
                |(_, first, resolution)| PriorityTargets {
                    first_response_minutes: minutes(&first.get_untracked()),
                    resolution_minutes: minutes(&resolution.get_untracked()),
                },
            )
        };
        let targets = SlaTargetSet { low: of(0), normal: of(1), high: of(2), urgent: of(3) };
        let reopen_days = reopen.get_untracked().trim().parse().unwrap_or(u16::MAX);
        let stall_after_days = stall.get_untracked().trim().parse().unwrap_or(u16::MAX);
        save.run(UpdateSupportSettings { opening_hours, targets, reopen_days, stall_after_days });
    };
    let weekdays = move || DayOfWeek::ALL.iter().map(|d| (d.as_str(), day_label(i18n, *d))).collect::<Vec<_>>();
    view! {
        <form class="card support-settings" on:submit=submit novalidate>
            <FormMessage error=message success=saved />
            <Show when=conflict>
                <button type="button" class="button secondary" on:click=move |_| reload.run(())>{tr!(tickets.reload)}</button>
            </Show>
            <h2>{tr!(support.hours)}</h2>
            <p class="hint">{move || format!("{} {}", t_string!(i18n, support.hours_hint), current.time_zone)}</p>
            <table class="table opening-hours">
                <thead><tr><th>{tr!(support.weekday)}</th><th>{tr!(support.opens)}</th><th>{tr!(support.closes)}</th><th></th></tr></thead>
                <tbody>
                    <For each=move || spans.get() key=|row| row.key let:row>
                        <tr class="span-row">
                            <td><select aria-label=move || t_string!(i18n, support.weekday).to_string()
                                on:change:target=move |ev| row.weekday.set(ev.target().value())
                                prop:value=move || row.weekday.get()>
                                {weekdays().into_iter().map(|(value, text)| {
                                    let selected = value == row.weekday.get_untracked();
                                    view! { <option value=value selected=selected>{text}</option> }
                                }).collect_view()}
                            </select></td>
                            <td><input class="time" aria-label=move || t_string!(i18n, support.opens).to_string() placeholder="08:30" bind:value=row.opens /></td>
                            <td><input class="time" aria-label=move || t_string!(i18n, support.closes).to_string() placeholder="17:00" bind:value=row.closes /></td>
                            <td><button type="button" class="button link" on:click=move |_| spans.update(|rows| rows.retain(|r| r.key != row.key))>
                                {tr!(support.remove_span)}
                            </button></td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <p class="error opening-hours-error" role="alert">{move || field_error(error, "opening_hours").get().unwrap_or_default()}</p>
            <button type="button" class="button secondary add-span" on:click=add_span>{tr!(support.add_span)}</button>
            <h2>{tr!(support.targets)}</h2>
            <p class="hint">{tr!(support.targets_hint)}</p>
            <table class="table sla-targets">
                <thead><tr><th>{tr!(tickets.priority)}</th><th>{tr!(support.first_response)}</th><th>{tr!(support.resolution)}</th></tr></thead>
                <tbody>
                    {target_rows.into_iter().map(|(priority, first, resolution)| view! {
                        <tr data-priority=priority.as_str()>
                            <th scope="row">{move || labels::priority(i18n, priority)}</th>
                            <td><input class="hours first-response" inputmode="decimal" aria-label=move || format!("{} · {}", labels::priority(i18n, priority), t_string!(i18n, support.first_response)) bind:value=first /></td>
                            <td><input class="hours resolution" inputmode="decimal" aria-label=move || format!("{} · {}", labels::priority(i18n, priority), t_string!(i18n, support.resolution)) bind:value=resolution /></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="error targets-error" role="alert">{move || field_error(error, "targets").get().unwrap_or_default()}</p>
            <TextField id="reopen-days" label=tr!(support.reopen_days) value=reopen kind="number" error=field_error(error, "reopen_days") />
            <TextField id="stall-after-days" label=tr!(support.stall_after_days) value=stall kind="number"
                hint=tr!(support.stall_after_days_hint) error=field_error(error, "stall_after_days") />
            <SubmitButton label=tr!(support.save) busy_label=tr!(saving) busy=save.busy() />
        </form>
    }
}
