//! The demo's documents for approval and PINs: every client person's PIN is the demo
//! PIN; Fietsenmakerij Jansen's annual accounts wait for its bookkeeper after its owner
//! approved them; Korenschoof has a VAT return waiting and one approved; Het Anker a
//! corporate tax return waiting and an authorisation it rejected. The PDF is one demo
//! document. Made once: when any document exists, nothing.

use chrono::{Duration, Utc};
use loket_domain::OrganisationKind;
use loket_domain::approvals::DocumentType;
use loket_domain::approvals::duties::{ApprovalStatus, ConfirmedWith, Decision, Duties, Round, Verdict, decide};
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use sea_orm::{DatabaseConnection, EntityTrait};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::intake::err;
use crate::adapters::files::FileStore;
use crate::auth::password;
use crate::auth::tokens::hex;
use crate::db;
use crate::db::entities::{approval_documents, document_decisions};
use crate::services::audit::{self, Author, Change};

/// Every demo client person's PIN.
pub const DEMO_PIN: &str = "246810";

/// The demo person with a verified mobile number, and the number.
pub const DEMO_MOBILE: (&str, &str) = ("jan@fietsenjansen.example", "+31612345678");

const DEMO_PDF: &[u8] = include_bytes!("demo-document.pdf");

const CLIENT_PEOPLE: [&str; 6] = [
    "eigenaar@korenschoof.example",
    "it@korenschoof.example",
    "jan@fietsenjansen.example",
    "boekhouding@fietsenjansen.example",
    "directie@hetanker.example",
    "ict@hetanker.example",
];

struct Spec {
    client: &'static str,
    uploader: &'static str,
    kind: DocumentType,
    title: &'static str,
    period: &'static str,
    /// Days from today; none for no due date.
    due_in: Option<i64>,
    /// Who decided, in order, and with which reason when rejecting.
    decisions: &'static [(&'static str, Verdict, &'static str)],
}

const DOCUMENTS: [Spec; 5] = [
    Spec {
        client: "Fietsenmakerij Jansen",
        uploader: "utrecht@vandijk.example",
        kind: DocumentType::AnnualAccounts,
        title: "Jaarrekening 2025",
        period: "2025",
        due_in: Some(14),
        decisions: &[("jan@fietsenjansen.example", Verdict::Approved, "")],
    },
    Spec {
        client: "Bakkerij De Korenschoof B.V.",
        uploader: "admin@noordbank.example",
        kind: DocumentType::VatReturn,
        title: "Btw-aangifte Q3 2026",
        period: "Q3 2026",
        due_in: Some(5),
        decisions: &[],
    },
    Spec {
        client: "Bakkerij De Korenschoof B.V.",
        uploader: "admin@noordbank.example",
        kind: DocumentType::VatReturn,
        title: "Btw-aangifte Q2 2026",
        period: "Q2 2026",
        due_in: None,
        decisions: &[("eigenaar@korenschoof.example", Verdict::Approved, "")],
    },
    Spec {
        client: "Brouwerij Het Anker BV",
        uploader: "gent@vandijk.example",
        kind: DocumentType::CorporateTaxReturn,
        title: "Aangifte vennootschapsbelasting 2025",
        period: "2025",
        due_in: Some(21),
        decisions: &[],
    },
    Spec {
        client: "Brouwerij Het Anker BV",
        uploader: "gent@vandijk.example",
        kind: DocumentType::Other,
        title: "Machtiging btw-aangifte 2027",
        period: "2027",
        due_in: None,
        decisions: &[(
            "directie@hetanker.example",
            Verdict::Rejected,
            "De machtiging moet op naam van de holding staan.",
        )],
    },
];

async fn person(db: &DatabaseConnection, email: &str) -> anyhow::Result<db::entities::users::Model> {
    db::auth_lookup::user_by_email(db, email).await?.ok_or_else(|| anyhow::anyhow!("demo user {email} missing"))
}

