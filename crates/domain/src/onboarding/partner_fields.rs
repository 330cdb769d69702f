//! Partner-specific fields of an install request: the vendor admin defines, per partner,
//! which extra values its requests carry (its own reference, a contract code…): a key,
//! a label, a type and whether it is required. A request sends them as a map of key to
//! text; each value is checked against its definition and stored in one written form.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The pattern of a field key as the OpenAPI document states it.
pub const KEY_PATTERN: &str = "^[a-z][a-z0-9_]{0,39}$";

/// The longest text value.
pub const MAX_TEXT: usize = 200;

/// The kinds of value a partner field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// One line of text, up to 200 characters.
    Text,
    /// A decimal number (`12`, `-3.5`; a decimal comma is read as a point).
    Number,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// `yes` or `no` (`true`/`false`, `ja`/`nee` are read as such).
    YesNo,
}

impl FieldType {
    pub const ALL: [FieldType; 4] = [Self::Text, Self::Number, Self::Date, Self::YesNo];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "number",
            Self::Date => "date",
            Self::YesNo => "yes_no",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == value)
    }

    /// The value in its written form, or why it is not one of this type.
    pub fn normalise(self, raw: &str) -> Result<String, FieldProblem> {
        let value = raw.trim();
        match self {
            Self::Text if value.chars().count() > MAX_TEXT => Err(FieldProblem::TooLong),
            Self::Text => Ok(value.to_owned()),
            Self::Number => number(value).ok_or(FieldProblem::NotANumber),
            Self::Date => NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map(|d| d.format("%Y-%m-%d").to_string())
                .map_err(|_| FieldProblem::NotADate),
            Self::YesNo => match value.to_lowercase().as_str() {
                "yes" | "true" | "ja" => Ok("yes".to_owned()),
                "no" | "false" | "nee" => Ok("no".to_owned()),
                _ => Err(FieldProblem::NotYesNo),
            },
        }
    }
}

/// A decimal with at most 15 digits before and 6 after the point, written without
/// leading zeros or a trailing point.
fn number(value: &str) -> Option<String> {
    let value = value.replace(',', ".");
    let (sign, digits) = match value.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", value.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 15 || fraction.len() > 6 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    if digits.ends_with('.') {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let fraction = fraction.trim_end_matches('0');
    let zero = whole == "0" && fraction.is_empty();
    let sign = if zero { "" } else { sign };
    Some(if fraction.is_empty() { format!("{sign}{whole}") } else { format!("{sign}{whole}.{fraction}") })
}

/// Why a value is refused; `code` is the field error's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FieldProblem {
    #[error("this field is required")]
    Required,
    #[error("this partner has no such field")]
    Unknown,
    #[error("at most 200 characters")]
    TooLong,
    #[error("a number such as 12 or 3.5")]
    NotANumber,
    #[error("a date such as 2026-12-31")]
    NotADate,
    #[error("yes or no")]
    NotYesNo,
}

impl FieldProblem {
    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::Unknown => "unknown",
            Self::TooLong => "length",
            Self::NotANumber => "number",
            Self::NotADate => "date",
            Self::NotYesNo => "yes_no",
        }
    }
}

/// One field a partner's requests carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDefinition {
    pub key: String,
    pub label: String,
    pub field_type: FieldType,
    pub required: bool,
}

/// Why a set of definitions is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    #[error("field {0}: a key is a lower-case letter followed by up to 39 letters, digits or _")]
    Key(usize),
    #[error("field {0}: a label has 1 to 100 characters")]
    Label(usize),
    #[error("field {index}: the key {key} is used twice")]
    Duplicate { index: usize, key: String },
    #[error("at most 20 fields")]
    TooMany,
}

impl DefinitionError {
    /// The index of the field the error is about, if one.
    pub fn index(&self) -> Option<usize> {
        match self {
            Self::Key(i) | Self::Label(i) | Self::Duplicate { index: i, .. } => Some(*i),
            Self::TooMany => None,
        }
    }
}

/// At most this many fields per partner.
pub const MAX_FIELDS: usize = 20;

