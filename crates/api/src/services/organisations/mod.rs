//! Organisations and branches. Vendor admins create and change organisations; partner
//! admins manage their own branches; everyone reads what their visibility allows.

pub mod client_profile;

use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_api_types::organisations::{
    Branch, CreateBranchRequest, CreateOrganisationRequest, Organisation, OrganisationListQuery,
    UpdateOrganisationRequest,
};
use loket_api_types::pagination::Page;
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::organisation::{OrganisationShapeError, check_organisation_shape};
use loket_domain::policy::{CreateOrganisations, OrganisationAction};
use loket_domain::registration::{CocNumber, VatNumber};
use loket_domain::webhooks::WebhookEvent;
use loket_domain::{OrganisationKind, PartnerKind};
use sea_orm::DbErr;
use uuid::Uuid;

use self::client_profile::ProfileInput;
use crate::auth::Principal;
use crate::db;
use crate::db::entities::{branches, organisations};
use crate::db::organisations::{ClientProfile, NewOrganisation, OrganisationFilter};
use crate::db::pagination::PageRequest;
use crate::error::ApiError;
use crate::services::access;
use crate::services::audit::Change;
use crate::services::notifications;
use crate::services::write::Write;
use crate::state::AppState;

pub fn to_dto(model: &organisations::Model) -> Result<Organisation, DbErr> {
    Ok(Organisation {
        id: model.id,
        kind: db::organisations::kind_of(model)?,
        name: model.name.clone(),
        partner_kind: match model.partner_kind.as_deref() {
            Some(kind) => Some(db::stored(PartnerKind::parse(kind), "organisations.partner_kind", kind)?),
            None => None,
        },
        coc_number: model.coc_number.clone(),
        vat_number: model.vat_number.clone(),
        managing_partner_id: model.managing_partner_id,
        branch_id: model.branch_id,
        customer_number: model.customer_number.clone(),
        consultant: client_profile::consultant(model),
        created_at: model.created_at.with_timezone(&Utc),
        updated_at: model.updated_at.with_timezone(&Utc),
        version: model.version,
    })
}

/// The fields of an organisation the audit log compares.
pub(crate) fn audited(model: &organisations::Model) -> Snapshot {
    Snapshot::new()
        .field("kind", &model.kind)
        .field("name", &model.name)
        .field("partner_kind", &model.partner_kind)
        .field("coc_number", &model.coc_number)
        .field("vat_number", &model.vat_number)
        .field("managing_partner_id", model.managing_partner_id)
        .field("branch_id", model.branch_id)
        .field("customer_number", &model.customer_number)
        .field("consultant_name", &model.consultant_name)
        .field("consultant_email", &model.consultant_email)
        .field("consultant_phone", &model.consultant_phone)
}

pub fn branch_dto(model: &branches::Model) -> Branch {
    Branch {
        id: model.id,
        organisation_id: model.organisation_id,
        name: model.name.clone(),
        created_at: model.created_at.with_timezone(&Utc),
    }
}

/// The caller's own organisation (always visible to the caller).
pub async fn own_organisation(state: &AppState, principal: &Principal) -> Result<organisations::Model, ApiError> {
    db::organisations::find(&state.db, &principal.visibility(), principal.actor.organisation_id)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("caller's organisation is missing")))
}

fn parse_name(raw: &str) -> Result<String, ApiError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(ApiError::field("name", "name", "enter a name without control characters"));
    }
    Ok(name.to_owned())
}

fn parse_coc(raw: Option<&str>) -> Result<Option<String>, ApiError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(raw) => CocNumber::parse(raw)
            .map(|n| Some(n.into_inner()))
            .map_err(|e| ApiError::field("coc_number", "coc_number", e.to_string())),
    }
}

fn parse_vat(raw: Option<&str>) -> Result<Option<String>, ApiError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(raw) => VatNumber::parse(raw)
            .map(|n| Some(n.into_inner()))
            .map_err(|e| ApiError::field("vat_number", "vat_number", e.to_string())),
    }
}

