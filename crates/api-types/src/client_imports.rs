//! Client import (seed 002, "Importeren en aanmaken cliënten"): a partner's client list
//! uploaded as CSV or XLSX, read and checked in the background, previewed row by row,
//! and committed at once — new clients created, known ones (by their number in the
//! partner's administration) updated.

use chrono::{DateTime, Utc};
pub use loket_domain::clients::{Column as ImportColumn, ImportStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// The upload (`multipart/form-data`): the file in `file`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadClientFile {
    /// The client list: the template filled in, as `.xlsx` or `.csv` (judged by its
    /// bytes; a CSV in UTF-8 or the Windows code page, separated by `;`, `,` or tab).
    /// At most 10 MiB and 20,000 filled rows.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
    pub file: Vec<u8>,
}

/// An import and how far it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientImport {
    pub id: Uuid,
    pub status: ImportStatus,
    pub file_name: String,
    /// `csv` or `xlsx`.
    pub format: String,
    /// Filled rows in the file (known once reading started).
    pub total_rows: i32,
    /// Rows read and checked so far: the progress bar is `processed_rows / total_rows`.
    pub processed_rows: i32,
    pub valid_rows: i32,
    pub error_rows: i32,
    /// Valid rows for clients not yet known (by external id).
    pub new_rows: i32,
    /// Valid rows for known clients, which committing updates.
    pub update_rows: i32,
    /// Once committed: clients created and updated.
    pub created_count: i32,
    pub updated_count: i32,
    /// The client group new clients were placed in.
    pub group_id: Option<Uuid>,
    /// Why it failed, when it did (nothing was written).
    pub failure: Option<String>,
    pub created_at: DateTime<Utc>,
    pub committed_at: Option<DateTime<Utc>>,
}

/// What a valid row does when committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    Create,
    Update,
}

/// A cell at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CellProblem {
    pub column: ImportColumn,
    /// A stable code the app translates: `required`, `formula`, `coc_number`,
    /// `coc_check`, `vat_number`, `postcode`, `country`, `country_mismatch`, `email`,
    /// `phone`, `name`, `address_incomplete`, `duplicate_in_file`, `control_character`,
    /// `line_break`, `length`.
    pub code: String,
    /// The problem in English.
    pub message: String,
}

/// One filled row of the file as the preview shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRow {
    /// The row's number in the spreadsheet (the header is line 1).
    pub line: i32,
    /// The cells as written, by column key (`external_id`, `name`, …).
    pub cells: std::collections::BTreeMap<String, String>,
    /// Empty for a valid row.
    pub problems: Vec<CellProblem>,
    /// For a valid row: whether it creates a client or updates a known one.
    pub action: Option<RowAction>,
    /// The known client a valid row updates.
    pub existing_id: Option<Uuid>,
}

/// Which rows of the preview to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowFilter {
    #[default]
    All,
    Valid,
    Errors,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ImportRowsQuery {
    #[serde(default)]
    pub only: Option<RowFilter>,
    /// Rows after this line (the last line of the previous page).
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    #[validate(range(min = 0))]
    pub after: Option<i32>,
    /// At most this many rows (1–500, default 100).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    #[validate(range(min = 1, max = 500))]
    pub limit: Option<u32>,
}

/// A page of preview rows, in line order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRowPage {
    pub items: Vec<ImportRow>,
    /// Pass as `after` for the next page; absent on the last.
    pub next_after: Option<i32>,
}

/// Which rows to commit, and the client group for the new clients. Without `lines` and
/// `except_lines`, every valid row; give one of them, not both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommitImport {
    /// Only these lines (each a valid row of the preview).
    #[validate(length(min = 1, max = 5000))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 5000))]
    pub lines: Option<Vec<i32>>,
    /// Every valid row but these lines (each a valid row of the preview).
    #[validate(length(min = 1, max = 5000))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 5000))]
    pub except_lines: Option<Vec<i32>>,
    /// A client group (a permission group for clients, of the firm) the new clients are
    /// placed in; their first users join it.
    pub group_id: Option<Uuid>,
}

impl crate::text::TextFields for CommitImport {}

/// The template to download.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TemplateQuery {
    /// `xlsx` (default) or `csv`.
    pub format: Option<TemplateFormat>,
    /// The headers' language, `nl` (default) or `en`.
    pub language: Option<loket_domain::Language>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TemplateFormat {
    #[default]
    Xlsx,
    Csv,
}

/// The error report's language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ReportQuery {
    /// `nl` (default) or `en`.
    pub language: Option<loket_domain::Language>,
}
