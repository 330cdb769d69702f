//! The text rule of `loket_domain::text`, applied to whole request bodies and query
//! strings before they are deserialised, so that no field, present or future, can carry a
//! NUL or another control character into the database, a log line or an e-mail.

use loket_domain::text::{self, TextKind};

use crate::FieldError;

/// A request body declares which of its fields may span several lines; every other
/// string in it (at any depth, object keys included) must be a single line.
pub trait TextFields {
    /// Names of the fields (the last segment of their JSON path) that are multi-line.
    const MULTI_LINE: &'static [&'static str] = &[];
}

/// Field errors for every string in `value` that breaks the text rule, with JSON paths.
pub fn check_json(value: &serde_json::Value, multi_line: &[&str]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    walk(value, "", None, multi_line, &mut errors);
    errors
}

fn walk(value: &serde_json::Value, path: &str, field: Option<&str>, multi_line: &[&str], errors: &mut Vec<FieldError>) {
    match value {
        serde_json::Value::String(s) => {
            let kind =
                if field.is_some_and(|f| multi_line.contains(&f)) { TextKind::MultiLine } else { TextKind::SingleLine };
            push_error(s, kind, path, errors);
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{index}]"), field, multi_line, errors);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                if text::check(key, TextKind::SingleLine).is_err() {
                    errors.push(FieldError {
                        field: escape(&child),
                        code: "control_character".to_owned(),
                        message: "a field name contains a control character".to_owned(),
                    });
                    continue;
                }
                walk(item, &child, Some(key), multi_line, errors);
            }
        }
        _ => {}
    }
}

fn push_error(s: &str, kind: TextKind, field: &str, errors: &mut Vec<FieldError>) {
    if let Err(error) = text::check(s, kind) {
        errors.push(FieldError { field: field.to_owned(), code: error.code().to_owned(), message: error.to_string() });
    }
}

/// Field errors for query parameters (all single-line), named by parameter.
pub fn check_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (name, value) in pairs {
        if text::check(name, TextKind::SingleLine).is_err() {
            errors.push(FieldError {
                field: escape(name),
                code: "control_character".to_owned(),
                message: "a parameter name contains a control character".to_owned(),
            });
        } else {
            push_error(value, TextKind::SingleLine, name, &mut errors);
        }
    }
    errors
}

/// A field path shown back to the client, with control characters made visible.
fn escape(raw: &str) -> String {
    raw.chars().flat_map(char::escape_debug).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn nul_anywhere_in_a_body_is_a_field_error_with_its_path() {
        let body = json!({"name": "a\u{0}b", "contacts": [{"email": "ok@x.nl"}, {"email": "x\u{1b}"}], "n": 3});
        let errors = check_json(&body, &[]);
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(fields, vec![("contacts[1].email", "control_character"), ("name", "control_character")]);
    }

    #[test]
    fn line_breaks_only_in_declared_multi_line_fields() {
        let body = json!({"title": "one\ntwo", "description": "one\ntwo\tthree"});
        let errors = check_json(&body, &["description"]);
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].field.as_str(), errors[0].code.as_str()), ("title", "line_break"));
    }

    #[test]
    fn keys_and_query_parameters_are_checked_too() {
        let errors = check_json(&json!({"a\u{0}": 1}), &[]);
        assert_eq!(errors[0].field, "a\\0");
        let query = check_query([("q", "a\u{0}b"), ("limit", "5")]);
        assert_eq!(query.len(), 1);
        assert_eq!(query[0].field, "q");
    }
}
