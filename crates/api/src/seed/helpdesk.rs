//! The demo helpdesk's calendar: closed on the bridge day after Ascension Day (the
//! Friday many Dutch offices take off) this year and next, so the settings screen shows
//! decisions beside the computed holidays. Made once: when any date is decided, nothing
//! is added.

use chrono::{Datelike, Duration, Utc};
use loket_domain::support::holidays::easter_sunday;
use sea_orm::DatabaseConnection;

use crate::db;
use crate::services::audit::{self, Author};
use crate::services::support_settings::{self, TIME_ZONE};

const BRIDGE_DAY: &str = "Brugdag na Hemelvaart";

/// Decides the demo dates; returns how many.
pub async fn seed_closing_days(db: &DatabaseConnection, author: &Author) -> anyhow::Result<usize> {
    if !db::support_settings::closing_days(db).await?.is_empty() {
        return Ok(0);
    }
    let year = Utc::now().with_timezone(&TIME_ZONE).year();
    let mut decided = 0;
    for easter in [year, year + 1].into_iter().filter_map(easter_sunday) {
        let day = easter + Duration::days(40);
        db::support_settings::set_closing_day(db, day, true, BRIDGE_DAY, Utc::now()).await?;
        audit::record(db, author, support_settings::decided(day, true, BRIDGE_DAY)).await?;
        decided += 1;
    }
    Ok(decided)
}
