//! The contracts of a case (seed 000 step 5): once the client submitted the questionnaire
//! the helpdesk records a contract for every company that will send data, with the
//! partner that receives it. Terms change only while a contract is a draft; it then goes
//! into force and may end. The case leaves its `contracts` step when every company's
//! contract is in force ([`contracts_complete`]). A taken number, or a second open
//! contract for a company, is refused by the unique indexes (409 on the field, mapped in
//! `error.rs`), so two requests at once cannot both pass.

use chrono::Utc;
use loket_api_types::contracts::{Contract, ContractList, ContractStatus, CreateContract, UpdateContract};
use loket_domain::OrganisationKind;
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::onboarding::InstallStep;
use loket_domain::onboarding::contracts::{
    ContractError, check_change, check_start, contract_number, contracts_complete,
};
use loket_domain::policy::{InstallRequestAction, Visibility};
use loket_domain::registration::CocNumber;
use sea_orm::{ConnectionTrait, Set};
use uuid::Uuid;

use crate::auth::Principal;
use crate::db;
use crate::db::entities::{contracts, install_requests};
use crate::db::tz;
use crate::error::{ApiError, Problems};
use crate::extract::Versioned;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

impl Versioned for Contract {
    fn version(&self) -> i64 {
        self.version
    }
}

/// The steps at which a case's contracts are kept: from the questionnaire's submission
/// until the software is installed.
const CONTRACT_STEPS: [InstallStep; 3] = [InstallStep::Contracts, InstallStep::Instructions, InstallStep::Installing];

fn to_dto(model: &contracts::Model, partner_name: &str) -> Result<Contract, ApiError> {
    Ok(Contract {
        id: model.id,
        request_id: model.request_id,
        number: model.number.clone(),
        company_name: model.company_name.clone(),
        coc_number: model.coc_number.clone(),
        partner_id: model.partner_id,
        partner_name: partner_name.to_owned(),
        start_date: model.start_date,
        status: db::contracts::status_of(model)?,
        created_at: model.created_at.with_timezone(&Utc),
        updated_at: model.updated_at.with_timezone(&Utc),
        version: model.version,
    })
}

fn audited(model: &contracts::Model) -> Snapshot {
    Snapshot::new()
        .field("number", &model.number)
        .field("company_name", &model.company_name)
        .field("coc_number", &model.coc_number)
        .field("partner_id", model.partner_id)
        .field("start_date", model.start_date)
        .field("status", &model.status)
}

async fn dtos(db: &impl ConnectionTrait, rows: &[contracts::Model]) -> Result<Vec<Contract>, ApiError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.partner_id).collect();
    let names = db::organisations::names(db, &ids).await?;
    rows.iter().map(|row| to_dto(row, names.get(&row.partner_id).map_or("", String::as_str))).collect()
}

async fn dto(db: &impl ConnectionTrait, row: &contracts::Model) -> Result<Contract, ApiError> {
    let names = db::organisations::names(db, &[row.partner_id]).await?;
    to_dto(row, names.get(&row.partner_id).map_or("", String::as_str))
}

/// Whether a case's contracts are complete, from its rows.
pub(crate) fn complete(rows: &[contracts::Model]) -> Result<bool, ApiError> {
    let statuses = rows.iter().map(db::contracts::status_of).collect::<Result<Vec<_>, _>>()?;
    Ok(contracts_complete(&statuses))
}

pub async fn list(state: &AppState, principal: &Principal, request_id: Uuid) -> Result<ContractList, ApiError> {
    let request = super::visible(&state.db, principal, request_id, InstallRequestAction::Read).await?;
    let rows = db::contracts::of_request(&state.db, request.id).await?;
    Ok(ContractList { complete: complete(&rows)?, items: dtos(&state.db, &rows).await? })
}

/// The case, for the helpdesk to change its contracts: at a step that keeps them.
async fn case_for_contracts(
    db: &impl ConnectionTrait,
    principal: &Principal,
    request_id: Uuid,
) -> Result<install_requests::Model, ApiError> {
    let request = super::visible(db, principal, request_id, InstallRequestAction::Review).await?;
    let step = db::install_requests::step_of(&request)?;
    if !CONTRACT_STEPS.contains(&step) {
        return Err(ApiError::transition(
            format!(
                "Contracts are recorded once the questionnaire is submitted; this case is at step {}.",
                step.as_str()
            ),
            Vec::new(),
        ));
    }
    Ok(request)
}

fn contract_problem(problems: &mut Problems, error: ContractError) {
    let field = match error {
        ContractError::Number => "number",
        ContractError::StartTooEarly => "start_date",
        ContractError::Transition => "status",
        ContractError::TermsFixed => "status",
    };
    problems.add(field, "invalid", error.to_string());
}

/// Checks the receiving partner: an existing partner organisation.
async fn check_partner(db: &impl ConnectionTrait, problems: &mut Problems, partner_id: Uuid) -> Result<(), ApiError> {
    let partner = db::organisations::find(db, &Visibility::Everything, partner_id).await?;
    if partner.is_none_or(|p| p.kind != OrganisationKind::Partner.as_str()) {
        problems.add("partner_id", "unknown", "no partner has this id");
    }
    Ok(())
}

