//! The error report: every row with problems as CSV, in the template's columns and the
//! reader's language, with the line it is on and what is wrong — to fix in the
//! spreadsheet and upload again.

use loket_domain::Language;
use loket_domain::clients::Column;
use loket_domain::policy::ClientImportAction;
use std::collections::BTreeMap;
use uuid::Uuid;

use super::check::KeptProblem;
use super::import_for;
use crate::auth::Principal;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

const PAGE: u64 = 1000;

/// The report of import `id`: its file name (for the download) and the CSV bytes.
pub async fn error_report(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    language: Language,
) -> Result<(String, Vec<u8>), ApiError> {
    let import = import_for(state, principal, ClientImportAction::Read, id).await?;
    let separator = match language {
        Language::Nl => b';',
        Language::En => b',',
    };
    let mut out = csv::WriterBuilder::new().delimiter(separator).from_writer(b"\xEF\xBB\xBF".to_vec());
    let (line_header, problems_header) = match language {
        Language::Nl => ("Regel", "Problemen"),
        Language::En => ("Line", "Problems"),
    };
    let mut header = vec![line_header.to_owned()];
    header.extend(Column::ALL.iter().map(|column| column.header(language).to_owned()));
    header.push(problems_header.to_owned());
    out.write_record(&header).map_err(ApiError::internal)?;
    let mut after = 0;
    loop {
        let rows = db::client_imports::rows(&state.db, import.id, Some(false), after, PAGE).await?;
        for row in &rows {
            let cells: BTreeMap<String, String> = serde_json::from_str(&row.cells).unwrap_or_default();
            let problems: Vec<KeptProblem> =
                row.errors.as_deref().and_then(|text| serde_json::from_str(text).ok()).unwrap_or_default();
            let mut record = vec![row.line.to_string()];
            // A cell that reads as a formula is written as text, so the report opens safely.
            record.extend(Column::ALL.iter().map(|column| {
                let text = cells.get(column.key()).cloned().unwrap_or_default();
                if text.starts_with(['=', '@', '+', '-']) { format!("'{text}") } else { text }
            }));
            let described: Vec<String> = problems
                .iter()
                .map(|p| {
                    let message = if language == Language::Nl { &p.nl } else { &p.en };
                    format!("{}: {message}", p.column.header(language))
                })
                .collect();
            record.push(described.join("; "));
            out.write_record(&record).map_err(ApiError::internal)?;
        }
        match rows.last() {
            Some(last) if rows.len() as u64 == PAGE => after = last.line,
            _ => break,
        }
    }
    let bytes = out.into_inner().map_err(|error| ApiError::internal(anyhow::anyhow!("{error}")))?;
    let stem = import.file_name.rsplit_once('.').map_or(import.file_name.as_str(), |(stem, _)| stem);
    let name = match language {
        Language::Nl => format!("{stem}-fouten.csv"),
        Language::En => format!("{stem}-errors.csv"),
    };
    Ok((name, bytes))
}
