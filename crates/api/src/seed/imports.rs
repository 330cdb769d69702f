//! The demo's client import: Van Dijk & Peeters brought in its two clients with an
//! earlier import (their numbers and addresses are its records), and uploaded a new list
//! that the worker checks once the server runs — one update, two new clients, and rows
//! with the usual mistakes to look at in the preview and the error report. The earlier
//! import also brought in a hairdresser nobody uses Loket for yet: the firm's first
//! candidate for a first user. Made once: when the firm has any import, nothing.

use chrono::{Duration, Utc};
use loket_domain::OrganisationKind;
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::clients::ImportStatus;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::intake::err;
use crate::adapters::files::FileStore;
use crate::db;
use crate::db::entities::{client_imports, client_records};
use crate::db::organisations::{ClientProfile, NewOrganisation};
use crate::services::audit::{self, Author, Change};

const FIRM: &str = "Van Dijk & Peeters Accountants";
const UPLOADER: &str = "admin@vandijk.example";

/// The firm's earlier import: (client, number, street, house number, postcode, city, country).
const KNOWN: [(&str, &str, &str, &str, &str, &str, &str); 2] = [
    ("Fietsenmakerij Jansen", "VD-1001", "Oudegracht", "120", "3511 AX", "Utrecht", "NL"),
    ("Brouwerij Het Anker BV", "VD-1002", "Grote Markt", "1", "9000", "Gent", "BE"),
];

/// The client of the earlier import that has no users yet: (name, number, KvK, contact,
/// e-mail, phone).
const AWAITING_USER: (&str, &str, &str, &str, &str, &str) =
    ("Kapsalon Knip", "VD-1000", "51234987", "Karin Knip", "karin@kapsalonknip.example", "+31301234321");

/// The new list, as the firm's CRM exported it into the template.
const NEW_LIST: &str = "Relatienummer;Naam;KvK-nummer;Btw-nummer;Straat;Huisnummer;Postcode;Plaats;Land;E-mailadres;Telefoon;Contactpersoon\r\n\
VD-1001;Fietsenmakerij Jansen;61234567;;Oudegracht;122;3511 AX;Utrecht;NL;info@fietsenjansen.example;030 123 4567;Jan Jansen\r\n\
VD-1003;Bloemenhuis Flora;12398745;NL123987450B01;Lange Nieuwstraat;8;3512 PA;Utrecht;NL;info@flora.example;;Flora de Wit\r\n\
VD-1004;Garage Van Loon;8765432;;Industrieweg;14;3542 AD;Utrecht;NL;garage@vanloon;;\r\n\
VD-1005;Café De Zwaan;45612378;;Markt;3;9000;Gent;België;;+32 9 123 45 67;\r\n\
VD-1003;Bloemenhuis Flora (tweede keer);;;;;;;;;;\r\n\
VD-1006;Drukkerij Pers & Co;34567812;;Havenstraat;20;1234 AB;Amsterdam;NL;post@pers.example;020 765 4321;Piet Pers\r\n";

fn import_row(id: Uuid, owner: Uuid, by: Uuid, name: &str, status: ImportStatus, rows: i32) -> client_imports::Model {
    let when = Utc::now() - Duration::days(if status == ImportStatus::Committed { 60 } else { 0 });
    client_imports::Model {
        id,
        owner_id: owner,
        created_by: by,
        committed_by: (status == ImportStatus::Committed).then_some(by),
        file_name: name.to_owned(),
        file_key: format!("client-imports/{owner}/{id}.csv"),
        format: "csv".to_owned(),
        status: status.as_str().to_owned(),
        total_rows: rows,
        processed_rows: if status == ImportStatus::Committed { rows } else { 0 },
        valid_rows: if status == ImportStatus::Committed { rows } else { 0 },
        error_rows: 0,
        new_rows: if status == ImportStatus::Committed { rows } else { 0 },
        update_rows: 0,
        selection: None,
        group_id: None,
        created_count: if status == ImportStatus::Committed { rows } else { 0 },
        updated_count: 0,
        failure: None,
        attempts: 0,
        lease_until: None,
        created_at: when.into(),
        updated_at: when.into(),
        committed_at: (status == ImportStatus::Committed).then(|| when.into()),
    }
}

