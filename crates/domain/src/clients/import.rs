//! The rules every row of a client import passes, and the duplicates within one file.
//!
//! A row becomes a [`ClientRecord`] only when every cell is acceptable; otherwise it has
//! one [`CellError`] per cell at fault, so the preview can show them all beside their
//! cells. Numbers are stored in their normal form (KvK digits, `NL123456789B01`,
//! `1234 AB`, `+31…`), so that a re-import compares like with like.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::columns::{Column, Headers};
use crate::address::{Country, Postcode, PostcodeError};
use crate::email::EmailError;
use crate::person_name::PersonNameError;
use crate::phone::PhoneError;
use crate::registration::{CocNumber, CountryMismatch, RegistrationError, VatNumber, check_country};
use crate::text::{self, TextError, TextKind};
use crate::{EmailAddress, PersonName, PhoneNumber};

/// One cell as read from the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// The cell holds a formula (an XLSX formula, or CSV text starting with `=` or `@`).
    pub formula: bool,
}

impl Cell {
    /// A CSV cell: text that a spreadsheet would run as a formula is marked as one.
    pub fn from_csv(text: &str) -> Self {
        Self { formula: text.trim_start().starts_with(['=', '@']), text: text.to_owned() }
    }

    pub fn text(text: &str) -> Self {
        Self { text: text.to_owned(), formula: false }
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty() && !self.formula
    }
}

/// Whether a row is empty and skipped (spreadsheets keep many).
pub fn is_blank(cells: &[Cell]) -> bool {
    cells.iter().all(Cell::is_blank)
}

/// What is wrong with a cell.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("this column must be filled in")]
    Missing,
    #[error("formulas are not imported; paste the values instead")]
    Formula,
    #[error("{0}")]
    Text(TextError),
    #[error("{0}")]
    Coc(RegistrationError),
    #[error("{0}")]
    Vat(RegistrationError),
    #[error("{0}")]
    Postcode(PostcodeError),
    #[error("the country is NL or BE (Nederland, België)")]
    UnknownCountry,
    #[error("{0}")]
    Mismatch(CountryMismatch),
    #[error("{0}")]
    Email(EmailError),
    #[error("{0}")]
    Phone(PhoneError),
    #[error("{0}")]
    ContactName(PersonNameError),
    #[error("an address needs street, house number, postcode and city")]
    AddressIncomplete,
    #[error("the same value is on line {first_line} of this file")]
    DuplicateInFile { first_line: u32 },
}

impl Problem {
    /// The problem in the reader's language (the error report); English is [`Display`].
    pub fn message(&self, language: crate::Language) -> String {
        if language == crate::Language::En {
            return self.to_string();
        }
        match self {
            Self::Missing => "deze kolom moet ingevuld zijn".into(),
            Self::Formula => "formules worden niet geïmporteerd; plak de waarden".into(),
            Self::Text(TextError::TooLong { max }) => format!("ten hoogste {max} tekens"),
            Self::Text(_) => "bevat een teken dat niet is toegestaan (zoals een regeleinde)".into(),
            Self::Coc(RegistrationError::BelgianCheck) => {
                "de controlecijfers van dit ondernemingsnummer kloppen niet".into()
            }
            Self::Coc(_) => "een KvK-nummer heeft 8 cijfers (KBO/BCE: 10)".into(),
            Self::Vat(_) => "een btw-nummer ziet eruit als NL123456789B01 of BE0123456749".into(),
            Self::Postcode(PostcodeError::Dutch) => "een Nederlandse postcode ziet eruit als 1234 AB".into(),
            Self::Postcode(PostcodeError::Belgian) => "een Belgische postcode is vier cijfers vanaf 1000".into(),
            Self::UnknownCountry => "het land is NL of BE (Nederland, België)".into(),
            Self::Mismatch(_) => "de nummers horen niet bij het land van het bedrijf".into(),
            Self::Email(_) => "dit is geen geldig e-mailadres".into(),
            Self::Phone(_) => "dit is geen telefoonnummer".into(),
            Self::ContactName(_) => "geef een naam van ten hoogste 120 tekens".into(),
            Self::AddressIncomplete => "een adres heeft straat, huisnummer, postcode en plaats".into(),
            Self::DuplicateInFile { first_line } => {
                format!("dezelfde waarde staat op regel {first_line} van dit bestand")
            }
        }
    }

