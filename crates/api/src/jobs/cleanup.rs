//! Deletes what has no further use: ended sessions (with their refresh tokens), expired
//! link tokens, one-time SMS codes, sign-in challenges and stale throttle counters a day
//! after they stopped mattering,
//! idempotency keys once they no longer answer, and delivered notifications and the
//! checked rows of committed client imports after thirty days.

use chrono::{Duration, Utc};
use sea_orm::{DatabaseConnection, DbErr};

use crate::db;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub tokens: u64,
    pub throttles: u64,
    /// One-time SMS codes and sign-in challenges.
    pub codes: u64,
    pub idempotency_keys: u64,
    pub sent_notifications: u64,
    /// The checked rows of client imports committed thirty days ago.
    pub import_rows: u64,
}

pub async fn run_once(db: &DatabaseConnection) -> Result<Purged, DbErr> {
    let before = Utc::now() - Duration::days(1);
    let purged = Purged {
        sessions: db::sessions::purge_ended(db, before).await?,
        tokens: db::tokens::purge_expired(db, before).await?,
        throttles: db::throttle::purge_stale(db, before).await?,
        codes: db::sms_codes::purge_old(db, before).await?
            + db::second_factor::delete_stale_challenges(db, before).await?,
        idempotency_keys: db::idempotency::purge_expired(
            db,
            Utc::now() - Duration::hours(crate::services::idempotency::RETENTION_HOURS),
        )
        .await?,
        sent_notifications: db::outbox::purge_sent(db, Utc::now() - Duration::days(30)).await?,
        import_rows: db::client_imports::purge_rows(db, Utc::now() - Duration::days(30)).await?,
    };
    if purged != Purged::default() {
        tracing::info!(?purged, "cleanup");
    }
    Ok(purged)
}
