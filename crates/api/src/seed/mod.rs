//! Demo data: one vendor, two partners (a bank, and an accountancy with two branches),
//! three clients, their users, a partner API key and support tickets. Running it again
//! changes nothing.

mod access;
mod documents;
mod helpdesk;
mod imports;
mod intake;
mod intake_case;
mod intake_stalled;
mod releases;
mod rights;
mod tickets;

use chrono::Utc;
use loket_domain::audit::EntityType;
use loket_domain::{ApiScope, Language, OrganisationKind, PartnerKind, Role};
use sea_orm::{DatabaseConnection, DbErr};
use uuid::Uuid;

use crate::adapters::files::FileStore;
use crate::auth::{api_key_format, password, tokens};
use crate::db;
use crate::db::api_keys::NewApiKey;
use crate::db::entities::organisations;
use crate::db::organisations::{ClientProfile, NewOrganisation};
use crate::db::users::NewUser;
use crate::services::audit::{self, Author, Change};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "Loket-demo-2026";

#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub email: &'static str,
    pub role: Role,
    pub organisation: &'static str,
}

#[derive(Debug, Default)]
pub struct DemoSummary {
    pub logins: Vec<DemoLogin>,
    /// The partner API key, when this run created it (it is shown only once).
    pub new_api_key: Option<String>,
    pub created_anything: bool,
    /// Support tickets this run filed.
    pub tickets: usize,
    /// Requests for access this run made.
    pub access_requests: usize,
    /// Install requests this run filed.
    pub install_requests: usize,
    /// Permission groups this run made.
    pub groups: usize,
    /// Documents for approval this run made.
    pub documents: usize,
    /// Client imports this run made.
    pub imports: usize,
}

struct OrgSpec {
    name: &'static str,
    kind: OrganisationKind,
    partner_kind: Option<PartnerKind>,
    coc: Option<&'static str>,
    vat: Option<&'static str>,
    managed_by: Option<&'static str>,
    branch: Option<&'static str>,
    /// For clients: the number on their invoices, and their consultant (name, e-mail, phone).
    customer_number: Option<&'static str>,
    consultant: Option<(&'static str, &'static str, &'static str)>,
}

struct UserSpec {
    organisation: &'static str,
    email: &'static str,
    name: &'static str,
    role: Role,
    language: Language,
    contact_person: bool,
    technical_contact: bool,
    branches: &'static [&'static str],
}

const VENDOR: &str = "Loket Software B.V.";
const BANK: &str = "Noordbank N.V.";
const ACCOUNTANCY: &str = "Van Dijk & Peeters Accountants";
const BRANCH_UTRECHT: &str = "Vestiging Utrecht";
const BRANCH_GENT: &str = "Vestiging Gent";

const ORGANISATIONS: &[OrgSpec] = &[
    OrgSpec {
        name: VENDOR,
        kind: OrganisationKind::Vendor,
        partner_kind: None,
        coc: Some("30123456"),
        vat: Some("NL812345678B01"),
        managed_by: None,
        branch: None,
        customer_number: None,
        consultant: None,
    },
    OrgSpec {
        name: BANK,
        kind: OrganisationKind::Partner,
        partner_kind: Some(PartnerKind::Bank),
        coc: Some("33012345"),
        vat: None,
        managed_by: None,
        branch: None,
        customer_number: None,
        consultant: None,
    },
    OrgSpec {
        name: ACCOUNTANCY,
        kind: OrganisationKind::Partner,
        partner_kind: Some(PartnerKind::Accountancy),
        coc: Some("0123456749"),
        vat: Some("BE0123456749"),
        managed_by: None,
        branch: None,
        customer_number: None,
        consultant: None,
    },
    OrgSpec {
        name: "Bakkerij De Korenschoof B.V.",
        kind: OrganisationKind::Client,
        partner_kind: None,
        coc: Some("56781234"),
        vat: Some("NL856781234B01"),
        managed_by: Some(BANK),
        branch: None,
        customer_number: Some("KS-10234"),
        consultant: Some(("Sanne Verbeek", "sanne.verbeek@loket.example", "+31302345678")),
    },
    OrgSpec {
        name: "Fietsenmakerij Jansen",
        kind: OrganisationKind::Client,
        partner_kind: None,
        coc: Some("61234567"),
        vat: None,
        managed_by: Some(ACCOUNTANCY),
        branch: Some(BRANCH_UTRECHT),
        customer_number: Some("FJ-20877"),
        consultant: None,
    },
    OrgSpec {
        name: "Brouwerij Het Anker BV",
        kind: OrganisationKind::Client,
        partner_kind: None,
        coc: Some("0987654312"),
        vat: None,
        managed_by: Some(ACCOUNTANCY),
        branch: Some(BRANCH_GENT),
        customer_number: Some("HA-30411"),
        consultant: Some(("Pieter Claes", "pieter.claes@loket.example", "+3292345678")),
    },
];

