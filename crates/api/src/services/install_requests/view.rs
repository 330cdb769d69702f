//! Install requests between their rows and the API's shapes.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use loket_api_types::install_requests::{
    AccountingPackageChoice, Address, Company, Contact, Contacts, InstallEventKind, InstallEventParty, InstallRequest,
    InstallRequestData, InstallRequestEvent, ListedPackage, OtherPackage,
};
use loket_domain::address::Country;
use loket_domain::audit::Snapshot;
use loket_domain::onboarding::InstallStep;
use sea_orm::{ConnectionTrait, DbErr, Set};
use uuid::Uuid;

use crate::db;
use crate::db::entities::install_requests::{ActiveModel, Model};
use crate::db::entities::{install_request_events as events, organisations};
use crate::db::{stored, tz};
use crate::error::ApiError;
use crate::extract::Versioned;

impl Versioned for InstallRequest {
    fn version(&self) -> i64 {
        self.version
    }
}

/// The names the rows refer to: packages and partners, looked up once per answer.
#[derive(Debug, Default)]
pub struct Names {
    packages: HashMap<Uuid, String>,
    partners: HashMap<Uuid, String>,
    /// For the helpdesk: the requests whose KvK number another client or open request has.
    duplicates: Option<HashSet<Uuid>>,
}

impl Names {
    pub async fn load(db: &impl ConnectionTrait, rows: &[Model], staff: bool) -> Result<Self, DbErr> {
        let packages = db::intake_settings::packages(db, true).await?.into_iter().map(|p| (p.id, p.name)).collect();
        let partner_ids: Vec<Uuid> = rows.iter().map(|r| r.partner_id).collect();
        let partners = db::organisations::names(db, &partner_ids).await?;
        let duplicates = if staff { Some(db::install_requests::duplicates(db, rows).await?) } else { None };
        Ok(Self { packages, partners, duplicates })
    }
}

fn step_of(model: &Model) -> Result<InstallStep, DbErr> {
    db::install_requests::step_of(model)
}

/// The data as stored.
pub fn data_of(model: &Model, names: &Names) -> Result<InstallRequestData, DbErr> {
    let country = stored(
        match model.country.as_str() {
            "NL" => Some(Country::Nl),
            "BE" => Some(Country::Be),
            _ => None,
        },
        "install_requests.country",
        &model.country,
    )?;
    let accounting_package = match (model.accounting_package_id, &model.accounting_package_other) {
        (Some(id), _) => AccountingPackageChoice::Listed(ListedPackage { id, name: names.packages.get(&id).cloned() }),
        (None, Some(name)) => AccountingPackageChoice::Other(OtherPackage { name: name.clone() }),
        (None, None) => return Err(DbErr::Custom("an install request names no accounting package".to_owned())),
    };
    let partner_fields = serde_json::from_str(&model.partner_fields)
        .map_err(|e| DbErr::Custom(format!("install_requests.partner_fields: {e}")))?;
    Ok(InstallRequestData {
        company: Company {
            name: model.company_name.clone(),
            coc_number: model.coc_number.clone(),
            vat_number: model.vat_number.clone(),
            address: Address {
                street: model.street.clone(),
                house_number: model.house_number.clone(),
                postcode: model.postcode.clone(),
                city: model.city.clone(),
                country,
            },
        },
        contacts: Contacts {
            general: Contact {
                name: model.general_name.clone(),
                email: model.general_email.clone(),
                phone: model.general_phone.clone(),
            },
            technical: Contact {
                name: model.technical_name.clone(),
                email: model.technical_email.clone(),
                phone: model.technical_phone.clone(),
            },
        },
        accounting_package,
        partner_fields,
        branch_id: model.branch_id,
        remarks: model.remarks.clone(),
    })
}

pub fn to_dto(model: &Model, names: &Names) -> Result<InstallRequest, ApiError> {
    Ok(InstallRequest {
        id: model.id,
        number: model.number.clone(),
        step: step_of(model)?,
        partner_id: model.partner_id,
        partner_name: names.partners.get(&model.partner_id).cloned().unwrap_or_default(),
        data: data_of(model, names)?,
        revision: model.revision,
        filed_by: model.filed_by_name.clone(),
        client_id: model.client_id,
        possible_duplicate: names.duplicates.as_ref().map(|d| d.contains(&model.id)),
        submitted_at: model.submitted_at.with_timezone(&Utc),
        created_at: model.created_at.with_timezone(&Utc),
        updated_at: model.updated_at.with_timezone(&Utc),
        version: model.version,
    })
}

