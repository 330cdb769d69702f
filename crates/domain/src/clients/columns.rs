//! The columns of the client import template and how a file's header row is read.
//!
//! The template has a Dutch and an English header row; a header is recognised in either
//! language, by its key, and regardless of case, spaces and punctuation ("KvK-nummer",
//! "kvk nummer" and "coc_number" are one column). A header the template does not know is
//! an error rather than silently dropped data; empty header cells are ignored.

use serde::{Deserialize, Serialize};

use crate::Language;

/// A column of the import template, in the template's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The client's number in the partner's own administration; a re-import updates by it.
    ExternalId,
    Name,
    CocNumber,
    VatNumber,
    Street,
    HouseNumber,
    Postcode,
    City,
    Country,
    Email,
    Phone,
    ContactName,
}

impl Column {
    pub const ALL: [Column; 12] = [
        Self::ExternalId,
        Self::Name,
        Self::CocNumber,
        Self::VatNumber,
        Self::Street,
        Self::HouseNumber,
        Self::Postcode,
        Self::City,
        Self::Country,
        Self::Email,
        Self::Phone,
        Self::ContactName,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::ExternalId => "external_id",
            Self::Name => "name",
            Self::CocNumber => "coc_number",
            Self::VatNumber => "vat_number",
            Self::Street => "street",
            Self::HouseNumber => "house_number",
            Self::Postcode => "postcode",
            Self::City => "city",
            Self::Country => "country",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::ContactName => "contact_name",
        }
    }

    /// The header in the template of the given language.
    pub fn header(self, language: Language) -> &'static str {
        let (nl, en) = self.headers();
        match language {
            Language::Nl => nl,
            Language::En => en,
        }
    }

    fn headers(self) -> (&'static str, &'static str) {
        match self {
            Self::ExternalId => ("Relatienummer", "External id"),
            Self::Name => ("Naam", "Name"),
            Self::CocNumber => ("KvK-nummer", "Chamber of Commerce number"),
            Self::VatNumber => ("Btw-nummer", "VAT number"),
            Self::Street => ("Straat", "Street"),
            Self::HouseNumber => ("Huisnummer", "House number"),
            Self::Postcode => ("Postcode", "Postcode"),
            Self::City => ("Plaats", "City"),
            Self::Country => ("Land", "Country"),
            Self::Email => ("E-mailadres", "Email"),
            Self::Phone => ("Telefoon", "Phone"),
            Self::ContactName => ("Contactpersoon", "Contact name"),
        }
    }

    /// Other names exports commonly use for the same column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::ExternalId => &["externnummer", "klantnummer", "clientnummer", "cliëntnummer", "externalnumber"],
            Self::Name => &["bedrijfsnaam", "companyname", "naamcliënt", "naamclient"],
            Self::CocNumber => &["kvk", "kvknummer", "kbonummer", "ondernemingsnummer", "chamberofcommerce"],
            Self::VatNumber => &["btw", "btwnummer", "btwidentificatienummer", "vat", "vatid"],
            Self::Email => &["email", "emailadres", "mail", "emailaddress"],
            Self::Phone => &["telefoonnummer", "tel", "phonenumber", "telephone"],
            Self::ContactName => &["contact", "contactpersoonnaam", "contactperson"],
            Self::City => &["woonplaats", "vestigingsplaats", "town"],
            _ => &[],
        }
    }

    /// Whether every row must fill this column.
    pub fn required(self) -> bool {
        matches!(self, Self::ExternalId | Self::Name)
    }

    /// The most characters a cell of this column may hold.
    pub fn max_chars(self) -> usize {
        match self {
            Self::ExternalId => 40,
            Self::Name => 200,
            Self::Street | Self::City => 100,
            Self::HouseNumber => 20,
            Self::Email => 254,
            Self::ContactName => 120,
            _ => 40,
        }
    }

    /// Reads a header cell: the column it names, if any.
    pub fn recognise(header: &str) -> Option<Column> {
        let wanted = normalise(header);
        Self::ALL.into_iter().find(|column| {
            let (nl, en) = column.headers();
            [nl, en, column.key()]
                .into_iter()
                .chain(column.aliases().iter().copied())
                .any(|name| normalise(name) == wanted)
        })
    }
}

fn normalise(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Where each column of a file's rows is: `positions[i]` is the column of cell `i`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    positions: Vec<Option<Column>>,
}