/// Seeds the PINs and documents; returns how many documents it made.
pub async fn seed_documents(db: &DatabaseConnection, files: &FileStore, author: &Author) -> anyhow::Result<usize> {
    if approval_documents::Entity::find().one(db).await?.is_some() {
        return Ok(0);
    }
    let now = Utc::now();
    let hash = password::hash_password(DEMO_PIN.to_owned()).await.map_err(err)?;
    for email in CLIENT_PEOPLE {
        let user = person(db, email).await?;
        db::pins::set(db, user.id, hash.clone(), now).await?;
        let change = Change::event(AuditAction::Created, EntityType::UserPin, user.id, Some(user.organisation_id))
            .in_history_of(EntityType::User, user.id);
        audit::record(db, author, change).await.map_err(err)?;
    }
    // One approver with a verified mobile number: approvals by SMS code to try out (the
    // texts land in `LOKET_SMS_DIR`).
    let jan = person(db, DEMO_MOBILE.0).await?;
    db::sms_codes::set_mobile(db, jan.id, DEMO_MOBILE.1, now).await?;
    let change = Change::event(AuditAction::Created, EntityType::UserMobile, jan.id, Some(jan.organisation_id))
        .in_history_of(EntityType::User, jan.id);
    audit::record(db, author, change).await.map_err(err)?;
    let sha256 = hex(&Sha256::digest(DEMO_PDF));
    for (n, spec) in DOCUMENTS.iter().enumerate() {
        let client = db::organisations::find_by_kind_and_name(db, OrganisationKind::Client, spec.client)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo client {} missing", spec.client))?;
        let uploader = person(db, spec.uploader).await?;
        let approvers = crate::services::approvals::approvers_for(db, client.id, spec.kind).await.map_err(err)?;
        let duties = Duties::new(approvers.iter().map(|(u, d)| (u.id, *d)));
        let id = Uuid::now_v7();
        let key = format!("documents/{}/{id}", client.id);
        let mut upload = files.writer(&key).await?;
        upload.write(DEMO_PDF).await?;
        upload.finish().await?;
        // Older documents first, a day apart.
        let uploaded_at = now - Duration::days(i64::try_from(DOCUMENTS.len() - n)?);
        let document = approval_documents::Model {
            id,
            client_id: client.id,
            document_type: spec.kind.as_str().to_owned(),
            title: spec.title.to_owned(),
            period: spec.period.to_owned(),
            due_on: spec.due_in.map(|days| (now + Duration::days(days)).date_naive()),
            status: ApprovalStatus::Awaiting.as_str().to_owned(),
            file_name: format!("{}.pdf", spec.title.to_lowercase().replace(' ', "-")),
            size_bytes: i64::try_from(DEMO_PDF.len())?,
            sha256: sha256.clone(),
            storage_key: key,
            uploaded_by_id: Some(uploader.id),
            created_at: db::tz(uploaded_at),
            decided_at: None,
            reminded_at: None,
        };
        let pairs: Vec<(Uuid, _)> = approvers.iter().map(|(u, d)| (u.id, *d)).collect();
        let saved = db::documents::insert(db, document, &pairs).await?;
        let emails: Vec<String> = approvers.iter().map(|(u, _)| u.email.clone()).collect();
        let snapshot = crate::services::documents::upload::audited(&saved, &emails);
        let change = Change::created(EntityType::ApprovalDocument, saved.id, Some(client.id), &snapshot)
            .in_history_of(EntityType::Organisation, client.id);
        audit::record(db, author, change).await.map_err(err)?;
        let mut status = ApprovalStatus::Awaiting;
        let mut approved_by = Vec::new();
        for (email, verdict, reason) in spec.decisions {
            let user = person(db, email).await?;
            let decision = match verdict {
                Verdict::Approved => Decision::Approve { sha256: &sha256 },
                Verdict::Rejected => Decision::Reject { reason },
            };
            let round =
                Round { status, duties: &duties, approved_by: &approved_by, sha256: &sha256, stored_sha256: &sha256 };
            status = decide(&round, user.id, &decision).map_err(err)?;
            approved_by.push(user.id);
            db::documents::record_decision(
                db,
                document_decisions::Model {
                    id: Uuid::now_v7(),
                    document_id: saved.id,
                    user_id: user.id,
                    verdict: verdict.as_str().to_owned(),
                    confirmed_with: ConfirmedWith::Pin.as_str().to_owned(),
                    sha256: sha256.clone(),
                    reason: (!reason.is_empty()).then(|| (*reason).to_owned()),
                    ip_address: Some("192.0.2.10".to_owned()),
                    decided_at: db::tz(uploaded_at + Duration::hours(3)),
                },
            )
            .await?;
            let action = if *verdict == Verdict::Approved { AuditAction::Approved } else { AuditAction::Rejected };
            let snapshot = Snapshot::new().field("confirmed_with", "pin").field("status", status.as_str());
            let change = Change::event(action, EntityType::ApprovalDocument, saved.id, Some(client.id))
                .comparing(None, Some(&snapshot))
                .in_history_of(EntityType::Organisation, client.id);
            audit::record(db, author, change).await.map_err(err)?;
        }
        if status != ApprovalStatus::Awaiting {
            db::documents::close(db, saved.id, status, uploaded_at + Duration::hours(3)).await?;
        }
    }
    Ok(DOCUMENTS.len())
}
