//! Committing an import (the worker's second job): the chosen valid rows are written in
//! one transaction — a new client (organisation managed by the partner, with the
//! partner's record of it) or an update of the client the partner knows by that
//! external id — each audited in the client's history, with the import's own entry. Any
//! failure rolls the whole lot back and marks the import failed: nothing half-written.

use chrono::Utc;
use loket_domain::OrganisationKind;
use loket_domain::audit::{ActorType, EntityType, Snapshot};
use loket_domain::clients::{ClientRecord, ImportStatus};
use loket_domain::webhooks::WebhookEvent;
use sea_orm::Set;
use uuid::Uuid;

use super::selection;
use crate::db;
use crate::db::entities::{client_imports, client_records, organisations};
use crate::db::organisations::{ClientProfile, NewOrganisation};
use crate::error::ApiError;
use crate::services::audit::{Author, Change};
use crate::services::notifications;
use crate::services::organisations::{audited, to_dto};
use crate::services::write::Write;
use crate::state::AppState;

/// The partner's record of a client as the audit log compares it.
fn audited_record(record: &client_records::Model) -> Snapshot {
    Snapshot::new()
        .field("external_id", &record.external_id)
        .field("street", &record.street)
        .field("house_number", &record.house_number)
        .field("postcode", &record.postcode)
        .field("city", &record.city)
        .field("country", &record.country)
        .field("email", &record.email)
        .field("phone", &record.phone)
        .field("contact_name", &record.contact_name)
}

fn record_of(
    client_id: Uuid,
    import: &client_imports::Model,
    row: &ClientRecord,
    group_id: Option<Uuid>,
    now: chrono::DateTime<Utc>,
) -> client_records::Model {
    client_records::Model {
        client_id,
        partner_id: import.owner_id,
        external_id: row.external_id.clone(),
        external_key: ClientRecord::match_key(&row.external_id),
        street: row.street.clone(),
        house_number: row.house_number.clone(),
        postcode: row.postcode.clone(),
        city: row.city.clone(),
        country: match row.country {
            loket_domain::address::Country::Nl => "NL".into(),
            loket_domain::address::Country::Be => "BE".into(),
        },
        email: row.email.clone(),
        phone: row.phone.clone(),
        contact_name: row.contact_name.clone(),
        group_id,
        import_id: Some(import.id),
        updated_at: now.into(),
    }
}

/// Who the writes are recorded under: the person who asked for the commit.
async fn author(state: &AppState, import: &client_imports::Model) -> Result<Author, ApiError> {
    let user_id = import.committed_by.unwrap_or(import.created_by);
    let user = db::users::by_ids(&state.db, &[user_id]).await?.remove(&user_id);
    Ok(Author {
        actor_type: ActorType::User,
        user_id: Some(user_id),
        api_key_id: None,
        organisation_id: Some(import.owner_id),
        name: user.map(|user| user.name).unwrap_or_else(|| "client import".into()),
        client_ip: None,
        request_id: None,
    })
}

/// Writes the chosen rows; the counts of clients created and updated.
pub async fn commit(state: &AppState, import: &client_imports::Model) -> Result<(i32, i32), ApiError> {
    let rows = selection::rows(state, import.id, import.selection.as_deref()).await?;
    let records: Vec<ClientRecord> =
        rows.iter().filter_map(|row| row.record.as_deref().and_then(|text| serde_json::from_str(text).ok())).collect();
    if records.len() != rows.len() {
        return Err(ApiError::internal(anyhow::anyhow!("import {}: a kept row does not read back", import.id)));
    }
    let now = Utc::now();
    let mut write = Write::begin(state, author(state, import).await?).await?;
    // Known clients are looked up again inside the transaction: one created since the
    // preview is updated rather than doubled.
    let known = db::client_imports::known_clients(write.db(), import.owner_id).await?;
    let mut updated = 0;
    let mut new = Vec::new();
    for record in &records {
        match known.get(&ClientRecord::match_key(&record.external_id)) {
            Some(client_id) => {
                update_client(state, &mut write, import, *client_id, record, now).await?;
                updated += 1;
            }
            None => new.push(record),
        }
    }
    let created = i32::try_from(new.len()).unwrap_or(i32::MAX);
    create_clients(&mut write, import, &new, now).await?;
    let done = client_imports::ActiveModel {
        created_count: Set(created),
        updated_count: Set(updated),
        committed_at: Set(Some(now.into())),
        lease_until: Set(None),
        ..Default::default()
    };
    let moved = db::client_imports::transition(
        write.db(),
        import.id,
        &[ImportStatus::Committing],
        ImportStatus::Committed,
        done,
        now,
    )
    .await?;
    if !moved {
        return Err(ApiError::internal(anyhow::anyhow!("import {} left committing meanwhile", import.id)));
    }
    let summary = Snapshot::new()
        .field("status", ImportStatus::Committed.as_str())
        .field("created", created)
        .field("updated", updated);
    let before = Snapshot::new().field("status", ImportStatus::Committing.as_str());
    write
        .record(Change::updated(EntityType::ClientImport, import.id, Some(import.owner_id), &before, &summary))
        .await?;
    write.commit().await?;
    Ok((created, updated))
}

