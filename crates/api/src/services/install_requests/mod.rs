//! Partner intake (seed 000, issue 10): partners file install requests, by form or by API
//! with an `Idempotency-Key`; the helpdesk reviews them ([`review`]); every move is on the
//! request's timeline and told to the partner ([`moves`]).

mod accept;
pub mod contracts;
mod data;
pub mod instructions;
pub mod monitoring;
pub mod moves;
pub mod questionnaire;
pub mod review;
pub(crate) mod view;

use chrono::{Datelike, Utc};
use loket_api_types::install_requests::{
    InstallEventKind, InstallRequest, InstallRequestData, InstallRequestListQuery, InstallRequestRevision,
    InstallRequestRevisions, InstallRequestTimeline,
};
use loket_api_types::pagination::Page;
use loket_domain::audit::EntityType;
use loket_domain::onboarding::{InstallStep, request_number};
use loket_domain::policy::{ActorKind, Policy};
use loket_domain::policy::{
    FileInstallRequests, InstallRequestAction, InstallRequestFacts, InstallRequestScope, install_request_scope,
};
use sea_orm::{ConnectionTrait, Set};
use uuid::Uuid;

pub use self::data::definitions;
use self::view::{Names, NewEvent};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::install_requests;
use crate::db::install_requests::InstallRequestFilter;
use crate::db::pagination::PageRequest;
use crate::db::tz;
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::idempotency::{Created, Once};
use crate::services::write::{Begun, Write};
use crate::state::AppState;

pub(crate) fn facts(model: &install_requests::Model) -> InstallRequestFacts {
    InstallRequestFacts { partner_id: model.partner_id, branch_id: model.branch_id, client_id: model.client_id }
}

fn is_staff(scope: &InstallRequestScope) -> bool {
    matches!(scope, InstallRequestScope::Helpdesk)
}

/// The request `id` as the caller may see it, checked against `action`.
pub(crate) async fn visible(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: Uuid,
    action: InstallRequestAction,
) -> Result<install_requests::Model, ApiError> {
    let scope = install_request_scope(&principal.actor);
    let model = db::install_requests::find(db, &scope, id).await?.ok_or(ApiError::NotFound)?;
    principal.authorize(action, &facts(&model))?;
    Ok(model)
}

/// The answer for one request as `principal` reads it.
pub(crate) async fn answer(
    db: &impl ConnectionTrait,
    principal: &Principal,
    model: &install_requests::Model,
) -> Result<InstallRequest, ApiError> {
    let staff = is_staff(&install_request_scope(&principal.actor));
    let names = Names::load(db, std::slice::from_ref(model), staff).await?;
    view::to_dto(model, &names)
}

/// Files a request: checked field by field, numbered, its first version kept, on the
/// timeline as submitted, told to the partner. Under an `Idempotency-Key` a retry gets
/// the first answer.
pub async fn create(
    state: &AppState,
    principal: &Principal,
    request: InstallRequestData,
    once: Option<Once>,
) -> Result<Created<InstallRequest>, ApiError> {
    principal.authorize(FileInstallRequests, &())?;
    let partner = crate::services::organisations::own_organisation(state, principal).await?;
    let checked = data::check(&state.db, &principal.actor, partner.id, &request).await?;
    let mut write = match Write::begin_once(state, principal.into(), once).await? {
        Begun::Fresh(write) => write,
        Begun::Replay(replay) => return Ok(Created::Replayed(replay)),
    };
    let now = Utc::now();
    let filer = Filer {
        name: &principal.name,
        user_id: match &principal.actor.kind {
            ActorKind::User { user_id, .. } => Some(*user_id),
            ActorKind::ApiKey { .. } => None,
        },
    };
    let saved = insert_filed(write.db(), partner.id, &filer, &checked, now).await?;
    write
        .record(Change::created(EntityType::InstallRequest, saved.id, Some(partner.id), &view::audited(&saved)))
        .await?;
    let names = Names::load(write.db(), std::slice::from_ref(&saved), false).await?;
    let created = view::to_dto(&saved, &names)?;
    let event = NewEvent {
        kind: InstallEventKind::Submitted,
        from: None,
        to: Some(InstallStep::Submitted),
        actor_name: &principal.name,
        party: moves::event_party(moves::party_of(&principal.actor)),
        message: None,
        items: Vec::new(),
        revision: Some(1),
    };
    moves::record(state, write.db(), moves::Moved { request: &saved, dto: &created, partner: &partner, event }).await?;
    write.commit_created(&created).await?;
    tracing::info!(install_request_id = %saved.id, partner_id = %partner.id, "install request filed");
    Ok(Created::New(created))
}

