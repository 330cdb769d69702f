//! Stalled installations (seed 000 steps 6–7): once the instructions are out, the
//! helpdesk follows each case until its software's first successful upload. The domain
//! decides what is stalled (`onboarding::monitoring`) on the support desk's calendar and
//! the vendor's number of business days; the helpdesk logs follow-ups on the timeline
//! (seen by the helpdesk only) and may schedule the day to look again. Time is read from
//! `AppState::clock`, which tests shift forward.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use loket_api_types::install_requests::{InstallEventKind, InstallEventParty, InstallRequestEvent};
use loket_api_types::monitoring::{CreateFollowUp, FunnelStep, InstallFunnel, LastUpload, StalledCase, StalledCases};
use loket_domain::audit::{AuditAction, EntityType};
use loket_domain::onboarding::InstallStep;
use loket_domain::onboarding::funnel::{Move, figures};
use loket_domain::onboarding::monitoring::{StallFacts, is_stalled};
use loket_domain::policy::{InstallRequestAction, WatchInstallations};
use sea_orm::{DbErr, Set, TryIntoModel};
use uuid::Uuid;

use super::view::{self, NewEvent};
use crate::auth::Principal;
use crate::db;
use crate::db::entities::{install_request_events as events, install_requests, installations};
use crate::error::ApiError;
use crate::services::audit::Change;
use crate::services::support_settings::TIME_ZONE;
use crate::services::tickets::rules::SupportRules;
use crate::services::write::Write;
use crate::state::AppState;

/// How many cases under way the list looks at, oldest first.
const WATCHED: u64 = 1000;
/// How far ahead a next check may be scheduled.
const MAX_CHECK_AHEAD_DAYS: i64 = 366;

const SENT: &str = "instructions_sent";
/// The timeline kind of a follow-up (the helpdesk's own notes).
pub(crate) const FOLLOWED_UP: &str = "followed_up";

/// The cases whose software has not delivered data in time, longest waiting first.
pub async fn stalled(state: &AppState, principal: &Principal) -> Result<StalledCases, ApiError> {
    principal.authorize(WatchInstallations, &())?;
    let now = state.clock.now();
    let rules = SupportRules::load(&state.db, now).await?;
    let cases = db::install_requests::awaiting_data(&state.db, WATCHED).await?;
    let ids: Vec<Uuid> = cases.iter().map(|c| c.id).collect();
    let mut history: HashMap<Uuid, Vec<events::Model>> = HashMap::new();
    for event in db::install_requests::events_of_kinds(&state.db, &ids, &[SENT, FOLLOWED_UP]).await? {
        history.entry(event.request_id).or_default().push(event);
    }
    let mut machines: HashMap<Uuid, Vec<installations::Model>> = HashMap::new();
    for installation in db::installations::of_requests(&state.db, &ids).await? {
        machines.entry(installation.request_id).or_default().push(installation);
    }
    let partner_ids: Vec<Uuid> = cases.iter().map(|c| c.partner_id).collect();
    let partners = db::organisations::names(&state.db, &partner_ids).await?;

    let mut items = Vec::new();
    for case in &cases {
        let events = history.get(&case.id).map_or(&[][..], Vec::as_slice);
        let Some(sent) = events.iter().find(|e| e.kind == SENT) else { continue };
        let last_follow_up = events.iter().rev().find(|e| e.kind == FOLLOWED_UP);
        let machines = machines.get(&case.id).map_or(&[][..], Vec::as_slice);
        let facts = StallFacts {
            instructions_sent_at: sent.at.with_timezone(&Utc),
            succeeded: machines.iter().any(|m| m.first_success_at.is_some()),
            next_check_on: last_follow_up.and_then(|e| e.next_check_on),
        };
        if !is_stalled(&rules.calendar, &facts, u32::from(rules.stall_after_days), now) {
            continue;
        }
        items.push(stalled_case(case, &facts, &rules, now, machines, last_follow_up, &partners)?);
    }
    items.sort_by(|a, b| {
        b.business_days_waiting.cmp(&a.business_days_waiting).then(a.instructions_sent_at.cmp(&b.instructions_sent_at))
    });
    Ok(StalledCases { stall_after_days: rules.stall_after_days, items })
}

