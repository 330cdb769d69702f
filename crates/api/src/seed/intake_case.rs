//! The demo case that went furthest: Noordbank asked a month ago to install for Bakkerij
//! De Korenschoof (the demo's client), the helpdesk accepted, the bakery submitted its
//! questionnaire, and the helpdesk is recording the contracts: the bakery's is in force,
//! its holding's still a draft, so the case waits at its contracts.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use loket_api_types::install_requests::{Country, InstallEventKind, InstallEventParty};
use loket_domain::OrganisationKind;
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::onboarding::InstallStep;
use loket_domain::onboarding::contracts::ContractStatus;
use loket_domain::onboarding::questionnaire::{Answer, PersonAnswer, SoftwareRole};
use sea_orm::{DatabaseConnection, Set};
use uuid::Uuid;

use super::intake::{Demo, data, err, helpdesk, step};
use crate::db;
use crate::db::entities::{contracts, organisations, questionnaire_answers, users};
use crate::db::tz;
use crate::services::audit::{self, Author, Change};
use crate::services::install_requests::{Filer, insert_filed};

const BAKERY: Demo = Demo {
    company: "Bakkerij De Korenschoof B.V.",
    coc: "56781234",
    vat: Some("NL856781234B01"),
    street: "Oudegracht",
    postcode: "3511 AB",
    city: "Utrecht",
    country: Country::Nl,
    contact: ("Pieter Bakker", "eigenaar@korenschoof.example", "+31301234567"),
    technical: ("Sanne Visser", "it@korenschoof.example", "+31612345673"),
    package: Some("Exact Online"),
    fields: &[("bank_reference", "NB-2026-0301"), ("credit_limit", "50000")],
    days_ago: 30,
};

fn answers() -> BTreeMap<String, Answer> {
    let person = |name: &str, email: &str, phone: &str, role| PersonAnswer {
        name: name.to_owned(),
        email: email.to_owned(),
        phone: phone.to_owned(),
        role,
    };
    BTreeMap::from([
        (
            "people".to_owned(),
            Answer::Persons(vec![
                person("Pieter Bakker", "eigenaar@korenschoof.example", "+31301234567", SoftwareRole::Administrator),
                person("Sanne Visser", "it@korenschoof.example", "+31612345673", SoftwareRole::User),
            ]),
        ),
        ("administrations".to_owned(), Answer::Text("2-5".to_owned())),
        ("fiscal_year_start".to_owned(), Answer::Text("2027-01-01".to_owned())),
        ("package_version".to_owned(), Answer::Text("Exact Online Plus".to_owned())),
        ("server_hosted".to_owned(), Answer::YesNo(false)),
    ])
}

pub(super) async fn seed_case_at_contracts(
    db: &DatabaseConnection,
    author: &Author,
    bank: &organisations::Model,
    packages: &[(String, Uuid)],
    bank_admin: Option<&users::Model>,
) -> anyhow::Result<()> {
    let Some(client) = db::organisations::find_by_kind_and_name(db, OrganisationKind::Client, BAKERY.company).await?
    else {
        return Ok(());
    };
    let now = Utc::now();
    let filed_at = now - Duration::days(BAKERY.days_ago);
    let name = bank_admin.map_or("Demo data", |u| u.name.as_str());
    let filer = Filer { name, user_id: bank_admin.map(|u| u.id) };
    let request = insert_filed(db, bank.id, &filer, &data(&BAKERY, packages, None), filed_at).await.map_err(err)?;
    super::intake::filed(db, author, &request, bank.id, name, filed_at).await?;

    // Accepted two days later (the client is the demo's bakery); the questionnaire
    // submitted by the owner a week after that.
    let accepted_at = filed_at + Duration::days(2);
    let submitted_at = accepted_at + Duration::days(7);
    let answered = Answered { at: submitted_at, by: "Pieter Bakker", answers: answers() };
    let request = accept_and_answer(db, &request, client.id, accepted_at, answered).await?;

    // The contracts so far.
    let recorded_at = submitted_at + Duration::days(3);
    let terms = [
        ("CT-2026-0301", BAKERY.company, BAKERY.coc, ContractStatus::Active),
        ("CT-2026-0302", "Korenschoof Holding B.V.", "56781235", ContractStatus::Draft),
    ];
    for (number, company, coc, status) in terms {
        let contract = DemoContract { number, company, coc, status, partner_id: bank.id, at: recorded_at };
        record_contract(db, author, &request, client.id, contract).await?;
    }
    Ok(())
}

