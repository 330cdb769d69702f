//! The one place where errors become HTTP responses (RFC 9457 problem details).
//!
//! Services return [`ApiError`]; its `ResponseError` impl picks the status, the stable
//! code and the public text. Internal causes are logged here, once, with the request id,
//! and never sent to the client.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use loket_api_types::{ErrorCode, FieldError, Problem};
use sea_orm::{DbErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// One or more fields are invalid (422).
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// The request itself is malformed (400) or has the wrong body (415, 413).
    #[error("{detail}")]
    BadRequest { status: StatusCode, code: ErrorCode, detail: String },
    /// No valid credentials (401).
    #[error("{detail}")]
    Unauthenticated { code: ErrorCode, detail: String },
    /// Signed in, but not allowed (403).
    #[error("{0}")]
    Forbidden(String),
    /// Does not exist or is outside the caller's tenant (404).
    #[error("not found")]
    NotFound,
    /// Conflicts with the current state (409).
    #[error("{detail}")]
    Conflict { code: ErrorCode, detail: String, errors: Vec<FieldError> },
    /// A case cannot make this move from its step (409 `invalid_transition`), with the
    /// steps it may go to.
    #[error("{detail}")]
    Transition { detail: String, allowed_next: Vec<String> },
    /// `If-Match` does not match (412).
    #[error("precondition failed")]
    PreconditionFailed,
    /// As `PreconditionFailed`, with the record as it is now (412).
    #[error("precondition failed; the record has changed")]
    Stale(Box<serde_json::Value>),
    /// `If-Match` is missing (428).
    #[error("precondition required")]
    PreconditionRequired,
    /// Throttled (429).
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// A dependency is down (503).
    #[error("service unavailable")]
    ServiceUnavailable,
    /// Loket itself is at capacity for this kind of work (503 with `Retry-After`).
    #[error("overloaded")]
    Overloaded { retry_after_secs: u64 },
    /// Anything unexpected (500). Logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<loket_domain::support::TransitionError> for ApiError {
    fn from(error: loket_domain::support::TransitionError) -> Self {
        Self::Conflict {
            code: ErrorCode::InvalidTransition,
            detail: format!("{}.", capitalised(&error.to_string())),
            errors: Vec::new(),
        }
    }
}

/// `text` with its first letter in upper case.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

