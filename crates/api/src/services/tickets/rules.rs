//! The support desk's settings as the services use them: the business-hours calendar,
//! the SLA targets and the reopen window, and the SLA clocks of a ticket.

use chrono::{DateTime, Datelike, Duration, Utc};
use loket_api_types::tickets::{SlaClock, SlaClockState, TicketSla};
use loket_domain::support::settings::closed_dates;
use loket_domain::support::sla::{SlaState, evaluate};
use loket_domain::support::{BusinessCalendar, DayOverride, SlaTargets, StatusPeriod, SupportSettings, TicketStatus};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db;
use crate::db::entities::tickets;
use crate::error::ApiError;
use crate::services::support_settings::{self, TIME_ZONE};
use crate::state::AppState;

/// What the clocks and the workflow need to know.
#[derive(Debug, Clone)]
pub struct SupportRules {
    pub calendar: BusinessCalendar,
    pub targets: SlaTargets,
    /// How long after closing a customer may ask to reopen.
    pub reopen_window: Duration,
    /// Business days after the instructions before an installation is stalled.
    pub stall_after_days: u16,
}

impl SupportRules {
    /// `settings` with the computed holidays and the administrator's decided dates, from
    /// last year to five years ahead.
    pub fn from_settings(settings: &SupportSettings, decided: &[DayOverride], now: DateTime<Utc>) -> Self {
        let year = now.with_timezone(&TIME_ZONE).year();
        let closed = closed_dates(year - 1..=year + 5, decided);
        Self {
            calendar: BusinessCalendar::new(TIME_ZONE, settings.hours.clone(), closed),
            targets: settings.targets,
            reopen_window: Duration::days(i64::from(settings.reopen_days)),
            stall_after_days: settings.stall_after_days,
        }
    }

    /// The rules in force, as the vendor administrator set them.
    pub async fn load(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Self, DbErr> {
        let (settings, decided) = support_settings::current(db).await?;
        Ok(Self::from_settings(&settings, &decided, now))
    }
}

/// Computes the SLA sort key of every ticket still with the helpdesk again under the
/// rules in force (after the rules changed), a page at a time.
pub async fn recompute_sla_sort(state: &AppState, now: DateTime<Utc>) -> Result<(), ApiError> {
    const PAGE: u64 = 500;
    let rules = SupportRules::load(&state.db, now).await?;
    let mut after = None;
    loop {
        let page = db::tickets::still_counting(&state.db, after, PAGE).await?;
        let ids: Vec<_> = page.iter().map(|t| t.id).collect();
        let histories = db::tickets::periods_of(&state.db, &ids).await?;
        for ticket in &page {
            let history = histories.get(&ticket.id).map_or(&[][..], Vec::as_slice);
            let key = live_sort_key(ticket, clocks(&rules, ticket, history, now)?);
            if key != ticket.sla_sort {
                db::tickets::set_sla_sort(&state.db, ticket.id, key).await?;
            }
        }
        match page.last() {
            Some(last) if page.len() as u64 == PAGE => after = Some(last.id),
            _ => return Ok(()),
        }
    }
}

/// The two clocks of a ticket at `now`: first response, then resolution. `None` for a
/// ticket that has not reached the helpdesk.
pub fn clocks(
    rules: &SupportRules,
    ticket: &tickets::Model,
    history: &[StatusPeriod],
    now: DateTime<Utc>,
) -> Result<Option<(SlaState, SlaState)>, DbErr> {
    if ticket.reached_helpdesk_at.is_none() {
        return Ok(None);
    }
    let priority = db::tickets::priority_of(ticket)?;
    let status = db::tickets::status_of(ticket)?;
    let replied = ticket.first_response_at.map(|at| at.with_timezone(&Utc));
    let closed = (status == TicketStatus::Closed).then(|| ticket.closed_at.map(|at| at.with_timezone(&Utc))).flatten();
    let first = evaluate(&rules.calendar, history, rules.targets.first_response(priority), replied, now);
    let resolution = evaluate(&rules.calendar, history, rules.targets.resolution(priority), closed, now);
    Ok(Some((first, resolution)))
}

/// The clocks still counting (not stopped) decide the sort key: a first response that
/// was late stays breached on the ticket but no longer makes the ticket urgent.
pub fn live_sort_key(ticket: &tickets::Model, clocks: Option<(SlaState, SlaState)>) -> String {
    let Some((first, resolution)) = clocks else {
        return db::tickets::sla_sort_key(None);
    };
    let first = if ticket.first_response_at.is_some() { None } else { first.sort_instant() };
    let resolution = if ticket.closed_at.is_some() && ticket.status == TicketStatus::Closed.as_str() {
        None
    } else {
        resolution.sort_instant()
    };
    db::tickets::sla_sort_key([first, resolution].into_iter().flatten().min())
}

fn clock_dto(state: SlaState, target: Duration) -> SlaClock {
    let (state, minutes_left, due_at, breached_at) = match state {
        SlaState::Running { due_at, left } => (SlaClockState::Running, Some(left.num_minutes()), Some(due_at), None),
        SlaState::Paused { left } => (SlaClockState::Paused, Some(left.num_minutes()), None, None),
        SlaState::Met => (SlaClockState::Met, None, None, None),
        SlaState::Breached { at } => (SlaClockState::Breached, None, None, Some(at)),
    };
    SlaClock { state, target_minutes: target.num_minutes(), minutes_left, due_at, breached_at }
}

pub fn sla_dto(
    rules: &SupportRules,
    ticket: &tickets::Model,
    clocks: Option<(SlaState, SlaState)>,
) -> Result<Option<TicketSla>, DbErr> {
    let priority = db::tickets::priority_of(ticket)?;
    Ok(clocks.map(|(first, resolution)| TicketSla {
        first_response: clock_dto(first, rules.targets.first_response(priority)),
        resolution: clock_dto(resolution, rules.targets.resolution(priority)),
    }))
}
