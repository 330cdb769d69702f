//! The demo's stalled installation: Van Dijk's Utrecht office asked four weeks ago to
//! install for Fietsenmakerij Jansen; the case went through review, questionnaire and
//! contract, the instructions went out eleven days ago and the software registered, but
//! its uploads fail (the accounting package refuses the link), so the case is on the
//! helpdesk's stalled list with its last heartbeat and error.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use loket_api_types::install_requests::{Country, InstallEventKind, InstallEventParty};
use loket_domain::OrganisationKind;
use loket_domain::onboarding::InstallStep;
use loket_domain::onboarding::contracts::ContractStatus;
use loket_domain::onboarding::questionnaire::{Answer, PersonAnswer, SoftwareRole};
use loket_domain::onboarding::releases::DOWNLOAD_LINK_DAYS;
use sea_orm::{DatabaseConnection, Set};
use uuid::Uuid;

use super::intake::{Demo, data, err, helpdesk, step};
use super::intake_case::{Answered, DemoContract, accept_and_answer, record_contract};
use crate::db;
use crate::db::entities::installations;
use crate::db::tz;
use crate::services::audit::Author;
use crate::services::install_requests::{Filer, insert_filed};

const SHOP: Demo = Demo {
    company: "Fietsenmakerij Jansen",
    coc: "61234567",
    vat: None,
    street: "Twijnstraat",
    postcode: "3511 ZK",
    city: "Utrecht",
    country: Country::Nl,
    contact: ("Henk Jansen", "henk@fietsenmakerijjansen.example", "+31302233445"),
    technical: ("Bram Jansen", "bram@fietsenmakerijjansen.example", "+31612233445"),
    package: Some("SnelStart"),
    fields: &[],
    days_ago: 28,
};

/// Seeds the case when the demo's client and release exist and no case has its number.
pub async fn seed_stalled_case(db: &DatabaseConnection, author: &Author) -> anyhow::Result<bool> {
    let Some(client) = db::organisations::find_by_kind_and_name(db, OrganisationKind::Client, SHOP.company).await?
    else {
        return Ok(false);
    };
    let Some(accountancy) = client.managing_partner_id else { return Ok(false) };
    let products = db::releases::products(db).await?;
    let releases = db::releases::releases_of(db, &products.iter().map(|p| p.id).collect::<Vec<_>>()).await?;
    let Some(release) = releases.iter().max_by_key(|r| r.released_on) else { return Ok(false) };
    let packages: Vec<(String, Uuid)> =
        db::intake_settings::packages(db, true).await?.into_iter().map(|p| (p.name, p.id)).collect();
    let utrecht = db::branches::find_by_name(db, accountancy, super::BRANCH_UTRECHT).await?.map(|b| b.id);
    let filer_user = db::auth_lookup::user_by_email(db, "utrecht@vandijk.example").await?;
    let name = filer_user.as_ref().map_or("Demo data", |u| u.name.as_str());

    let now = Utc::now();
    let filed_at = now - Duration::days(SHOP.days_ago);
    let filer = Filer { name, user_id: filer_user.as_ref().map(|u| u.id) };
    let request =
        insert_filed(db, accountancy, &filer, &data(&SHOP, &packages, utrecht), filed_at).await.map_err(err)?;
    super::intake::filed(db, author, &request, accountancy, name, filed_at).await?;

    let accepted_at = filed_at + Duration::days(1);
    let submitted_at = accepted_at + Duration::days(6);
    let owner = PersonAnswer {
        name: SHOP.contact.0.to_owned(),
        email: SHOP.contact.1.to_owned(),
        phone: SHOP.contact.2.to_owned(),
        role: SoftwareRole::Administrator,
    };
    let answers = BTreeMap::from([
        ("people".to_owned(), Answer::Persons(vec![owner])),
        ("administrations".to_owned(), Answer::Text("1".to_owned())),
        ("fiscal_year_start".to_owned(), Answer::Text("2027-01-01".to_owned())),
        ("server_hosted".to_owned(), Answer::YesNo(false)),
    ]);
    let answered = Answered { at: submitted_at, by: SHOP.contact.0, answers };
    let request = accept_and_answer(db, &request, client.id, accepted_at, answered).await?;

    let recorded_at = submitted_at + Duration::days(2);
    let contract = DemoContract {
        number: "CT-2026-0288",
        company: SHOP.company,
        coc: SHOP.coc,
        status: ContractStatus::Active,
        partner_id: accountancy,
        at: recorded_at,
    };
    record_contract(db, author, &request, client.id, contract).await?;

    // The instructions, eleven days ago; the software registered the next day.
    let sent_at = now - Duration::days(11);
    let expires = sent_at + Duration::days(DOWNLOAD_LINK_DAYS);
    db::releases::insert_link(db, release.id, Some(request.id), expires, sent_at).await?;
    let mut sent = helpdesk(InstallEventKind::InstructionsSent, InstallStep::Contracts, InstallStep::Instructions);
    sent.message = Some(format!("{} {}", release.file_name, release.release_version));
    let request = step(db, &request, InstallStep::Instructions, sent, sent_at).await?;
    let registered_at = sent_at + Duration::days(1);
    let mut registered =
        helpdesk(InstallEventKind::InstallationRegistered, InstallStep::Instructions, InstallStep::Installing);
    registered.actor_name = "JANSEN-PC01";
    registered.party = InstallEventParty::Software;
    let request = step(db, &request, InstallStep::Installing, registered, registered_at).await?;
    let installation = db::installations::insert(
        db,
        installations::ActiveModel {
            id: Set(Uuid::now_v7()),
            request_id: Set(request.id),
            // Not a key anyone holds: the demo's software never calls in.
            key_hash: Set(crate::auth::tokens::hex(Uuid::now_v7().as_bytes())),
            key_prefix: Set("lki_demo".to_owned()),
            machine_name: Set("JANSEN-PC01".to_owned()),
            software_version: Set(release.release_version.clone()),
            last_heartbeat_at: Set(None),
            last_upload_at: Set(None),
            last_upload_succeeded: Set(None),
            last_upload_error: Set(None),
            first_success_at: Set(None),
            revoked_at: Set(None),
            created_at: Set(tz(registered_at)),
        },
    )
    .await?;
    for days_ago in [9, 5, 1] {
        let error = "SnelStart weigert de koppeling (401): de koppelsleutel is verlopen.".to_owned();
        db::installations::record_upload(db, &installation, false, 0, 0, Some(error), now - Duration::days(days_ago))
            .await?;
    }
    db::installations::heartbeat(db, installation.id, None, now - Duration::hours(3)).await?;
    Ok(true)
}
