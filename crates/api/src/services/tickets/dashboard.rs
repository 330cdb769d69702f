//! The helpdesk dashboard: the open backlog by age, SLA results of the last eight weeks
//! (closed within or past the resolution target) and the open tickets per type. For the
//! helpdesk only.

use std::collections::HashMap;

use chrono::{Duration, NaiveTime, Utc};
use loket_api_types::ticket_dashboard::{AgeCount, HelpdeskDashboard, TypeCount, WeekSla};
use loket_domain::policy::TicketScope;
use loket_domain::support::dashboard::{AgeBucket, recent_weeks, week_start};
use loket_domain::support::{SlaState, TicketType};

use super::rules::{self, SupportRules};
use super::scope;
use crate::auth::Principal;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// How many weeks of SLA results the dashboard shows.
const WEEKS: u32 = 8;

pub async fn dashboard(state: &AppState, principal: &Principal) -> Result<HelpdeskDashboard, ApiError> {
    let (scope, _) = scope(state, principal).await?;
    if !matches!(scope, TicketScope::Helpdesk) {
        return Err(ApiError::forbidden("The dashboard is for the helpdesk."));
    }
    let now = Utc::now();
    let rules = SupportRules::load(&state.db, now).await?;
    let zone = rules.calendar.zone();

    let open = db::ticket_stats::open(&state.db).await?;
    let overdue = db::tickets::sla_sort_key(Some(now));
    let mut ages: HashMap<AgeBucket, u32> = HashMap::new();
    let mut types: HashMap<String, u32> = HashMap::new();
    for ticket in &open {
        *ages.entry(AgeBucket::of(now - ticket.created_at)).or_default() += 1;
        *types.entry(ticket.ticket_type.clone()).or_default() += 1;
    }
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);

    let weeks = recent_weeks(now, zone, WEEKS);
    let mut results: Vec<WeekSla> =
        weeks.iter().map(|&week_start| WeekSla { week_start, met: 0, breached: 0 }).collect();
    if let Some(first) = weeks.first() {
        let since = first.and_time(NaiveTime::MIN).and_utc() - Duration::days(1);
        let closed = db::ticket_stats::closed_since(&state.db, since).await?;
        // Every history in one query, not one per ticket.
        let ids: Vec<_> = closed.iter().map(|t| t.id).collect();
        let histories = db::tickets::periods_of(&state.db, &ids).await?;
        for ticket in &closed {
            let Some(closed) = ticket.closed_at.map(|at| at.with_timezone(&Utc)) else { continue };
            let Some(week) = results.iter_mut().find(|w| w.week_start == week_start(closed, zone)) else { continue };
            let history = histories.get(&ticket.id).map_or(&[][..], Vec::as_slice);
            match rules::clocks(&rules, ticket, history, now)? {
                Some((_, SlaState::Breached { .. })) => week.breached += 1,
                Some(_) => week.met += 1,
                None => {}
            }
        }
    }
    Ok(HelpdeskDashboard {
        open: count(open.len()),
        unassigned: count(open.iter().filter(|t| t.assignee_id.is_none()).count()),
        breached: count(open.iter().filter(|t| t.sla_sort <= overdue).count()),
        backlog_by_age: AgeBucket::ALL
            .iter()
            .map(|&bucket| AgeCount { bucket, count: ages.get(&bucket).copied().unwrap_or(0) })
            .collect(),
        sla_by_week: results,
        by_type: TicketType::ALL
            .iter()
            .map(|&ticket_type| TypeCount { ticket_type, count: types.get(ticket_type.as_str()).copied().unwrap_or(0) })
            .collect(),
    })
}