impl ApiError {
    /// A single invalid field.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError { field: field.to_owned(), code: code.to_owned(), message: message.into() }])
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::BadRequest { status: StatusCode::BAD_REQUEST, code: ErrorCode::BadRequest, detail: detail.into() }
    }

    pub fn unauthenticated(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::Unauthenticated { code, detail: detail.into() }
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::Forbidden(detail.into())
    }

    /// 429 until `until` (at least a second from `now`).
    pub fn retry_at(until: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> Self {
        Self::TooManyRequests { retry_after_secs: u64::try_from((until - now).num_seconds().max(1)).unwrap_or(1) }
    }

    pub fn conflict(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::Conflict { code, detail: detail.into(), errors: Vec::new() }
    }

    /// 409: the value of `field` is someone else's already (`message` says whose).
    pub fn taken(field: &str, message: &str) -> Self {
        Self::taken_as(ErrorCode::Conflict, field, message)
    }

    fn taken_as(code: ErrorCode, field: &str, message: &str) -> Self {
        Self::Conflict {
            code,
            detail: format!("The value of `{field}` is already taken."),
            errors: vec![FieldError { field: field.to_owned(), code: "taken".to_owned(), message: message.to_owned() }],
        }
    }

    /// 410 for a link that expired or whose file was withdrawn.
    pub fn link_expired(detail: impl Into<String>) -> Self {
        Self::BadRequest { status: StatusCode::GONE, code: ErrorCode::LinkExpired, detail: detail.into() }
    }

    pub fn transition(detail: impl Into<String>, allowed_next: Vec<String>) -> Self {
        Self::Transition { detail: detail.into(), allowed_next }
    }

    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self::Internal(error.into())
    }

    /// The problem body for this error.
    pub fn problem(&self) -> Problem {
        let status = self.status_code().as_u16();
        match self {
            Self::Validation(errors) => {
                Problem::new(ErrorCode::ValidationFailed, status, "The request has invalid fields")
                    .with_detail("Correct the fields listed in errors and try again.")
                    .with_errors(errors.clone())
            }
            Self::BadRequest { code, detail, .. } => Problem::new(*code, status, title_for(*code)).with_detail(detail),
            Self::Unauthenticated { code, detail } => Problem::new(*code, status, title_for(*code)).with_detail(detail),
            Self::Forbidden(detail) => {
                Problem::new(ErrorCode::Forbidden, status, "You are not allowed to do this").with_detail(detail)
            }
            Self::NotFound => Problem::new(ErrorCode::NotFound, status, "Not found")
                .with_detail("The resource does not exist or you have no access to it."),
            Self::Conflict { code, detail, errors } => {
                Problem::new(*code, status, title_for(*code)).with_detail(detail).with_errors(errors.clone())
            }
            Self::Transition { detail, allowed_next } => {
                let detail = if allowed_next.is_empty() {
                    detail.clone()
                } else {
                    format!("{detail} It may go to: {}.", allowed_next.join(", "))
                };
                let mut problem =
                    Problem::new(ErrorCode::InvalidTransition, status, title_for(ErrorCode::InvalidTransition))
                        .with_detail(detail);
                problem.allowed_next = allowed_next.clone();
                problem
            }
            Self::PreconditionFailed => Problem::new(ErrorCode::PreconditionFailed, status, "The record has changed")
                .with_detail("Someone else changed this record. Reload it, reapply your change and try again."),
            Self::Stale(current) => {
                let mut problem = Problem::new(ErrorCode::PreconditionFailed, status, "The record has changed")
                    .with_detail("Someone else changed this record; `current` is how it is now. Reapply your change on top of it.");
                problem.current = Some((**current).clone());
                problem
            }
            Self::PreconditionRequired => Problem::new(ErrorCode::PreconditionRequired, status, "If-Match required")
                .with_detail("Send the record's ETag in an If-Match header, so that no one's change is overwritten."),
            Self::TooManyRequests { retry_after_secs } => {
                Problem::new(ErrorCode::TooManyRequests, status, "Too many attempts")
                    .with_detail(format!("Wait {retry_after_secs} seconds before trying again."))
            }
            Self::ServiceUnavailable => Problem::new(ErrorCode::ServiceUnavailable, status, "Service unavailable")
                .with_detail("A service Loket depends on is not reachable. Try again shortly."),
            Self::Overloaded { retry_after_secs } => Problem::new(ErrorCode::ServiceUnavailable, status, "Busy")
                .with_detail(format!("Loket is busy. Try again in {retry_after_secs} seconds.")),
            Self::Internal(_) => Problem::new(ErrorCode::InternalError, status, "Internal error").with_detail(
                "Something went wrong on our side. It has been logged; quote the request id when reporting it.",
            ),
        }
    }
}