const USERS: &[UserSpec] = &[
    UserSpec {
        organisation: VENDOR,
        email: "beheer@loket.example",
        name: "Marieke Beheer",
        role: Role::VendorAdmin,
        language: Language::Nl,
        contact_person: false,
        technical_contact: false,
        branches: &[],
    },
    UserSpec {
        organisation: VENDOR,
        email: "anna@loket.example",
        name: "Anna de Helpdesk",
        role: Role::Agent,
        language: Language::Nl,
        contact_person: false,
        technical_contact: false,
        branches: &[],
    },
    UserSpec {
        organisation: VENDOR,
        email: "tom@loket.example",
        name: "Tom Support",
        role: Role::Agent,
        language: Language::En,
        contact_person: false,
        technical_contact: false,
        branches: &[],
    },
    UserSpec {
        organisation: BANK,
        email: "admin@noordbank.example",
        name: "Pieter Bakker",
        role: Role::PartnerAdmin,
        language: Language::Nl,
        contact_person: true,
        technical_contact: false,
        branches: &[],
    },
    UserSpec {
        organisation: BANK,
        email: "relatie@noordbank.example",
        name: "Sanne Visser",
        role: Role::PartnerUser,
        language: Language::Nl,
        contact_person: false,
        technical_contact: false,
        branches: &[],
    },
    UserSpec {
        organisation: ACCOUNTANCY,
        email: "admin@vandijk.example",
        name: "Hendrik van Dijk",
        role: Role::PartnerAdmin,
        language: Language::Nl,
        contact_person: true,
        technical_contact: false,
        branches: &[],
    },
    UserSpec {
        organisation: ACCOUNTANCY,
        email: "utrecht@vandijk.example",
        name: "Lotte Smit",
        role: Role::PartnerUser,
        language: Language::Nl,
        contact_person: false,
        technical_contact: false,
        branches: &[BRANCH_UTRECHT],
    },
    UserSpec {
        organisation: ACCOUNTANCY,
        email: "gent@vandijk.example",
        name: "Wout Peeters",
        role: Role::PartnerUser,
        language: Language::Nl,
        contact_person: false,
        technical_contact: false,
        branches: &[BRANCH_GENT],
    },
    UserSpec {
        organisation: "Bakkerij De Korenschoof B.V.",
        email: "eigenaar@korenschoof.example",
        name: "Kees de Bakker",
        role: Role::ClientSuperuser,
        language: Language::Nl,
        contact_person: true,
        technical_contact: false,
        branches: &[],
    },
    UserSpec {
        organisation: "Bakkerij De Korenschoof B.V.",
        email: "it@korenschoof.example",
        name: "Fatima El Amrani",
        role: Role::ClientUser,
        language: Language::Nl,
        contact_person: false,
        technical_contact: true,
        branches: &[],
    },
    UserSpec {
        organisation: "Fietsenmakerij Jansen",
        email: "jan@fietsenjansen.example",
        name: "Jan Jansen",
        role: Role::ClientSuperuser,
        language: Language::Nl,
        contact_person: true,
        technical_contact: true,
        branches: &[],
    },
    UserSpec {
        organisation: "Fietsenmakerij Jansen",
        email: "boekhouding@fietsenjansen.example",
        name: "Els Jansen",
        role: Role::ClientUser,
        language: Language::Nl,
        contact_person: false,
        technical_contact: false,
        branches: &[],
    },
    UserSpec {
        organisation: "Brouwerij Het Anker BV",
        email: "directie@hetanker.example",
        name: "Bram Claes",
        role: Role::ClientSuperuser,
        language: Language::En,
        contact_person: true,
        technical_contact: false,
        branches: &[],
    },
    UserSpec {
        organisation: "Brouwerij Het Anker BV",
        email: "ict@hetanker.example",
        name: "Nina Wouters",
        role: Role::ClientUser,
        language: Language::En,
        contact_person: false,
        technical_contact: true,
        branches: &[],
    },
];

const API_KEY_NAME: &str = "Noordbank CRM (demo)";

/// How the audit log names the demo data's author.
const DEMO_AUTHOR: &str = "Demo data";

