//! The installation API (seed 000 steps 5–7), for the installed software. Its one-time
//! installation token from the instructions is exchanged for an installation key (kept
//! as a hash); with that key, and nothing else, the software reads the settings of its
//! own case, beats its heart and reports its uploads. Registering moves the case on to
//! `installing`; the first successful upload completes it. An installation key is no
//! credential anywhere else: the rest of the API knows only sessions and API keys.

use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_api_types::install_requests::{AccountingPackageChoice, InstallEventKind, InstallEventParty};
use loket_api_types::installations::{
    ActivateInstallation, ActivatedInstallation, ContractSettings, Heartbeat, Installation, InstallationList,
    InstallationSettings, UploadRecorded, UploadReport,
};
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::onboarding::contracts::ContractStatus;
use loket_domain::onboarding::installation::{self, KEY_PREFIX};
use loket_domain::onboarding::{InstallStep, Party};
use loket_domain::policy::{InstallRequestAction, InstallRequestScope};
use sea_orm::{ConnectionTrait, Set};
use uuid::Uuid;

use crate::auth::Principal;
use crate::auth::origin::RequestOrigin;
use crate::auth::tokens;
use crate::db;
use crate::db::entities::{install_requests, installations};
use crate::db::tz;
use crate::error::{ApiError, Problems};
use crate::services::audit::{Author, Change};
use crate::services::install_requests::moves::{self, Moved};
use crate::services::install_requests::view::{self, Names, NewEvent};
use crate::services::write::Write;
use crate::state::AppState;

fn invalid_code() -> ApiError {
    ApiError::unauthenticated(
        ErrorCode::InvalidToken,
        "This installation code is not valid (any more): codes work once and expire. Ask the helpdesk to send the instructions again.",
    )
}

fn invalid_key() -> ApiError {
    ApiError::unauthenticated(ErrorCode::InvalidToken, "Send a valid installation key in X-Installation-Key.")
}

/// The installation a key belongs to (401 for anything else).
pub async fn authenticate(state: &AppState, key: &str) -> Result<installations::Model, ApiError> {
    if !key.starts_with(KEY_PREFIX) {
        return Err(invalid_key());
    }
    db::installations::by_key_hash(&state.db, &tokens::hash_token(key)).await?.ok_or_else(invalid_key)
}

async fn case_of(db: &impl ConnectionTrait, request_id: Uuid) -> Result<install_requests::Model, ApiError> {
    db::install_requests::find(db, &InstallRequestScope::Helpdesk, request_id)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("an installation's case {request_id} is missing")))
}

/// Writes a move (or, with `to` `None`, an event) of the software on the timeline and
/// tells the partner.
async fn software_event(
    state: &AppState,
    db: &impl ConnectionTrait,
    request: &install_requests::Model,
    kind: InstallEventKind,
    steps: Option<(InstallStep, InstallStep)>,
    machine: &str,
    message: Option<String>,
) -> Result<(), ApiError> {
    let partner = view::partner_of(db, request).await?;
    let names = Names::load(db, std::slice::from_ref(request), false).await?;
    let dto = view::to_dto(request, &names)?;
    let event = NewEvent {
        kind,
        from: steps.map(|s| s.0),
        to: steps.map(|s| s.1),
        actor_name: machine,
        party: InstallEventParty::Software,
        message,
        items: Vec::new(),
        revision: None,
    };
    moves::record(state, db, Moved { request, dto: &dto, partner: &partner, event }).await
}

async fn move_case(
    db: &impl ConnectionTrait,
    request: &install_requests::Model,
    to: InstallStep,
) -> Result<Option<install_requests::Model>, ApiError> {
    let changes = install_requests::ActiveModel { step: Set(to.as_str().to_owned()), ..Default::default() };
    Ok(db::install_requests::save(db, request.id, request.version, changes, Utc::now()).await?)
}

