//! Reads an uploaded client file (CSV or XLSX) into its header row and data rows, and
//! refuses what is not one, before any row is checked.
//!
//! Guards, in order: the size of the upload (the route's limit); what the bytes are (an
//! XLSX is a zip, an old `.xls` or any other recognised binary is refused by name, a CSV
//! must be text); for an XLSX, every part of the zip is unpacked once into nothing,
//! counting, and the file is refused when the parts hold more than [`MAX_UNPACKED`]
//! bytes whatever their headers claim (a zip bomb), before the spreadsheet reader sees
//! it; then at most [`MAX_ROWS`] filled rows. Blank rows (spreadsheets keep a million)
//! are skipped without being kept.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};
use loket_domain::clients::import::is_blank;
use loket_domain::clients::{Cell, HeaderError, Headers};

/// The most bytes the parts of an XLSX may unpack to.
pub const MAX_UNPACKED: u64 = 64 * 1024 * 1024;
/// The most filled data rows one import takes.
pub const MAX_ROWS: usize = 20_000;
/// Cells to the right of this are not read (the header row reports named ones).
const MAX_COLUMN: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }
}

/// Why a file cannot be read as a client list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("this is not a spreadsheet: upload the template as .xlsx or .csv")]
    NotSpreadsheet,
    #[error("this is an old Excel file (.xls): save it as .xlsx and upload that")]
    LegacyExcel,
    #[error("the file is damaged and cannot be read as a spreadsheet")]
    Damaged,
    #[error("the file unpacks to more than 64 MB; split it or remove what is not client data")]
    Unpacked,
    #[error("the file has no header row")]
    Empty,
    #[error("the file has more than {MAX_ROWS} filled rows; split it into several imports")]
    TooManyRows,
    #[error("{0}")]
    Headers(HeaderError),
}

/// A file as rows: the header row and the filled data rows with their line numbers (as
/// the spreadsheet numbers them, from 1).
#[derive(Debug)]
pub struct Sheet {
    pub format: Format,
    pub headers: Headers,
    pub rows: Vec<(u32, Vec<Cell>)>,
}

/// Reads a client file from its bytes.
pub fn read(bytes: &[u8]) -> Result<Sheet, FileError> {
    let format = sniff(bytes)?;
    let mut rows = match format {
        Format::Xlsx => xlsx_rows(bytes)?,
        Format::Csv => csv_rows(bytes)?,
    }
    .into_iter();
    let (_, header_cells) = rows.next().ok_or(FileError::Empty)?;
    let names: Vec<&str> = header_cells.iter().map(|cell| cell.text.as_str()).collect();
    let headers = Headers::read(&names).map_err(FileError::Headers)?;
    Ok(Sheet { format, headers, rows: rows.collect() })
}

fn sniff(bytes: &[u8]) -> Result<Format, FileError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(Format::Xlsx);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(FileError::LegacyExcel);
    }
    let head = &bytes[..bytes.len().min(8192)];
    if infer::get(head).is_some_and(|kind| kind.matcher_type() != infer::MatcherType::Text) || head.contains(&0) {
        return Err(FileError::NotSpreadsheet);
    }
    Ok(Format::Csv)
}

/// Adds a row unless it is blank; refuses the file past [`MAX_ROWS`] (+1 for the header).
fn keep(rows: &mut Vec<(u32, Vec<Cell>)>, line: u32, cells: Vec<Cell>) -> Result<(), FileError> {
    if is_blank(&cells) {
        return Ok(());
    }
    if rows.len() > MAX_ROWS {
        return Err(FileError::TooManyRows);
    }
    rows.push((line, cells));
    Ok(())
}

fn csv_rows(bytes: &[u8]) -> Result<Vec<(u32, Vec<Cell>)>, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Excel saves "CSV" in the Windows code page unless told UTF-8.
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0,
    };
    let first_line = text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default();
    // Dutch Excel separates with semicolons; the delimiter is whichever the header uses most.
    let delimiter =
        [b';', b',', b'\t'].into_iter().max_by_key(|d| first_line.bytes().filter(|b| b == d).count()).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // The line a record starts on, as a spreadsheet numbers it: counted from the bytes,
    // since the reader skips blank lines and a quoted cell may span several.
    let (mut counted_to, mut line) = (0usize, 1u32);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let mut start = record.position().map_or(counted_to, |position| position.byte() as usize);
                // The reader places a record after the last byte it consumed, which may
                // be the line feed of a CRLF or blank lines it skipped.
                while text.as_bytes().get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                    start += 1;
                }
                let between = text.as_bytes().get(counted_to..start).unwrap_or_default();
                line = line.saturating_add(between.iter().filter(|b| **b == b'\n').count() as u32);
                counted_to = start.max(counted_to);
                let cells = record.iter().take(MAX_COLUMN).map(Cell::from_csv).collect();
                keep(&mut rows, line, cells)?;
            }
            Err(_) => return Err(FileError::Damaged),
        }
    }
    Ok(rows)
}

/// Unpacks every part into nothing, counting, so a zip whose headers lie is caught too.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), FileError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| FileError::Damaged)?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let file = archive.by_index(index).map_err(|_| FileError::Damaged)?;
        let budget = MAX_UNPACKED - total;
        let read = std::io::copy(&mut file.take(budget + 1), &mut std::io::sink()).map_err(|_| FileError::Damaged)?;
        total += read;
        if total > MAX_UNPACKED {
            return Err(FileError::Unpacked);
        }
    }
    Ok(())
}

fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text.clone(),
        DataRef::SharedString(text) => (*text).to_owned(),
        // A number typed into a cell ("12345678") comes back as a float.
        DataRef::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => format!("{number:.0}"),
        DataRef::Float(number) => number.to_string(),
        DataRef::Int(number) => number.to_string(),
        DataRef::Bool(value) => value.to_string(),
        DataRef::DateTime(value) => value.as_f64().to_string(),
        DataRef::Error(error) => format!("#{error:?}"),
    }
}

fn xlsx_rows(bytes: &[u8]) -> Result<Vec<(u32, Vec<Cell>)>, FileError> {
    check_unpacked_size(bytes)?;
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|_| FileError::Damaged)?;
    let first = workbook.sheet_names().first().cloned().ok_or(FileError::Empty)?;
    let mut reader = workbook.worksheet_cells_reader(&first).map_err(|_| FileError::Damaged)?;
    let mut rows = Vec::new();
    let mut current: Option<(u32, Vec<Cell>)> = None;
    while let Some(cell) = reader.next_cell_with_formula().map_err(|_| FileError::Damaged)? {
        let (row, column) = cell.pos;
        let column = column as usize;
        if column >= MAX_COLUMN {
            continue;
        }
        if current.as_ref().is_some_and(|(line, _)| *line != row + 1)
            && let Some((line, cells)) = current.take()
        {
            keep(&mut rows, line, cells)?;
        }
        let (_, cells) = current.get_or_insert_with(|| (row + 1, Vec::new()));
        if cells.len() <= column {
            cells.resize(column + 1, Cell::default());
        }
        let formula =
            cell.formula.is_some_and(|formula| !formula.is_empty()) || matches!(cell.value, DataRef::Error(_));
        cells[column] = Cell { text: cell_text(&cell.value), formula };
    }
    if let Some((line, cells)) = current {
        keep(&mut rows, line, cells)?;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests;
