//! Install requests, their submitted versions and their timeline; the accounting
//! packages and partner fields live in [`super::intake_settings`].

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use loket_domain::onboarding::InstallStep;
use loket_domain::policy::InstallRequestScope;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::entities::install_requests::{ActiveModel, Column, Entity, Model};
use super::entities::{install_request_events as events, install_request_revisions as revisions, organisations};
use super::pagination::PageRequest;
use super::{stored, tz};
use loket_api_types::pagination::ListSort;

pub fn step_of(model: &Model) -> Result<InstallStep, DbErr> {
    stored(InstallStep::parse(&model.step), "install_requests.step", &model.step)
}

/// The SQL form of an [`InstallRequestScope`]; it agrees with the policy's visibility.
pub fn scope_condition(scope: &InstallRequestScope) -> Condition {
    match scope {
        InstallRequestScope::Helpdesk => Condition::all(),
        InstallRequestScope::Partner { partner_id, branches } => {
            let mut own = Condition::all().add(Column::PartnerId.eq(*partner_id));
            if !branches.is_empty() {
                own = own.add(
                    Condition::any().add(Column::BranchId.is_null()).add(Column::BranchId.is_in(branches.clone())),
                );
            }
            own
        }
        InstallRequestScope::Client { client_id } => Condition::all().add(Column::ClientId.eq(*client_id)),
        // The primary key is never null: no row.
        InstallRequestScope::Nothing => Condition::all().add(Column::Id.is_null()),
    }
}

pub async fn insert(db: &impl ConnectionTrait, row: ActiveModel) -> Result<Model, DbErr> {
    row.insert(db).await
}

pub async fn find(db: &impl ConnectionTrait, scope: &InstallRequestScope, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).filter(scope_condition(scope)).one(db).await
}

/// The list filters, already checked against the caller.
#[derive(Debug, Default)]
pub struct InstallRequestFilter {
    pub step: Option<InstallStep>,
    pub partner_id: Option<Uuid>,
    /// Lower-case words to find in the company name, KvK number or request number.
    pub search: Option<String>,
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &InstallRequestScope,
    filter: &InstallRequestFilter,
    page: &PageRequest<impl ListSort>,
) -> Result<(Vec<Model>, Option<String>), DbErr> {
    let mut select = Entity::find().filter(scope_condition(scope));
    if let Some(step) = filter.step {
        select = select.filter(Column::Step.eq(step.as_str()));
    }
    if let Some(partner) = filter.partner_id {
        select = select.filter(Column::PartnerId.eq(partner));
    }
    if let Some(search) = &filter.search {
        let pattern = super::organisations::like_pattern(search);
        let digits: String = search.chars().filter(char::is_ascii_digit).collect();
        let mut any = Condition::any()
            .add(Expr::expr(Func::lower(Expr::col(Column::CompanyName))).like(pattern.clone()))
            .add(Expr::expr(Func::lower(Expr::col(Column::Number))).like(pattern));
        if digits.len() >= 4 {
            any = any.add(Column::CocNumber.starts_with(&digits));
        }
        select = select.filter(any);
    }
    let rows = page.fetch(db, select, Column::Number, Column::Id).await?;
    Ok(page.finish(rows, |m| (m.number.clone(), m.id)))
}

/// Saves the changed columns if the stored version is still `expected_version`.
pub async fn save(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i64,
    changes: ActiveModel,
    now: DateTime<Utc>,
) -> Result<Option<Model>, DbErr> {
    super::versioned::save(db, id, expected_version, changes, now).await
}

