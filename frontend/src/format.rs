//! Dates and numbers in the user's locale, in Europe/Amsterdam time, through the
//! browser's own `Intl` (no locale data in the WASM).

use chrono::{DateTime, Utc};
use js_sys::{Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::i18n::Locale;

fn tag(locale: Locale) -> &'static str {
    match locale {
        Locale::nl => "nl-NL",
        Locale::en => "en-GB",
    }
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

/// "22 nov 2026, 16:04" / "22 Nov 2026, 16:04".
pub fn date_time(moment: DateTime<Utc>, locale: Locale) -> String {
    let locales = js_sys::Array::of1(&JsValue::from_str(tag(locale)));
    let format = Intl::DateTimeFormat::new(
        &locales,
        &options(&[("timeZone", "Europe/Amsterdam"), ("dateStyle", "medium"), ("timeStyle", "short")]),
    );
    let date = Date::new(&JsValue::from_f64(moment.timestamp_millis() as f64));
    format.format().call1(&format, &date).ok().and_then(|v| v.as_string()).unwrap_or_else(|| moment.to_rfc3339())
}

/// [`date_time`], or "—" when there is no moment.
pub fn maybe_date_time(moment: Option<DateTime<Utc>>, locale: Locale) -> String {
    moment.map(|at| date_time(at, locale)).unwrap_or_else(|| "—".to_owned())
}

/// "22 nov 2026".
pub fn date(moment: DateTime<Utc>, locale: Locale) -> String {
    let locales = js_sys::Array::of1(&JsValue::from_str(tag(locale)));
    let format =
        Intl::DateTimeFormat::new(&locales, &options(&[("timeZone", "Europe/Amsterdam"), ("dateStyle", "medium")]));
    let date = Date::new(&JsValue::from_f64(moment.timestamp_millis() as f64));
    format.format().call1(&format, &date).ok().and_then(|v| v.as_string()).unwrap_or_else(|| moment.to_rfc3339())
}

/// A calendar day, short: "23 nov" / "23 Nov".
pub fn short_date(day: chrono::NaiveDate, locale: Locale) -> String {
    day_format(day, locale, &[("timeZone", "UTC"), ("day", "numeric"), ("month", "short")])
}

/// A calendar day with its weekday: "vr 26 mrt 2027" / "Fri, 26 Mar 2027".
pub fn weekday_date(day: chrono::NaiveDate, locale: Locale) -> String {
    let parts =
        [("timeZone", "UTC"), ("weekday", "short"), ("day", "numeric"), ("month", "short"), ("year", "numeric")];
    day_format(day, locale, &parts)
}

fn day_format(day: chrono::NaiveDate, locale: Locale, parts: &[(&str, &str)]) -> String {
    let locales = js_sys::Array::of1(&JsValue::from_str(tag(locale)));
    let format = Intl::DateTimeFormat::new(&locales, &options(parts));
    let noon = day.and_hms_opt(12, 0, 0).map(|t| t.and_utc().timestamp_millis()).unwrap_or_default();
    let date = Date::new(&JsValue::from_f64(noon as f64));
    format.format().call1(&format, &date).ok().and_then(|v| v.as_string()).unwrap_or_else(|| day.to_string())
}
