use std::io::Write;

use loket_domain::clients::Column;
use rust_xlsxwriter::{Formula, Workbook};

use super::*;

fn xlsx(rows: &[&[&str]], extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    extra(sheet);
    workbook.save_to_buffer().unwrap()
}

#[test]
fn a_semicolon_csv_in_the_windows_code_page_is_read_with_its_line_numbers() {
    // "Cliënt" in Windows-1252, the way Dutch Excel saves CSV; a blank line in between.
    let mut bytes = b"Relatienummer;Naam;Plaats\r\n1;Bakkerij Cli".to_vec();
    bytes.push(0xEB);
    bytes.extend_from_slice(b"nt;Utrecht\r\n;;\r\n\r\n2;\"Jansen; zn\";Gent\r\n");
    let sheet = read(&bytes).unwrap();
    assert_eq!(sheet.format, Format::Csv);
    assert_eq!(sheet.headers.present(), vec![Column::ExternalId, Column::Name, Column::City]);
    let lines: Vec<u32> = sheet.rows.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, vec![2, 5]);
    assert_eq!(sheet.rows[0].1[1].text, "Bakkerij Cliënt");
    assert_eq!(sheet.rows[1].1[1].text, "Jansen; zn");
}

#[test]
fn a_utf8_csv_with_commas_and_a_byte_order_mark() {
    let sheet = read("\u{feff}External id,Name\n7,=1+1\n".as_bytes()).unwrap();
    assert_eq!(sheet.headers.column_at(0), Some(Column::ExternalId));
    assert!(sheet.rows[0].1[1].formula, "a CSV formula is marked");
}

#[test]
fn an_xlsx_with_numbers_and_formulas() {
    let bytes = xlsx(&[&["Relatienummer", "Naam", "KvK-nummer"], &["R1", "Bakkerij"]], |sheet| {
        sheet.write_number(1, 2, 12345678.0).unwrap();
        sheet.write_string(3, 0, "R2").unwrap();
        sheet.write_formula(3, 1, Formula::new("=A4&\"x\"")).unwrap();
    });
    let sheet = read(&bytes).unwrap();
    assert_eq!(sheet.format, Format::Xlsx);
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(sheet.rows[0].0, 2);
    assert_eq!(sheet.rows[0].1[2].text, "12345678", "a number reads as its digits");
    assert_eq!(sheet.rows[1].0, 4);
    assert!(sheet.rows[1].1[1].formula);
}

#[test]
fn a_million_styled_empty_rows_are_skipped() {
    let bytes = xlsx(&[&["Relatienummer", "Naam"], &["1", "Jansen"]], |sheet| {
        let format = rust_xlsxwriter::Format::new().set_bold();
        sheet.write_blank(1_048_575, 0, &format).unwrap();
        for row in 2..200_000 {
            sheet.write_blank(row, 1, &format).unwrap();
        }
    });
    let sheet = read(&bytes).unwrap();
    assert_eq!(sheet.rows.len(), 1);
}

#[test]
fn too_many_filled_rows_are_refused() {
    let mut csv = String::from("Relatienummer;Naam\n");
    for i in 0..=MAX_ROWS {
        csv.push_str(&format!("{i};Klant {i}\n"));
    }
    assert_eq!(read(csv.as_bytes()).unwrap_err(), FileError::TooManyRows);
}

#[test]
fn what_is_not_a_client_list_is_refused_by_name() {
    assert_eq!(read(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj").unwrap_err(), FileError::NotSpreadsheet);
    assert_eq!(read(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err(), FileError::NotSpreadsheet);
    assert_eq!(read(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap_err(), FileError::LegacyExcel);
    assert_eq!(read(b"PK\x03\x04 not really a zip").unwrap_err(), FileError::Damaged);
    assert_eq!(read(b"").unwrap_err(), FileError::Empty);
    let Err(FileError::Headers(error)) = read(b"Omzet,Naam\n1,2\n") else { panic!("headers accepted") };
    assert_eq!(error.missing, vec![Column::ExternalId]);
    assert_eq!(error.unknown, vec!["Omzet".to_owned()]);
}

#[test]
fn a_zip_bomb_dressed_as_xlsx_is_refused_before_it_is_parsed() {
    let mut bytes = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..80 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    assert!(bytes.len() < 1024 * 1024, "the bomb is small: {}", bytes.len());
    assert_eq!(read(&bytes).unwrap_err(), FileError::Unpacked);
}
