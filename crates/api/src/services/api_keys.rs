//! API keys for partner systems: created by a partner admin (for their organisation) or
//! a vendor admin, shown once, stored hashed, revocable.

use chrono::Utc;
use loket_api_types::api_keys::{ApiKey, ApiKeyListQuery, CreateApiKeyRequest, CreatedApiKey};
use loket_api_types::pagination::{ByName, Page};
use loket_domain::OrganisationKind;
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::policy::grants::check_key_creation;
use loket_domain::policy::{ApiKeyAction, Visibility};
use uuid::Uuid;

use crate::auth::{Principal, api_key_format, tokens};
use crate::db;
use crate::db::api_keys::NewApiKey;
use crate::db::entities::api_keys;
use crate::db::pagination::PageRequest;
use crate::error::ApiError;
use crate::services::access;
use crate::services::audit::Change;
use crate::services::organisations::own_organisation;
use crate::services::write::Write;
use crate::state::AppState;

pub fn to_dto(model: &api_keys::Model) -> ApiKey {
    ApiKey {
        id: model.id,
        organisation_id: model.organisation_id,
        name: model.name.clone(),
        prefix: model.prefix.clone(),
        scopes: db::api_keys::parse_scopes(&model.scopes),
        created_at: model.created_at.with_timezone(&Utc),
        created_by: model.created_by,
        last_used_at: model.last_used_at.map(|t| t.with_timezone(&Utc)),
        revoked_at: model.revoked_at.map(|t| t.with_timezone(&Utc)),
    }
}

/// The fields of a key the audit log compares (the prefix identifies it; the secret's hash
/// is never shown).
fn audited(model: &api_keys::Model) -> Snapshot {
    Snapshot::new().field("name", &model.name).field("prefix", &model.prefix).field("scopes", &model.scopes)
}

pub async fn list(state: &AppState, principal: &Principal, query: ApiKeyListQuery) -> Result<Page<ApiKey>, ApiError> {
    let page = PageRequest::<ByName>::new(None, query.cursor.as_deref(), query.limit)?;
    let visibility = principal.visibility();
    let own = own_organisation(state, principal).await?;
    principal.authorize(ApiKeyAction::Manage, &db::organisations::facts(&own)?)?;
    // Vendor admins see every key; others only their own organisation's.
    let organisation_ids = if visibility == Visibility::Everything {
        query.organisation_id.map(|id| vec![id])
    } else if query.organisation_id.is_some_and(|id| id != own.id) {
        return Err(ApiError::NotFound);
    } else {
        Some(vec![own.id])
    };
    let (rows, next_cursor) =
        db::api_keys::list(&state.db, &visibility, organisation_ids, query.include_revoked.unwrap_or(false), &page)
            .await?;
    Ok(Page { items: rows.iter().map(to_dto).collect(), next_cursor })
}

async fn visible_key(state: &AppState, principal: &Principal, id: Uuid) -> Result<api_keys::Model, ApiError> {
    let found = db::api_keys::find(&state.db, &principal.visibility(), id).await?;
    Ok(access::record_for(state, principal, ApiKeyAction::Manage, found).await?.0)
}

pub async fn get(state: &AppState, principal: &Principal, id: Uuid) -> Result<ApiKey, ApiError> {
    Ok(to_dto(&visible_key(state, principal, id).await?))
}

pub async fn create(
    state: &AppState,
    principal: &Principal,
    request: CreateApiKeyRequest,
) -> Result<CreatedApiKey, ApiError> {
    let organisation =
        access::organisation_for(state, principal, ApiKeyAction::Manage, request.organisation_id).await?;
    check_key_creation(&principal.actor).map_err(|e| ApiError::forbidden(e.to_string()))?;
    if db::organisations::kind_of(&organisation)? == OrganisationKind::Client {
        return Err(ApiError::field("organisation_id", "client", "clients do not have API keys"));
    }
    let name = request.name.trim();
    if name.is_empty() {
        return Err(ApiError::field("name", "length", "a name has 1 to 100 characters"));
    }
    let generated = api_key_format::generate();
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = db::api_keys::insert(
        write.db(),
        NewApiKey {
            organisation_id: organisation.id,
            name: name.to_owned(),
            prefix: generated.prefix,
            secret_hash: tokens::hash_token(&generated.secret),
            scopes: request.scopes,
            created_by: principal.actor.user_id(),
        },
        Utc::now(),
    )
    .await?;
    let change = Change::created(EntityType::ApiKey, saved.id, Some(organisation.id), &audited(&saved));
    write.record(change).await?;
    write.commit().await?;
    tracing::info!(api_key_id = %saved.id, organisation_id = %organisation.id, "API key created");
    Ok(CreatedApiKey { api_key: to_dto(&saved), secret: generated.full_key })
}

pub async fn revoke(state: &AppState, principal: &Principal, id: Uuid) -> Result<(), ApiError> {
    let key = visible_key(state, principal, id).await?;
    let mut write = Write::begin(state, principal.into()).await?;
    if !db::api_keys::revoke(write.db(), key.id, Utc::now()).await? {
        // Revoked already: nothing changes, nothing to record (the transaction rolls back).
        return Ok(());
    }
    let change = Change::event(AuditAction::Revoked, EntityType::ApiKey, key.id, Some(key.organisation_id));
    write.record(change).await?;
    write.commit().await?;
    tracing::info!(api_key_id = %key.id, "API key revoked");
    Ok(())
}