/// The new clients, a few hundred to a statement: organisations, the firm's records of
/// them and one audit entry each.
async fn create_clients(
    write: &mut Write,
    import: &client_imports::Model,
    records: &[&ClientRecord],
    now: chrono::DateTime<Utc>,
) -> Result<(), ApiError> {
    let new = records
        .iter()
        .map(|record| NewOrganisation {
            id: Uuid::now_v7(),
            kind: OrganisationKind::Client,
            name: record.name.clone(),
            partner_kind: None,
            coc_number: record.coc_number.clone(),
            vat_number: record.vat_number.clone(),
            managing_partner_id: Some(import.owner_id),
            branch_id: None,
            profile: ClientProfile::default(),
        })
        .collect();
    let saved = db::organisations::insert_many(write.db(), new, now).await?;
    let kept: Vec<client_records::Model> = saved
        .iter()
        .zip(records)
        .map(|(client, record)| record_of(client.id, import, record, import.group_id, now))
        .collect();
    let changes = saved
        .iter()
        .zip(&kept)
        .map(|(client, kept)| {
            let after = audited(client).merged(audited_record(kept));
            Change::created(EntityType::Organisation, client.id, Some(client.id), &after)
        })
        .collect();
    db::client_imports::insert_records(write.db(), kept).await?;
    write.record_many(changes).await
}

/// Updates a known client from its row; a change that alters it is audited in its history
/// and told to the firm's webhooks (`organisation.updated`), as an edit by hand is.
async fn update_client(
    state: &AppState,
    write: &mut Write,
    import: &client_imports::Model,
    client_id: Uuid,
    record: &ClientRecord,
    now: chrono::DateTime<Utc>,
) -> Result<(), ApiError> {
    let found: Option<organisations::Model> =
        db::organisations::by_ids(write.db(), &[client_id]).await?.remove(&client_id);
    let organisation = found.ok_or_else(|| ApiError::internal(anyhow::anyhow!("client {client_id} vanished")))?;
    let previous = db::client_imports::record(write.db(), client_id).await?;
    let before = audited(&organisation).merged(previous.as_ref().map(audited_record).unwrap_or_default());
    let version = organisation.version;
    let mut changed = organisation;
    changed.name = record.name.clone();
    changed.coc_number = record.coc_number.clone().or(changed.coc_number);
    changed.vat_number = record.vat_number.clone().or(changed.vat_number);
    let saved = db::organisations::update_versioned(write.db(), changed, version, now)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("client {client_id} changed during the import")))?;
    // Only new clients are placed in the group (seed 002): an update keeps the old one.
    let kept = record_of(client_id, import, record, previous.as_ref().and_then(|p| p.group_id), now);
    db::client_imports::update_record(write.db(), kept.clone()).await?;
    let after = audited(&saved).merged(audited_record(&kept));
    let change = Change::updated(EntityType::Organisation, client_id, Some(client_id), &before, &after);
    if change.is_empty() {
        return Ok(());
    }
    write.record(change).await?;
    let data = serde_json::json!({ "organisation": to_dto(&saved)? });
    notifications::emit(state, write.db(), WebhookEvent::OrganisationUpdated, &saved, data).await
}