    /// The stable code the app translates.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing => "required",
            Self::Formula => "formula",
            Self::Text(error) => error.code(),
            Self::Coc(RegistrationError::BelgianCheck) => "coc_check",
            Self::Coc(_) => "coc_number",
            Self::Vat(_) => "vat_number",
            Self::Postcode(_) => "postcode",
            Self::UnknownCountry => "country",
            Self::Mismatch(_) => "country_mismatch",
            Self::Email(_) => "email",
            Self::Phone(_) => "phone",
            Self::ContactName(_) => "name",
            Self::AddressIncomplete => "address_incomplete",
            Self::DuplicateInFile { .. } => "duplicate_in_file",
        }
    }
}

/// A cell at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub column: Column,
    pub problem: Problem,
}

/// A client as one valid row describes it, in normal form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRecord {
    pub external_id: String,
    pub name: String,
    pub coc_number: Option<String>,
    pub vat_number: Option<String>,
    pub street: Option<String>,
    pub house_number: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub country: Country,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub contact_name: Option<String>,
}

impl ClientRecord {
    /// The key a re-import matches on: external ids compare without regard to case.
    pub fn match_key(external_id: &str) -> String {
        external_id.trim().to_lowercase()
    }
}

fn parse_country(raw: &str) -> Option<Country> {
    let name: String = raw.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    match name.as_str() {
        "" | "nl" | "nld" | "nederland" | "netherlands" | "thenetherlands" | "holland" => Some(Country::Nl),
        "be" | "bel" | "belgië" | "belgie" | "belgium" | "belgique" => Some(Country::Be),
        _ => None,
    }
}

