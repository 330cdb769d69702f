//! The demo's groups and rights (seed 002): Van Dijk & Peeters keeps a client group with
//! every right for its clients' bookkeepers and a staff group for its branch assistants;
//! Noordbank a client group for filing tickets only, with Korenschoof's IT colleague in
//! it and allowed to see billing on top; Fietsenmakerij Jansen's annual accounts need
//! both its owner and its bookkeeper. Made once: when the accountancy has a group,
//! nothing is added.

use chrono::Utc;
use loket_domain::OrganisationKind;
use loket_domain::approvals::DocumentType;
use loket_domain::approvals::permissions::{Access, Capability, Module, PermissionSet};
use loket_domain::approvals::rights::GroupAudience;
use loket_domain::audit::{EntityType, Snapshot};
use sea_orm::DatabaseConnection;

use super::{ACCOUNTANCY, BANK};
use crate::db;
use crate::db::rights::NewGroup;
use crate::services::audit::{self, Author, Change};

struct GroupSpec {
    partner: &'static str,
    audience: GroupAudience,
    name: &'static str,
    description: &'static str,
    rights: fn() -> PermissionSet,
    members: &'static [&'static str],
}

fn everything_for_clients() -> PermissionSet {
    let modules =
        [(Module::Tickets, Access::Write), (Module::Billing, Access::Read), (Module::Downloads, Access::Read)];
    let set = modules.into_iter().fold(PermissionSet::new(), |set, (m, a)| set.with(Capability::Module(m), a));
    let set = set.with(Capability::Module(Module::News), Access::Read);
    DocumentType::ALL.iter().fold(set, |set, kind| set.with(Capability::Approvals(*kind), Access::Write))
}

fn assistants() -> PermissionSet {
    PermissionSet::new()
        .with(Capability::Module(Module::News), Access::Write)
        .with(Capability::Module(Module::Users), Access::Read)
        .with(Capability::Module(Module::Tickets), Access::Read)
}

fn tickets_only() -> PermissionSet {
    PermissionSet::new().with(Capability::Module(Module::Tickets), Access::Write)
}

const GROUPS: &[GroupSpec] = &[
    GroupSpec {
        partner: ACCOUNTANCY,
        audience: GroupAudience::Clients,
        name: "Cliënten met alle rechten",
        description: "Voor de boekhouders van onze cliënten: meldingen, facturen, downloads en accorderen.",
        rights: everything_for_clients,
        members: &["boekhouding@fietsenjansen.example", "ict@hetanker.example"],
    },
    GroupSpec {
        partner: ACCOUNTANCY,
        audience: GroupAudience::Staff,
        name: "Assistenten vestigingen",
        description: "Plaatsen nieuws en kijken mee met meldingen.",
        rights: assistants,
        members: &["utrecht@vandijk.example", "gent@vandijk.example"],
    },
    GroupSpec {
        partner: BANK,
        audience: GroupAudience::Clients,
        name: "Alleen meldingen",
        description: "",
        rights: tickets_only,
        members: &["it@korenschoof.example"],
    },
];

/// Makes the demo groups; returns how many.
pub async fn seed_groups(db: &DatabaseConnection, author: &Author) -> anyhow::Result<usize> {
    let accountancy = db::organisations::find_by_kind_and_name(db, OrganisationKind::Partner, ACCOUNTANCY)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo accountancy missing"))?;
    let visibility = loket_domain::policy::Visibility::Everything;
    if !db::rights::groups(db, &visibility, Some(accountancy.id)).await?.is_empty() {
        return Ok(0);
    }
    for spec in GROUPS {
        let owner = db::organisations::find_by_kind_and_name(db, OrganisationKind::Partner, spec.partner)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo partner {} missing", spec.partner))?;
        let new = NewGroup {
            organisation_id: owner.id,
            audience: spec.audience.as_str(),
            name: spec.name.to_owned(),
            description: spec.description.to_owned(),
            requires_second_factor: false,
        };
        let group = db::rights::insert_group(db, new, Utc::now()).await?;
        let set = (spec.rights)();
        db::rights::replace_group_set(db, group.id, &set).await?;
        let snapshot = crate::services::rights::groups::audited(&group, &set);
        audit::record(db, author, Change::created(EntityType::PermissionGroup, group.id, Some(owner.id), &snapshot))
            .await?;
        for email in spec.members {
            let user = db::auth_lookup::user_by_email(db, email)
                .await?
                .ok_or_else(|| anyhow::anyhow!("demo user {email} missing"))?;
            db::rights::add_member(db, group.id, user.id, Utc::now()).await?;
            let snapshot = Snapshot::new().field("group", &group.name).field("user", &user.email);
            let change = Change::created(EntityType::GroupMember, user.id, Some(user.organisation_id), &snapshot)
                .in_history_of(EntityType::PermissionGroup, group.id);
            audit::record(db, author, change).await?;
        }
    }
    // Korenschoof's IT colleague may also see the subscriptions and invoices.
    let it = db::auth_lookup::user_by_email(db, "it@korenschoof.example")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo user it@korenschoof.example missing"))?;
    let own = PermissionSet::new().with(Capability::Module(Module::Billing), Access::Read);
    db::rights::replace_own_grants(db, it.id, &own).await?;
    let change = Change::updated(
        EntityType::UserRights,
        it.id,
        Some(it.organisation_id),
        &crate::services::rights::audited(&PermissionSet::new()),
        &crate::services::rights::audited(&own),
    )
    .in_history_of(EntityType::User, it.id);
    audit::record(db, author, change).await?;
    seed_must_approvers(db, author).await?;
    Ok(GROUPS.len())
}

/// Fietsenmakerij Jansen's annual accounts need both its owner and its bookkeeper.
async fn seed_must_approvers(db: &DatabaseConnection, author: &Author) -> anyhow::Result<()> {
    let mut people = Vec::new();
    for email in ["jan@fietsenjansen.example", "boekhouding@fietsenjansen.example"] {
        let user = db::auth_lookup::user_by_email(db, email)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo user {email} missing"))?;
        people.push(user);
    }
    let ids: Vec<_> = people.iter().map(|u| u.id).collect();
    let emails: Vec<String> = people.iter().map(|u| u.email.clone()).collect();
    let client_id = people.first().map(|u| u.organisation_id).ok_or_else(|| anyhow::anyhow!("no demo approvers"))?;
    let kind = DocumentType::AnnualAccounts;
    db::approvals::replace_must(db, client_id, kind, &ids, Utc::now()).await?;
    let before = crate::services::approvals::audited(kind, &[]);
    let after = crate::services::approvals::audited(kind, &emails);
    let change = Change::updated(EntityType::ApprovalDuties, client_id, Some(client_id), &before, &after)
        .in_history_of(EntityType::Organisation, client_id);
    audit::record(db, author, change).await?;
    Ok(())
}
