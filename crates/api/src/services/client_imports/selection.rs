//! Which rows a commit writes: every valid row, only some (`lines`), or all but some
//! (`except_lines`). Each named line must be a valid row of the import, named once.

use std::collections::HashSet;

use loket_api_types::client_imports::CommitImport;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::db;
use crate::db::entities::client_import_rows;
use crate::error::{ApiError, Problems};
use crate::state::AppState;

/// Kept on the import for the worker; none: every valid row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Selection {
    Only(Vec<i32>),
    Except(Vec<i32>),
}

/// Checks the request's choice against the import's valid rows, adding what is wrong to
/// `problems`.
pub async fn check(
    state: &AppState,
    import_id: Uuid,
    valid_rows: i32,
    request: &CommitImport,
    problems: &mut Problems,
) -> Result<Option<Selection>, ApiError> {
    let selection = match (&request.lines, &request.except_lines) {
        (Some(_), Some(_)) => {
            problems.add("except_lines", "with_lines", "give either the lines to import or those to leave out");
            return Ok(None);
        }
        (Some(lines), None) => Some(Selection::Only(lines.clone())),
        (None, Some(lines)) => Some(Selection::Except(lines.clone())),
        (None, None) => None,
    };
    let (field, named) = match &selection {
        Some(Selection::Only(lines)) => ("lines", lines.as_slice()),
        Some(Selection::Except(lines)) => ("except_lines", lines.as_slice()),
        None => ("lines", &[][..]),
    };
    let valid_lines: HashSet<i32> = if named.is_empty() {
        HashSet::new()
    } else {
        db::client_imports::valid_lines(&state.db, import_id).await?.into_iter().collect()
    };
    let mut seen = HashSet::new();
    for (index, line) in named.iter().enumerate() {
        if !seen.insert(*line) {
            problems.add(format!("{field}[{index}]"), "duplicate", "this line is named twice");
        } else if !valid_lines.contains(line) {
            problems.add(
                format!("{field}[{index}]"),
                "not_valid",
                format!("line {line} is not a valid row of this import"),
            );
        }
    }
    let all = usize::try_from(valid_rows).unwrap_or(0);
    let chosen = match &selection {
        Some(Selection::Only(lines)) => lines.len(),
        Some(Selection::Except(lines)) => all.saturating_sub(lines.len()),
        None => all,
    };
    if chosen == 0 && problems.0.is_empty() {
        problems.add(field, "none_chosen", "no valid row is left to import");
    }
    Ok(selection)
}

/// The rows the kept selection names, in line order.
pub async fn rows(
    state: &AppState,
    import_id: Uuid,
    kept: Option<&str>,
) -> Result<Vec<client_import_rows::Model>, ApiError> {
    let selection: Option<Selection> = match kept {
        None => None,
        Some(text) => {
            Some(serde_json::from_str(text).map_err(|e| ApiError::internal(anyhow::anyhow!("selection: {e}")))?)
        }
    };
    let all = db::client_imports::valid_rows(&state.db, import_id).await?;
    Ok(match selection {
        Some(Selection::Only(lines)) => {
            let chosen: HashSet<i32> = lines.into_iter().collect();
            all.into_iter().filter(|row| chosen.contains(&row.line)).collect()
        }
        Some(Selection::Except(lines)) => {
            let left_out: HashSet<i32> = lines.into_iter().collect();
            all.into_iter().filter(|row| !left_out.contains(&row.line)).collect()
        }
        None => all,
    })
}
