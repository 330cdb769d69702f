//! Documents for approval (seed 002, "Accorderen"): uploaded by the firm for a client,
//! approved or rejected by the client's approvers, each decision confirmed with the
//! approver's PIN or a one-time SMS code.

use chrono::{DateTime, NaiveDate, Utc};
pub use loket_domain::approvals::duties::{ApprovalStatus, ConfirmedWith, Duty, Verdict};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

pub use crate::approvals::{DocumentType, PersonRef};

/// The parts of an upload (`multipart/form-data`), in this order, the file last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadDocument {
    pub document_type: DocumentType,
    /// What the document is, as the approver reads it ("Jaarrekening 2025").
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub title: String,
    /// The period it covers, in the firm's words ("2025", "Q3 2026").
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40))]
    pub period: String,
    /// The day it must be approved by; no earlier than today.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due_on: Option<NaiveDate>,
    /// The document, a PDF (judged by its bytes). The part's `filename` is the name it is
    /// downloaded as.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
    pub file: Vec<u8>,
}

/// An approver of one document and what it decided so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentApprover {
    pub person: PersonRef,
    pub duty: Duty,
    /// Its decision, once made.
    pub verdict: Option<Verdict>,
}

/// One approver's decision, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentDecision {
    pub person: PersonRef,
    pub verdict: Verdict,
    pub confirmed_with: ConfirmedWith,
    /// The SHA-256 of the bytes the approver saw (lower-case hex).
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// The address the decision came from.
    pub ip_address: Option<String>,
    pub decided_at: DateTime<Utc>,
}

/// A document for approval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalDocument {
    pub id: Uuid,
    pub client_id: Uuid,
    pub client_name: String,
    pub document_type: DocumentType,
    pub title: String,
    pub period: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due_on: Option<NaiveDate>,
    pub status: ApprovalStatus,
    pub file_name: String,
    pub size_bytes: i64,
    /// The SHA-256 of the bytes uploaded (lower-case hex); an approval names it.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// Who uploaded it (empty once that account is gone).
    pub uploaded_by: Option<PersonRef>,
    pub created_at: DateTime<Utc>,
    /// When it was approved or rejected.
    pub decided_at: Option<DateTime<Utc>>,
    /// The approvers fixed when it was uploaded: the must-approvers of its type then, or,
    /// without them, the may-approvers.
    pub approvers: Vec<DocumentApprover>,
    /// Who still has to approve while it awaits.
    pub waiting_for: Vec<PersonRef>,
    pub decisions: Vec<DocumentDecision>,
    /// Whether the caller is asked to decide on it now.
    pub my_turn: bool,
}

/// Approve or reject a document, confirmed with the caller's PIN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecideDocument {
    pub verdict: Verdict,
    /// For an approval: the SHA-256 of the bytes the caller saw (the document's
    /// `sha256`); if the document changed since, nothing is approved.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-fA-F]{64}$"))]
    #[validate(length(equal = 64, message = "the SHA-256 as 64 hexadecimal characters"))]
    pub sha256: Option<String>,
    /// For a rejection: why (required).
    #[validate(length(max = 2000, message = "at most 2000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub reason: Option<String>,
    /// The caller's PIN: six digits, spaces ignored. Give this or `sms_code`.
    #[validate(length(max = 20, message = "six digits"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, pattern = "^ *(?:[0-9] *){6}$", example = "123 456"))]
    pub pin: Option<String>,
    /// A one-time code sent by `POST /me/approval-codes` to the caller's verified
    /// mobile number: six digits. Give this or `pin`.
    #[validate(length(max = 20, message = "six digits"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, pattern = "^ *(?:[0-9] *){6}$", example = "482 913"))]
    pub sms_code: Option<String>,
}

impl crate::text::TextFields for DecideDocument {
    const MULTI_LINE: &'static [&'static str] = &["reason"];
}

/// One document of a batch approval: its id and the SHA-256 the caller saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BatchItem {
    pub document_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-fA-F]{64}$", min_length = 64, max_length = 64))]
    pub sha256: String,
}

/// Approve several documents under one confirmation: all of them or, if any cannot be
/// approved, none (the error names it by its index).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApproveBatch {
    #[validate(length(min = 1, max = 100, message = "between 1 and 100 documents"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub documents: Vec<BatchItem>,
    /// The caller's PIN. Give this or `sms_code`.
    #[validate(length(max = 20, message = "six digits"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, pattern = "^ *(?:[0-9] *){6}$", example = "123 456"))]
    pub pin: Option<String>,
    /// A one-time code from `POST /me/approval-codes`. Give this or `pin`.
    #[validate(length(max = 20, message = "six digits"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, pattern = "^ *(?:[0-9] *){6}$", example = "482 913"))]
    pub sms_code: Option<String>,
}

impl crate::text::TextFields for ApproveBatch {}

/// Set or change the caller's own PIN, confirmed with its password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetPin {
    #[validate(length(min = 1, max = 1024, message = "your current password"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub current_password: String,
    /// Six digits; spaces are ignored.
    #[validate(length(max = 20, message = "six digits"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, pattern = "^ *(?:[0-9] *){6}$", example = "123 456"))]
    pub pin: String,
}

impl crate::text::TextFields for SetPin {}

/// Whether the caller has a PIN and whether it is locked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PinStatus {
    pub set: bool,
    pub set_at: Option<DateTime<Utc>>,
    /// Until when wrong tries lock it.
    pub locked_until: Option<DateTime<Utc>>,
}