/// Checks one row of cells against the columns the header row named.
pub fn check_row(headers: &Headers, cells: &[Cell]) -> Result<ClientRecord, Vec<CellError>> {
    let mut errors = Vec::new();
    let mut values: HashMap<Column, String> = HashMap::new();
    for (index, cell) in cells.iter().enumerate() {
        let Some(column) = headers.column_at(index) else { continue };
        if cell.formula {
            errors.push(CellError { column, problem: Problem::Formula });
            continue;
        }
        let value = cell.text.trim();
        match text::check_with_max(value, TextKind::SingleLine, column.max_chars()) {
            Err(error) => errors.push(CellError { column, problem: Problem::Text(error) }),
            Ok(()) if value.is_empty() => {}
            Ok(()) => {
                values.insert(column, value.to_owned());
            }
        }
    }
    let failed = |errors: &Vec<CellError>, column| errors.iter().any(|error: &CellError| error.column == column);
    for column in Column::ALL.into_iter().filter(|column| column.required()) {
        if !values.contains_key(&column) && !failed(&errors, column) {
            errors.push(CellError { column, problem: Problem::Missing });
        }
    }
    let mut take = |column: Column| values.remove(&column);
    let mut check = |column: Column, result: Result<String, Problem>| match result {
        Ok(value) => Some(value),
        Err(problem) => {
            errors.push(CellError { column, problem });
            None
        }
    };

    let country = match take(Column::Country) {
        None => Some(Country::Nl),
        Some(raw) => check(Column::Country, parse_country(&raw).map(|_| raw).ok_or(Problem::UnknownCountry))
            .and_then(|raw| parse_country(&raw)),
    };
    let coc = take(Column::CocNumber).and_then(|raw| {
        check(Column::CocNumber, CocNumber::parse(&raw).map(CocNumber::into_inner).map_err(Problem::Coc))
    });
    let vat = take(Column::VatNumber).and_then(|raw| {
        check(Column::VatNumber, VatNumber::parse(&raw).map(VatNumber::into_inner).map_err(Problem::Vat))
    });
    let postcode = match (take(Column::Postcode), country) {
        (Some(raw), Some(country)) => check(
            Column::Postcode,
            Postcode::parse(country, &raw).map(|postcode| postcode.as_str().to_owned()).map_err(Problem::Postcode),
        ),
        (raw, _) => raw,
    };
    let email = take(Column::Email).and_then(|raw| {
        check(Column::Email, EmailAddress::parse(&raw).map(EmailAddress::into_inner).map_err(Problem::Email))
    });
    let phone = take(Column::Phone).and_then(|raw| {
        check(Column::Phone, PhoneNumber::parse(&raw).map(PhoneNumber::into_inner).map_err(Problem::Phone))
    });
    let contact_name = take(Column::ContactName).and_then(|raw| {
        check(
            Column::ContactName,
            PersonName::parse(&raw).map(|name| name.as_str().to_owned()).map_err(Problem::ContactName),
        )
    });
    let street = take(Column::Street);
    let house_number = take(Column::HouseNumber);
    let city = take(Column::City);
    let external_id = take(Column::ExternalId);
    let name = take(Column::Name);

    // The numbers must be those of the company's country.
    if let (Some(country), Some(coc)) = (country, &coc) {
        let coc = CocNumber::parse(coc).map_err(Problem::Coc);
        let vat = vat.as_deref().map(VatNumber::parse).transpose().map_err(Problem::Vat);
        if let (Ok(coc), Ok(vat)) = (coc, vat)
            && let Err(mismatch) = check_country(country, &coc, vat.as_ref())
        {
            let column = if mismatch.field() == "coc_number" { Column::CocNumber } else { Column::VatNumber };
            errors.push(CellError { column, problem: Problem::Mismatch(mismatch) });
        }
    }
    // An address is all four parts or none; the missing parts are the cells at fault (a
    // part that is there but wrong has its own error already).
    let parts = [
        (Column::Street, street.is_some()),
        (Column::HouseNumber, house_number.is_some()),
        (Column::Postcode, postcode.is_some()),
        (Column::City, city.is_some()),
    ]
    .map(|(column, present)| (column, present || failed(&errors, column)));
    if parts.iter().any(|(_, present)| *present) {
        for (column, present) in parts {
            if !present {
                errors.push(CellError { column, problem: Problem::AddressIncomplete });
            }
        }
    }

    match (errors.is_empty(), external_id, name, country) {
        (true, Some(external_id), Some(name), Some(country)) => Ok(ClientRecord {
            external_id,
            name,
            coc_number: coc,
            vat_number: vat,
            street,
            house_number,
            postcode,
            city,
            country,
            email,
            phone,
            contact_name,
        }),
        _ => {
            errors.sort_by_key(|error| error.column);
            Err(errors)
        }
    }
}

/// Remembers the external ids and KvK numbers seen so far in a file: a second row with
/// the same one is refused, pointing at the first.
#[derive(Debug, Default)]
pub struct DuplicateCheck {
    external_ids: HashMap<String, u32>,
    coc_numbers: HashMap<String, u32>,
}

impl DuplicateCheck {
    /// Notes a valid row on `line`; the cells that repeat an earlier row's.
    pub fn note(&mut self, line: u32, record: &ClientRecord) -> Vec<CellError> {
        let mut errors = Vec::new();
        let mut seen = |map: &mut HashMap<String, u32>, key: String, column: Column| {
            let first_line = *map.entry(key).or_insert(line);
            if first_line != line {
                errors.push(CellError { column, problem: Problem::DuplicateInFile { first_line } });
            }
        };
        seen(&mut self.external_ids, ClientRecord::match_key(&record.external_id), Column::ExternalId);
        if let Some(coc) = &record.coc_number {
            seen(&mut self.coc_numbers, coc.clone(), Column::CocNumber);
        }
        errors
    }
}

#[cfg(test)]
mod tests;
