//! Errors: RFC 9457 problem details with a stable, translatable code.

use serde::{Deserialize, Serialize};

/// The stable, machine-readable error codes. Clients translate these; they never change
/// meaning once published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request is malformed (bad query string, header or path segment).
    BadRequest,
    /// The body is not valid JSON.
    MalformedJson,
    /// The body is JSON but does not have the expected shape or types.
    InvalidBody,
    /// One or more fields failed validation; see `errors`.
    ValidationFailed,
    /// No credentials, or credentials of the wrong form.
    Unauthenticated,
    /// The e-mail address or password is wrong.
    InvalidCredentials,
    /// The access token has expired; refresh it.
    TokenExpired,
    /// A token (invitation, reset, refresh, API key) is unknown, used or expired.
    InvalidToken,
    /// The account has been deactivated.
    AccountDisabled,
    /// Authenticated, but not allowed to do this.
    Forbidden,
    /// No such resource, or not visible to the caller.
    NotFound,
    /// The HTTP method is not supported on this path.
    MethodNotAllowed,
    /// The request conflicts with the current state.
    Conflict,
    /// Another user already has this e-mail address.
    EmailTaken,
    /// The record's current status does not allow this (a closed ticket takes no
    /// messages, only a ticket awaiting approval is approved…); `detail` says why.
    InvalidTransition,
    /// `If-Match` does not match the current version: someone else changed the record.
    PreconditionFailed,
    /// This update needs an `If-Match` header with the record's `ETag`.
    PreconditionRequired,
    /// The body exceeds the size limit.
    PayloadTooLarge,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// An uploaded file is not of a kind this endpoint accepts (judged by its bytes,
    /// not its name); `detail` names what was found.
    FileTypeNotAccepted,
    /// The `Idempotency-Key` already answered a different request (another body or
    /// path); send a new key for a new request.
    IdempotencyKeyReused,
    /// A download link (or another link the server signed) has expired or its file was
    /// withdrawn (410); ask for a new one.
    LinkExpired,
    /// Too many attempts; wait for the number of seconds in `Retry-After`.
    TooManyRequests,
    /// A required service (such as the database) is unavailable.
    ServiceUnavailable,
    /// An unexpected error on the server; it has been logged with the request id.
    InternalError,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "bad_request",
            Self::MalformedJson => "malformed_json",
            Self::InvalidBody => "invalid_body",
            Self::ValidationFailed => "validation_failed",
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::TokenExpired => "token_expired",
            Self::InvalidToken => "invalid_token",
            Self::AccountDisabled => "account_disabled",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict => "conflict",
            Self::EmailTaken => "email_taken",
            Self::InvalidTransition => "invalid_transition",
            Self::PreconditionFailed => "precondition_failed",
            Self::PreconditionRequired => "precondition_required",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::FileTypeNotAccepted => "file_type_not_accepted",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::LinkExpired => "link_expired",
            Self::TooManyRequests => "too_many_requests",
            Self::ServiceUnavailable => "service_unavailable",
            Self::InternalError => "internal_error",
        }
    }

    /// The problem `type` URI for this code.
    pub fn type_uri(self) -> String {
        format!("{}{}", Problem::TYPE_PREFIX, self.as_str())
    }
}

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field, as a JSON path relative to the body (`email`, `contacts[0].phone`).
    pub field: String,
    /// A stable code such as `length`, `email`, `required`, `too_common`.
    pub code: String,
    /// A human-readable explanation in English.
    pub message: String,
}

/// An error response (`application/problem+json`, RFC 9457).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "urn:loket:problem:validation_failed",
    "title": "The request has invalid fields",
    "status": 422,
    "code": "validation_failed",
    "detail": "Correct the fields listed in errors and try again.",
    "request_id": "3f1c7f0e-8f8f-4f55-9d1e-3bce2a5a4f10",
    "errors": [{"field": "email", "code": "email", "message": "this is not a valid e-mail address"}]
})))]
pub struct Problem {
    /// A URI that identifies the kind of problem; `urn:loket:problem:` followed by `code`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// The stable error code.
    pub code: ErrorCode,
    /// An explanation specific to this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request id, also in the `X-Request-Id` header and the server's logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For `validation_failed`: every field that failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For `invalid_transition` on a case that moves through steps: the steps it may go
    /// to from where it is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_next: Vec<String>,
    /// For `precondition_failed`, where the operation says so: the record as it is now
    /// (with its `version`), to show what changed and to reapply a change on top of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub current: Option<serde_json::Value>,
}

impl Problem {
    pub const TYPE_PREFIX: &'static str = "urn:loket:problem:";
    pub const CONTENT_TYPE: &'static str = "application/problem+json";

    pub fn new(code: ErrorCode, status: u16, title: impl Into<String>) -> Self {
        Self {
            problem_type: code.type_uri(),
            title: title.into(),
            status,
            code,
            detail: None,
            request_id: None,
            errors: Vec::new(),
            allowed_next: Vec::new(),
            current: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    /// The message for one field, if that field failed.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}