/// The data columns of a row, set from checked data.
pub fn set_data(row: &mut ActiveModel, data: &InstallRequestData) -> Result<(), ApiError> {
    let company = &data.company;
    row.company_name = Set(company.name.clone());
    row.coc_number = Set(company.coc_number.clone());
    row.vat_number = Set(company.vat_number.clone());
    row.street = Set(company.address.street.clone());
    row.house_number = Set(company.address.house_number.clone());
    row.postcode = Set(company.address.postcode.clone());
    row.city = Set(company.address.city.clone());
    row.country = Set(match company.address.country {
        Country::Nl => "NL",
        Country::Be => "BE",
    }
    .to_owned());
    let (general, technical) = (&data.contacts.general, &data.contacts.technical);
    row.general_name = Set(general.name.clone());
    row.general_email = Set(general.email.clone());
    row.general_phone = Set(general.phone.clone());
    row.technical_name = Set(technical.name.clone());
    row.technical_email = Set(technical.email.clone());
    row.technical_phone = Set(technical.phone.clone());
    let (listed, other) = match &data.accounting_package {
        AccountingPackageChoice::Listed(listed) => (Some(listed.id), None),
        AccountingPackageChoice::Other(other) => (None, Some(other.name.clone())),
    };
    row.accounting_package_id = Set(listed);
    row.accounting_package_other = Set(other);
    row.partner_fields = Set(serde_json::to_string(&data.partner_fields).map_err(ApiError::internal)?);
    row.branch_id = Set(data.branch_id);
    row.remarks = Set(data.remarks.clone());
    Ok(())
}

/// The audited fields: the step, the version of the data and what identifies the company.
pub fn audited(model: &Model) -> Snapshot {
    Snapshot::new()
        .field("number", &model.number)
        .field("step", &model.step)
        .field("revision", model.revision)
        .field("company_name", &model.company_name)
        .field("coc_number", &model.coc_number)
        .field("client_id", model.client_id)
}

pub fn event_to_dto(model: &events::Model) -> Result<InstallRequestEvent, ApiError> {
    let kind: InstallEventKind = serde_json::from_value(serde_json::Value::String(model.kind.clone()))
        .map_err(|_| DbErr::Custom(format!("install_request_events.kind holds {:?}", model.kind)))?;
    let party: InstallEventParty = serde_json::from_value(serde_json::Value::String(model.actor_party.clone()))
        .map_err(|_| DbErr::Custom(format!("install_request_events.actor_party holds {:?}", model.actor_party)))?;
    let step = |value: &Option<String>| value.as_deref().and_then(InstallStep::parse);
    let items = match &model.items {
        Some(json) => {
            serde_json::from_str(json).map_err(|e| DbErr::Custom(format!("install_request_events.items: {e}")))?
        }
        None => Vec::new(),
    };
    Ok(InstallRequestEvent {
        id: model.id,
        at: model.at.with_timezone(&Utc),
        kind,
        from_step: step(&model.from_step),
        to_step: step(&model.to_step),
        actor_name: model.actor_name.clone(),
        actor_party: party,
        message: model.message.clone(),
        items,
        revision: model.revision,
        follow_up: match &model.follow_up {
            Some(kind) => Some(
                serde_json::from_value(serde_json::Value::String(kind.clone()))
                    .map_err(|_| DbErr::Custom(format!("install_request_events.follow_up holds {kind:?}")))?,
            ),
            None => None,
        },
        next_check_on: model.next_check_on,
    })
}

/// A stored name of an enum the API writes as a snake_case string.
pub fn wire_name(value: impl serde::Serialize) -> Result<String, ApiError> {
    match serde_json::to_value(value).map_err(ApiError::internal)? {
        serde_json::Value::String(name) => Ok(name),
        other => Err(ApiError::internal(anyhow::anyhow!("{other} is not a name"))),
    }
}

/// A new timeline entry.
pub struct NewEvent<'a> {
    pub kind: InstallEventKind,
    pub from: Option<InstallStep>,
    pub to: Option<InstallStep>,
    pub actor_name: &'a str,
    pub party: InstallEventParty,
    pub message: Option<String>,
    pub items: Vec<String>,
    pub revision: Option<i32>,
}

pub fn event_row(request_id: Uuid, event: NewEvent<'_>, at: DateTime<Utc>) -> Result<events::ActiveModel, ApiError> {
    Ok(events::ActiveModel {
        id: Set(Uuid::now_v7()),
        request_id: Set(request_id),
        at: Set(tz(at)),
        kind: Set(wire_name(event.kind)?),
        from_step: Set(event.from.map(|s| s.as_str().to_owned())),
        to_step: Set(event.to.map(|s| s.as_str().to_owned())),
        actor_name: Set(event.actor_name.chars().take(120).collect()),
        actor_party: Set(wire_name(event.party)?),
        message: Set(event.message),
        items: Set(if event.items.is_empty() {
            None
        } else {
            Some(serde_json::to_string(&event.items).map_err(ApiError::internal)?)
        }),
        revision: Set(event.revision),
        follow_up: Set(None),
        next_check_on: Set(None),
    })
}

/// The partner a request belongs to.
pub async fn partner_of(db: &impl ConnectionTrait, model: &Model) -> Result<organisations::Model, ApiError> {
    db::organisations::find(db, &loket_domain::policy::Visibility::Everything, model.partner_id)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("an install request's partner is missing")))
}