fn shape_error(error: OrganisationShapeError) -> ApiError {
    let field = match error {
        OrganisationShapeError::PartnerKindOnNonPartner | OrganisationShapeError::PartnerWithoutKind => "partner_kind",
        OrganisationShapeError::ManagingPartnerOnNonClient => "managing_partner_id",
        OrganisationShapeError::BranchWithoutManagingPartner => "branch_id",
        OrganisationShapeError::SecondVendor => "kind",
    };
    ApiError::field(field, "shape", error.to_string())
}

pub async fn list(
    state: &AppState,
    principal: &Principal,
    query: OrganisationListQuery,
) -> Result<Page<Organisation>, ApiError> {
    let page = PageRequest::new(query.sort, query.cursor.as_deref(), query.limit)?;
    let own = own_organisation(state, principal).await?;
    principal.authorize(OrganisationAction::Read, &db::organisations::facts(&own)?)?;
    let filter = OrganisationFilter {
        kind: query.kind,
        managing_partner_id: query.managing_partner_id,
        search: query.q,
        without_users: false,
    };
    let (rows, next_cursor) = db::organisations::list(&state.db, &principal.visibility(), &filter, &page).await?;
    Ok(Page { items: rows.iter().map(to_dto).collect::<Result<_, _>>()?, next_cursor })
}

pub async fn get(state: &AppState, principal: &Principal, id: Uuid) -> Result<Organisation, ApiError> {
    let organisation = access::organisation_for(state, principal, OrganisationAction::Read, id).await?;
    Ok(to_dto(&organisation)?)
}

/// Checks that a client's managing partner and branch exist and belong together.
async fn check_partner_and_branch(
    state: &AppState,
    principal: &Principal,
    managing_partner_id: Option<Uuid>,
    branch_id: Option<Uuid>,
) -> Result<(), ApiError> {
    let Some(partner_id) = managing_partner_id else {
        return Ok(());
    };
    let partner = db::organisations::find(&state.db, &principal.visibility(), partner_id)
        .await?
        .filter(|p| db::organisations::kind_of(p).is_ok_and(|kind| kind == OrganisationKind::Partner))
        .ok_or_else(|| ApiError::field("managing_partner_id", "unknown_partner", "no such partner"))?;
    if let Some(branch_id) = branch_id
        && db::branches::find_in_organisation(&state.db, partner.id, branch_id).await?.is_none()
    {
        return Err(ApiError::field("branch_id", "unknown_branch", "the branch must belong to the managing partner"));
    }
    Ok(())
}

pub async fn create(
    state: &AppState,
    principal: &Principal,
    request: CreateOrganisationRequest,
) -> Result<Organisation, ApiError> {
    principal.authorize(CreateOrganisations, &())?;
    let kind = request.kind();
    let mut profile = ClientProfile::default();
    if let CreateOrganisationRequest::Client(client) = &request {
        client_profile::apply(&mut profile, &ProfileInput::from(client), kind)?;
    }
    let (name, partner_kind, coc_number, vat_number, managing_partner_id, branch_id) = match request {
        CreateOrganisationRequest::Partner(p) => (p.name, Some(p.partner_kind), p.coc_number, p.vat_number, None, None),
        CreateOrganisationRequest::Client(c) => {
            (c.name, None, c.coc_number, c.vat_number, c.managing_partner_id, c.branch_id)
        }
    };
    check_organisation_shape(kind, partner_kind.is_some(), managing_partner_id.is_some(), branch_id.is_some())
        .map_err(shape_error)?;
    let name = parse_name(&name)?;
    let coc_number = parse_coc(coc_number.as_deref())?;
    let vat_number = parse_vat(vat_number.as_deref())?;
    check_partner_and_branch(state, principal, managing_partner_id, branch_id).await?;
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = db::organisations::insert(
        write.db(),
        NewOrganisation {
            id: Uuid::now_v7(),
            kind,
            name,
            partner_kind: partner_kind.map(|k| k.as_str().to_owned()),
            coc_number,
            vat_number,
            managing_partner_id,
            branch_id,
            profile,
        },
        Utc::now(),
    )
    .await?;
    let change = Change::created(EntityType::Organisation, saved.id, Some(saved.id), &audited(&saved));
    write.record(change).await?;
    write.commit().await?;
    tracing::info!(organisation_id = %saved.id, kind = saved.kind, "organisation created");
    Ok(to_dto(&saved)?)
}

