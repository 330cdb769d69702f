//! Demo tickets: a few weeks of a helpdesk's life across the demo clients, in every
//! status (one awaiting its contact person's approval), with replies, an internal note
//! and SLA clocks. Made once: when any ticket exists, nothing is added.

use chrono::{DateTime, Datelike, Duration, Utc};
use loket_domain::audit::{EntityType, Snapshot};
use loket_domain::support::attachments;
use loket_domain::support::{Priority, TicketStatus, TicketType};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::adapters::files::FileStore;
use crate::db;
use crate::db::entities::{tickets, users};
use crate::db::ticket_attachments::NewAttachment;
use crate::db::ticket_messages::NewMessage;
use crate::db::tickets::NewTicket;
use crate::services::audit::{self, Author, Change};
use crate::services::tickets::rules::{self, SupportRules};

/// Something that happened to a demo ticket, `hours` after it was filed.
enum Step {
    Approve {
        by: &'static str,
    },
    Assign {
        to: &'static str,
    },
    Reply {
        by: &'static str,
        body: &'static str,
    },
    Note {
        by: &'static str,
        body: &'static str,
    },
    Status(TicketStatus),
    /// The helpdesk's cost estimate on a change request: hours, cents, what it covers.
    Estimate {
        hours: f64,
        cents: i64,
        covers: &'static str,
    },
}

struct TicketSpec {
    requester: &'static str,
    title: &'static str,
    description: &'static str,
    module: Option<&'static str>,
    error_message: Option<&'static str>,
    priority: Priority,
    ticket_type: TicketType,
    days_ago: i64,
    /// Files the requester filed the ticket with: (name, text).
    files: &'static [(&'static str, &'static str)],
    steps: &'static [(i64, Step)],
}

const RUN_LOG: &str = "2026-11-23 22:00:01 INFO  factuurrun gestart: 212 debiteuren\n\
2026-11-23 22:00:09 INFO  debiteur 1038 gefactureerd (3 regels)\n\
2026-11-23 22:00:11 INFO  debiteur 1039 gefactureerd (1 regel)\n\
2026-11-23 22:00:12 ERROR debiteur 1040: E1042 periode 2026-11 is afgesloten\n\
2026-11-23 22:00:12 INFO  factuurrun afgebroken na 38 debiteuren\n";

