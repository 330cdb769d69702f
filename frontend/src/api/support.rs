//! The helpdesk's settings: opening hours, SLA targets, the reopen window and the
//! calendar of closing days.

use chrono::NaiveDate;
use loket_api_types::support_settings::{SetCalendarDay, SupportCalendar, SupportSettings, UpdateSupportSettings};

use super::{ApiError, Method, call, json};
use crate::session::Session;

pub async fn get_settings(session: Session) -> Result<SupportSettings, ApiError> {
    call(session, Method::Get, "/support-settings", None, None).await
}

pub async fn update_settings(
    session: Session,
    version: i64,
    request: &UpdateSupportSettings,
) -> Result<SupportSettings, ApiError> {
    call(session, Method::Put, "/support-settings", json(request), Some(version)).await
}

pub async fn get_calendar(session: Session, year: i32) -> Result<SupportCalendar, ApiError> {
    call(session, Method::Get, &format!("/support-calendar?year={year}"), None, None).await
}

pub async fn set_day(session: Session, day: NaiveDate, request: &SetCalendarDay) -> Result<SupportCalendar, ApiError> {
    call(session, Method::Put, &format!("/support-calendar/{day}"), json(request), None).await
}

pub async fn remove_day(session: Session, day: NaiveDate) -> Result<(), ApiError> {
    call(session, Method::Delete, &format!("/support-calendar/{day}"), None, None).await
}
