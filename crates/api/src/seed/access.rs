//! Demo requests for access: one for Korenschoof waiting for its superuser
//! (eigenaar@korenschoof.example), and one with a number that matches no client, waiting
//! for the helpdesk. Made once: when any request exists, nothing is added.

use chrono::{Duration, Utc};
use loket_domain::access::Approvers;
use loket_domain::audit::{AuditAction, EntityType};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::db;
use crate::db::access_requests::NewAccessRequest;
use crate::db::entities::access_requests;
use crate::services::audit::{self, Author, Change};

/// (customer number, the client it belongs to, e-mail, name, hours ago).
const REQUESTS: &[(&str, Option<&str>, &str, &str, i64)] = &[
    ("KS-10234", Some("Bakkerij De Korenschoof B.V."), "joost@korenschoof.example", "Joost Akkerman", 3),
    ("KS-10243", None, "m.peeters@onbekend.example", "Mila Peeters", 26),
];

/// Files the demo requests; returns how many.
pub async fn seed_access_requests(db: &DatabaseConnection, author: &Author) -> anyhow::Result<usize> {
    if access_requests::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    for (number, client, email, name, hours_ago) in REQUESTS {
        let organisation = match client {
            Some(name) => {
                db::organisations::find_by_kind_and_name(db, loket_domain::OrganisationKind::Client, name).await?
            }
            None => None,
        };
        let at = Utc::now() - Duration::hours(*hours_ago);
        let new = NewAccessRequest {
            customer_number: (*number).to_owned(),
            organisation_id: organisation.as_ref().map(|o| o.id),
            email: (*email).to_owned(),
            name: (*name).to_owned(),
            language: "nl".to_owned(),
        };
        let saved = db::access_requests::insert(db, new, at).await?;
        let approvers = if organisation.is_some() { Approvers::Client } else { Approvers::Vendor };
        db::access_requests::confirm(db, saved.id, approvers, at + Duration::minutes(4)).await?;
        let change = Change::event(AuditAction::Confirmed, EntityType::AccessRequest, saved.id, saved.organisation_id);
        audit::record(db, author, change).await.map_err(|e| anyhow::anyhow!(e.to_string()))?;
    }
    Ok(REQUESTS.len())
}