/// Why a header row cannot be imported; every problem at once, so one fix suffices.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("the header row does not match the import template")]
pub struct HeaderError {
    /// Required columns the file lacks.
    pub missing: Vec<Column>,
    /// Headers the template does not know, as written in the file.
    pub unknown: Vec<String>,
    /// Columns that appear more than once.
    pub repeated: Vec<Column>,
}

impl Headers {
    /// At most this many header cells are read; wider sheets are refused as unknown columns.
    pub const MAX_CELLS: usize = 64;

    pub fn read<S: AsRef<str>>(cells: &[S]) -> Result<Self, HeaderError> {
        let mut error = HeaderError::default();
        let mut positions = Vec::with_capacity(cells.len());
        let mut beyond = 0;
        for (index, cell) in cells.iter().enumerate() {
            let header = cell.as_ref().trim();
            if header.is_empty() {
                if index < Self::MAX_CELLS {
                    positions.push(None);
                }
                continue;
            }
            if index >= Self::MAX_CELLS {
                beyond += 1;
                continue;
            }
            match Column::recognise(header) {
                Some(column) if positions.contains(&Some(column)) => {
                    if !error.repeated.contains(&column) {
                        error.repeated.push(column);
                    }
                    positions.push(None);
                }
                Some(column) => positions.push(Some(column)),
                None => {
                    error.unknown.push(header.chars().take(60).collect());
                    positions.push(None);
                }
            }
        }
        if beyond > 0 {
            error.unknown.push(format!("({beyond} more columns beyond the {}th)", Self::MAX_CELLS));
        }
        error.missing =
            Column::ALL.into_iter().filter(|column| column.required() && !positions.contains(&Some(*column))).collect();
        if error == HeaderError::default() { Ok(Self { positions }) } else { Err(error) }
    }

    /// The column of the cell at `index`, if the file has one there.
    pub fn column_at(&self, index: usize) -> Option<Column> {
        self.positions.get(index).copied().flatten()
    }

    /// The columns the file has, in the template's order.
    pub fn present(&self) -> Vec<Column> {
        let mut present: Vec<Column> = self.positions.iter().flatten().copied().collect();
        present.sort();
        present
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_in_both_languages_by_key_and_alias() {
        for column in Column::ALL {
            for name in [column.header(Language::Nl), column.header(Language::En), column.key()] {
                assert_eq!(Column::recognise(name), Some(column), "{name}");
                assert_eq!(Column::recognise(&format!("  {}  ", name.to_uppercase())), Some(column), "{name}");
            }
        }
        assert_eq!(Column::recognise("kvk nummer"), Some(Column::CocNumber));
        assert_eq!(Column::recognise("E-mail"), Some(Column::Email));
        assert_eq!(Column::recognise("Cliëntnummer"), Some(Column::ExternalId));
        assert_eq!(Column::recognise("Omzet"), None);
    }

    #[test]
    fn no_two_columns_share_a_name() {
        for column in Column::ALL {
            let (nl, en) = column.headers();
            for name in [nl, en, column.key()].into_iter().chain(column.aliases().iter().copied()) {
                assert_eq!(Column::recognise(name), Some(column), "{name} is read as another column");
            }
        }
    }

    #[test]
    fn a_header_row_maps_cells_to_columns_and_ignores_empty_headers() {
        let headers = Headers::read(&["Naam", "", "Relatienummer", "Plaats"]).unwrap();
        assert_eq!(headers.column_at(0), Some(Column::Name));
        assert_eq!(headers.column_at(1), None);
        assert_eq!(headers.column_at(2), Some(Column::ExternalId));
        assert_eq!(headers.column_at(9), None);
        assert_eq!(headers.present(), vec![Column::ExternalId, Column::Name, Column::City]);
    }

    #[test]
    fn every_problem_of_a_header_row_is_reported_at_once() {
        let error = Headers::read(&["Naam", "Omzet", "naam", "Branche"]).unwrap_err();
        assert_eq!(error.missing, vec![Column::ExternalId]);
        assert_eq!(error.unknown, vec!["Omzet".to_owned(), "Branche".to_owned()]);
        assert_eq!(error.repeated, vec![Column::Name]);
        // Styled but empty columns far to the right are no problem; written ones are.
        let mut wide = vec![String::new(); 100];
        wide[0] = "Naam".into();
        wide[1] = "Relatienummer".into();
        assert!(Headers::read(&wide).is_ok());
        wide[70] = "Naam".into();
        wide[99] = "Plaats".into();
        assert!(Headers::read(&wide).unwrap_err().unknown[0].contains("2 more"));
    }
}