/// Seeds the firm's imports; how many it made.
pub async fn seed_imports(db: &DatabaseConnection, files: &FileStore, author: &Author) -> anyhow::Result<usize> {
    let firm = db::organisations::find_by_kind_and_name(db, OrganisationKind::Partner, FIRM)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo firm {FIRM} missing"))?;
    if !db::client_imports::list(db, firm.id, 1).await?.is_empty() {
        return Ok(0);
    }
    let uploader = db::auth_lookup::user_by_email(db, UPLOADER)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo user {UPLOADER} missing"))?;
    let record = |import: &client_imports::Model| {
        Snapshot::new().field("file_name", &import.file_name).field("status", &import.status)
    };

    let earlier = import_row(Uuid::now_v7(), firm.id, uploader.id, "clienten-2026.csv", ImportStatus::Committed, 3);
    db::client_imports::insert(db, earlier.clone()).await?;
    audit::record(db, author, Change::created(EntityType::ClientImport, earlier.id, Some(firm.id), &record(&earlier)))
        .await
        .map_err(err)?;
    let mut records = Vec::new();
    for (client, number, street, house_number, postcode, city, country) in KNOWN {
        let client = db::organisations::find_by_kind_and_name(db, OrganisationKind::Client, client)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo client {client} missing"))?;
        records.push(client_records::Model {
            client_id: client.id,
            partner_id: firm.id,
            external_id: number.to_owned(),
            external_key: number.to_lowercase(),
            street: Some(street.to_owned()),
            house_number: Some(house_number.to_owned()),
            postcode: Some(postcode.to_owned()),
            city: Some(city.to_owned()),
            country: country.to_owned(),
            email: None,
            phone: None,
            contact_name: None,
            group_id: None,
            import_id: Some(earlier.id),
            updated_at: earlier.committed_at.unwrap_or(earlier.created_at),
        });
    }
    let (name, number, coc, contact, email, phone) = AWAITING_USER;
    let new = NewOrganisation {
        id: Uuid::now_v7(),
        kind: OrganisationKind::Client,
        name: name.to_owned(),
        partner_kind: None,
        coc_number: Some(coc.to_owned()),
        vat_number: None,
        managing_partner_id: Some(firm.id),
        branch_id: None,
        profile: ClientProfile::default(),
    };
    let hairdresser = db::organisations::insert(db, new, Utc::now()).await?;
    let snapshot = Snapshot::new().field("name", &hairdresser.name).field("external_id", number);
    let change = Change::created(EntityType::Organisation, hairdresser.id, Some(hairdresser.id), &snapshot);
    audit::record(db, author, change).await.map_err(err)?;
    records.push(client_records::Model {
        client_id: hairdresser.id,
        partner_id: firm.id,
        external_id: number.to_owned(),
        external_key: number.to_lowercase(),
        street: Some("Twijnstraat".to_owned()),
        house_number: Some("41".to_owned()),
        postcode: Some("3511 ZK".to_owned()),
        city: Some("Utrecht".to_owned()),
        country: "NL".to_owned(),
        email: Some(email.to_owned()),
        phone: Some(phone.to_owned()),
        contact_name: Some(contact.to_owned()),
        group_id: None,
        import_id: Some(earlier.id),
        updated_at: earlier.committed_at.unwrap_or(earlier.created_at),
    });
    db::client_imports::insert_records(db, records).await?;

    // The new list waits for the worker, as an upload does.
    let waiting =
        import_row(Uuid::now_v7(), firm.id, uploader.id, "nieuwe-clienten-december.csv", ImportStatus::Queued, 6);
    let mut stored = files.writer(&waiting.file_key).await?;
    stored.write(NEW_LIST.as_bytes()).await?;
    stored.finish().await?;
    db::client_imports::insert(db, waiting.clone()).await?;
    audit::record(db, author, Change::created(EntityType::ClientImport, waiting.id, Some(firm.id), &record(&waiting)))
        .await
        .map_err(err)?;
    Ok(2)
}
