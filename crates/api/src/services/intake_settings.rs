//! The vendor's set-up of partner intake: the list of accounting packages partners
//! choose from, and the fields each partner's install requests carry.

use chrono::Utc;
use loket_api_types::install_requests::{
    AccountingPackage, AccountingPackageList, CreateAccountingPackage, PartnerField, PartnerFields,
    UpdateAccountingPackage,
};
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::onboarding::partner_fields::{DefinitionError, FieldDefinition, check_definitions};
use loket_domain::policy::{AccountingPackageAction, PartnerFieldsAction};
use sea_orm::Set;
use uuid::Uuid;

use crate::auth::Principal;
use crate::db;
use crate::db::entities::accounting_packages;
use crate::error::ApiError;
use crate::extract::Versioned;
use crate::services::access;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

impl Versioned for AccountingPackage {
    fn version(&self) -> i64 {
        self.version
    }
}

fn package_dto(model: accounting_packages::Model) -> AccountingPackage {
    AccountingPackage {
        id: model.id,
        name: model.name,
        active: model.active,
        position: model.position,
        version: model.version,
    }
}

fn audited_package(model: &accounting_packages::Model) -> Snapshot {
    Snapshot::new().field("name", &model.name).field("active", model.active).field("position", model.position)
}

fn package_name(raw: &str) -> Result<String, ApiError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ApiError::field("name", "required", "give the package a name"));
    }
    Ok(name.to_owned())
}

/// The packages: the active ones for partners, all of them for the helpdesk.
pub async fn list_packages(state: &AppState, principal: &Principal) -> Result<AccountingPackageList, ApiError> {
    principal.authorize(AccountingPackageAction::Read, &())?;
    let all = principal.actor.is(loket_domain::Role::VendorAdmin) || principal.actor.is(loket_domain::Role::Agent);
    let rows = db::intake_settings::packages(&state.db, all).await?;
    Ok(AccountingPackageList { items: rows.into_iter().map(package_dto).collect() })
}

pub async fn create_package(
    state: &AppState,
    principal: &Principal,
    request: CreateAccountingPackage,
) -> Result<AccountingPackage, ApiError> {
    principal.authorize(AccountingPackageAction::Edit, &())?;
    let name = package_name(&request.name)?;
    let mut write = Write::begin(state, principal.into()).await?;
    let position = match request.position {
        Some(position) => position,
        None => db::intake_settings::next_position(write.db()).await?,
    };
    let saved = db::intake_settings::insert_package(write.db(), name, position, Utc::now()).await?;
    write.record(Change::created(EntityType::AccountingPackage, saved.id, None, &audited_package(&saved))).await?;
    write.commit().await?;
    Ok(package_dto(saved))
}

pub async fn update_package(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    expected_version: i64,
    request: UpdateAccountingPackage,
) -> Result<AccountingPackage, ApiError> {
    principal.authorize(AccountingPackageAction::Edit, &())?;
    let name = request.name.as_deref().map(package_name).transpose()?;
    let mut write = Write::begin(state, principal.into()).await?;
    let current = db::intake_settings::package(write.db(), id).await?.ok_or(ApiError::NotFound)?;
    if current.version != expected_version {
        return Err(ApiError::Stale(Box::new(serde_json::to_value(package_dto(current)).map_err(ApiError::internal)?)));
    }
    let mut after = current.clone();
    let mut changes = accounting_packages::ActiveModel::default();
    if let Some(name) = name {
        after.name = name.clone();
        changes.name = Set(name);
    }
    if let Some(active) = request.active {
        after.active = active;
        changes.active = Set(active);
    }
    if let Some(position) = request.position {
        after.position = position;
        changes.position = Set(position);
    }
    let change =
        Change::updated(EntityType::AccountingPackage, id, None, &audited_package(&current), &audited_package(&after));
    if change.is_empty() {
        return Ok(package_dto(current));
    }
    let saved = db::intake_settings::save_package(write.db(), id, expected_version, changes, Utc::now())
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    write.record(change).await?;
    write.commit().await?;
    Ok(package_dto(saved))
}

fn field_dto(definition: FieldDefinition) -> PartnerField {
    PartnerField {
        key: definition.key,
        label: definition.label,
        field_type: definition.field_type,
        required: definition.required,
    }
}

fn audited_fields(fields: &[PartnerField]) -> Snapshot {
    Snapshot::new().field("fields", fields)
}

/// A partner's request fields, in the order its form shows them.
pub async fn partner_fields(
    state: &AppState,
    principal: &Principal,
    partner_id: Uuid,
) -> Result<PartnerFields, ApiError> {
    access::organisation_for(state, principal, PartnerFieldsAction::Read, partner_id).await?;
    let definitions = crate::services::install_requests::definitions(&state.db, partner_id).await?;
    Ok(PartnerFields { items: definitions.into_iter().map(field_dto).collect() })
}

/// Replaces a partner's request fields. Requests already filed keep their values; the
/// new definitions apply to requests filed or resubmitted from now on.
pub async fn replace_partner_fields(
    state: &AppState,
    principal: &Principal,
    partner_id: Uuid,
    request: PartnerFields,
) -> Result<PartnerFields, ApiError> {
    access::organisation_for(state, principal, PartnerFieldsAction::Edit, partner_id).await?;
    let definitions: Vec<FieldDefinition> = request
        .items
        .iter()
        .map(|f| FieldDefinition {
            key: f.key.clone(),
            label: f.label.trim().to_owned(),
            field_type: f.field_type,
            required: f.required,
        })
        .collect();
    check_definitions(&definitions).map_err(|error| {
        let field = match (&error, error.index()) {
            (DefinitionError::Key(_) | DefinitionError::Duplicate { .. }, Some(i)) => format!("items[{i}].key"),
            (DefinitionError::Label(_), Some(i)) => format!("items[{i}].label"),
            _ => "items".to_owned(),
        };
        ApiError::field(&field, "invalid", error.to_string())
    })?;
    let mut write = Write::begin(state, principal.into()).await?;
    let before = crate::services::install_requests::definitions(write.db(), partner_id).await?;
    let before: Vec<PartnerField> = before.into_iter().map(field_dto).collect();
    let after: Vec<PartnerField> = definitions.into_iter().map(field_dto).collect();
    let change = Change::updated(
        EntityType::PartnerFields,
        partner_id,
        Some(partner_id),
        &audited_fields(&before),
        &audited_fields(&after),
    )
    .in_history_of(EntityType::Organisation, partner_id);
    if change.is_empty() {
        return Ok(PartnerFields { items: after });
    }
    let rows: Vec<(String, String, String, bool)> =
        after.iter().map(|f| (f.key.clone(), f.label.clone(), f.field_type.as_str().to_owned(), f.required)).collect();
    db::intake_settings::replace_partner_fields(write.db(), partner_id, &rows).await?;
    write.record(change).await?;
    write.commit().await?;
    Ok(PartnerFields { items: after })
}
