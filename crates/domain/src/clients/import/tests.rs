use proptest::prelude::*;

use super::*;

fn headers() -> Headers {
    let names: Vec<&str> = Column::ALL.iter().map(|column| column.key()).collect();
    Headers::read(&names).unwrap()
}

/// A row in template order from `(column, text)` pairs; the rest empty.
fn row(values: &[(Column, &str)]) -> Vec<Cell> {
    Column::ALL
        .iter()
        .map(|column| {
            values.iter().find(|(c, _)| c == column).map(|(_, text)| Cell::from_csv(text)).unwrap_or_default()
        })
        .collect()
}

fn problems(values: &[(Column, &str)]) -> Vec<(Column, &'static str)> {
    match check_row(&headers(), &row(values)) {
        Ok(record) => panic!("accepted: {record:?}"),
        Err(errors) => errors.into_iter().map(|error| (error.column, error.problem.code())).collect(),
    }
}

const FULL: [(Column, &str); 12] = [
    (Column::ExternalId, " R-1001 "),
    (Column::Name, "Bakkerij De Korenschoof B.V."),
    (Column::CocNumber, "1234 5678"),
    (Column::VatNumber, "nl 123456789 b01"),
    (Column::Street, "Dorpsstraat"),
    (Column::HouseNumber, "12a"),
    (Column::Postcode, "1234ab"),
    (Column::City, "Utrecht"),
    (Column::Country, "Nederland"),
    (Column::Email, "Info@Korenschoof.example"),
    (Column::Phone, "030 123 4567"),
    (Column::ContactName, "Els de Vries"),
];

#[test]
fn a_complete_row_becomes_a_record_in_normal_form() {
    let record = check_row(&headers(), &row(&FULL)).unwrap();
    assert_eq!(record.external_id, "R-1001");
    assert_eq!(record.coc_number.as_deref(), Some("12345678"));
    assert_eq!(record.vat_number.as_deref(), Some("NL123456789B01"));
    assert_eq!(record.postcode.as_deref(), Some("1234 AB"));
    assert_eq!(record.country, Country::Nl);
    assert_eq!(record.email.as_deref(), Some("info@korenschoof.example"));
    assert_eq!(record.phone.as_deref(), Some("+31301234567"));
    assert_eq!(record.contact_name.as_deref(), Some("Els de Vries"));
}

#[test]
fn only_the_external_id_and_the_name_are_required() {
    let record = check_row(&headers(), &row(&[(Column::ExternalId, "7"), (Column::Name, "Jansen")])).unwrap();
    assert_eq!((record.coc_number, record.street, record.country), (None, None, Country::Nl));
    assert_eq!(
        problems(&[(Column::City, "Gent")]),
        vec![
            (Column::ExternalId, "required"),
            (Column::Name, "required"),
            (Column::Street, "address_incomplete"),
            (Column::HouseNumber, "address_incomplete"),
            (Column::Postcode, "address_incomplete"),
        ]
    );
}

#[test]
fn each_cell_at_fault_is_named_with_its_problem() {
    let mut bad = FULL;
    bad[2] = (Column::CocNumber, "1234567");
    bad[3] = (Column::VatNumber, "NL12");
    bad[6] = (Column::Postcode, "0123 AB");
    bad[9] = (Column::Email, "info@");
    bad[10] = (Column::Phone, "12");
    assert_eq!(
        problems(&bad),
        vec![
            (Column::CocNumber, "coc_number"),
            (Column::VatNumber, "vat_number"),
            (Column::Postcode, "postcode"),
            (Column::Email, "email"),
            (Column::Phone, "phone"),
        ]
    );
}

#[test]
fn numbers_must_be_those_of_the_country() {
    let mut belgian = FULL;
    belgian[8] = (Column::Country, "België");
    belgian[6] = (Column::Postcode, "9000");
    assert_eq!(problems(&belgian), vec![(Column::CocNumber, "country_mismatch")]);
    belgian[2] = (Column::CocNumber, "0403.170.701");
    assert_eq!(problems(&belgian), vec![(Column::VatNumber, "country_mismatch")]);
    belgian[3] = (Column::VatNumber, "BE0403170701");
    let record = check_row(&headers(), &row(&belgian)).unwrap();
    assert_eq!((record.country, record.coc_number.as_deref()), (Country::Be, Some("0403170701")));
    belgian[8] = (Column::Country, "Duitsland");
    assert_eq!(problems(&belgian), vec![(Column::Country, "country")]);
}