fn stalled_case(
    case: &install_requests::Model,
    facts: &StallFacts,
    rules: &SupportRules,
    now: chrono::DateTime<Utc>,
    machines: &[installations::Model],
    last_follow_up: Option<&events::Model>,
    partners: &HashMap<Uuid, String>,
) -> Result<StalledCase, ApiError> {
    let last_heartbeat_at = machines.iter().filter_map(|m| m.last_heartbeat_at).max().map(|at| at.with_timezone(&Utc));
    let last_upload =
        machines.iter().filter_map(|m| m.last_upload_at.map(|at| (at, m))).max_by_key(|(at, _)| *at).map(|(at, m)| {
            LastUpload {
                at: at.with_timezone(&Utc),
                succeeded: m.last_upload_succeeded.unwrap_or(false),
                error: m.last_upload_error.clone(),
            }
        });
    Ok(StalledCase {
        request_id: case.id,
        number: case.number.clone(),
        company_name: case.company_name.clone(),
        partner_name: partners.get(&case.partner_id).cloned().unwrap_or_default(),
        step: db::install_requests::step_of(case)?,
        technical_name: case.technical_name.clone(),
        technical_email: case.technical_email.clone(),
        technical_phone: case.technical_phone.clone(),
        instructions_sent_at: facts.instructions_sent_at,
        business_days_waiting: rules.calendar.business_days_between(facts.instructions_sent_at, now),
        last_heartbeat_at,
        last_upload,
        last_follow_up: last_follow_up.map(view::event_to_dto).transpose()?,
    })
}

/// The helpdesk logs a follow-up on the case's timeline (not told to the partner), and
/// may schedule the next check: the case stays off the stalled list until that day.
pub async fn follow_up(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    body: CreateFollowUp,
) -> Result<InstallRequestEvent, ApiError> {
    let note = body.note.trim();
    if note.is_empty() {
        return Err(ApiError::field("note", "required", "write what was done or agreed"));
    }
    let today = state.clock.now().with_timezone(&TIME_ZONE).date_naive();
    if let Some(day) = body.next_check_on {
        if day < today {
            return Err(ApiError::field("next_check_on", "past", "the next check is today or later"));
        }
        if day > today + Duration::days(MAX_CHECK_AHEAD_DAYS) {
            return Err(ApiError::field("next_check_on", "too_far", "the next check is at most a year ahead"));
        }
    }
    let mut write = Write::begin(state, principal.into()).await?;
    let case = super::visible(write.db(), principal, id, InstallRequestAction::FollowUp).await?;
    let event = NewEvent {
        kind: InstallEventKind::FollowedUp,
        from: None,
        to: None,
        actor_name: &principal.name,
        party: InstallEventParty::Helpdesk,
        message: Some(note.to_owned()),
        items: Vec::new(),
        revision: None,
    };
    let mut row = view::event_row(case.id, event, Utc::now())?;
    row.follow_up = Set(Some(view::wire_name(body.kind)?));
    row.next_check_on = Set(body.next_check_on);
    db::install_requests::add_event(write.db(), row.clone()).await?;
    let change = Change::event(AuditAction::FollowedUp, EntityType::InstallRequest, case.id, Some(case.partner_id));
    write.record(change.staff_only()).await?;
    write.commit().await?;
    view::event_to_dto(&row.try_into_model().map_err(ApiError::internal)?)
}

/// How far back the funnel looks.
pub const FUNNEL_DAYS: u32 = 365;

/// The intake funnel of the cases filed in the last [`FUNNEL_DAYS`] days: per step the
/// cases that reached it, those there now and the median stay.
pub async fn funnel(state: &AppState, principal: &Principal) -> Result<InstallFunnel, ApiError> {
    principal.authorize(WatchInstallations, &())?;
    let since = state.clock.now() - Duration::days(i64::from(FUNNEL_DAYS));
    let (cases, moves) = db::install_requests::funnel_since(&state.db, since).await?;
    let mut timelines: HashMap<Uuid, Vec<Move>> = HashMap::new();
    for (request_id, at, to) in moves {
        let step = InstallStep::parse(&to)
            .ok_or_else(|| DbErr::Custom(format!("install_request_events.to_step holds {to:?}")))?;
        timelines.entry(request_id).or_default().push(Move { at: at.with_timezone(&Utc), to: Some(step) });
    }
    let mut now_at = Vec::with_capacity(cases.len());
    for (id, step) in &cases {
        let step =
            InstallStep::parse(step).ok_or_else(|| DbErr::Custom(format!("install_requests.step holds {step:?}")))?;
        now_at.push((step, timelines.get(id).map_or(&[][..], Vec::as_slice)));
    }
    let steps = figures(now_at)
        .into_iter()
        .map(|f| FunnelStep {
            step: f.step,
            reached: f.reached,
            current: f.current,
            stays: f.stays,
            median_stay_seconds: f.median_seconds,
        })
        .collect();
    Ok(InstallFunnel { days: FUNNEL_DAYS, cases: cases.len() as u64, steps })
}