const TICKETS: &[TicketSpec] = &[
    TicketSpec {
        requester: "eigenaar@korenschoof.example",
        title: "Kostenplaats op de factuur tonen",
        description: "Onze afnemers willen hun kostenplaats op de factuur zien. Kan daar een veld voor komen?",
        module: Some("Facturatie (MFACT)"),
        error_message: None,
        priority: Priority::Normal,
        ticket_type: TicketType::Change,
        days_ago: 2,
        files: &[],
        steps: &[
            (1, Step::Assign { to: "anna@loket.example" }),
            (
                3,
                Step::Estimate {
                    hours: 6.5,
                    cents: 78_000,
                    covers: "Een veld 'kostenplaats' bij de debiteur, tonen op factuur en creditnota, inclusief test.",
                },
            ),
        ],
    },
    TicketSpec {
        requester: "eigenaar@korenschoof.example",
        title: "Factuurrun stopt bij klant 1040",
        description: "Sinds gisteren stopt de factuurrun halverwege, steeds bij klant 1040.\nDe facturen daarna worden niet aangemaakt.",
        module: Some("Facturatie (MFACT)"),
        error_message: Some("E1042: periode 2026-11 is afgesloten voor debiteur 1040"),
        priority: Priority::High,
        ticket_type: TicketType::Bug,
        days_ago: 6,
        files: &[("factuurrun-2026-11-23.log", RUN_LOG)],
        steps: &[
            (1, Step::Assign { to: "anna@loket.example" }),
            (
                2,
                Step::Reply {
                    by: "anna@loket.example",
                    body: "Dank voor de melding. Heeft u periode 11 handmatig afgesloten vóór de run?",
                },
            ),
            (
                3,
                Step::Note {
                    by: "anna@loket.example",
                    body: "Lijkt op de bekende fout in 8.4.2 bij afgesloten perioden; fix zit in 8.4.3.",
                },
            ),
            (
                20,
                Step::Reply {
                    by: "eigenaar@korenschoof.example",
                    body: "Ja, dat klopt: ik heb periode 11 afgesloten en daarna de run gestart.",
                },
            ),
        ],
    },
    TicketSpec {
        requester: "it@korenschoof.example",
        title: "Pakbonnen printen op de nieuwe labelprinter",
        description: "We hebben een Zebra ZD421 gekocht. Hoe stellen we in dat pakbonnen daarop geprint worden?",
        module: Some("Verkoop (MVERK)"),
        error_message: None,
        priority: Priority::Normal,
        ticket_type: TicketType::Question,
        days_ago: 1,
        files: &[],
        steps: &[],
    },
    TicketSpec {
        requester: "jan@fietsenjansen.example",
        title: "Btw-aangifte Q3 geeft een foutmelding",
        description: "Bij het indienen van de btw-aangifte over Q3 krijg ik een foutmelding van de Belastingdienst.",
        module: Some("Btw-aangifte (MBTW)"),
        error_message: Some("Bericht afgekeurd: ongeldige waarde in rubriek 1a"),
        priority: Priority::Urgent,
        ticket_type: TicketType::Bug,
        days_ago: 3,
        files: &[],
        steps: &[
            (1, Step::Assign { to: "tom@loket.example" }),
            (
                2,
                Step::Reply {
                    by: "tom@loket.example",
                    body: "Kunt u een schermafdruk sturen van het overzicht vóór het indienen?",
                },
            ),
            (2, Step::Status(TicketStatus::WaitingOnCustomer)),
        ],
    },
    TicketSpec {
        requester: "boekhouding@fietsenjansen.example",
        title: "Wachtwoord van de kassa-koppeling verlopen",
        description: "De koppeling met de kassa meldt dat het wachtwoord verlopen is.",
        module: Some("Koppelingen"),
        error_message: Some("401 Unauthorized"),
        priority: Priority::Normal,
        ticket_type: TicketType::Question,
        days_ago: 12,
        files: &[],
        steps: &[
            (0, Step::Approve { by: "jan@fietsenjansen.example" }),
            (3, Step::Assign { to: "anna@loket.example" }),
            (
                4,
                Step::Reply { by: "anna@loket.example", body: "Het wachtwoord is vernieuwd; de koppeling werkt weer." },
            ),
            (5, Step::Status(TicketStatus::Closed)),
        ],
    },
    TicketSpec {
        requester: "directie@hetanker.example",
        title: "Stock report shows negative quantities",
        description: "The stock report for warehouse 2 shows negative quantities for several bottled beers.",
        module: Some("Voorraad (MVRD)"),
        error_message: None,
        priority: Priority::High,
        ticket_type: TicketType::Question,
        days_ago: 0,
        files: &[],
        steps: &[],
    },
];

async fn person(db: &DatabaseConnection, email: &str) -> anyhow::Result<users::Model> {
    db::auth_lookup::user_by_email(db, email).await?.ok_or_else(|| anyhow::anyhow!("demo user {email} missing"))
}

/// Files the demo tickets, unless the desk has tickets already. Returns how many.
pub async fn seed_tickets(db: &DatabaseConnection, files: &FileStore, author: &Author) -> anyhow::Result<usize> {
    if tickets::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let now = Utc::now();
    let rules = SupportRules::load(db, now).await?;
    for spec in TICKETS {
        file(db, files, &rules, author, spec, now).await?;
    }
    Ok(TICKETS.len())
}

