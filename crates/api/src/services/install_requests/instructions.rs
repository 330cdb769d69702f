//! The installation instructions (seed 000 step 4–5): once every company's contract is
//! in force the helpdesk sends the technical contact a signed, expiring download link
//! for a release and a one-time installation token; the case moves on to its
//! instructions. Sending again (a lost mail, a newer release) makes a new link and
//! token and revokes the unused ones.

use chrono::Utc;
use loket_api_types::install_requests::{InstallEventKind, InstallRequest};
use loket_api_types::releases::{InstructionsStatus, SendInstructions};
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::onboarding::InstallStep;
use loket_domain::onboarding::releases::{DOWNLOAD_LINK_DAYS, expiry};
use loket_domain::policy::InstallRequestAction;
use sea_orm::Set;
use uuid::Uuid;

use super::moves::{self, Moved};
use super::view::{self, Names, NewEvent};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::install_requests;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::notifications;
use crate::services::releases;
use crate::services::write::Write;
use crate::state::AppState;

/// Sends (or sends again) a case's instructions.
pub async fn send(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    body: SendInstructions,
) -> Result<InstallRequest, ApiError> {
    let mut write = Write::begin(state, principal.into()).await?;
    let request = super::visible(write.db(), principal, id, InstallRequestAction::Review).await?;
    let step = db::install_requests::step_of(&request)?;
    let first = match step {
        InstallStep::Contracts => {
            let contracts = db::contracts::of_request(write.db(), request.id).await?;
            let present: &[&str] = if super::contracts::complete(&contracts)? { &["contracts"] } else { &[] };
            moves::check_move(step, InstallStep::Instructions, moves::party_of(&principal.actor), present)?;
            true
        }
        InstallStep::Instructions => false,
        _ => {
            return Err(ApiError::transition(
                format!(
                    "Instructions are sent once the contracts are in force; this case is at step {}.",
                    step.as_str()
                ),
                Vec::new(),
            ));
        }
    };
    let now = Utc::now();
    let release = db::releases::release(write.db(), body.release_id)
        .await?
        .ok_or_else(|| ApiError::field("release_id", "unknown", "no release has this id"))?;
    if release.withdrawn {
        return Err(ApiError::field("release_id", "withdrawn", "this release was withdrawn"));
    }
    if release.released_on > now.date_naive() {
        return Err(ApiError::field("release_id", "not_released", "this release is not out yet"));
    }
    let link =
        db::releases::insert_link(write.db(), release.id, Some(request.id), expiry(now, DOWNLOAD_LINK_DAYS), now)
            .await?;
    // The token is made when the mail leaves; the ones sent before stop working now.
    db::installations::revoke_tokens(write.db(), request.id, now).await?;
    notifications::queue_instructions(state, write.db(), &request, link.id).await?;
    let snapshot = Snapshot::new()
        .field("release", &release.release_version)
        .field("to", &request.technical_email)
        .field("link_expires_at", link.expires_at.to_rfc3339());
    let change = Change::created(EntityType::InstallationInstructions, link.id, request.client_id, &snapshot)
        .with_action(AuditAction::Submitted)
        .in_history_of(EntityType::InstallRequest, request.id);
    write.record(change).await?;
    let moved = if first {
        let changes = install_requests::ActiveModel {
            step: Set(InstallStep::Instructions.as_str().to_owned()),
            ..Default::default()
        };
        db::install_requests::save(write.db(), request.id, request.version, changes, now)
            .await?
            .ok_or(ApiError::PreconditionFailed)?
    } else {
        request
    };
    let partner = view::partner_of(write.db(), &moved).await?;
    let names = Names::load(write.db(), std::slice::from_ref(&moved), false).await?;
    let dto = view::to_dto(&moved, &names)?;
    let event = NewEvent {
        kind: InstallEventKind::InstructionsSent,
        from: first.then_some(InstallStep::Contracts),
        to: first.then_some(InstallStep::Instructions),
        actor_name: &principal.name,
        party: moves::event_party(moves::party_of(&principal.actor)),
        message: Some(format!("{} {}", release.file_name, release.release_version)),
        items: Vec::new(),
        revision: None,
    };
    moves::record(state, write.db(), Moved { request: &moved, dto: &dto, partner: &partner, event }).await?;
    let answer = super::answer(write.db(), principal, &moved).await?;
    write.commit().await?;
    Ok(answer)
}

/// Where the case's latest instructions stand (404 before any were sent).
pub async fn status(state: &AppState, principal: &Principal, id: Uuid) -> Result<InstructionsStatus, ApiError> {
    let request = super::visible(&state.db, principal, id, InstallRequestAction::Read).await?;
    let link = db::releases::latest_link_of(&state.db, request.id).await?.ok_or(ApiError::NotFound)?;
    let release = db::releases::release(&state.db, link.release_id).await?.ok_or(ApiError::NotFound)?;
    let total = db::releases::download_counts(&state.db, &[release.id]).await?.get(&release.id).copied();
    Ok(InstructionsStatus {
        release: releases::to_dto(&release, total.unwrap_or(0)),
        sent_at: link.created_at.with_timezone(&Utc),
        link_expires_at: link.expires_at.with_timezone(&Utc),
        downloads: link.downloads,
        last_download_at: link.last_download_at.map(|at| at.with_timezone(&Utc)),
    })
}
