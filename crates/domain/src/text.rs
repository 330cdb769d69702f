//! The rules every piece of text from outside must pass before it is stored or searched.
//!
//! PostgreSQL refuses a NUL character in text, and control characters in a name, an
//! e-mail address or a search term are never intended: they come from fuzzers, broken
//! clients or attacks (log injection, header injection in e-mails). So text is checked
//! once, at the boundary, for every field: single-line fields allow no control
//! character at all; multi-line fields (descriptions, messages) allow line feed,
//! carriage return and tab. Lengths are counted in characters (Unicode scalar values),
//! which is what PostgreSQL's `varchar(n)` counts.

/// Whether a field may span several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Names, e-mail addresses, search terms, identifiers: no control characters.
    SingleLine,
    /// Descriptions and messages: line feed, carriage return and tab are allowed.
    MultiLine,
}

/// Why a text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("contains a control character (such as NUL), which is not allowed")]
    ControlCharacter,
    #[error("must be on one line: line breaks and tabs are not allowed")]
    LineBreak,
    #[error("has at most {max} characters")]
    TooLong { max: usize },
}

impl TextError {
    /// The stable error code used in field errors.
    pub fn code(&self) -> &'static str {
        match self {
            Self::ControlCharacter => "control_character",
            Self::LineBreak => "line_break",
            Self::TooLong { .. } => "length",
        }
    }
}

/// Whether `c` is a character the given kind of field may hold.
pub fn allowed(c: char, kind: TextKind) -> bool {
    if !c.is_control() {
        return true;
    }
    kind == TextKind::MultiLine && matches!(c, '\n' | '\r' | '\t')
}

/// Checks a text against the rules for its kind of field.
pub fn check(text: &str, kind: TextKind) -> Result<(), TextError> {
    match text.chars().find(|c| !allowed(*c, kind)) {
        None => Ok(()),
        Some('\n' | '\r' | '\t') => Err(TextError::LineBreak),
        Some(_) => Err(TextError::ControlCharacter),
    }
}

/// Checks a text and its length in characters.
pub fn check_with_max(text: &str, kind: TextKind, max_chars: usize) -> Result<(), TextError> {
    check(text, kind)?;
    if text.chars().count() > max_chars {
        return Err(TextError::TooLong { max: max_chars });
    }
    Ok(())
}

/// The OpenAPI/JSON Schema pattern that states the same rule, so that generated clients
/// and fuzzers know it. (ECMA-262 and Python both read `\uXXXX` escapes.)
pub fn schema_pattern(kind: TextKind) -> &'static str {
    match kind {
        TextKind::SingleLine => r"^[^\u0000-\u001F\u007F-\u009F]*$",
        TextKind::MultiLine => r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$",
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn nul_and_other_controls_are_refused_everywhere() {
        for bad in ["a\0b", "\u{1b}[31m", "x\u{7f}", "\u{85}", "\u{9f}"] {
            assert_eq!(check(bad, TextKind::SingleLine), Err(TextError::ControlCharacter), "{bad:?}");
            assert_eq!(check(bad, TextKind::MultiLine), Err(TextError::ControlCharacter), "{bad:?}");
        }
    }

    #[test]
    fn line_breaks_only_in_multi_line_fields() {
        for text in ["two\nlines", "cr\rlf", "tab\there"] {
            assert_eq!(check(text, TextKind::SingleLine), Err(TextError::LineBreak));
            assert_eq!(check(text, TextKind::MultiLine), Ok(()));
        }
    }

    #[test]
    fn ordinary_text_passes_including_non_latin_scripts_and_emoji() {
        for text in ["Bakkerij De Korenschoof B.V.", "Zoë Ünal", "株式会社", "🙂", ""] {
            assert_eq!(check(text, TextKind::SingleLine), Ok(()));
        }
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let text = "é".repeat(10);
        assert_eq!(text.len(), 20);
        assert_eq!(check_with_max(&text, TextKind::SingleLine, 10), Ok(()));
        assert_eq!(check_with_max(&text, TextKind::SingleLine, 9), Err(TextError::TooLong { max: 9 }));
    }

    proptest! {
        #[test]
        fn the_check_agrees_with_the_rule_per_character(text in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f a-z]*") {
            let single_ok = text.chars().all(|c| !c.is_control());
            prop_assert_eq!(check(&text, TextKind::SingleLine).is_ok(), single_ok);
            let multi_ok = text.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'));
            prop_assert_eq!(check(&text, TextKind::MultiLine).is_ok(), multi_ok);
        }
    }
}