/// Exchanges a one-time installation code for an installation key.
pub async fn activate(
    state: &AppState,
    origin: &RequestOrigin,
    body: ActivateInstallation,
) -> Result<ActivatedInstallation, ApiError> {
    let mut problems = Problems::default();
    let machine =
        problems.take("machine_name", "invalid", installation::machine_name(&body.machine_name), String::new());
    let version = problems.take(
        "software_version",
        "invalid",
        installation::software_version(&body.software_version),
        String::new(),
    );
    problems.check()?;
    let now = Utc::now();
    // The code is used inside the write: if anything below fails, it still works.
    let mut write = Write::begin(state, Author::system_for(&machine, origin)).await?;
    let used = db::installations::use_token(write.db(), &tokens::hash_token(body.token.trim()), now).await?;
    let Some(token) = used else {
        tracing::info!(ip = %origin.ip, "an installation code was refused");
        return Err(invalid_code());
    };
    let request = case_of(write.db(), token.request_id).await?;
    let step = db::install_requests::step_of(&request)?;
    let moved = match step {
        InstallStep::Instructions => {
            moves::check_move(step, InstallStep::Installing, Party::Software, &["release", "installation_token"])?;
            Some(move_case(write.db(), &request, InstallStep::Installing).await?.ok_or(ApiError::PreconditionFailed)?)
        }
        // Installed again (a new machine): the case stays where it is.
        InstallStep::Installing | InstallStep::Completed => None,
        _ => return Err(invalid_code()),
    };
    let key = format!("{KEY_PREFIX}{}", tokens::generate_token());
    let saved = db::installations::insert(
        write.db(),
        installations::ActiveModel {
            id: Set(Uuid::now_v7()),
            request_id: Set(request.id),
            key_hash: Set(tokens::hash_token(&key)),
            key_prefix: Set(key.chars().take(12).collect()),
            machine_name: Set(machine.clone()),
            software_version: Set(version.clone()),
            last_heartbeat_at: Set(Some(tz(now))),
            last_upload_at: Set(None),
            last_upload_succeeded: Set(None),
            last_upload_error: Set(None),
            first_success_at: Set(None),
            revoked_at: Set(None),
            created_at: Set(tz(now)),
        },
    )
    .await?;
    let snapshot = Snapshot::new()
        .field("machine_name", &machine)
        .field("software_version", &version)
        .field("key_prefix", &saved.key_prefix);
    let change = Change::created(EntityType::Installation, saved.id, request.client_id, &snapshot)
        .in_history_of(EntityType::InstallRequest, request.id);
    write.record(change).await?;
    let case = moved.as_ref().unwrap_or(&request);
    let steps = moved.as_ref().map(|_| (InstallStep::Instructions, InstallStep::Installing));
    let message = Some(format!("{machine} · {version}"));
    software_event(state, write.db(), case, InstallEventKind::InstallationRegistered, steps, &machine, message).await?;
    write.commit().await?;
    Ok(ActivatedInstallation { installation_id: saved.id, request_id: request.id, key })
}

/// What the software needs to know of its case.
pub async fn settings(state: &AppState, installation: &installations::Model) -> Result<InstallationSettings, ApiError> {
    let request = case_of(&state.db, installation.request_id).await?;
    let names = Names::load(&state.db, std::slice::from_ref(&request), false).await?;
    let data = view::data_of(&request, &names)?;
    let accounting_package = match data.accounting_package {
        AccountingPackageChoice::Listed(listed) => listed.name.unwrap_or_default(),
        AccountingPackageChoice::Other(other) => other.name,
    };
    let rows = db::contracts::of_request(&state.db, request.id).await?;
    let mut partner_ids: Vec<Uuid> = rows.iter().map(|r| r.partner_id).collect();
    partner_ids.push(request.partner_id);
    let partners = db::organisations::names(&state.db, &partner_ids).await?;
    let name_of = |id: &Uuid| partners.get(id).cloned().unwrap_or_default();
    let mut contracts = Vec::new();
    for row in &rows {
        if db::contracts::status_of(row)? == ContractStatus::Active {
            contracts.push(ContractSettings {
                number: row.number.clone(),
                company_name: row.company_name.clone(),
                coc_number: row.coc_number.clone(),
                partner_id: row.partner_id,
                partner_name: name_of(&row.partner_id),
                start_date: row.start_date,
            });
        }
    }
    Ok(InstallationSettings {
        request_id: request.id,
        request_number: request.number.clone(),
        company_name: data.company.name,
        coc_number: data.company.coc_number,
        vat_number: data.company.vat_number,
        accounting_package,
        partner_id: request.partner_id,
        partner_name: name_of(&request.partner_id),
        partner_fields: data.partner_fields,
        contracts,
    })
}

