//! The PIN letter (seed 002, "instellen accorderingstokens": "print de automatisch
//! gegenereerde brieven uit en verstuur deze naar de juiste persoon"): what one printed
//! letter says, in the recipient's language, under its firm's (or branch's) letterhead.
//! Laying it out on paper is the server's business; the words are decided here.

use chrono::NaiveDate;

use crate::Language;

/// Who sends the letter, to whom, and the PIN it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinLetter {
    /// The firm's name, and the branch's when the client belongs to one.
    pub sender: String,
    pub branch: Option<String>,
    pub recipient: String,
    pub organisation: String,
    /// The client's postal address as the firm keeps it (street and number, postcode and
    /// city), when known.
    pub address: Vec<String>,
    pub login: String,
    pub date: NaiveDate,
    pub pin: String,
}

/// A letter as text: the letterhead, the address block, the date, a subject, paragraphs
/// and the PIN to print large.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterText {
    pub letterhead: Vec<String>,
    pub address_block: Vec<String>,
    pub date_line: String,
    pub subject: String,
    pub salutation: String,
    pub paragraphs: Vec<String>,
    pub pin_label: String,
    pub pin: String,
    pub closing: Vec<String>,
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as a letter writes it: "8 december 2026", "8 December 2026".
pub fn letter_date(date: NaiveDate, language: Language) -> String {
    use chrono::Datelike;
    let index = usize::try_from(date.month0()).unwrap_or(0).min(11);
    let month = match language {
        Language::Nl => MONTHS_NL[index],
        Language::En => MONTHS_EN[index],
    };
    format!("{} {month} {}", date.day(), date.year())
}

impl PinLetter {
    pub fn text(&self, language: Language) -> LetterText {
        let mut letterhead = vec![self.sender.clone()];
        letterhead.extend(self.branch.as_ref().map(|branch| match language {
            Language::Nl => format!("Vestiging {branch}"),
            Language::En => format!("Branch {branch}"),
        }));
        let mut address_block = vec![self.recipient.clone(), self.organisation.clone()];
        address_block.extend(self.address.iter().cloned());
        let date = letter_date(self.date, language);
        match language {
            Language::Nl => LetterText {
                letterhead,
                address_block,
                date_line: format!("Datum: {date}"),
                subject: "Onderwerp: uw pincode voor het accorderen in Loket".to_owned(),
                salutation: format!("Beste {},", self.recipient),
                paragraphs: vec![
                    format!(
                        "Met de pincode hieronder bevestigt u in Loket dat u een document van {} accordeert of afwijst, zoals een jaarrekening of een belastingaangifte. U logt in met uw e-mailadres {} en uw wachtwoord; de pincode vraagt Loket pas bij het accorderen.",
                        self.organisation, self.login
                    ),
                    "Bewaar deze brief op een veilige plaats en geef de pincode aan niemand, ook niet aan ons. Wij vragen er nooit om per e-mail of telefoon. Na vijf verkeerde pogingen gaat de pincode een tijd op slot.".to_owned(),
                    "Een eerdere pincode werkt niet meer. U kunt de pincode zelf wijzigen onder Beveiliging in Loket.".to_owned(),
                ],
                pin_label: "Uw pincode".to_owned(),
                pin: self.pin.clone(),
                closing: vec!["Met vriendelijke groet,".to_owned(), self.sender.clone()],
            },
            Language::En => LetterText {
                letterhead,
                address_block,
                date_line: format!("Date: {date}"),
                subject: "Subject: your PIN for approving in Loket".to_owned(),
                salutation: format!("Dear {},", self.recipient),
                paragraphs: vec![
                    format!(
                        "With the PIN below you confirm in Loket that you approve or reject a document of {}, such as annual accounts or a tax return. You sign in with your e-mail address {} and your password; Loket asks for the PIN only when you approve.",
                        self.organisation, self.login
                    ),
                    "Keep this letter in a safe place and give the PIN to no one, not even to us. We never ask for it by e-mail or phone. After five wrong tries the PIN is locked for a while.".to_owned(),
                    "An earlier PIN no longer works. You can change the PIN yourself under Security in Loket.".to_owned(),
                ],
                pin_label: "Your PIN".to_owned(),
                pin: self.pin.clone(),
                closing: vec!["Kind regards,".to_owned(), self.sender.clone()],
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter() -> PinLetter {
        PinLetter {
            sender: "Van Dijk & Peeters Accountants".to_owned(),
            branch: Some("Gent".to_owned()),
            recipient: "Lies Maes".to_owned(),
            organisation: "Brouwerij Het Anker BV".to_owned(),
            address: vec!["Grote Markt 1".to_owned(), "9000 Gent".to_owned()],
            login: "lies@hetanker.example".to_owned(),
            date: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap_or_default(),
            pin: "482913".to_owned(),
        }
    }

    #[test]
    fn a_letter_speaks_its_recipients_language_under_the_branch_letterhead() {
        let nl = letter().text(Language::Nl);
        assert_eq!(nl.letterhead, ["Van Dijk & Peeters Accountants", "Vestiging Gent"]);
        assert_eq!(nl.address_block, ["Lies Maes", "Brouwerij Het Anker BV", "Grote Markt 1", "9000 Gent"]);
        assert_eq!(nl.date_line, "Datum: 8 december 2026");
        assert_eq!(nl.salutation, "Beste Lies Maes,");
        assert_eq!((nl.pin_label.as_str(), nl.pin.as_str()), ("Uw pincode", "482913"));
        assert!(nl.paragraphs[0].contains("lies@hetanker.example"));
        let en = letter().text(Language::En);
        assert_eq!(en.letterhead[1], "Branch Gent");
        assert_eq!(en.date_line, "Date: 8 December 2026");
        assert_eq!(en.pin_label, "Your PIN");
    }

    #[test]
    fn without_a_branch_the_firm_alone_signs() {
        let mut firm_wide = letter();
        firm_wide.branch = None;
        let text = firm_wide.text(Language::Nl);
        assert_eq!(text.letterhead, ["Van Dijk & Peeters Accountants"]);
        assert_eq!(text.closing.last().map(String::as_str), Some("Van Dijk & Peeters Accountants"));
    }

    #[test]
    fn dates_are_written_out() {
        let date = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap_or_default();
        assert_eq!(letter_date(date, Language::Nl), "15 maart 2027");
        assert_eq!(letter_date(date, Language::En), "15 March 2027");
        let first = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default();
        assert_eq!(letter_date(first, Language::Nl), "1 januari 2027");
    }
}
