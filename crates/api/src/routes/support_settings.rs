//! `/api/v1/support-settings` and `/api/v1/support-calendar`: the helpdesk's opening
//! hours, SLA targets, reopen window and closing days.

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpResponse, delete, get, put};
use loket_api_types::support_settings::{
    SetCalendarDay, SupportCalendar, SupportCalendarQuery, SupportSettings, UpdateSupportSettings,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, PathDate, Query, Versioned, versioned};
use crate::services::support_settings;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_support_settings)
        .service(update_support_settings)
        .service(get_support_calendar)
        .service(set_support_calendar_day)
        .service(remove_support_calendar_day);
}

impl Versioned for SupportSettings {
    fn version(&self) -> i64 {
        self.version
    }
}

/// Opening hours, SLA targets and the reopen window as they apply now. Read by the
/// helpdesk and its customers.
#[utoipa::path(
    tag = "support-settings",
    operation_id = "get_support_settings",
    responses((status = 200, description = "The settings", body = SupportSettings,
        headers(("ETag" = String, description = "The version to send in If-Match")))),
    security(("bearer" = []))
)]
#[get("/support-settings")]
pub async fn get_support_settings(state: Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    Ok(versioned(StatusCode::OK, &support_settings::get(&state, &principal).await?))
}

/// Replace the settings (vendor administrators). Requires `If-Match` (`"0"` while the
/// standard settings apply); a 412 carries the settings as they are now. Every ticket's
/// SLA follows at once.
#[utoipa::path(
    tag = "support-settings",
    operation_id = "update_support_settings",
    params(
        ("If-Match" = String, Header, description = "The ETag of the settings being changed, e.g. `\"3\"`", pattern = r#"^(W/)?"[0-9]{1,18}"$"#),
    ),
    request_body = UpdateSupportSettings,
    responses(
        (status = 200, description = "The new settings", body = SupportSettings, headers(("ETag" = String, description = "The new version"))),
    ),
    security(("bearer" = []))
)]
#[put("/support-settings")]
pub async fn update_support_settings(
    state: Data<AppState>,
    principal: Principal,
    if_match: IfMatch,
    body: Json<UpdateSupportSettings>,
) -> Result<HttpResponse, ApiError> {
    let saved = support_settings::update(&state, &principal, if_match.0, body.0).await?;
    Ok(versioned(StatusCode::OK, &saved))
}

/// The Dutch public holidays of a year and the dates the administrator decided on,
/// with whether the helpdesk is closed.
#[utoipa::path(
    tag = "support-settings",
    operation_id = "get_support_calendar",
    params(SupportCalendarQuery),
    responses((status = 200, description = "The year's closing days", body = SupportCalendar)),
    security(("bearer" = []))
)]
#[get("/support-calendar")]
pub async fn get_support_calendar(
    state: Data<AppState>,
    principal: Principal,
    query: Query<SupportCalendarQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(support_settings::calendar(&state, &principal, query.0.year).await?))
}

/// Open or close the helpdesk on one date (vendor administrators); answers with that
/// year's calendar.
#[utoipa::path(
    tag = "support-settings",
    operation_id = "set_support_calendar_day",
    params(("date" = String, Path, format = Date, description = "The date, e.g. `2027-04-27`", pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")),
    request_body = SetCalendarDay,
    responses((status = 200, description = "The year's closing days", body = SupportCalendar)),
    security(("bearer" = []))
)]
#[put("/support-calendar/{date}")]
pub async fn set_support_calendar_day(
    state: Data<AppState>,
    principal: Principal,
    date: PathDate,
    body: Json<SetCalendarDay>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(support_settings::set_day(&state, &principal, date.0, body.0).await?))
}

/// Forget the decision on one date: the computed calendar applies again.
#[utoipa::path(
    tag = "support-settings",
    operation_id = "remove_support_calendar_day",
    params(("date" = String, Path, format = Date, description = "The date, e.g. `2027-04-27`", pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")),
    responses((status = 204, description = "Forgotten")),
    security(("bearer" = []))
)]
#[delete("/support-calendar/{date}")]
pub async fn remove_support_calendar_day(
    state: Data<AppState>,
    principal: Principal,
    date: PathDate,
) -> Result<HttpResponse, ApiError> {
    support_settings::remove_day(&state, &principal, date.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