/// Records a contract (the helpdesk), as a draft or in force at once.
pub async fn create(
    state: &AppState,
    principal: &Principal,
    request_id: Uuid,
    body: CreateContract,
) -> Result<Contract, ApiError> {
    let mut write = Write::begin(state, principal.into()).await?;
    let request = case_for_contracts(write.db(), principal, request_id).await?;
    let today = Utc::now().date_naive();
    let mut problems = Problems::default();
    let number = contract_number(&body.number).map_err(|e| contract_problem(&mut problems, e)).ok();
    let company_name = body.company_name.trim().to_owned();
    if company_name.is_empty() {
        problems.add("company_name", "required", "give the company's name");
    }
    let coc = problems.take("coc_number", "coc_number", CocNumber::parse(&body.coc_number).map(Some), None);
    if let Err(e) = check_start(body.start_date, today) {
        contract_problem(&mut problems, e);
    }
    let status = body.status.unwrap_or(ContractStatus::Draft);
    if status == ContractStatus::Ended {
        problems.add("status", "invalid", "a new contract is a draft or in force");
    }
    let partner_id = body.partner_id.unwrap_or(request.partner_id);
    check_partner(write.db(), &mut problems, partner_id).await?;
    problems.check()?;
    let (Some(number), Some(coc)) = (number, coc) else {
        return Err(ApiError::internal(anyhow::anyhow!("checked contract terms went missing")));
    };
    let now = Utc::now();
    let saved = db::contracts::insert(
        write.db(),
        contracts::ActiveModel {
            id: Set(Uuid::now_v7()),
            request_id: Set(request.id),
            number: Set(number),
            company_name: Set(company_name),
            coc_number: Set(coc.into_inner()),
            partner_id: Set(partner_id),
            start_date: Set(body.start_date),
            status: Set(status.as_str().to_owned()),
            created_at: Set(tz(now)),
            updated_at: Set(tz(now)),
            version: Set(1),
        },
    )
    .await?;
    let change = Change::created(EntityType::Contract, saved.id, request.client_id, &audited(&saved))
        .in_history_of(EntityType::InstallRequest, request.id);
    write.record(change).await?;
    let answer = dto(write.db(), &saved).await?;
    write.commit().await?;
    Ok(answer)
}

/// Changes a contract under `If-Match`: its terms while a draft, its status forward.
pub async fn update(
    state: &AppState,
    principal: &Principal,
    request_id: Uuid,
    contract_id: Uuid,
    expected: i64,
    body: UpdateContract,
) -> Result<Contract, ApiError> {
    let mut write = Write::begin(state, principal.into()).await?;
    let request = case_for_contracts(write.db(), principal, request_id).await?;
    let current = db::contracts::find(write.db(), request.id, contract_id).await?.ok_or(ApiError::NotFound)?;
    if current.version != expected {
        let now = dto(write.db(), &current).await?;
        return Err(ApiError::Stale(Box::new(serde_json::to_value(now).map_err(ApiError::internal)?)));
    }
    let mut problems = Problems::default();
    let mut after = current.clone();
    let mut changes = contracts::ActiveModel::default();
    if let Some(raw) = &body.number {
        match contract_number(raw) {
            Ok(number) if number != current.number => {
                after.number = number.clone();
                changes.number = Set(number);
            }
            Ok(_) => {}
            Err(e) => contract_problem(&mut problems, e),
        }
    }
    if let Some(raw) = &body.company_name {
        let name = raw.trim();
        if name.is_empty() {
            problems.add("company_name", "required", "give the company's name");
        } else if name != current.company_name {
            after.company_name = name.to_owned();
            changes.company_name = Set(name.to_owned());
        }
    }
    if let Some(raw) = &body.coc_number {
        match CocNumber::parse(raw) {
            Ok(coc) if coc.as_str() != current.coc_number => {
                after.coc_number = coc.as_str().to_owned();
                changes.coc_number = Set(coc.into_inner());
            }
            Ok(_) => {}
            Err(e) => problems.add("coc_number", "coc_number", e.to_string()),
        }
    }
    if let Some(partner_id) = body.partner_id.filter(|p| *p != current.partner_id) {
        check_partner(write.db(), &mut problems, partner_id).await?;
        after.partner_id = partner_id;
        changes.partner_id = Set(partner_id);
    }
    if let Some(start) = body.start_date.filter(|s| *s != current.start_date) {
        if let Err(e) = check_start(start, Utc::now().date_naive()) {
            contract_problem(&mut problems, e);
        }
        after.start_date = start;
        changes.start_date = Set(start);
    }
    let terms_change = after.number != current.number
        || after.company_name != current.company_name
        || after.coc_number != current.coc_number
        || after.partner_id != current.partner_id
        || after.start_date != current.start_date;
    let from = db::contracts::status_of(&current)?;
    match check_change(from, body.status, terms_change) {
        Ok(to) if to != from => {
            after.status = to.as_str().to_owned();
            changes.status = Set(to.as_str().to_owned());
        }
        Ok(_) => {}
        Err(e) => contract_problem(&mut problems, e),
    }
    problems.check()?;
    let change =
        Change::updated(EntityType::Contract, current.id, request.client_id, &audited(&current), &audited(&after))
            .in_history_of(EntityType::InstallRequest, request.id);
    if change.is_empty() {
        return dto(write.db(), &current).await;
    }
    let saved = db::contracts::save(write.db(), current.id, expected, changes, Utc::now())
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    let change = if after.status != current.status && after.status == ContractStatus::Ended.as_str() {
        change.with_action(AuditAction::Deactivated)
    } else {
        change
    };
    write.record(change).await?;
    let answer = dto(write.db(), &saved).await?;
    write.commit().await?;
    Ok(answer)
}