/// Notes a sign of life: telemetry, not a change anyone made, so not in the audit log.
pub async fn heartbeat(state: &AppState, installation: &installations::Model, body: Heartbeat) -> Result<(), ApiError> {
    let version = body
        .software_version
        .as_deref()
        .map(installation::software_version)
        .transpose()
        .map_err(|e| ApiError::field(e.field(), "invalid", e.to_string()))?;
    db::installations::heartbeat(&state.db, installation.id, version, Utc::now()).await?;
    Ok(())
}

/// Records an upload; the first success of a case at `installing` completes it.
pub async fn upload(
    state: &AppState,
    origin: &RequestOrigin,
    installation: &installations::Model,
    body: UploadReport,
) -> Result<UploadRecorded, ApiError> {
    let error = installation::check_upload(body.succeeded, body.records, body.bytes, body.error.as_deref())
        .map_err(|e| ApiError::field(e.field(), "invalid", e.to_string()))?;
    let machine = installation.machine_name.clone();
    let mut write = Write::begin(state, Author::system_for(&machine, origin)).await?;
    let request = case_of(write.db(), installation.request_id).await?;
    let now = Utc::now();
    let (upload, _) = db::installations::record_upload(
        write.db(),
        installation,
        body.succeeded,
        body.records,
        body.bytes,
        error,
        now,
    )
    .await?;
    let report = Snapshot::new()
        .field("succeeded", body.succeeded)
        .field("records", body.records)
        .field("bytes", body.bytes)
        .field("error", &upload.error);
    let change = Change::event(AuditAction::Updated, EntityType::Installation, installation.id, request.client_id)
        .comparing(None, Some(&report))
        .in_history_of(EntityType::InstallRequest, request.id);
    write.record(change).await?;
    let step = db::install_requests::step_of(&request)?;
    let mut completes = false;
    if body.succeeded && step == InstallStep::Installing {
        moves::check_move(step, InstallStep::Completed, Party::Software, &["registration", "successful_upload"])?;
        let changes = install_requests::ActiveModel {
            step: Set(InstallStep::Completed.as_str().to_owned()),
            ..Default::default()
        };
        // Another upload may have completed the case a moment ago: then this one is only recorded.
        if let Some(done) = db::install_requests::save(write.db(), request.id, request.version, changes, now).await? {
            completes = true;
            let before = Snapshot::new().field("step", step.as_str());
            let after = Snapshot::new().field("step", InstallStep::Completed.as_str());
            let change = Change::updated(EntityType::InstallRequest, request.id, request.client_id, &before, &after)
                .with_action(AuditAction::Confirmed);
            write.record(change).await?;
            let message = Some(format!("{} records, {} bytes", body.records, body.bytes));
            let steps = Some((InstallStep::Installing, InstallStep::Completed));
            software_event(state, write.db(), &done, InstallEventKind::Completed, steps, &machine, message).await?;
        }
    }
    write.commit().await?;
    Ok(UploadRecorded { id: upload.id, at: now, completed_case: completes })
}

/// The installations of a case, for whoever reads the case.
pub async fn list(state: &AppState, principal: &Principal, request_id: Uuid) -> Result<InstallationList, ApiError> {
    let request =
        crate::services::install_requests::visible(&state.db, principal, request_id, InstallRequestAction::Read)
            .await?;
    let rows = db::installations::of_request(&state.db, request.id).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let counts = db::installations::upload_counts(&state.db, &ids).await?;
    let items = rows
        .into_iter()
        .map(|row| Installation {
            id: row.id,
            uploads: counts.get(&row.id).copied().unwrap_or(0),
            machine_name: row.machine_name,
            software_version: row.software_version,
            key_prefix: row.key_prefix,
            registered_at: row.created_at.with_timezone(&Utc),
            last_heartbeat_at: row.last_heartbeat_at.map(|at| at.with_timezone(&Utc)),
            last_upload_at: row.last_upload_at.map(|at| at.with_timezone(&Utc)),
            last_upload_succeeded: row.last_upload_succeeded,
            last_upload_error: row.last_upload_error,
            first_success_at: row.first_success_at.map(|at| at.with_timezone(&Utc)),
        })
        .collect();
    Ok(InstallationList { items })
}