fn key_ok(key: &str) -> bool {
    let mut bytes = key.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z'))
        && key.len() <= 40
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Checks a partner's definitions as a whole: keys well-formed and unique, labels given.
pub fn check_definitions(fields: &[FieldDefinition]) -> Result<(), DefinitionError> {
    if fields.len() > MAX_FIELDS {
        return Err(DefinitionError::TooMany);
    }
    for (index, field) in fields.iter().enumerate() {
        if !key_ok(&field.key) {
            return Err(DefinitionError::Key(index));
        }
        let label = field.label.trim().chars().count();
        if label == 0 || label > 100 {
            return Err(DefinitionError::Label(index));
        }
        if fields[..index].iter().any(|f| f.key == field.key) {
            return Err(DefinitionError::Duplicate { index, key: field.key.clone() });
        }
    }
    Ok(())
}

/// Checks `values` against `definitions`: every key defined, every required one given
/// (an empty value counts as absent), every value of its type. Returns the values in
/// their written form (absent optional ones left out), or every problem by key.
pub fn check_values(
    definitions: &[FieldDefinition],
    values: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, Vec<(String, FieldProblem)>> {
    let mut problems = Vec::new();
    let mut written = BTreeMap::new();
    for key in values.keys() {
        if !definitions.iter().any(|d| &d.key == key) {
            problems.push((key.clone(), FieldProblem::Unknown));
        }
    }
    for definition in definitions {
        match values.get(&definition.key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            None if definition.required => problems.push((definition.key.clone(), FieldProblem::Required)),
            None => {}
            Some(value) => match definition.field_type.normalise(value) {
                Ok(value) => {
                    written.insert(definition.key.clone(), value);
                }
                Err(problem) => problems.push((definition.key.clone(), problem)),
            },
        }
    }
    if problems.is_empty() { Ok(written) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn field(key: &str, field_type: FieldType, required: bool) -> FieldDefinition {
        FieldDefinition { key: key.to_owned(), label: key.to_uppercase(), field_type, required }
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn values_are_checked_per_type_and_written_in_one_form() {
        let defs = [
            field("reference", FieldType::Text, true),
            field("limit", FieldType::Number, false),
            field("start", FieldType::Date, false),
            field("factoring", FieldType::YesNo, false),
        ];
        let ok = check_values(&defs, &values(&[("reference", " BNK-1 "), ("limit", "007,50"), ("factoring", "Ja")]));
        assert_eq!(ok, Ok(values(&[("reference", "BNK-1"), ("limit", "7.5"), ("factoring", "yes")])));
        let refused = check_values(
            &defs,
            &values(&[
                ("reference", "  "),
                ("limit", "1e3"),
                ("start", "31-12-2026"),
                ("factoring", "misschien"),
                ("x", "1"),
            ]),
        )
        .unwrap_err();
        assert_eq!(
            refused,
            vec![
                ("x".to_owned(), FieldProblem::Unknown),
                ("reference".to_owned(), FieldProblem::Required),
                ("limit".to_owned(), FieldProblem::NotANumber),
                ("start".to_owned(), FieldProblem::NotADate),
                ("factoring".to_owned(), FieldProblem::NotYesNo),
            ]
        );
        assert_eq!(FieldType::Text.normalise(&"é".repeat(201)), Err(FieldProblem::TooLong));
        for (raw, written) in [("0", "0"), ("-0.0", "0"), ("12.", ""), ("-3,250", "-3.25"), (".5", "")] {
            assert_eq!(number(raw).unwrap_or_default(), written, "{raw}");
        }
        assert_eq!(FieldType::Date.normalise("2026-02-30"), Err(FieldProblem::NotADate));
    }

    #[test]
    fn definitions_have_unique_well_formed_keys() {
        assert_eq!(check_definitions(&[field("ref", FieldType::Text, true)]), Ok(()));
        assert_eq!(check_definitions(&[field("Ref", FieldType::Text, true)]), Err(DefinitionError::Key(0)));
        assert_eq!(check_definitions(&[field("1ref", FieldType::Text, true)]), Err(DefinitionError::Key(0)));
        let twice = [field("ref", FieldType::Text, true), field("ref", FieldType::Date, false)];
        assert_eq!(check_definitions(&twice), Err(DefinitionError::Duplicate { index: 1, key: "ref".to_owned() }));
        let mut unlabelled = field("ref", FieldType::Text, true);
        unlabelled.label = " ".to_owned();
        assert_eq!(check_definitions(&[unlabelled]), Err(DefinitionError::Label(0)));
        let many: Vec<_> = (0..21).map(|i| field(&format!("f{i}"), FieldType::Text, false)).collect();
        assert_eq!(check_definitions(&many), Err(DefinitionError::TooMany));
    }

    #[test]
    fn the_published_key_pattern_is_the_rule() {
        let pattern = regex::Regex::new(KEY_PATTERN).unwrap();
        for key in ["a", "ref_2", "Ref", "_a", "a-b", "", &"a".repeat(41), &"a".repeat(40)] {
            assert_eq!(pattern.is_match(key), key_ok(key), "{key:?}");
        }
    }

    proptest! {
        /// A written value is accepted as it is and stays the same.
        #[test]
        fn written_values_are_fixed_points(raw in "[-0-9.,]{0,12}|[a-zA-Z]{0,6}|[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            for field_type in FieldType::ALL {
                if let Ok(written) = field_type.normalise(&raw) {
                    prop_assert_eq!(field_type.normalise(&written), Ok(written.clone()));
                }
            }
        }

        /// Numbers keep their value.
        #[test]
        fn numbers_keep_their_value(whole in 0u64..1_000_000_000, fraction in 0u32..1_000_000, negative: bool) {
            let raw = format!("{}{whole}.{fraction:06}", if negative { "-" } else { "" });
            let written = number(&raw).unwrap();
            let parsed: f64 = written.parse().unwrap();
            let expected: f64 = raw.parse().unwrap();
            prop_assert!((parsed - expected).abs() < 1e-9);
        }
    }
}
