//! The vendor administrator sets the helpdesk's hours, targets and closing days in the
//! browser: a change is saved under If-Match and read back, overlapping hours are refused
//! next to the table, and a public holiday is closed and handed back to the computed
//! calendar.

use chrono::{Datelike, Duration, Utc};
use loket_domain::support::holidays::easter_sunday;

use crate::demo::{DEMO_PASSWORD, DemoWorld as _};
use crate::harness::run;
use crate::helpers::Backend;
use crate::on_both_databases;

on_both_databases!(the_administrator_sets_the_helpdesks_hours_and_closing_days);

async fn the_administrator_sets_the_helpdesks_hours_and_closing_days(backend: Backend) {
    run("helpdesk-settings", backend, "en-GB", |app, browser| async move {
        let admin = app.seed_demo().await;
        browser.sign_in("beheer@loket.example", DEMO_PASSWORD).await;
        browser.click(".language-switch button[lang=en]").await;
        browser.click("nav.sidebar a[href='/helpdesk/settings']").await;
        browser.wait_path("/helpdesk/settings").await;
        browser.wait_text("h1", "Helpdesk settings").await;
        let rows = browser.client.find_all(fantoccini::Locator::Css("tr.span-row")).await.unwrap();
        assert_eq!(rows.len(), 5, "Monday to Friday");

        // Friday closes at four; a high-priority ticket gets its first answer in 2 hours.
        browser.fill("tr.span-row:nth-child(5) td:nth-child(3) input", "16:00").await;
        browser.fill("tr[data-priority=high] input.first-response", "2").await;
        browser.click("form.support-settings button[type=submit]").await;
        browser.wait_text("form.support-settings .alert-success", "Saved").await;
        let settings = app.get("/api/v1/support-settings", &admin).await;
        assert_eq!(settings.body["version"], 1, "{}", settings.text);
        assert_eq!(settings.body["opening_hours"][4]["closes"], "16:00");
        assert_eq!(settings.body["targets"]["high"]["first_response_minutes"], 120);

        // Another span on Monday that overlaps the first is refused, and nothing is saved.
        browser.find("form.support-settings .alert-success").await;
        browser.click("form.support-settings button.add-span").await;
        browser.click("form.support-settings button[type=submit]").await;
        browser.wait_text("form.support-settings .alert-error", "highlighted").await;
        browser.wait_text("form.support-settings .opening-hours-error", "overlap").await;
        assert_eq!(app.get("/api/v1/support-settings", &admin).await.body["version"], 1);

        // Next year's Good Friday: open by default, closed by a click, then handed back.
        let year = Utc::now().year() + 1;
        let good_friday = easter_sunday(year).unwrap() - Duration::days(2);
        browser.click(".support-calendar button.next-year").await;
        browser.wait_text(".support-calendar .year", &year.to_string()).await;
        let row = format!("tr.calendar-day[data-date='{good_friday}']");
        browser.wait_text(&row, "Good Friday").await;
        browser.find(&format!("{row}[data-closed=false]")).await;
        browser.click(&format!("{row} button.toggle")).await;
        browser.find(&format!("{row}[data-closed=true]")).await;
        browser.wait_text(&row, "decided").await;
        browser.click(&format!("{row} button.forget")).await;
        browser.find(&format!("{row}[data-closed=false]")).await;
        let calendar = app.get(&format!("/api/v1/support-calendar?year={year}"), &admin).await;
        let days = calendar.body["days"].as_array().unwrap();
        let friday = days.iter().find(|d| d["date"] == good_friday.to_string()).unwrap();
        assert_eq!((friday["closed"].as_bool(), friday["overridden"].as_bool()), (Some(false), Some(false)));
        // The demo's own decision, the bridge day after Ascension Day, is listed beside it.
        assert!(days.iter().any(|d| d["overridden"] == true && d["closed"] == true), "{}", calendar.text);
    })
    .await;
}