/// A demo contract of a case.
pub(super) struct DemoContract<'a> {
    pub number: &'a str,
    pub company: &'a str,
    pub coc: &'a str,
    pub status: ContractStatus,
    pub partner_id: Uuid,
    pub at: chrono::DateTime<Utc>,
}

/// Records a demo contract, in the audit log under the case.
pub(super) async fn record_contract(
    db: &DatabaseConnection,
    author: &Author,
    request: &crate::db::entities::install_requests::Model,
    client_id: Uuid,
    contract: DemoContract<'_>,
) -> anyhow::Result<()> {
    let DemoContract { number, company, coc, status, partner_id, at } = contract;
    let saved = db::contracts::insert(
        db,
        contracts::ActiveModel {
            id: Set(Uuid::now_v7()),
            request_id: Set(request.id),
            number: Set(number.to_owned()),
            company_name: Set(company.to_owned()),
            coc_number: Set(coc.to_owned()),
            partner_id: Set(partner_id),
            start_date: Set((at + Duration::days(14)).date_naive()),
            status: Set(status.as_str().to_owned()),
            created_at: Set(tz(at)),
            updated_at: Set(tz(at)),
            version: Set(1),
        },
    )
    .await?;
    let snapshot = Snapshot::new().field("number", number).field("status", status.as_str());
    let change = Change::created(EntityType::Contract, saved.id, Some(client_id), &snapshot)
        .in_history_of(EntityType::InstallRequest, request.id);
    audit::record(db, author, change).await.map_err(err)?;
    Ok(())
}

/// A demo client's submitted questionnaire.
pub(super) struct Answered<'a> {
    pub at: chrono::DateTime<Utc>,
    pub by: &'a str,
    pub answers: BTreeMap<String, Answer>,
}

/// Accepts a demo request for `client_id` at `accepted_at` and submits its questionnaire
/// (the standard version) as `answered`: the case waits at its contracts.
pub(super) async fn accept_and_answer(
    db: &DatabaseConnection,
    request: &crate::db::entities::install_requests::Model,
    client_id: Uuid,
    accepted_at: chrono::DateTime<Utc>,
    answered: Answered<'_>,
) -> anyhow::Result<crate::db::entities::install_requests::Model> {
    let changes =
        crate::db::entities::install_requests::ActiveModel { client_id: Set(Some(client_id)), ..Default::default() };
    let request = db::install_requests::save(db, request.id, request.version, changes, accepted_at)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo request changed while seeding"))?;
    let accepted = helpdesk(InstallEventKind::Accepted, InstallStep::Submitted, InstallStep::Questionnaire);
    let request = step(db, &request, InstallStep::Questionnaire, accepted, accepted_at).await?;
    db::questionnaires::start(db, request.id, 0, accepted_at).await?;
    let changes = questionnaire_answers::ActiveModel {
        answers: Set(serde_json::to_string(&answered.answers)?),
        status: Set("submitted".to_owned()),
        saved_at: Set(Some(tz(answered.at))),
        saved_by_name: Set(Some(answered.by.to_owned())),
        submitted_at: Set(Some(tz(answered.at))),
        ..Default::default()
    };
    db::questionnaires::save_answers(db, request.id, 1, changes, answered.at).await?;
    let mut submitted =
        helpdesk(InstallEventKind::QuestionnaireSubmitted, InstallStep::Questionnaire, InstallStep::Contracts);
    submitted.actor_name = answered.by;
    submitted.party = InstallEventParty::Client;
    step(db, &request, InstallStep::Contracts, submitted, answered.at).await
}