/// Who filed a request.
pub(crate) struct Filer<'a> {
    pub name: &'a str,
    /// The person (none for a partner system).
    pub user_id: Option<Uuid>,
}

/// Numbers and stores a checked request at `submitted`, with its first version: the
/// common part of filing and of the demo data.
pub(crate) async fn insert_filed(
    db: &impl ConnectionTrait,
    partner_id: Uuid,
    filer: &Filer<'_>,
    data: &InstallRequestData,
    now: chrono::DateTime<Utc>,
) -> Result<install_requests::Model, ApiError> {
    let sequence = db::numbers::next(db, "A", now.year()).await?;
    let mut row = install_requests::ActiveModel {
        id: Set(Uuid::now_v7()),
        number: Set(request_number(now.year(), sequence)),
        partner_id: Set(partner_id),
        step: Set(InstallStep::Submitted.as_str().to_owned()),
        revision: Set(1),
        filed_by_name: Set(filer.name.chars().take(120).collect()),
        filed_by_user_id: Set(filer.user_id),
        client_id: Set(None),
        submitted_at: Set(tz(now)),
        created_at: Set(tz(now)),
        updated_at: Set(tz(now)),
        version: Set(1),
        ..Default::default()
    };
    view::set_data(&mut row, data)?;
    let saved = db::install_requests::insert(db, row).await?;
    let snapshot = serde_json::to_string(data).map_err(ApiError::internal)?;
    db::install_requests::add_revision(db, saved.id, 1, snapshot, now).await?;
    Ok(saved)
}

pub async fn list(
    state: &AppState,
    principal: &Principal,
    query: InstallRequestListQuery,
) -> Result<Page<InstallRequest>, ApiError> {
    let scope = install_request_scope(&principal.actor);
    if let loket_domain::policy::ActorKind::ApiKey { .. } = principal.actor.kind
        && !principal.actor.has_scope(loket_domain::ApiScope::InstallRequestsRead)
    {
        return Err(ApiError::forbidden(InstallRequestAction::Read.refusal()));
    }
    let page = PageRequest::new(query.sort, query.cursor.as_deref(), query.limit)?;
    let filter = InstallRequestFilter {
        step: query.step,
        partner_id: query.partner_id,
        search: query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(str::to_lowercase),
    };
    let (rows, next_cursor) = db::install_requests::list(&state.db, &scope, &filter, &page).await?;
    let names = Names::load(&state.db, &rows, is_staff(&scope)).await?;
    let items = rows.iter().map(|row| view::to_dto(row, &names)).collect::<Result<_, _>>()?;
    Ok(Page { items, next_cursor })
}

pub async fn get(state: &AppState, principal: &Principal, id: Uuid) -> Result<InstallRequest, ApiError> {
    let model = visible(&state.db, principal, id, InstallRequestAction::Read).await?;
    answer(&state.db, principal, &model).await
}

pub async fn timeline(state: &AppState, principal: &Principal, id: Uuid) -> Result<InstallRequestTimeline, ApiError> {
    let model = visible(&state.db, principal, id, InstallRequestAction::Read).await?;
    let rows = db::install_requests::events(&state.db, model.id).await?;
    // Follow-ups are the helpdesk's own notes.
    let staff = is_staff(&install_request_scope(&principal.actor));
    let items = rows
        .iter()
        .filter(|row| staff || row.kind != monitoring::FOLLOWED_UP)
        .map(view::event_to_dto)
        .collect::<Result<_, _>>()?;
    Ok(InstallRequestTimeline { items })
}

pub async fn revisions(state: &AppState, principal: &Principal, id: Uuid) -> Result<InstallRequestRevisions, ApiError> {
    let model = visible(&state.db, principal, id, InstallRequestAction::Read).await?;
    let rows = db::install_requests::revisions(&state.db, model.id).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let data = serde_json::from_str(&row.snapshot).map_err(ApiError::internal)?;
            Ok(InstallRequestRevision {
                revision: row.revision,
                submitted_at: row.submitted_at.with_timezone(&Utc),
                data,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(InstallRequestRevisions { items })
}