async fn ensure_organisation(
    db: &DatabaseConnection,
    spec: &OrgSpec,
    summary: &mut DemoSummary,
) -> Result<organisations::Model, DbErr> {
    if let Some(existing) = db::organisations::find_by_kind_and_name(db, spec.kind, spec.name).await? {
        return Ok(existing);
    }
    let managing_partner = match spec.managed_by {
        Some(name) => db::organisations::find_by_kind_and_name(db, OrganisationKind::Partner, name).await?,
        None => None,
    };
    let branch_id = match (&managing_partner, spec.branch) {
        (Some(partner), Some(branch)) => db::branches::find_by_name(db, partner.id, branch).await?.map(|b| b.id),
        _ => None,
    };
    summary.created_anything = true;
    let saved = db::organisations::insert(
        db,
        NewOrganisation {
            id: Uuid::now_v7(),
            kind: spec.kind,
            name: spec.name.to_owned(),
            partner_kind: spec.partner_kind.map(|k| k.as_str().to_owned()),
            coc_number: spec.coc.map(str::to_owned),
            vat_number: spec.vat.map(str::to_owned),
            managing_partner_id: managing_partner.map(|p| p.id),
            branch_id,
            profile: ClientProfile {
                customer_number: spec.customer_number.map(str::to_owned),
                consultant_name: spec.consultant.map(|c| c.0.to_owned()),
                consultant_email: spec.consultant.map(|c| c.1.to_owned()),
                consultant_phone: spec.consultant.map(|c| c.2.to_owned()),
            },
        },
        Utc::now(),
    )
    .await?;
    let snapshot = crate::services::organisations::audited(&saved);
    let change = Change::created(EntityType::Organisation, saved.id, Some(saved.id), &snapshot);
    audit::record(db, &Author::system(DEMO_AUTHOR), change).await.map_err(|e| DbErr::Custom(e.to_string()))?;
    Ok(saved)
}

/// Creates whatever part of the demo data is missing.
pub async fn seed_demo(db: &DatabaseConnection, files: &FileStore) -> anyhow::Result<DemoSummary> {
    let mut summary = DemoSummary::default();
    let password_hash = password::hash_password(DEMO_PASSWORD.to_owned()).await?;
    for spec in ORGANISATIONS {
        let organisation = ensure_organisation(db, spec, &mut summary).await?;
        if spec.name == ACCOUNTANCY {
            for branch in [BRANCH_UTRECHT, BRANCH_GENT] {
                if db::branches::find_by_name(db, organisation.id, branch).await?.is_none() {
                    db::branches::insert(db, organisation.id, branch.to_owned(), Utc::now()).await?;
                    summary.created_anything = true;
                }
            }
        }
    }
    for spec in USERS {
        summary.logins.push(DemoLogin { email: spec.email, role: spec.role, organisation: spec.organisation });
        if db::auth_lookup::user_by_email(db, spec.email).await?.is_some() {
            continue;
        }
        let kind = spec.role.organisation_kind();
        let organisation = db::organisations::find_by_kind_and_name(db, kind, spec.organisation)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo organisation {} missing", spec.organisation))?;
        let user = db::users::insert(
            db,
            NewUser {
                organisation_id: organisation.id,
                email: spec.email.to_owned(),
                name: spec.name.to_owned(),
                phone: None,
                language: spec.language,
                role: spec.role,
                is_contact_person: spec.contact_person,
                is_technical_contact: spec.technical_contact,
                password_hash: Some(password_hash.clone()),
            },
            Utc::now(),
        )
        .await?;
        let mut branch_ids = Vec::new();
        for branch in spec.branches {
            if let Some(found) = db::branches::find_by_name(db, organisation.id, branch).await? {
                branch_ids.push(found.id);
            }
        }
        db::users::set_branches(db, user.id, &branch_ids).await?;
        let change = Change::created(
            EntityType::User,
            user.id,
            Some(organisation.id),
            &crate::services::users::audited(&user, &branch_ids),
        );
        audit::record(db, &Author::system(DEMO_AUTHOR), change).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        summary.created_anything = true;
    }
    let bank = db::organisations::find_by_kind_and_name(db, OrganisationKind::Partner, BANK)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo bank missing"))?;
    let visibility = loket_domain::policy::Visibility::Everything;
    let page = db::pagination::PageRequest::<loket_api_types::pagination::ByName>::new(None, None, Some(200))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let (keys, _) = db::api_keys::list(db, &visibility, Some(vec![bank.id]), true, &page).await?;
    if !keys.iter().any(|k| k.name == API_KEY_NAME) {
        let generated = api_key_format::generate();
        db::api_keys::insert(
            db,
            NewApiKey {
                organisation_id: bank.id,
                name: API_KEY_NAME.to_owned(),
                prefix: generated.prefix,
                secret_hash: tokens::hash_token(&generated.secret),
                scopes: vec![ApiScope::OrganisationsRead, ApiScope::UsersRead],
                created_by: None,
            },
            Utc::now(),
        )
        .await?;
        summary.new_api_key = Some(generated.full_key);
        summary.created_anything = true;
    }
    // The calendar first: the demo tickets' clocks count with it.
    let closing_days = helpdesk::seed_closing_days(db, &Author::system(DEMO_AUTHOR)).await?;
    summary.created_anything |= closing_days > 0;
    summary.tickets = tickets::seed_tickets(db, files, &Author::system(DEMO_AUTHOR)).await?;
    summary.created_anything |= summary.tickets > 0;
    summary.access_requests = access::seed_access_requests(db, &Author::system(DEMO_AUTHOR)).await?;
    summary.created_anything |= summary.access_requests > 0;
    summary.install_requests = intake::seed_intake(db, &Author::system(DEMO_AUTHOR)).await?;
    summary.created_anything |= summary.install_requests > 0;
    summary.groups = rights::seed_groups(db, &Author::system(DEMO_AUTHOR)).await?;
    summary.created_anything |= summary.groups > 0;
    // After the groups: who approves follows the rights and duties they set.
    summary.documents = documents::seed_documents(db, files, &Author::system(DEMO_AUTHOR)).await?;
    summary.created_anything |= summary.documents > 0;
    summary.imports = imports::seed_imports(db, files, &Author::system(DEMO_AUTHOR)).await?;
    summary.created_anything |= summary.imports > 0;
    if releases::seed_releases(db, files, &Author::system(DEMO_AUTHOR)).await? > 0 {
        summary.created_anything = true;
        summary.install_requests +=
            usize::from(intake_stalled::seed_stalled_case(db, &Author::system(DEMO_AUTHOR)).await?);
    }
    Ok(summary)
}

