//! The new-customer questionnaire (seed 000 step 4) as data: the vendor administrator
//! edits its definition (sections of questions, each of a kind), every saved definition
//! is a new version, and a case answers the version it started with. Answers are checked
//! per question: a draft only for what is filled in, a submission also for what is
//! required, and every problem is named by its path (`people[1].email`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{EmailAddress, PersonName, PhoneNumber};

/// The kinds of question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    /// One line of text (up to 500 characters).
    Text,
    Email,
    /// Stored in E.164.
    Phone,
    /// One of the listed options.
    Choice {
        options: Vec<String>,
    },
    YesNo,
    /// `YYYY-MM-DD`.
    Date,
    /// A repeatable group: the people who will work with the software (name, e-mail,
    /// phone, role in the software).
    Persons,
}

/// A person's role in the software.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SoftwareRole {
    /// Administers the software and its users.
    Administrator,
    /// Works with the software.
    User,
    /// Reads reports only.
    ReadOnly,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    /// The answer's key: a lower-case letter, then letters, digits or `_`.
    pub key: String,
    pub label_nl: String,
    pub label_en: String,
    pub kind: QuestionKind,
    pub required: bool,
}

/// A titled group of questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Section {
    pub title_nl: String,
    pub title_en: String,
    pub questions: Vec<Question>,
}

/// Limits of a definition.
pub const MAX_SECTIONS: usize = 20;
pub const MAX_QUESTIONS: usize = 100;
pub const MAX_OPTIONS: usize = 30;
pub const MAX_PERSONS: usize = 50;
pub const MAX_TEXT: usize = 500;

/// Why a definition is refused, with the path of the part at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct DefinitionError {
    pub path: String,
    pub reason: &'static str,
}

fn key_ok(key: &str) -> bool {
    let mut bytes = key.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z'))
        && key.len() <= 40
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn label_ok(label: &str) -> bool {
    let length = label.trim().chars().count();
    (1..=200).contains(&length)
}

/// Checks a definition as a whole: at least one question, keys well-formed and unique
/// across sections, labels in both languages, choices with distinct options.
pub fn check_definition(sections: &[Section]) -> Result<(), DefinitionError> {
    let fail = |path: String, reason| Err(DefinitionError { path, reason });
    if sections.is_empty() || sections.len() > MAX_SECTIONS {
        return fail("sections".to_owned(), "a questionnaire has 1 to 20 sections");
    }
    let mut keys = Vec::new();
    for (s, section) in sections.iter().enumerate() {
        if !label_ok(&section.title_nl) || !label_ok(&section.title_en) {
            return fail(format!("sections[{s}].title"), "a title has 1 to 200 characters in both languages");
        }
        if section.questions.is_empty() {
            return fail(format!("sections[{s}].questions"), "a section has at least one question");
        }
        for (q, question) in section.questions.iter().enumerate() {
            let path = format!("sections[{s}].questions[{q}]");
            if !key_ok(&question.key) {
                return fail(format!("{path}.key"), "a key is a lower-case letter and up to 39 letters, digits or _");
            }
            if keys.contains(&question.key.as_str()) {
                return fail(format!("{path}.key"), "this key is used by another question");
            }
            keys.push(question.key.as_str());
            if !label_ok(&question.label_nl) || !label_ok(&question.label_en) {
                return fail(format!("{path}.label"), "a label has 1 to 200 characters in both languages");
            }
            if let QuestionKind::Choice { options } = &question.kind {
                let distinct = options.iter().enumerate().all(|(i, o)| !options[..i].contains(o));
                if options.is_empty()
                    || options.len() > MAX_OPTIONS
                    || !distinct
                    || !options.iter().all(|o| label_ok(o))
                {
                    return fail(format!("{path}.options"), "a choice has 1 to 30 distinct options");
                }
            }
        }
    }
    if keys.len() > MAX_QUESTIONS {
        return fail("sections".to_owned(), "a questionnaire has at most 100 questions");
    }
    Ok(())
}

/// One person of a `persons` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonAnswer {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub role: SoftwareRole,
}

/// An answer: text (text, e-mail, phone, choice, date), yes/no, or people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Answer {
    YesNo(bool),
    Text(String),
    Persons(Vec<PersonAnswer>),
}

/// Whether answers are saved as a draft or submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saving {
    Draft,
    Submit,
}

/// A problem with one answer: its path and a code with its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerProblem {
    pub path: String,
    pub code: &'static str,
    pub message: &'static str,
}

fn problem(path: String, code: &'static str, message: &'static str) -> AnswerProblem {
    AnswerProblem { path, code, message }
}

fn is_blank(answer: &Answer) -> bool {
    match answer {
        Answer::Text(text) => text.trim().is_empty(),
        Answer::Persons(people) => people.is_empty(),
        Answer::YesNo(_) => false,
    }
}

fn check_person(path: &str, person: &PersonAnswer, problems: &mut Vec<AnswerProblem>) -> PersonAnswer {
    let name = PersonName::parse(&person.name).map(PersonName::into_inner).unwrap_or_else(|_| {
        problems.push(problem(format!("{path}.name"), "name", "give a name of up to 120 characters"));
        person.name.clone()
    });
    let email = EmailAddress::parse(&person.email).map(EmailAddress::into_inner).unwrap_or_else(|_| {
        problems.push(problem(format!("{path}.email"), "email", "this is not a valid e-mail address"));
        person.email.clone()
    });
    let phone = PhoneNumber::parse(&person.phone).map(PhoneNumber::into_inner).unwrap_or_else(|_| {
        problems.push(problem(format!("{path}.phone"), "phone", "this is not a valid phone number"));
        person.phone.clone()
    });
    PersonAnswer { name, email, phone, role: person.role }
}

