//! The demo's partner intake: the vendor's list of accounting packages, Noordbank's own
//! request fields, and install requests at several steps (one waiting for review, one
//! returned for what is missing, one resubmitted after a return, one rejected, and one
//! for a company that is a client already, flagged as a possible duplicate), and the
//! case that went furthest (`intake_case`). Made once:
//! when any request exists, no requests are added.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use loket_api_types::install_requests::{
    AccountingPackageChoice, Address, Company, Contact, Contacts, Country, InstallEventKind, InstallEventParty,
    InstallRequestData, ListedPackage, OtherPackage,
};
use loket_domain::OrganisationKind;
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::onboarding::InstallStep;
use sea_orm::{DatabaseConnection, Set};
use uuid::Uuid;

use crate::db;
use crate::db::entities::install_requests;
use crate::services::audit::{self, Author, Change};
use crate::services::install_requests::view::{self, NewEvent};
use crate::services::install_requests::{Filer, insert_filed};

const PACKAGES: [&str; 10] = [
    "Exact Online",
    "Twinfield",
    "AFAS Profit",
    "SnelStart",
    "Visma eAccounting",
    "Yuki",
    "King Finance",
    "Unit4 Multivers",
    "Moneybird",
    "e-Boekhouden.nl",
];

pub(super) fn err(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

async fn seed_packages(db: &DatabaseConnection, author: &Author) -> anyhow::Result<Vec<(String, Uuid)>> {
    if db::intake_settings::packages(db, true).await?.is_empty() {
        for (position, name) in PACKAGES.iter().enumerate() {
            let position = i32::try_from(position * 10).unwrap_or(i32::MAX);
            let saved = db::intake_settings::insert_package(db, (*name).to_owned(), position, Utc::now()).await?;
            let snapshot = Snapshot::new().field("name", &saved.name).field("active", true).field("position", position);
            audit::record(db, author, Change::created(EntityType::AccountingPackage, saved.id, None, &snapshot))
                .await
                .map_err(err)?;
        }
    }
    Ok(db::intake_settings::packages(db, true).await?.into_iter().map(|p| (p.name, p.id)).collect())
}

async fn seed_bank_fields(db: &DatabaseConnection, author: &Author, bank: Uuid) -> anyhow::Result<()> {
    if !db::intake_settings::partner_fields(db, bank).await?.is_empty() {
        return Ok(());
    }
    let fields = vec![
        ("bank_reference".to_owned(), "Referentie Noordbank".to_owned(), "text".to_owned(), true),
        ("credit_limit".to_owned(), "Kredietlimiet (EUR)".to_owned(), "number".to_owned(), false),
    ];
    db::intake_settings::replace_partner_fields(db, bank, &fields).await?;
    let keys: Vec<&str> = fields.iter().map(|f| f.0.as_str()).collect();
    let change = Change::event(AuditAction::Updated, EntityType::PartnerFields, bank, Some(bank))
        .comparing(None, Some(&Snapshot::new().field("fields", keys)))
        .in_history_of(EntityType::Organisation, bank);
    audit::record(db, author, change).await.map_err(err)?;
    Ok(())
}

pub(super) struct Demo {
    pub(super) company: &'static str,
    pub(super) coc: &'static str,
    pub(super) vat: Option<&'static str>,
    pub(super) street: &'static str,
    pub(super) postcode: &'static str,
    pub(super) city: &'static str,
    pub(super) country: Country,
    pub(super) contact: (&'static str, &'static str, &'static str),
    pub(super) technical: (&'static str, &'static str, &'static str),
    pub(super) package: Option<&'static str>,
    pub(super) fields: &'static [(&'static str, &'static str)],
    pub(super) days_ago: i64,
}

pub(super) fn data(demo: &Demo, packages: &[(String, Uuid)], branch: Option<Uuid>) -> InstallRequestData {
    let contact = |(name, email, phone): (&str, &str, &str)| Contact {
        name: name.to_owned(),
        email: email.to_owned(),
        phone: phone.to_owned(),
    };
    let accounting_package = match demo.package.and_then(|name| packages.iter().find(|(n, _)| n == name)) {
        Some((name, id)) => AccountingPackageChoice::Listed(ListedPackage { id: *id, name: Some(name.clone()) }),
        None => AccountingPackageChoice::Other(OtherPackage { name: "Eigen Excel-boekhouding".to_owned() }),
    };
    InstallRequestData {
        company: Company {
            name: demo.company.to_owned(),
            coc_number: demo.coc.to_owned(),
            vat_number: demo.vat.map(str::to_owned),
            address: Address {
                street: demo.street.to_owned(),
                house_number: "1".to_owned(),
                postcode: demo.postcode.to_owned(),
                city: demo.city.to_owned(),
                country: demo.country,
            },
        },
        contacts: Contacts { general: contact(demo.contact), technical: contact(demo.technical) },
        accounting_package,
        partner_fields: demo.fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect::<BTreeMap<_, _>>(),
        branch_id: branch,
        remarks: None,
    }
}

/// Moves a demo request on and writes the move on its timeline.
pub(super) async fn step(
    db: &DatabaseConnection,
    request: &install_requests::Model,
    to: InstallStep,
    event: NewEvent<'_>,
    at: chrono::DateTime<Utc>,
) -> anyhow::Result<install_requests::Model> {
    let changes = install_requests::ActiveModel { step: Set(to.as_str().to_owned()), ..Default::default() };
    let saved = db::install_requests::save(db, request.id, request.version, changes, at)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo request changed while seeding"))?;
    db::install_requests::add_event(db, view::event_row(request.id, event, at).map_err(err)?).await?;
    Ok(saved)
}

pub(super) fn helpdesk(kind: InstallEventKind, from: InstallStep, to: InstallStep) -> NewEvent<'static> {
    NewEvent {
        kind,
        from: Some(from),
        to: Some(to),
        actor_name: "Anna de Helpdesk",
        party: InstallEventParty::Helpdesk,
        message: None,
        items: Vec::new(),
        revision: None,
    }
}

/// Writes a filed demo request on its timeline and in the audit log.
pub(super) async fn filed(
    db: &DatabaseConnection,
    author: &Author,
    request: &install_requests::Model,
    partner_id: Uuid,
    name: &str,
    at: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    let submitted = NewEvent {
        kind: InstallEventKind::Submitted,
        from: None,
        to: Some(InstallStep::Submitted),
        actor_name: name,
        party: InstallEventParty::Partner,
        message: None,
        items: Vec::new(),
        revision: Some(1),
    };
    db::install_requests::add_event(db, view::event_row(request.id, submitted, at).map_err(err)?).await?;
    let change = Change::created(EntityType::InstallRequest, request.id, Some(partner_id), &view::audited(request));
    audit::record(db, author, change).await.map_err(err)?;
    Ok(())
}

/// Files the demo requests; returns how many.
pub async fn seed_intake(db: &DatabaseConnection, author: &Author) -> anyhow::Result<usize> {
    let packages = seed_packages(db, author).await?;
    let partner = |name: &'static str| async move {
        db::organisations::find_by_kind_and_name(db, OrganisationKind::Partner, name)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo partner {name} missing"))
    };
    let bank = partner(super::BANK).await?;
    let accountancy = partner(super::ACCOUNTANCY).await?;
    seed_bank_fields(db, author, bank.id).await?;
    let page =
        db::pagination::PageRequest::<loket_api_types::install_requests::InstallRequestSort>::new(None, None, Some(1))
            .map_err(err)?;
    let scope = loket_domain::policy::InstallRequestScope::Helpdesk;
    let (existing, _) = db::install_requests::list(db, &scope, &Default::default(), &page).await?;
    if !existing.is_empty() {
        return Ok(0);
    }
    let utrecht = db::branches::find_by_name(db, accountancy.id, super::BRANCH_UTRECHT).await?.map(|b| b.id);
    let gent = db::branches::find_by_name(db, accountancy.id, super::BRANCH_GENT).await?.map(|b| b.id);
    let person = |email: &'static str| async move { db::auth_lookup::user_by_email(db, email).await };
    let bank_admin = person("admin@noordbank.example").await?;
    let utrecht_user = person("utrecht@vandijk.example").await?;
    let gent_user = person("gent@vandijk.example").await?;
    let now = Utc::now();
    let demos = [
        Demo {
            company: "Bloemisterij De Tulp",
            coc: "71234560",
            vat: Some("NL812345670B01"),
            street: "Bloemenmarkt",
            postcode: "1012 AB",
            city: "Amsterdam",
            country: Country::Nl,
            contact: ("Fleur de Wit", "fleur@detulp.example", "+31201234567"),
            technical: ("Joris de Wit", "ict@detulp.example", "+31612345670"),
            package: Some("Exact Online"),
            fields: &[("bank_reference", "NB-2026-0412"), ("credit_limit", "25000")],
            days_ago: 1,
        },
        Demo {
            company: "Garage Van Leeuwen",
            coc: "72345671",
            vat: None,
            street: "Industrieweg",
            postcode: "3542 AD",
            city: "Utrecht",
            country: Country::Nl,
            contact: ("Kees van Leeuwen", "kees@garagevanleeuwen.example", "+31302345671"),
            technical: ("Kees van Leeuwen", "kees@garagevanleeuwen.example", "+31612345671"),
            package: Some("SnelStart"),
            fields: &[],
            days_ago: 6,
        },
        Demo {
            company: "Drukkerij Peeters",
            coc: "0456789034",
            vat: Some("BE0456789034"),
            street: "Veldstraat",
            postcode: "9000",
            city: "Gent",
            country: Country::Be,
            contact: ("Lotte Peeters", "lotte@drukkerijpeeters.example", "+3292345678"),
            technical: ("Wout Peeters", "it@drukkerijpeeters.example", "+32470123456"),
            package: None,
            fields: &[],
            days_ago: 9,
        },
        Demo {
            company: "Kaasboerderij De Hoeve",
            coc: "73456782",
            vat: None,
            street: "Polderweg",
            postcode: "2871 AA",
            city: "Schoonhoven",
            country: Country::Nl,
            contact: ("Gerrit Hoeve", "gerrit@dehoeve.example", "+31182345678"),
            technical: ("Gerrit Hoeve", "gerrit@dehoeve.example", "+31612345672"),
            package: Some("Moneybird"),
            fields: &[("bank_reference", "NB-2026-0388")],
            days_ago: 12,
        },
        Demo {
            company: "Bakkerij De Korenschoof (tweede vestiging)",
            coc: "56781234",
            vat: None,
            street: "Oudegracht",
            postcode: "3511 AB",
            city: "Utrecht",
            country: Country::Nl,
            contact: ("Pieter Bakker", "eigenaar@korenschoof.example", "+31301234567"),
            technical: ("Sanne Visser", "it@korenschoof.example", "+31612345673"),
            package: Some("Exact Online"),
            fields: &[("bank_reference", "NB-2026-0420")],
            days_ago: 0,
        },
    ];
    let filers = [
        (&bank, &bank_admin, None),
        (&accountancy, &utrecht_user, utrecht),
        (&accountancy, &gent_user, gent),
        (&bank, &bank_admin, None),
        (&bank, &bank_admin, None),
    ];
    let mut made = Vec::new();
    for (demo, (partner, filer, branch)) in demos.iter().zip(filers) {
        let at = now - Duration::days(demo.days_ago);
        let name = filer.as_ref().map_or("Demo data", |u| u.name.as_str());
        let filer_id = filer.as_ref().map(|u| u.id);
        let request_data = data(demo, &packages, branch);
        let saved =
            insert_filed(db, partner.id, &Filer { name, user_id: filer_id }, &request_data, at).await.map_err(err)?;
        filed(db, author, &saved, partner.id, name, at).await?;
        made.push(saved);
    }
    // Garage Van Leeuwen: returned for what is missing.
    let mut returned = helpdesk(InstallEventKind::Returned, InstallStep::Submitted, InstallStep::Returned);
    returned.items = vec!["BTW-nummer".to_owned(), "Telefoonnummer van de technische contactpersoon".to_owned()];
    returned.message = Some("De technische contactpersoon lijkt dezelfde als de algemene; klopt dat?".to_owned());
    step(db, &made[1], InstallStep::Returned, returned, now - Duration::days(5)).await?;
    // Drukkerij Peeters: returned, amended, waiting again.
    let mut returned = helpdesk(InstallEventKind::Returned, InstallStep::Submitted, InstallStep::Returned);
    returned.items = vec!["BTW-nummer".to_owned()];
    let back = step(db, &made[2], InstallStep::Returned, returned, now - Duration::days(8)).await?;
    let mut amended = data(&demos[2], &packages, gent);
    amended.remarks = Some("BTW-nummer toegevoegd.".to_owned());
    let snapshot = serde_json::to_string(&amended)?;
    db::install_requests::add_revision(db, back.id, 2, snapshot, now - Duration::days(7)).await?;
    let mut changes = install_requests::ActiveModel { revision: Set(2), ..Default::default() };
    view::set_data(&mut changes, &amended).map_err(err)?;
    let back = db::install_requests::save(db, back.id, back.version, changes, now - Duration::days(7))
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo request changed while seeding"))?;
    let resubmitted = NewEvent {
        kind: InstallEventKind::Resubmitted,
        from: Some(InstallStep::Returned),
        to: Some(InstallStep::Submitted),
        actor_name: gent_user.as_ref().map_or("Demo data", |u| u.name.as_str()),
        party: InstallEventParty::Partner,
        message: None,
        items: Vec::new(),
        revision: Some(2),
    };
    step(db, &back, InstallStep::Submitted, resubmitted, now - Duration::days(7)).await?;
    // Kaasboerderij De Hoeve: rejected.
    let mut rejected = helpdesk(InstallEventKind::Rejected, InstallStep::Submitted, InstallStep::Rejected);
    rejected.message = Some("De boerderij stopt per 1 januari; de aanvraag is door de bank ingetrokken.".to_owned());
    step(db, &made[3], InstallStep::Rejected, rejected, now - Duration::days(10)).await?;
    super::intake_case::seed_case_at_contracts(db, author, &bank, &packages, bank_admin.as_ref()).await?;
    Ok(made.len() + 1)
}