fn title_for(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::BadRequest => "Bad request",
        ErrorCode::MalformedJson => "The body is not valid JSON",
        ErrorCode::InvalidBody => "The body has the wrong shape",
        ErrorCode::ValidationFailed => "The request has invalid fields",
        ErrorCode::Unauthenticated => "Authentication required",
        ErrorCode::InvalidCredentials => "Wrong e-mail address or password",
        ErrorCode::TokenExpired => "The access token has expired",
        ErrorCode::InvalidToken => "The token is not valid",
        ErrorCode::AccountDisabled => "The account has been deactivated",
        ErrorCode::Forbidden => "You are not allowed to do this",
        ErrorCode::NotFound => "Not found",
        ErrorCode::MethodNotAllowed => "Method not allowed",
        ErrorCode::Conflict => "Conflict",
        ErrorCode::EmailTaken => "The e-mail address is already in use",
        ErrorCode::InvalidTransition => "Not possible in the current status",
        ErrorCode::PreconditionFailed => "The record has changed",
        ErrorCode::PreconditionRequired => "If-Match required",
        ErrorCode::PayloadTooLarge => "The body is too large",
        ErrorCode::UnsupportedMediaType => "Unsupported media type",
        ErrorCode::FileTypeNotAccepted => "This kind of file is not accepted",
        ErrorCode::IdempotencyKeyReused => "The idempotency key was used for another request",
        ErrorCode::LinkExpired => "The link has expired",
        ErrorCode::TooManyRequests => "Too many attempts",
        ErrorCode::ServiceUnavailable => "Service unavailable",
        ErrorCode::InternalError => "Internal error",
    }
}

/// Collects field errors, so that a request hears of all its problems at once.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<FieldError>);

impl Problems {
    pub fn add(&mut self, field: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), code: code.to_owned(), message: message.into() });
    }

    /// `result`'s value, or `fallback` with the error recorded.
    pub fn take<T, E: std::fmt::Display>(&mut self, field: &str, code: &str, result: Result<T, E>, fallback: T) -> T {
        result.unwrap_or_else(|e| {
            self.add(field, code, e.to_string());
            fallback
        })
    }

    /// 422 with every problem, or nothing.
    pub fn check(self) -> Result<(), ApiError> {
        if self.0.is_empty() { Ok(()) } else { Err(ApiError::Validation(self.0)) }
    }
}

/// Unique keys whose violation has a specific meaning for the client: the words that
/// name the constraint in PostgreSQL's and SQLite's messages, and the error to answer.
const UNIQUE_KEYS: &[(&[&str], ErrorCode, &str, &str)] = &[
    (&["users_email_key", "users.email"], ErrorCode::EmailTaken, "email", "this e-mail address is already in use"),
    (
        &["uq_branches_organisation_name", "branches.organisation_id, branches.name"],
        ErrorCode::Conflict,
        "name",
        "a branch with this name already exists",
    ),
    (
        &["accounting_packages_name_key", "accounting_packages.name"],
        ErrorCode::Conflict,
        "name",
        "a package with this name is in the list already",
    ),
    (
        &["uq_permission_groups_organisation_name", "permission_groups.organisation_id, permission_groups.name"],
        ErrorCode::Conflict,
        "name",
        "a group with this name exists already",
    ),
    (
        &["uq_document_decisions_document_user", "document_decisions.document_id, document_decisions.user_id"],
        ErrorCode::Conflict,
        "verdict",
        "you decided on this document already",
    ),
    (&["uq_contracts_number", "contracts.number"], ErrorCode::Conflict, "number", "another contract has this number"),
    (
        &["uq_contracts_open_company", "contracts.request_id, contracts.coc_number"],
        ErrorCode::Conflict,
        "coc_number",
        "this company has a contract on this case already; end it first",
    ),
    (
        &["uq_organisations_customer_number", "organisations.customer_number"],
        ErrorCode::Conflict,
        "customer_number",
        "another client has this customer number",
    ),
];

/// The SQLSTATE of a database error, when the driver gave one.
fn sqlstate(error: &DbErr) -> Option<String> {
    match error {
        DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e)) | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e)) => {
            match std::ops::Deref::deref(e) {
                sea_orm::sqlx::Error::Database(db) => db.code().map(|c| c.into_owned()),
                _ => None,
            }
        }
        _ => None,
    }
}

