//! The demo's product: Loket Collector with two releases (4.1.3 and the current 4.2.0),
//! each with a small stand-in installer in the file store, so that instructions can be
//! sent and their download link followed. Made once: when any product exists, nothing.

use chrono::{Duration, Utc};
use loket_domain::audit::{EntityType, Snapshot};
use sea_orm::{DatabaseConnection, Set};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::intake::err;
use crate::adapters::files::FileStore;
use crate::auth::tokens::hex;
use crate::db;
use crate::db::entities::releases;
use crate::db::tz;
use crate::services::audit::{self, Author, Change};

const RELEASES: [(&str, i64, &str); 2] = [
    ("4.1.3", 70, "Foutherstel: exports van Twinfield met lege dagboeken."),
    (
        "4.2.0",
        20,
        "Koppeling met Exact Online via de nieuwe API.\nFilters per administratie.\nSneller versturen van grote bestanden.",
    ),
];

/// Seeds the product and its releases; returns how many releases it made.
pub async fn seed_releases(db: &DatabaseConnection, files: &FileStore, author: &Author) -> anyhow::Result<usize> {
    if !db::releases::products(db).await?.is_empty() {
        return Ok(0);
    }
    let now = Utc::now();
    let product = db::releases::insert_product(db, "collector".to_owned(), "Loket Collector".to_owned(), now).await?;
    let snapshot = Snapshot::new().field("key", &product.key).field("name", &product.name);
    audit::record(db, author, Change::created(EntityType::Product, product.id, None, &snapshot)).await.map_err(err)?;
    for (version, days_ago, notes) in RELEASES {
        // A stand-in for the installer: the start of a Windows executable and a note.
        let mut bytes = b"MZ\x90\0".to_vec();
        bytes.extend_from_slice(format!("Loket Collector {version}: demo-installatieprogramma.\n").as_bytes());
        let id = Uuid::now_v7();
        let key = format!("releases/{}/{id}", product.id);
        let mut upload = files.writer(&key).await?;
        upload.write(&bytes).await?;
        upload.finish().await?;
        let saved = db::releases::insert_release(
            db,
            releases::ActiveModel {
                id: Set(id),
                product_id: Set(product.id),
                release_version: Set(version.to_owned()),
                released_on: Set((now - Duration::days(days_ago)).date_naive()),
                notes: Set(notes.to_owned()),
                file_name: Set(format!("LoketCollector-{version}-setup.exe")),
                size_bytes: Set(i64::try_from(bytes.len())?),
                sha256: Set(hex(&Sha256::digest(&bytes))),
                storage_key: Set(key),
                withdrawn: Set(false),
                created_at: Set(tz(now - Duration::days(days_ago))),
                created_by_name: Set("Demo data".to_owned()),
            },
        )
        .await?;
        let snapshot = Snapshot::new().field("version", version).field("sha256", &saved.sha256);
        audit::record(db, author, Change::created(EntityType::Release, saved.id, None, &snapshot))
            .await
            .map_err(err)?;
    }
    Ok(RELEASES.len())
}