pub async fn update(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    expected_version: i64,
    request: UpdateOrganisationRequest,
) -> Result<Organisation, ApiError> {
    let mut organisation = access::organisation_for(state, principal, OrganisationAction::Update, id).await?;
    let kind = db::organisations::kind_of(&organisation)?;
    let before = audited(&organisation);
    if let Some(name) = &request.name {
        organisation.name = parse_name(name)?;
    }
    if let Some(partner_kind) = request.partner_kind {
        if kind != OrganisationKind::Partner {
            return Err(shape_error(OrganisationShapeError::PartnerKindOnNonPartner));
        }
        organisation.partner_kind = Some(partner_kind.as_str().to_owned());
    }
    if let Some(coc) = &request.coc_number {
        organisation.coc_number = parse_coc(Some(coc))?;
    }
    if let Some(vat) = &request.vat_number {
        organisation.vat_number = parse_vat(Some(vat))?;
    }
    let mut profile = client_profile::of(&organisation);
    client_profile::apply(&mut profile, &ProfileInput::from(&request), kind)?;
    client_profile::set(&mut organisation, profile);
    if request.clear_branch == Some(true) {
        organisation.branch_id = None;
    } else if let Some(branch_id) = request.branch_id {
        if organisation.managing_partner_id.is_none() {
            return Err(shape_error(OrganisationShapeError::BranchWithoutManagingPartner));
        }
        check_partner_and_branch(state, principal, organisation.managing_partner_id, Some(branch_id)).await?;
        organisation.branch_id = Some(branch_id);
    }
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = db::organisations::update_versioned(write.db(), organisation, expected_version, Utc::now())
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    let change = Change::updated(EntityType::Organisation, saved.id, Some(saved.id), &before, &audited(&saved));
    write.record(change).await?;
    let updated = to_dto(&saved)?;
    let data = serde_json::json!({ "organisation": updated });
    notifications::emit(state, write.db(), WebhookEvent::OrganisationUpdated, &saved, data).await?;
    write.commit().await?;
    Ok(updated)
}

pub async fn list_branches(
    state: &AppState,
    principal: &Principal,
    organisation_id: Uuid,
) -> Result<Vec<Branch>, ApiError> {
    let organisation = access::organisation_for(state, principal, OrganisationAction::Read, organisation_id).await?;
    let rows = db::branches::list_for_organisation(&state.db, organisation.id).await?;
    Ok(rows.iter().map(branch_dto).collect())
}

pub async fn create_branch(
    state: &AppState,
    principal: &Principal,
    organisation_id: Uuid,
    request: CreateBranchRequest,
) -> Result<Branch, ApiError> {
    let organisation =
        access::organisation_for(state, principal, OrganisationAction::ManageBranches, organisation_id).await?;
    let name = parse_name(&request.name)?;
    if db::branches::find_by_name(&state.db, organisation.id, &name).await?.is_some() {
        return Err(ApiError::Conflict {
            code: ErrorCode::Conflict,
            detail: "This organisation already has a branch with that name.".to_owned(),
            errors: vec![loket_api_types::FieldError {
                field: "name".to_owned(),
                code: "taken".to_owned(),
                message: "a branch with this name exists".to_owned(),
            }],
        });
    }
    let mut write = Write::begin(state, principal.into()).await?;
    let saved = db::branches::insert(write.db(), organisation.id, name, Utc::now()).await?;
    let change = Change::created(
        EntityType::Branch,
        saved.id,
        Some(organisation.id),
        &Snapshot::new().field("name", &saved.name),
    )
    .in_history_of(EntityType::Organisation, organisation.id);
    write.record(change).await?;
    write.commit().await?;
    Ok(branch_dto(&saved))
}