impl From<DbErr> for ApiError {
    /// Database errors, mapped once for everyone: constraint violations that a race
    /// between two requests causes are 409, values the database refuses are 422 (the
    /// validation in front should have caught them; the warning says which one did not),
    /// an unreachable database is 503, everything else 500.
    fn from(error: DbErr) -> Self {
        if let DbErr::RecordNotFound(what) = &error
            && what == crate::db::pagination::CURSOR_ROW_GONE
        {
            return Self::bad_request("The list changed where you were reading; start again from the first page.");
        }
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(message)) => {
                tracing::info!(%message, "unique key taken");
                let known = UNIQUE_KEYS.iter().find(|(needles, ..)| needles.iter().any(|n| message.contains(n)));
                return match known {
                    Some((_, code, field, text)) => Self::taken_as(*code, field, text),
                    None => Self::conflict(ErrorCode::Conflict, "A record with these values already exists."),
                };
            }
            Some(SqlErr::ForeignKeyConstraintViolation(message)) => {
                tracing::info!(%message, "foreign key violated");
                return Self::conflict(
                    ErrorCode::Conflict,
                    "A record this request refers to was removed or is still in use. Reload and try again.",
                );
            }
            _ => {}
        }
        // SQLSTATE class 22: data exceptions (NUL in text, value too long, out of range).
        if sqlstate(&error).is_some_and(|code| code.starts_with("22")) {
            tracing::warn!(error = %error, "the database refused a value that validation let through");
            return Self::BadRequest {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: ErrorCode::ValidationFailed,
                detail:
                    "A value in the request cannot be stored (too long, out of range or with forbidden characters)."
                        .to_owned(),
            };
        }
        match error {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => {
                tracing::error!(error = %error, "database unavailable");
                Self::ServiceUnavailable
            }
            other => Self::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<crate::auth::password::PasswordError> for ApiError {
    fn from(error: crate::auth::password::PasswordError) -> Self {
        match error {
            crate::auth::password::PasswordError::Busy => {
                tracing::warn!("password hashing at capacity; request refused");
                Self::Overloaded { retry_after_secs: crate::auth::password::BUSY_RETRY_AFTER_SECS }
            }
            crate::auth::password::PasswordError::Failed(cause) => Self::Internal(cause),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest { status, .. } => *status,
            Self::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict { .. } | Self::Transition { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed | Self::Stale(_) => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::ServiceUnavailable | Self::Overloaded { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) = self {
            // The only place an unexpected error is logged; the request id is on the span.
            tracing::error!(error = ?cause, "request failed");
        }
        let mut response = problem_response(&self.problem());
        match self {
            Self::TooManyRequests { retry_after_secs } | Self::Overloaded { retry_after_secs } => {
                if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
            }
            Self::Unauthenticated { code, .. } => {
                let challenge = match code {
                    ErrorCode::TokenExpired => "Bearer error=\"invalid_token\", error_description=\"expired\"",
                    ErrorCode::InvalidToken => "Bearer error=\"invalid_token\"",
                    _ => "Bearer",
                };
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
            }
            _ => {}
        }
        response
    }
}

/// Serialises a problem with the right content type.
pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, Problem::CONTENT_TYPE))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_never_leak_their_cause() {
        let error = ApiError::internal(anyhow::anyhow!("SELECT * FROM users WHERE password_hash = 'x'"));
        let problem = error.problem();
        assert_eq!(problem.status, 500);
        let body = serde_json::to_string(&problem).unwrap();
        assert!(!body.contains("SELECT"));
        assert!(!body.contains("password_hash"));
    }

    #[test]
    fn problems_carry_a_stable_type_and_code() {
        let problem = ApiError::field("email", "email", "not an e-mail address").problem();
        assert_eq!(problem.problem_type, "urn:loket:problem:validation_failed");
        assert_eq!(problem.code, ErrorCode::ValidationFailed);
        assert_eq!(problem.status, 422);
        assert_eq!(problem.field_message("email"), Some("not an e-mail address"));
    }

    #[test]
    fn database_outages_are_503() {
        let error: ApiError = DbErr::Conn(sea_orm::RuntimeErr::Internal("down".into())).into();
        assert_eq!(error.status_code(), StatusCode::SERVICE_UNAVAILABLE);
    }
}
