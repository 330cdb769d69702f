//! Turning `validator` results into the API's field errors. The browser app runs the same
//! validation before sending, so both show identical messages.

use validator::{ValidationErrors, ValidationErrorsKind};

use crate::FieldError;

/// Flattens validation errors into `{field, code, message}` entries with JSON paths.
pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect(errors, "", &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field).then(a.code.cmp(&b.code)));
    out
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    let message =
                        error.message.as_ref().map(ToString::to_string).unwrap_or_else(|| default_message(&error.code));
                    out.push(FieldError { field: path.clone(), code: error.code.to_string(), message });
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(inner, &format!("{path}[{index}]"), out);
                }
            }
        }
    }
}

fn default_message(code: &str) -> String {
    match code {
        "length" => "has the wrong length".to_owned(),
        "email" => "this is not a valid e-mail address".to_owned(),
        "range" => "is out of range".to_owned(),
        "required" => "is required".to_owned(),
        other => format!("is invalid ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use validator::Validate;

    use super::*;

    #[derive(Validate)]
    struct Inner {
        #[validate(length(min = 1, message = "enter a name"))]
        name: String,
    }

    #[derive(Validate)]
    struct Outer {
        #[validate(email)]
        email: String,
        #[validate(nested)]
        contacts: Vec<Inner>,
    }

    #[test]
    fn nested_errors_get_json_paths_and_messages() {
        let value =
            Outer { email: "nope".into(), contacts: vec![Inner { name: "ok".into() }, Inner { name: String::new() }] };
        let errors = value.validate().unwrap_err();
        let fields = field_errors(&errors);
        assert_eq!(
            fields,
            vec![
                FieldError { field: "contacts[1].name".into(), code: "length".into(), message: "enter a name".into() },
                FieldError {
                    field: "email".into(),
                    code: "email".into(),
                    message: "this is not a valid e-mail address".into()
                },
            ]
        );
    }
}