/// Of `rows`, the requests whose Chamber of Commerce number another open request (not
/// rejected, not completed) or a client organisation has: possible duplicates for the
/// helpdesk to look at. Two queries whatever the number of rows.
pub async fn duplicates(db: &impl ConnectionTrait, rows: &[Model]) -> Result<HashSet<Uuid>, DbErr> {
    let numbers: BTreeSet<&str> = rows.iter().map(|r| r.coc_number.as_str()).collect();
    if numbers.is_empty() {
        return Ok(HashSet::new());
    }
    let open: Vec<(Uuid, String)> = Entity::find()
        .select_only()
        .column(Column::Id)
        .column(Column::CocNumber)
        .filter(Column::CocNumber.is_in(numbers.iter().copied()))
        .filter(Column::Step.is_not_in([InstallStep::Rejected.as_str(), InstallStep::Completed.as_str()]))
        .into_tuple()
        .all(db)
        .await?;
    let clients: Vec<Option<String>> = organisations::Entity::find()
        .select_only()
        .column(organisations::Column::CocNumber)
        .filter(organisations::Column::CocNumber.is_in(numbers.iter().copied()))
        .filter(organisations::Column::Kind.eq("client"))
        .into_tuple()
        .all(db)
        .await?;
    let clients: HashSet<String> = clients.into_iter().flatten().collect();
    Ok(rows
        .iter()
        .filter(|row| {
            clients.contains(&row.coc_number)
                || open.iter().any(|(id, number)| *id != row.id && *number == row.coc_number)
        })
        .map(|row| row.id)
        .collect())
}

/// Keeps one submitted version of the data.
pub async fn add_revision(
    db: &impl ConnectionTrait,
    request_id: Uuid,
    revision: i32,
    snapshot: String,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    revisions::ActiveModel {
        request_id: Set(request_id),
        revision: Set(revision),
        snapshot: Set(snapshot),
        submitted_at: Set(tz(at)),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn revisions(db: &impl ConnectionTrait, request_id: Uuid) -> Result<Vec<revisions::Model>, DbErr> {
    revisions::Entity::find()
        .filter(revisions::Column::RequestId.eq(request_id))
        .order_by_asc(revisions::Column::Revision)
        .all(db)
        .await
}

/// Adds an entry to a request's timeline.
pub async fn add_event(db: &impl ConnectionTrait, event: events::ActiveModel) -> Result<(), DbErr> {
    event.insert(db).await?;
    Ok(())
}

/// The timeline, oldest first.
pub async fn events(db: &impl ConnectionTrait, request_id: Uuid) -> Result<Vec<events::Model>, DbErr> {
    events::Entity::find()
        .filter(events::Column::RequestId.eq(request_id))
        .order_by_asc(events::Column::At)
        .order_by_asc(events::Column::Id)
        .all(db)
        .await
}

/// The cases waiting for their software's data (instructions sent, or installing), the
/// longest waiting first; at most `limit`.
pub async fn awaiting_data(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::Step.is_in([InstallStep::Instructions.as_str(), InstallStep::Installing.as_str()]))
        .order_by_asc(Column::UpdatedAt)
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// The timeline entries of `kinds` of the requests `ids`, oldest first.
pub async fn events_of_kinds(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    kinds: &[&str],
) -> Result<Vec<events::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    events::Entity::find()
        .filter(events::Column::RequestId.is_in(ids.to_vec()))
        .filter(events::Column::Kind.is_in(kinds.iter().copied()))
        .order_by_asc(events::Column::At)
        .order_by_asc(events::Column::Id)
        .all(db)
        .await
}

/// The cases filed since `since` with their step now, and the step changes on their
/// timelines (request, time, step moved to), in time order.
pub async fn funnel_since(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
) -> Result<(Vec<(Uuid, String)>, Vec<(Uuid, sea_orm::prelude::DateTimeWithTimeZone, String)>), DbErr> {
    let cases: Vec<(Uuid, String)> = Entity::find()
        .select_only()
        .column(Column::Id)
        .column(Column::Step)
        .filter(Column::CreatedAt.gte(tz(since)))
        .into_tuple()
        .all(db)
        .await?;
    let filed_since = sea_orm::sea_query::Query::select()
        .column(Column::Id)
        .from(Entity)
        .and_where(Expr::col(Column::CreatedAt).gte(tz(since)))
        .to_owned();
    let moves = events::Entity::find()
        .select_only()
        .column(events::Column::RequestId)
        .column(events::Column::At)
        .column(events::Column::ToStep)
        .filter(events::Column::RequestId.in_subquery(filed_since))
        .filter(events::Column::ToStep.is_not_null())
        .order_by_asc(events::Column::At)
        .order_by_asc(events::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok((cases, moves))
}