fn check_one(path: &str, kind: &QuestionKind, answer: &Answer, problems: &mut Vec<AnswerProblem>) -> Answer {
    let text = |answer: &Answer| match answer {
        Answer::Text(text) => Some(text.trim().to_owned()),
        _ => None,
    };
    let wrong = |problems: &mut Vec<AnswerProblem>, code, message| {
        problems.push(problem(path.to_owned(), code, message));
        answer.clone()
    };
    match kind {
        QuestionKind::Text => match text(answer) {
            Some(value) if value.chars().count() <= MAX_TEXT => Answer::Text(value),
            Some(_) => wrong(problems, "length", "at most 500 characters"),
            None => wrong(problems, "type", "answer with text"),
        },
        QuestionKind::Email => match text(answer).map(|v| EmailAddress::parse(&v)) {
            Some(Ok(email)) => Answer::Text(email.into_inner()),
            _ => wrong(problems, "email", "this is not a valid e-mail address"),
        },
        QuestionKind::Phone => match text(answer).map(|v| PhoneNumber::parse(&v)) {
            Some(Ok(phone)) => Answer::Text(phone.into_inner()),
            _ => wrong(problems, "phone", "this is not a valid phone number"),
        },
        QuestionKind::Choice { options } => match text(answer) {
            Some(value) if options.contains(&value) => Answer::Text(value),
            _ => wrong(problems, "choice", "choose one of the options"),
        },
        QuestionKind::YesNo => match answer {
            Answer::YesNo(flag) => Answer::YesNo(*flag),
            _ => wrong(problems, "type", "answer yes or no"),
        },
        QuestionKind::Date => match text(answer).map(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d")) {
            Some(Ok(date)) => Answer::Text(date.format("%Y-%m-%d").to_string()),
            _ => wrong(problems, "date", "a date such as 2026-12-31"),
        },
        QuestionKind::Persons => match answer {
            Answer::Persons(people) if people.len() <= MAX_PERSONS => Answer::Persons(
                people.iter().enumerate().map(|(i, p)| check_person(&format!("{path}[{i}]"), p, problems)).collect(),
            ),
            Answer::Persons(_) => wrong(problems, "length", "at most 50 people"),
            _ => wrong(problems, "type", "answer with a list of people"),
        },
    }
}

/// Checks `answers` against the definition: unknown keys, answers of the wrong kind or
/// form, and (when submitting) unanswered required questions are problems. Returns the
/// answers in their written form (blank ones left out) or every problem.
pub fn check_answers(
    sections: &[Section],
    answers: &BTreeMap<String, Answer>,
    saving: Saving,
) -> Result<BTreeMap<String, Answer>, Vec<AnswerProblem>> {
    let mut problems = Vec::new();
    let mut written = BTreeMap::new();
    let questions: Vec<&Question> = sections.iter().flat_map(|s| &s.questions).collect();
    for key in answers.keys() {
        if !questions.iter().any(|q| &q.key == key) {
            problems.push(problem(key.clone(), "unknown", "the questionnaire has no such question"));
        }
    }
    for question in questions {
        match answers.get(&question.key).filter(|a| !is_blank(a)) {
            None if question.required && saving == Saving::Submit => {
                problems.push(problem(question.key.clone(), "required", "this question needs an answer"));
            }
            None => {}
            Some(answer) => {
                let checked = check_one(&question.key, &question.kind, answer, &mut problems);
                written.insert(question.key.clone(), checked);
            }
        }
    }
    if problems.is_empty() { Ok(written) } else { Err(problems) }
}

/// The questionnaire every case starts with until the vendor administrator saves one of
/// its own: the company's people, its accounting, and how it will deliver data.
pub fn standard() -> Vec<Section> {
    let question = |key: &str, nl: &str, en: &str, kind: QuestionKind, required: bool| Question {
        key: key.to_owned(),
        label_nl: nl.to_owned(),
        label_en: en.to_owned(),
        kind,
        required,
    };
    vec![
        Section {
            title_nl: "Wie gaan met de software werken?".to_owned(),
            title_en: "Who will work with the software?".to_owned(),
            questions: vec![question(
                "people",
                "Medewerkers (naam, e-mail, telefoon, rol)",
                "People (name, e-mail, phone, role)",
                QuestionKind::Persons,
                true,
            )],
        },
        Section {
            title_nl: "Boekhouding".to_owned(),
            title_en: "Accounting".to_owned(),
            questions: vec![
                question(
                    "administrations",
                    "Aantal administraties",
                    "Number of administrations",
                    QuestionKind::Choice { options: vec!["1".to_owned(), "2-5".to_owned(), "6 of meer".to_owned()] },
                    true,
                ),
                question("fiscal_year_start", "Begin boekjaar", "Start of the fiscal year", QuestionKind::Date, true),
                question(
                    "package_version",
                    "Versie van het boekhoudpakket",
                    "Version of the accounting package",
                    QuestionKind::Text,
                    false,
                ),
            ],
        },
        Section {
            title_nl: "Installatie".to_owned(),
            title_en: "Installation".to_owned(),
            questions: vec![
                question(
                    "server_hosted",
                    "Draait de software op een eigen server?",
                    "Does the software run on a server of your own?",
                    QuestionKind::YesNo,
                    true,
                ),
                question(
                    "it_contact_email",
                    "E-mailadres van de IT-beheerder",
                    "E-mail address of the IT administrator",
                    QuestionKind::Email,
                    false,
                ),
                question(
                    "it_contact_phone",
                    "Telefoon van de IT-beheerder",
                    "Phone of the IT administrator",
                    QuestionKind::Phone,
                    false,
                ),
            ],
        },
    ]
}

#[cfg(test)]
mod tests;
