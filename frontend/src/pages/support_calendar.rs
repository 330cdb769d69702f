//! The calendar of closing days, year by year: the Dutch public holidays as computed
//! (Good Friday and, outside lustrum years, Liberation Day open; the others closed) and
//! the administrator's decisions over them. A holiday can be opened or closed, another
//! day closed with a name, and any decision forgotten again.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use loket_api_types::support_settings::{CalendarDay, SetCalendarDay, SupportCalendar};

use crate::api;
use crate::components::form::{FormMessage, TextField, field_error, form_error};
use crate::components::load::{Load, Loaded, Submit, load};
use crate::format;
use crate::i18n::*;
use crate::session::use_session;

#[component]
pub fn Calendar() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // The browser's clock (chrono has none on wasm32-unknown-unknown).
    let year = RwSignal::new(js_sys::Date::new_0().get_full_year() as i32);
    let calendar: Load<SupportCalendar> =
        load(move || async move { api::support::get_calendar(session, year.get()).await });
    let reload = Callback::new(move |()| calendar.refetch());
    let set = Submit::new(
        move |(day, body): (NaiveDate, SetCalendarDay)| async move { api::support::set_day(session, day, &body).await },
        move |_: SupportCalendar| reload.run(()),
    );
    let forget = Submit::new(
        move |day: NaiveDate| async move { api::support::remove_day(session, day).await },
        move |()| reload.run(()),
    );
    let error = Signal::derive(move || set.error.get().or_else(|| forget.error.get()));
    let new_day = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(day) = NaiveDate::parse_from_str(new_day.get_untracked().trim(), "%Y-%m-%d") else {
            return;
        };
        year.set(day.year());
        set.run((day, SetCalendarDay { closed: true, name: new_name.get_untracked() }));
        new_name.set(String::new());
    };
    let row = move |day: CalendarDay| {
        let date = day.date;
        // A holiday keeps its own name; another day keeps the name it was given.
        let name = if day.public_holiday { String::new() } else { day.name.clone() };
        let toggle = move |_| set.run((date, SetCalendarDay { closed: !day.closed, name: name.clone() }));
        view! {
            <tr class="calendar-day" data-date=date.to_string() data-closed=day.closed.to_string()>
                <td>{move || format::weekday_date(date, i18n.get_locale())}</td>
                <td>{day.name.clone()}
                    {day.overridden.then(|| view! { " " <span class="badge">{tr!(support.decided)}</span> })}
                </td>
                <td>{move || if day.closed { t_string!(i18n, support.closed) } else { t_string!(i18n, support.open) }}</td>
                <td class="actions">
                    <button type="button" class="button secondary toggle" on:click=toggle>
                        {move || if day.closed { t_string!(i18n, support.open_this_day) } else { t_string!(i18n, support.close_this_day) }}
                    </button>
                    {day.overridden.then(|| view! {
                        <button type="button" class="button link forget" on:click=move |_| forget.run(date)>{tr!(support.forget)}</button>
                    })}
                </td>
            </tr>
        }
    };
    view! {
        <section class="card support-calendar">
            <h2>{tr!(support.calendar)}</h2>
            <p class="hint">{tr!(support.calendar_hint)}</p>
            <div class="year-switch">
                <button type="button" class="button secondary previous-year" aria-label=move || t_string!(i18n, support.previous_year).to_string() on:click=move |_| year.update(|y| *y -= 1)>"‹"</button>
                <strong class="year">{move || year.get()}</strong>
                <button type="button" class="button secondary next-year" aria-label=move || t_string!(i18n, support.next_year).to_string() on:click=move |_| year.update(|y| *y += 1)>"›"</button>
            </div>
            <FormMessage error=form_error(error) />
            <Loaded resource=calendar let:calendar>
                <table class="table calendar">
                    <thead><tr><th>{tr!(support.date)}</th><th>{tr!(support.day_name)}</th><th>{tr!(support.helpdesk)}</th><th></th></tr></thead>
                    <tbody>{calendar.days.into_iter().map(row).collect_view()}</tbody>
                </table>
            </Loaded>
            <form class="inline-form add-closing-day" on:submit=add novalidate>
                <TextField id="closing-day" label=tr!(support.date) value=new_day kind="date" required=true />
                <TextField id="closing-day-name" label=tr!(support.day_name) value=new_name error=field_error(set.error, "name") />
                <button type="submit" class="button primary">{tr!(support.close_on_day)}</button>
            </form>
        </section>
    }
}
