//! E-mail templates in Dutch and English: each message has a plain-text template (with
//! a `subject` and a `body` block) and an HTML template, chosen by the recipient's
//! language. HTML templates escape every value.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Amsterdam;
use loket_domain::Language;
use minijinja::{Environment, Value};

const TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("../../templates/mail/layout.html")),
    ("button.html", include_str!("../../templates/mail/button.html")),
    ("invitation.nl.txt", include_str!("../../templates/mail/invitation.nl.txt")),
    ("invitation.en.txt", include_str!("../../templates/mail/invitation.en.txt")),
    ("invitation.nl.html", include_str!("../../templates/mail/invitation.nl.html")),
    ("invitation.en.html", include_str!("../../templates/mail/invitation.en.html")),
    ("password_reset.nl.txt", include_str!("../../templates/mail/password_reset.nl.txt")),
    ("password_reset.en.txt", include_str!("../../templates/mail/password_reset.en.txt")),
    ("password_reset.nl.html", include_str!("../../templates/mail/password_reset.nl.html")),
    ("password_reset.en.html", include_str!("../../templates/mail/password_reset.en.html")),
    ("ticket.nl.txt", include_str!("../../templates/mail/ticket.nl.txt")),
    ("ticket.en.txt", include_str!("../../templates/mail/ticket.en.txt")),
    ("ticket.nl.html", include_str!("../../templates/mail/ticket.nl.html")),
    ("ticket.en.html", include_str!("../../templates/mail/ticket.en.html")),
    ("access.nl.txt", include_str!("../../templates/mail/access.nl.txt")),
    ("access.en.txt", include_str!("../../templates/mail/access.en.txt")),
    ("access.nl.html", include_str!("../../templates/mail/access.nl.html")),
    ("access.en.html", include_str!("../../templates/mail/access.en.html")),
    ("install_request.nl.txt", include_str!("../../templates/mail/install_request.nl.txt")),
    ("install_request.en.txt", include_str!("../../templates/mail/install_request.en.txt")),
    ("install_request.nl.html", include_str!("../../templates/mail/install_request.nl.html")),
    ("install_request.en.html", include_str!("../../templates/mail/install_request.en.html")),
    ("document.nl.txt", include_str!("../../templates/mail/document.nl.txt")),
    ("document.en.txt", include_str!("../../templates/mail/document.en.txt")),
    ("document.nl.html", include_str!("../../templates/mail/document.nl.html")),
    ("document.en.html", include_str!("../../templates/mail/document.en.html")),
    ("instructions.nl.txt", include_str!("../../templates/mail/instructions.nl.txt")),
    ("instructions.en.txt", include_str!("../../templates/mail/instructions.en.txt")),
    ("instructions.nl.html", include_str!("../../templates/mail/instructions.nl.html")),
    ("instructions.en.html", include_str!("../../templates/mail/instructions.en.html")),
];

/// The messages Loket sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    Invitation,
    PasswordReset,
    /// Something happened to a support ticket (`event` in the context says what).
    Ticket,
    /// About a request for access (`event`: confirm, has_account, approval_needed, declined).
    Access,
    /// A partner's install request moved (`event`: submitted, resubmitted, returned,
    /// rejected, accepted).
    InstallRequest,
    /// The installation instructions to a client's technical contact: download link,
    /// checksum and one-time installation token.
    Instructions,
    /// A document for approval (`event`: waiting, approved, rejected).
    Document,
}

impl MailKind {
    fn stem(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::PasswordReset => "password_reset",
            Self::Ticket => "ticket",
            Self::Access => "access",
            Self::InstallRequest => "install_request",
            Self::Instructions => "instructions",
            Self::Document => "document",
        }
    }
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn environment() -> Result<&'static Environment<'static>, minijinja::Error> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    if let Some(env) = ENV.get() {
        return Ok(env);
    }
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(ENV.get_or_init(|| env))
}