/// The text printed after seeding.
pub fn describe(summary: &DemoSummary, url: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!("\nLoket demo data is ready. Open {url}\n\n"));
    out.push_str(&format!("Every demo account has the password: {DEMO_PASSWORD}\n\n"));
    out.push_str(&format!("  {:<36} {:<18} {}\n", "login", "role", "organisation"));
    for login in &summary.logins {
        out.push_str(&format!("  {:<36} {:<18} {}\n", login.email, login.role.as_str(), login.organisation));
    }
    if summary.tickets > 0 {
        out.push_str(&format!(
            "\nSupport desk: {} demo tickets; the one from it@korenschoof.example awaits the approval of its\n\
             contact person eigenaar@korenschoof.example, who also has an estimate to accept or decline and a\n\
             ticket with a log file attached. Agents: anna@loket.example, tom@loket.example. The helpdesk's\n\
             hours, SLA targets and closing days are under Helpdesk settings (beheer@loket.example).\n",
            summary.tickets
        ));
    }
    if summary.access_requests > 0 {
        out.push_str(
            "\nAccess requests: eigenaar@korenschoof.example decides one from a colleague without a login;\n\
             the helpdesk one with a customer number that matches no client. Signed out, \"I have no login\n\
             yet\" asks for access with a customer number (Korenschoof's is KS-10234).\n",
        );
    }
    if summary.install_requests > 0 {
        out.push_str(&format!(
            "\nPartner intake: {} install requests. admin@noordbank.example and admin@vandijk.example follow\n\
             theirs (one returned for what is missing); the helpdesk (anna@loket.example) reviews the queue,\n\
             where one request is flagged as a possible duplicate of a client.\n",
            summary.install_requests
        ));
    }
    if summary.groups > 0 {
        out.push_str(
            "\nGroups and rights: admin@vandijk.example keeps a client group with every right (its clients'\n\
             bookkeepers are in it) and a staff group for the branch assistants; admin@noordbank.example a\n\
             group for filing tickets only, with it@korenschoof.example in it.\n",
        );
    }
    if summary.documents > 0 {
        out.push_str(&format!(
            "\nDocuments for approval: {} demo documents. Every client person's PIN is {}; under Approvals\n\
             boekhouding@fietsenjansen.example finds the annual accounts its owner approved already,\n\
             eigenaar@korenschoof.example a VAT return and directie@hetanker.example a corporate tax return.\n\
             The firm uploads them on the client's page (admin@vandijk.example, admin@noordbank.example).\n\
             {} may approve with a code by SMS instead; the texts land in LOKET_SMS_DIR (./data/sms).\n",
            summary.documents,
            documents::DEMO_PIN,
            documents::DEMO_MOBILE.0,
        ));
    }
    if summary.imports > 0 {
        out.push_str(
            "\nClient import: admin@vandijk.example finds under Import clients the list it imported earlier and a\n\
             new one (checked once the server runs) with an update, two new clients and rows with mistakes to\n\
             read in the preview or the error report. The templates to fill in are on the same page. Under\n\
             Create first users the imported Kapsalon Knip awaits its first user (Karin Knip, from the import).\n",
        );
    }
    match &summary.new_api_key {
        Some(key) => out.push_str(&format!(
            "\nPartner API key for {BANK} (shown once, scopes organisations:read users:read):\n  X-Api-Key: {key}\n"
        )),
        None => out.push_str(&format!(
            "\nThe partner API key \"{API_KEY_NAME}\" exists already (its secret was shown when it was created).\n"
        )),
    }
    out
}