#[test]
fn formulas_and_control_characters_are_refused() {
    let mut bad = FULL;
    bad[1] = (Column::Name, "=HYPERLINK(\"http://evil.example\")");
    bad[7] = (Column::City, "Utrecht\u{0}");
    bad[11] = (Column::ContactName, "@SUM(A1)");
    assert_eq!(
        problems(&bad),
        vec![(Column::Name, "formula"), (Column::City, "control_character"), (Column::ContactName, "formula")]
    );
    let mut long = FULL;
    let name = "x".repeat(201);
    long[1] = (Column::Name, &name);
    assert_eq!(problems(&long), vec![(Column::Name, "length")]);
    // A phone number's plus sign is no formula.
    assert!(!Cell::from_csv("+31 30 123 4567").formula);
}

#[test]
fn a_file_repeating_an_external_id_or_kvk_number_points_at_the_first_line() {
    let mut duplicates = DuplicateCheck::default();
    let record = check_row(&headers(), &row(&FULL)).unwrap();
    assert!(duplicates.note(2, &record).is_empty());
    let mut same_coc = record.clone();
    same_coc.external_id = "R-1002".into();
    let mut same_id = record.clone();
    same_id.external_id = "r-1001".into();
    same_id.coc_number = None;
    assert_eq!(
        duplicates.note(3, &same_coc),
        vec![CellError { column: Column::CocNumber, problem: Problem::DuplicateInFile { first_line: 2 } }]
    );
    assert_eq!(
        duplicates.note(4, &same_id),
        vec![CellError { column: Column::ExternalId, problem: Problem::DuplicateInFile { first_line: 2 } }]
    );
    assert!(duplicates.note(2, &record).is_empty(), "a line is not its own duplicate");
}

#[test]
fn blank_rows_are_skipped_but_a_lone_formula_is_not_blank() {
    assert!(is_blank(&row(&[(Column::Name, "  ")])));
    assert!(is_blank(&[]));
    assert!(!is_blank(&[Cell { text: String::new(), formula: true }]));
}

proptest! {
    /// Whatever the cells hold, a row is either a record or a list of errors naming
    /// columns the file has; it never panics, and a record holds no control character.
    #[test]
    fn any_row_is_a_record_or_errors_on_present_columns(cells in prop::collection::vec(".{0,30}", 0..14)) {
        let cells: Vec<Cell> = cells.iter().map(|text| Cell::from_csv(text)).collect();
        match check_row(&headers(), &cells) {
            Ok(record) => {
                let json = serde_json::to_string(&record).unwrap();
                prop_assert!(!record.name.chars().any(char::is_control), "{json}");
                prop_assert!(!record.external_id.is_empty());
            }
            Err(errors) => prop_assert!(!errors.is_empty()),
        }
    }

    /// Any valid record notes as a duplicate exactly when its key was seen on another line.
    #[test]
    fn duplicates_are_found_whatever_the_case(id in "[A-Za-z0-9]{1,10}", upper in any::<bool>()) {
        let mut check = DuplicateCheck::default();
        let record = |external_id: String| ClientRecord {
            external_id, name: "X".into(), coc_number: None, vat_number: None, street: None, house_number: None,
            postcode: None, city: None, country: Country::Nl, email: None, phone: None, contact_name: None,
        };
        prop_assert!(check.note(1, &record(id.clone())).is_empty());
        let again = if upper { id.to_uppercase() } else { id.to_lowercase() };
        prop_assert_eq!(check.note(2, &record(again)).len(), 1);
    }
}

#[test]
fn every_problem_reads_in_both_languages() {
    let problems = [
        Problem::Missing,
        Problem::Formula,
        Problem::Text(TextError::TooLong { max: 40 }),
        Problem::Coc(RegistrationError::CocFormat),
        Problem::UnknownCountry,
        Problem::AddressIncomplete,
        Problem::DuplicateInFile { first_line: 7 },
    ];
    for problem in problems {
        let (nl, en) = (problem.message(crate::Language::Nl), problem.message(crate::Language::En));
        assert!(!nl.is_empty() && nl != en, "{problem:?}: {nl} / {en}");
    }
    assert!(Problem::DuplicateInFile { first_line: 7 }.message(crate::Language::Nl).contains("regel 7"));
}
