//! An install request's data checked field by field (every problem at once, each named by
//! its JSON path) and written in one form: registration numbers compact, the postcode as
//! the post office writes it, phone numbers in E.164, partner fields per their type.

use std::collections::BTreeMap;

use loket_api_types::install_requests::{
    AccountingPackageChoice, Address, Company, Contact, Contacts, InstallRequestData, ListedPackage, OtherPackage,
};
use loket_domain::address::Postcode;
use loket_domain::onboarding::partner_fields::{FieldDefinition, FieldType, check_values};
use loket_domain::policy::{Actor, ActorKind};
use loket_domain::registration::{CocNumber, VatNumber, check_country};
use loket_domain::{EmailAddress, PersonName, PhoneNumber};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::db;
use crate::error::{ApiError, Problems};

fn text(problems: &mut Problems, field: &str, raw: &str) -> String {
    let value = raw.trim();
    if value.is_empty() {
        problems.add(field, "required", "this field is required");
    }
    value.to_owned()
}

fn contact(problems: &mut Problems, path: &str, raw: &Contact) -> Contact {
    let name = problems.take(
        &format!("{path}.name"),
        "name",
        PersonName::parse(&raw.name).map(PersonName::into_inner),
        raw.name.clone(),
    );
    let email = problems.take(
        &format!("{path}.email"),
        "email",
        EmailAddress::parse(&raw.email).map(EmailAddress::into_inner),
        raw.email.clone(),
    );
    let phone = problems.take(
        &format!("{path}.phone"),
        "phone",
        PhoneNumber::parse(&raw.phone).map(PhoneNumber::into_inner),
        raw.phone.clone(),
    );
    Contact { name, email, phone }
}

fn company(problems: &mut Problems, raw: &Company) -> Company {
    let country = raw.address.country;
    let name = text(problems, "company.name", &raw.name);
    let coc = CocNumber::parse(&raw.coc_number);
    let vat = raw.vat_number.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(VatNumber::parse).transpose();
    match (&coc, &vat) {
        (Ok(coc), Ok(vat)) => {
            if let Err(mismatch) = check_country(country, coc, vat.as_ref()) {
                problems.add(format!("company.{}", mismatch.field()), "country", mismatch.to_string());
            }
        }
        _ => {
            if let Err(e) = &coc {
                problems.add("company.coc_number", "coc_number", e.to_string());
            }
            if let Err(e) = &vat {
                problems.add("company.vat_number", "vat_number", e.to_string());
            }
        }
    }
    let postcode = problems.take(
        "company.address.postcode",
        "postcode",
        Postcode::parse(country, &raw.address.postcode).map(|p| p.to_string()),
        raw.address.postcode.clone(),
    );
    Company {
        name,
        coc_number: coc.map(CocNumber::into_inner).unwrap_or_else(|_| raw.coc_number.clone()),
        vat_number: vat.ok().flatten().map(VatNumber::into_inner),
        address: Address {
            street: text(problems, "company.address.street", &raw.address.street),
            house_number: text(problems, "company.address.house_number", &raw.address.house_number),
            postcode,
            city: text(problems, "company.address.city", &raw.address.city),
            country,
        },
    }
}

/// The partner's field definitions as the domain reads them.
pub async fn definitions(db: &impl ConnectionTrait, partner_id: Uuid) -> Result<Vec<FieldDefinition>, ApiError> {
    let rows = db::intake_settings::partner_fields(db, partner_id).await?;
    rows.into_iter()
        .map(|row| {
            let field_type =
                db::stored(FieldType::parse(&row.field_type), "partner_fields.field_type", &row.field_type)?;
            Ok(FieldDefinition { key: row.key, label: row.label, field_type, required: row.required })
        })
        .collect()
}

/// Checks `raw` as filed by `actor` for `partner_id`: every field, the package against
/// the vendor's list, the partner's own fields against their definitions and the branch
/// against the partner's (and a branch-limited user's own). Returns the data in its
/// written form, or 422 with every problem.
pub async fn check(
    db: &impl ConnectionTrait,
    actor: &Actor,
    partner_id: Uuid,
    raw: &InstallRequestData,
) -> Result<InstallRequestData, ApiError> {
    let mut problems = Problems::default();
    let company = company(&mut problems, &raw.company);
    let contacts = Contacts {
        general: contact(&mut problems, "contacts.general", &raw.contacts.general),
        technical: contact(&mut problems, "contacts.technical", &raw.contacts.technical),
    };
    let accounting_package = match &raw.accounting_package {
        AccountingPackageChoice::Listed(listed) => match db::intake_settings::package(db, listed.id).await? {
            Some(package) if package.active => {
                AccountingPackageChoice::Listed(ListedPackage { id: package.id, name: Some(package.name) })
            }
            _ => {
                problems.add("accounting_package.id", "unknown_package", "choose a package of the list, or other");
                raw.accounting_package.clone()
            }
        },
        AccountingPackageChoice::Other(other) => AccountingPackageChoice::Other(OtherPackage {
            name: text(&mut problems, "accounting_package.name", &other.name),
        }),
    };
    let definitions = definitions(db, partner_id).await?;
    let partner_fields = match check_values(&definitions, &raw.partner_fields) {
        Ok(written) => written,
        Err(refused) => {
            for (key, problem) in refused {
                problems.add(format!("partner_fields.{key}"), problem.code(), problem.to_string());
            }
            BTreeMap::new()
        }
    };
    if let Some(branch) = raw.branch_id {
        let own = db::branches::find_in_organisation(db, partner_id, branch).await?.is_some();
        let allowed = match &actor.kind {
            ActorKind::User { branch_ids, .. } => branch_ids.is_empty() || branch_ids.contains(&branch),
            ActorKind::ApiKey { .. } => true,
        };
        if !own || !allowed {
            problems.add("branch_id", "unknown_branch", "choose one of your organisation's branches");
        }
    }
    let remarks = raw.remarks.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    if !problems.0.is_empty() {
        return Err(ApiError::Validation(problems.0));
    }
    Ok(InstallRequestData {
        company,
        contacts,
        accounting_package,
        partner_fields,
        // A user of one branch files for that branch unless they name one.
        branch_id: raw.branch_id.or_else(|| match &actor.kind {
            ActorKind::User { branch_ids, .. } if branch_ids.len() == 1 => branch_ids.first().copied(),
            _ => None,
        }),
        remarks,
    })
}
