//! The download links of installation instructions: public (the technical contact need
//! not have a login), but only as signed, for as long as they last, and counted. A link
//! that is not ours is 404; one that expired, or whose release was withdrawn, 410.

use chrono::Utc;
use uuid::Uuid;

use crate::db;
use crate::error::ApiError;
use crate::services::releases::{self, Installer};
use crate::state::AppState;

pub async fn download(state: &AppState, id: Uuid, expires: i64, signature: &str) -> Result<Installer, ApiError> {
    if !state.signer.verify(id, expires, signature) {
        return Err(ApiError::NotFound);
    }
    // The signature vouches for the expiry: the link is what we sent, to the second.
    let now = Utc::now();
    if expires <= now.timestamp() {
        return Err(ApiError::link_expired(
            "This download link has expired. Ask the helpdesk to send the installation instructions again.",
        ));
    }
    let link = db::releases::link(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let release = db::releases::release(&state.db, link.release_id).await?.ok_or(ApiError::NotFound)?;
    if release.withdrawn {
        return Err(ApiError::link_expired(
            "This release was withdrawn. Ask the helpdesk for the instructions of the current release.",
        ));
    }
    let installer = releases::open(state, release).await?;
    db::releases::count_download(&state.db, link.id, now).await?;
    Ok(installer)
}