async fn file(
    db: &DatabaseConnection,
    files: &FileStore,
    rules: &SupportRules,
    author: &Author,
    spec: &TicketSpec,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let requester = person(db, spec.requester).await?;
    let filed = now - Duration::days(spec.days_ago) - Duration::hours(2);
    let status = if requester.is_contact_person { TicketStatus::New } else { TicketStatus::AwaitingApproval };
    let number = db::tickets::next_number(db, filed.year()).await?;
    let mut ticket = db::tickets::insert(
        db,
        NewTicket {
            id: Uuid::now_v7(),
            number: number.to_string(),
            organisation_id: requester.organisation_id,
            requester_id: requester.id,
            title: spec.title.to_owned(),
            description: spec.description.to_owned(),
            priority: spec.priority,
            status,
            module: spec.module.map(str::to_owned),
            affected_user: None,
            company: None,
            error_message: spec.error_message.map(str::to_owned),
            steps_before: None,
            sla_sort: db::tickets::sla_sort_key(None),
        },
        filed,
    )
    .await?;
    ticket.ticket_type = spec.ticket_type.as_str().to_owned();
    let change = Change::created(
        EntityType::Ticket,
        ticket.id,
        Some(ticket.organisation_id),
        &crate::services::tickets::audited(&ticket),
    );
    audit::record(db, author, change).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    for (name, text) in spec.files {
        attach(db, files, author, &ticket, &requester, name, text.as_bytes(), filed).await?;
    }
    for (hours, step) in spec.steps {
        let at = filed + Duration::hours(*hours);
        match step {
            Step::Approve { by } => {
                ticket.decided_by_id = Some(person(db, by).await?.id);
                move_to(db, &mut ticket, TicketStatus::New, at).await?;
            }
            Step::Assign { to } => ticket.assignee_id = Some(person(db, to).await?.id),
            Step::Reply { by, body } | Step::Note { by, body } => {
                let writer = person(db, by).await?;
                let from_staff = Some(writer.organisation_id) != Some(ticket.organisation_id);
                let internal = matches!(step, Step::Note { .. });
                let message = NewMessage {
                    ticket_id: ticket.id,
                    author_id: Some(writer.id),
                    author_name: writer.name.clone(),
                    from_staff,
                    internal,
                    body: (*body).to_owned(),
                };
                db::ticket_messages::insert(db, message, at).await?;
                if from_staff && !internal && ticket.first_response_at.is_none() {
                    ticket.first_response_at = Some(at.into());
                    if ticket.status == TicketStatus::New.as_str() {
                        move_to(db, &mut ticket, TicketStatus::Open, at).await?;
                    }
                }
            }
            Step::Status(next) => move_to(db, &mut ticket, *next, at).await?,
            Step::Estimate { hours, cents, covers } => {
                let estimate = loket_domain::support::Estimate::new(*hours, *cents)?;
                ticket.estimate_minutes = Some(i32::try_from(estimate.minutes())?);
                ticket.estimate_amount_cents = Some(estimate.amount_cents());
                ticket.estimate_description = Some((*covers).to_owned());
                ticket.estimate_status = Some(loket_domain::support::EstimateStatus::Pending.as_str().to_owned());
                move_to(db, &mut ticket, TicketStatus::WaitingOnCustomer, at).await?;
            }
        }
    }
    let history = db::tickets::periods(db, ticket.id).await?;
    let clocks = rules::clocks(rules, &ticket, &history, now)?;
    ticket.sla_sort = rules::live_sort_key(&ticket, clocks);
    let version = ticket.version;
    db::tickets::update_versioned(db, ticket, version, now).await?;
    Ok(())
}

/// Stores a demo file the way an upload does: bytes in the store, the ticket's budget,
/// the row and its audit entry.
#[allow(clippy::too_many_arguments)]
async fn attach(
    db: &DatabaseConnection,
    files: &FileStore,
    author: &Author,
    ticket: &tickets::Model,
    uploader: &users::Model,
    name: &str,
    bytes: &[u8],
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let kind = attachments::sniff(bytes)?;
    let id = Uuid::now_v7();
    let key = format!("tickets/{}/{id}", ticket.id);
    let mut upload = files.writer(&key).await?;
    upload.write(bytes).await?;
    upload.finish().await?;
    let size = i64::try_from(bytes.len())?;
    db::ticket_attachments::reserve(db, ticket.id, size, i64::MAX).await?;
    let digest = crate::auth::tokens::hex(&Sha256::digest(bytes));
    let new = NewAttachment {
        id,
        ticket_id: ticket.id,
        organisation_id: ticket.organisation_id,
        uploaded_by_id: uploader.id,
        internal: false,
        file_name: attachments::stored_name(name, kind),
        media_type: kind.media_type().to_owned(),
        size_bytes: size,
        sha256: digest,
        storage_key: key,
    };
    let saved = db::ticket_attachments::insert(db, new, at).await?;
    let snapshot = Snapshot::new().field("file_name", &saved.file_name).field("size_bytes", size);
    let change = Change::created(EntityType::TicketAttachment, saved.id, Some(ticket.organisation_id), &snapshot)
        .in_history_of(EntityType::Ticket, ticket.id);
    audit::record(db, author, change).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

async fn move_to(
    db: &DatabaseConnection,
    ticket: &mut tickets::Model,
    status: TicketStatus,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    crate::services::tickets::work::move_status(ticket, status, at);
    db::tickets::add_period(db, ticket.id, status, at).await?;
    Ok(())
}
