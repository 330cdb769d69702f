//! PIN letters on paper: one A4 page per letter, laid out from the domain's
//! [`LetterText`] with the PDF's built-in fonts (no font file to ship; WinAnsi covers
//! Dutch and English), made in memory and never stored.

use loket_domain::approvals::pin_letter::LetterText;
use printpdf::{BuiltinFont, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem};

const PAGE_WIDTH: f32 = 210.0;
const PAGE_HEIGHT: f32 = 297.0;
const LEFT: f32 = 25.0;
/// Characters of 11-point Helvetica on a line of 160 mm.
const LINE_CHARS: usize = 90;
const POINT_MM: f32 = 0.3528;

/// Writes lines top-down on one page.
struct Page {
    ops: Vec<Op>,
    /// Where the next line's baseline goes, in mm from the bottom.
    y: f32,
}

impl Page {
    fn new() -> Self {
        Self { ops: Vec::new(), y: PAGE_HEIGHT - 25.0 }
    }

    fn line(&mut self, font: BuiltinFont, size: f32, text: &str) {
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::Builtin(font), size: Pt(size) },
            Op::SetTextCursor { pos: Point::new(Mm(LEFT), Mm(self.y)) },
            Op::ShowText { items: vec![TextItem::Text(text.to_owned())] },
            Op::EndTextSection,
        ]);
        self.y -= size * 1.4 * POINT_MM;
    }

    fn gap(&mut self, mm: f32) {
        self.y -= mm;
    }

    fn paragraph(&mut self, text: &str) {
        for line in textwrap::wrap(text, LINE_CHARS) {
            self.line(BuiltinFont::Helvetica, 11.0, &line);
        }
        self.gap(3.0);
    }
}

fn page(letter: &LetterText) -> PdfPage {
    let mut page = Page::new();
    let (head, rest) = letter.letterhead.split_first().map_or((None, &[][..]), |(h, r)| (Some(h), r));
    if let Some(head) = head {
        page.line(BuiltinFont::HelveticaBold, 16.0, head);
    }
    for line in rest {
        page.line(BuiltinFont::Helvetica, 11.0, line);
    }
    // The address block sits where a window envelope shows it.
    page.y = PAGE_HEIGHT - 55.0;
    for line in &letter.address_block {
        page.line(BuiltinFont::Helvetica, 11.0, line);
    }
    page.y = PAGE_HEIGHT - 95.0;
    page.line(BuiltinFont::Helvetica, 11.0, &letter.date_line);
    page.gap(4.0);
    page.line(BuiltinFont::HelveticaBold, 11.0, &letter.subject);
    page.gap(6.0);
    page.line(BuiltinFont::Helvetica, 11.0, &letter.salutation);
    page.gap(2.0);
    for paragraph in &letter.paragraphs {
        page.paragraph(paragraph);
    }
    page.gap(4.0);
    page.line(BuiltinFont::Helvetica, 11.0, &letter.pin_label);
    page.gap(2.0);
    page.line(BuiltinFont::CourierBold, 28.0, &letter.pin);
    page.gap(8.0);
    for line in &letter.closing {
        page.line(BuiltinFont::Helvetica, 11.0, line);
    }
    PdfPage::new(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), page.ops)
}

/// One PDF with a page per letter.
pub fn render(title: &str, letters: &[LetterText]) -> Vec<u8> {
    let mut document = PdfDocument::new(title);
    let pages = letters.iter().map(page).collect();
    let mut warnings = Vec::new();
    document.with_pages(pages).save(&PdfSaveOptions::default(), &mut warnings)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use loket_domain::Language;
    use loket_domain::approvals::pin_letter::PinLetter;

    use printpdf::PdfParseOptions;

    use super::*;

    #[test]
    fn letters_become_one_pdf_page_each() {
        let letter = PinLetter {
            sender: "Van Dijk & Peeters Accountants".to_owned(),
            branch: None,
            recipient: "Karin Knip".to_owned(),
            organisation: "Kapsalon Knip".to_owned(),
            address: vec!["Twijnstraat 41".to_owned(), "3511 ZK Utrecht".to_owned()],
            login: "karin@kapsalonknip.example".to_owned(),
            date: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap_or_default(),
            pin: "135790".to_owned(),
        };
        let bytes = render("PIN", &[letter.text(Language::Nl), letter.text(Language::En)]);
        assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
        // Read back: a page per letter, the PIN and the Dutch words (WinAnsi) intact.
        let read = PdfDocument::parse(&bytes, &PdfParseOptions::default(), &mut Vec::new()).unwrap();
        let pages = read.extract_text();
        assert_eq!(pages.len(), 2);
        let dutch = pages[0].concat();
        assert!(dutch.contains("135790"), "{dutch}");
        assert!(dutch.contains("Uw pincode"), "{dutch}");
        assert!(dutch.contains("Twijnstraat 41"), "{dutch}");
        assert!(pages[1].concat().contains("Your PIN"), "{:?}", pages[1]);
    }
}
