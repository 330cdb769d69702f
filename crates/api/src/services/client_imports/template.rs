//! The import template to download, as XLSX or CSV, with Dutch or English headers.
//!
//! The XLSX formats every column as text, so a KvK or Belgian enterprise number keeps its
//! leading zero and a phone number its plus sign; the CSV uses the separator Excel
//! expects in the language's region (`;` in Dutch, `,` in English).

use loket_domain::Language;
use loket_domain::clients::Column;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The template as CSV text (UTF-8 with a byte order mark, so Excel reads the accents).
pub fn csv(language: Language) -> Vec<u8> {
    let separator = match language {
        Language::Nl => ";",
        Language::En => ",",
    };
    let header: Vec<&str> = Column::ALL.iter().map(|column| column.header(language)).collect();
    format!("\u{feff}{}\r\n", header.join(separator)).into_bytes()
}

/// The template as an XLSX workbook.
pub fn xlsx(language: Language) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold().set_num_format("@");
    let sheet = workbook.add_worksheet();
    sheet.set_name(match language {
        Language::Nl => "Cliënten",
        Language::En => "Clients",
    })?;
    for (index, column) in Column::ALL.iter().enumerate() {
        let index = u16::try_from(index).unwrap_or(u16::MAX);
        sheet.set_column_format(index, &text)?;
        sheet.set_column_width(index, column.header(language).chars().count().max(12) as f64 + 2.0)?;
        sheet.write_string_with_format(0, index, column.header(language), &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::client_imports::read::{Format as FileFormat, read};

    #[test]
    fn both_templates_read_back_with_every_column_in_both_languages() {
        for language in Language::ALL {
            let from_xlsx = read(&xlsx(language).unwrap()).unwrap();
            assert_eq!(from_xlsx.format, FileFormat::Xlsx);
            assert_eq!(from_xlsx.headers.present(), Column::ALL.to_vec());
            assert!(from_xlsx.rows.is_empty());
            let from_csv = read(&csv(language)).unwrap();
            assert_eq!(from_csv.headers.present(), Column::ALL.to_vec());
        }
        assert!(String::from_utf8(csv(Language::Nl)).unwrap().contains("Relatienummer;Naam;KvK-nummer"));
    }
}