/// Renders `kind` in `language` with `context` (which gains `lang`).
pub fn render(kind: MailKind, language: Language, context: Value) -> Result<RenderedMail, minijinja::Error> {
    let env = environment()?;
    let lang = language.as_str();
    let context = minijinja::context! { lang => lang, ..context };
    let text_template = env.get_template(&format!("{}.{lang}.txt", kind.stem()))?;
    let mut captured = text_template.render_captured(context.clone())?;
    let subject = captured.with_state_mut(|state| state.render_block("subject"))?;
    let text = captured.with_state_mut(|state| state.render_block("body"))?;
    let html = env.get_template(&format!("{}.{lang}.html", kind.stem()))?.render(context)?;
    Ok(RenderedMail { subject: subject.trim().to_owned(), text: text.trim_start().to_owned(), html })
}

/// A moment as people in the Netherlands and Belgium read it, in their language:
/// "29 november 2026 om 15:04" or "29 November 2026 at 15:04" (Europe/Amsterdam).
pub fn format_moment(moment: DateTime<Utc>, language: Language) -> String {
    let local = moment.with_timezone(&Amsterdam);
    match language {
        Language::Nl => local.format_localized("%-d %B %Y om %H:%M", chrono::Locale::nl_NL).to_string(),
        Language::En => local.format_localized("%-d %B %Y at %H:%M", chrono::Locale::en_GB).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use minijinja::context;

    use super::*;

    fn sample(kind: MailKind, language: Language) -> RenderedMail {
        render(
            kind,
            language,
            context! {
                name => "Jan <b>de</b> Vries",
                organisation => "Bakkerij & Zn.",
                email => "jan@bakkerij.example",
                link => Value::from_safe_string("https://loket.example/welcome#token=abc".to_owned()),
                expires => "29 november 2026 om 15:04",
            },
        )
        .unwrap()
    }

    #[test]
    fn every_message_renders_in_both_languages() {
        for kind in [MailKind::Invitation, MailKind::PasswordReset] {
            let nl = sample(kind, Language::Nl);
            let en = sample(kind, Language::En);
            assert_ne!(nl.subject, en.subject);
            for mail in [&nl, &en] {
                assert!(!mail.subject.is_empty() && !mail.subject.contains('\n'));
                assert!(mail.text.contains("https://loket.example/welcome#token=abc"));
                assert!(mail.html.contains("href=\"https://loket.example/welcome#token=abc\""));
            }
        }
        assert!(sample(MailKind::Invitation, Language::Nl).text.starts_with("Beste Jan"));
        assert!(sample(MailKind::Invitation, Language::En).text.starts_with("Dear Jan"));
    }

    #[test]
    fn html_escapes_and_text_does_not() {
        let mail = sample(MailKind::Invitation, Language::Nl);
        assert!(
            mail.html.contains("Jan &lt;b&gt;de&lt;&#x2f;b&gt; Vries")
                || mail.html.contains("Jan &lt;b&gt;de&lt;/b&gt; Vries")
        );
        assert!(mail.html.contains("Bakkerij &amp; Zn."));
        assert!(mail.text.contains("Bakkerij & Zn."));
        assert!(mail.html.contains("<html lang=\"nl\">"));
    }

    #[test]
    fn every_ticket_event_renders_in_both_languages() {
        let events = ["created", "awaiting_approval", "approval_needed", "approved", "declined", "message", "status"];
        for language in Language::ALL {
            let mut subjects = std::collections::HashSet::new();
            for event in events {
                let context = minijinja::context! {
                    event, name => "Eva", number => "T-2026-000042", title => "Export <stopt>",
                    organisation => "Korenschoof", author => "Piet", message => "Regel 1\nRegel 2",
                    reason => "Dubbel", status => "open",
                    link => Value::from_safe_string("https://loket.example/tickets/1".to_owned()),
                };
                let mail = render(MailKind::Ticket, language, context).unwrap();
                assert!(!mail.subject.is_empty() && !mail.subject.contains('\n'), "{event}");
                assert!(mail.subject.contains("T-2026-000042"), "{event}: {}", mail.subject);
                assert!(mail.text.contains("https://loket.example/tickets/1"), "{event}");
                assert!(mail.html.contains("href=\"https://loket.example/tickets/1\""), "{event}");
                assert!(!mail.html.contains("<stopt>"), "{event}: HTML escapes the title");
                subjects.insert(mail.subject);
            }
            assert_eq!(subjects.len(), events.len(), "one subject per event");
            let message = render(
                MailKind::Ticket,
                language,
                minijinja::context! {
                    event => "message", name => "Eva", number => "T-2026-000042", title => "x", organisation => "K",
                    author => "Piet", message => "Regel 1\nRegel 2", reason => "", status => "",
                link => Value::from_safe_string("https://l/".to_owned()),
                },
            )
            .unwrap();
            assert!(message.text.contains("Regel 1\nRegel 2"), "the message is in the mail");
        }
    }

    #[test]
    fn every_access_event_renders_in_both_languages() {
        let events = ["confirm", "has_account", "approval_needed", "declined"];
        for language in Language::ALL {
            let mut subjects = std::collections::HashSet::new();
            for event in events {
                for matched in [true, false] {
                    let context = minijinja::context! {
                        event, matched, name => "Eva", number => "KS-10234", organisation => "Korenschoof",
                        requester => "Joost <Akkerman>", requester_email => "joost@korenschoof.example",
                        reason => "Onbekend\nbij ons", expires => "1 december 2026 om 10:00",
                        link => Value::from_safe_string("https://loket.example/access/confirm#token=abc".to_owned()),
                    };
                    let mail = render(MailKind::Access, language, context).unwrap();
                    assert!(!mail.subject.is_empty() && !mail.subject.contains('\n'), "{event}");
                    assert!(!mail.html.contains("<Akkerman>"), "{event}: HTML escapes names");
                    if event != "declined" {
                        assert!(mail.text.contains("https://loket.example/access/confirm#token=abc"), "{event}");
                    } else {
                        assert!(mail.text.contains("Onbekend\nbij ons"), "the reason is in the mail");
                    }
                    if event == "approval_needed" {
                        assert_eq!(
                            mail.text.contains("KS-10234") && !matched,
                            mail.text.contains("geen enkele") || mail.text.contains("belongs to no client")
                        );
                    }
                    subjects.insert(mail.subject);
                }
            }
            assert_eq!(subjects.len(), events.len(), "one subject per event");
        }
    }

    #[test]
    fn every_install_request_event_renders_in_both_languages() {
        let events = [
            "submitted",
            "resubmitted",
            "returned",
            "rejected",
            "accepted",
            "questionnaire_submitted",
            "instructions_sent",
            "installation_registered",
            "completed",
        ];
        for language in Language::ALL {
            let mut subjects = std::collections::HashSet::new();
            for event in events {
                let context = minijinja::context! {
                    event, name => "Iris", number => "A-2026-000007", company => "Bakkerij <De Korenschoof>",
                    author => "Anna", revision => 2, items => vec!["KvK-uittreksel", "Technisch contact"],
                    message => "Regel 1\nRegel 2",
                    link => Value::from_safe_string("https://loket.example/intake/1".to_owned()),
                };
                let mail = render(MailKind::InstallRequest, language, context).unwrap();
                assert!(!mail.subject.is_empty() && !mail.subject.contains('\n'), "{event}");
                assert!(mail.subject.contains("A-2026-000007"), "{event}: {}", mail.subject);
                assert!(mail.text.contains("https://loket.example/intake/1"), "{event}");
                assert!(mail.html.contains("href=\"https://loket.example/intake/1\""), "{event}");
                assert!(!mail.html.contains("<De Korenschoof>"), "{event}: HTML escapes the company");
                if event == "returned" {
                    assert!(mail.text.contains("- KvK-uittreksel\n- Technisch contact"), "{}", mail.text);
                    assert!(mail.html.contains("<li>Technisch contact</li>"));
                }
                if event == "rejected" {
                    assert!(mail.text.contains("Regel 1\nRegel 2"));
                }
                subjects.insert(mail.subject);
            }
            assert_eq!(subjects.len(), events.len(), "one subject per event");
        }
    }

    #[test]
    fn moments_are_local_and_localised() {
        let moment = DateTime::parse_from_rfc3339("2026-11-29T14:04:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(format_moment(moment, Language::Nl), "29 november 2026 om 15:04");
        assert_eq!(format_moment(moment, Language::En), "29 November 2026 at 15:04");
        let summer = DateTime::parse_from_rfc3339("2026-07-01T08:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(format_moment(summer, Language::Nl), "1 juli 2026 om 10:00");
    }
}
