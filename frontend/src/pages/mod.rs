//! One module per screen.

pub mod access;
pub mod access_requests;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod dashboard;
pub mod intake;
pub mod intake_detail;
pub mod intake_form;
pub mod not_found;
pub mod notifications;
pub mod organisation;
pub mod organisations;
pub mod overview;
pub mod profile;
pub mod questionnaire;
pub mod support_calendar;
pub mod support_settings;
pub mod ticket;
pub mod ticket_estimate;
pub mod ticket_files;
pub mod ticket_work;
pub mod tickets;
pub mod user_form;
pub mod users;
pub mod webhooks;
