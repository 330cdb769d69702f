//! Attachments: which files a ticket accepts, judged by their bytes rather than their
//! name, and the name a file is kept and offered under.
//!
//! Accepted are images (PNG, JPEG, GIF, WebP), PDF, zip archives and plain text (logs
//! included) in UTF-8. The kind is read from the first bytes ([`sniff`]); text is checked
//! to its last byte while it streams in ([`TextCheck`]), so an executable renamed to
//! `.png` or `.txt` is refused either way.

use serde::{Deserialize, Serialize};

/// How many leading bytes [`sniff`] wants to see (fewer only when the file is shorter).
pub const SNIFF_BYTES: usize = 8192;

/// The longest stored file name, in characters.
pub const MAX_NAME_CHARS: usize = 120;

/// A kind of file tickets accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Pdf,
    Zip,
    Text,
}

impl FileKind {
    pub const ALL: [FileKind; 7] =
        [FileKind::Png, FileKind::Jpeg, FileKind::Gif, FileKind::Webp, FileKind::Pdf, FileKind::Zip, FileKind::Text];

    /// The media type a download is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Gif => "image/gif",
            FileKind::Webp => "image/webp",
            FileKind::Pdf => "application/pdf",
            FileKind::Zip => "application/zip",
            FileKind::Text => "text/plain; charset=utf-8",
        }
    }

    /// The kind of a stored media type (the inverse of [`FileKind::media_type`]).
    pub fn from_media_type(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.media_type() == value)
    }

    /// Images are shown in the app; everything else is only downloaded.
    pub fn is_image(self) -> bool {
        matches!(self, FileKind::Png | FileKind::Jpeg | FileKind::Gif | FileKind::Webp)
    }

    /// File name extensions that fit the kind; the first is added when a name has none
    /// of them.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Png => &["png"],
            FileKind::Jpeg => &["jpg", "jpeg"],
            FileKind::Gif => &["gif"],
            FileKind::Webp => &["webp"],
            FileKind::Pdf => &["pdf"],
            FileKind::Zip => &["zip"],
            FileKind::Text => &["txt", "log", "csv", "json", "xml", "md", "ini", "cfg", "conf", "yaml", "yml", "sql"],
        }
    }
}

/// Why a file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileRefusal {
    #[error("the file is empty")]
    Empty,
    /// Recognised, but not a kind tickets accept (an executable, an office document…).
    #[error("files of type {0} are not accepted")]
    NotAccepted(String),
    /// Not a recognised binary format, and not text either.
    #[error("the file is neither an accepted format nor UTF-8 text")]
    Unrecognised,
}

/// The kind of a file, from its first bytes (up to [`SNIFF_BYTES`]; the whole file when
/// shorter). Text is judged on these bytes only: feed the rest through [`TextCheck`].
pub fn sniff(head: &[u8]) -> Result<FileKind, FileRefusal> {
    if head.is_empty() {
        return Err(FileRefusal::Empty);
    }
    if let Some(found) = infer::get(head) {
        return match found.mime_type() {
            "image/png" => Ok(FileKind::Png),
            "image/jpeg" => Ok(FileKind::Jpeg),
            "image/gif" => Ok(FileKind::Gif),
            "image/webp" => Ok(FileKind::Webp),
            "application/pdf" => Ok(FileKind::Pdf),
            "application/zip" => Ok(FileKind::Zip),
            other => Err(FileRefusal::NotAccepted(other.to_owned())),
        };
    }
    let mut check = TextCheck::default();
    check.feed(head).map(|()| FileKind::Text)
}

/// Checks that a stream of bytes is UTF-8 text without NUL bytes, chunk by chunk (a
/// character may be split across chunks). Call [`TextCheck::finish`] after the last.
#[derive(Debug, Default, Clone)]
pub struct TextCheck {
    /// The start of a character the previous chunk ended in the middle of (≤ 3 bytes).
    pending: Vec<u8>,
}

impl TextCheck {
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), FileRefusal> {
        if chunk.contains(&0) {
            return Err(FileRefusal::Unrecognised);
        }
        let joined;
        let data: &[u8] = if self.pending.is_empty() {
            chunk
        } else {
            let mut bytes = std::mem::take(&mut self.pending);
            bytes.extend_from_slice(chunk);
            joined = bytes;
            &joined
        };
        match std::str::from_utf8(data) {
            Ok(_) => Ok(()),
            // Cut off inside a character: keep its start for the next chunk.
            Err(error) if error.error_len().is_none() => {
                self.pending = data[error.valid_up_to()..].to_vec();
                Ok(())
            }
            Err(_) => Err(FileRefusal::Unrecognised),
        }
    }

    /// The end of the stream: a character cut off at the end is not text.
    pub fn finish(self) -> Result<(), FileRefusal> {
        if self.pending.is_empty() { Ok(()) } else { Err(FileRefusal::Unrecognised) }
    }
}

/// An uploaded file's name made safe to store and to send in a header: its last path
/// part (browsers on Windows may send the whole path), without control characters,
/// quotes, semicolons or what Windows forbids, without leading or trailing dots and
/// spaces. May be empty.
pub fn clean_name(uploaded: &str) -> String {
    let base = uploaded.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control() && *c != '"' && *c != ';').collect();
    let options = sanitize_filename::Options { windows: true, truncate: true, replacement: "_" };
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let cleaned = sanitize_filename::sanitize_with_options(trimmed, options);
    cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace()).to_owned()
}

/// The name a file of `kind` is kept under, from the name it was uploaded with: no
/// folders, no characters that are unsafe in a file name on Windows or Unix or in a
/// header, at most [`MAX_NAME_CHARS`] characters, and an extension that fits the kind
/// (`invoice.exe` holding a PDF becomes `invoice.exe.pdf`).
pub fn stored_name(uploaded: &str, kind: FileKind) -> String {
    let cleaned = clean_name(uploaded);
    let (stem, extension) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && kind.extensions().contains(&ext.to_ascii_lowercase().as_str()) => {
            (stem.to_owned(), ext.to_ascii_lowercase())
        }
        _ => (cleaned.clone(), kind.extensions()[0].to_owned()),
    };
    let stem = if stem.is_empty() { "bijlage".to_owned() } else { stem };
    let room = MAX_NAME_CHARS - extension.len() - 1;
    let stem: String = stem.chars().take(room).collect();
    let stem = stem.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let stem = if stem.is_empty() { "bijlage" } else { stem };
    format!("{stem}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    const WINDOWS_EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0\0\0\0\0\0\0@\0\0\0\0\0\0\0";
    const ELF: &[u8] = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0\x01\0\0\0";

    #[test]
    fn recognises_the_accepted_kinds_by_their_bytes() {
        assert_eq!(sniff(PNG), Ok(FileKind::Png));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), Ok(FileKind::Jpeg));
        assert_eq!(sniff(b"GIF89a\x01\0\x01\0"), Ok(FileKind::Gif));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Ok(FileKind::Webp));
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Ok(FileKind::Pdf));
        assert_eq!(sniff(b"PK\x03\x04\x14\0\0\0\x08\0"), Ok(FileKind::Zip));
        assert_eq!(sniff("2026-11-30 ERROR Factuur 17 niet geboekt: E4012\n".as_bytes()), Ok(FileKind::Text));
    }

    #[test]
    fn refuses_executables_whatever_their_name() {
        assert_eq!(
            sniff(WINDOWS_EXE),
            Err(FileRefusal::NotAccepted("application/vnd.microsoft.portable-executable".into()))
        );
        assert!(sniff(ELF).is_err());
        assert_eq!(sniff(b"\x01\x02\0\x03binary"), Err(FileRefusal::Unrecognised));
        assert_eq!(sniff(b""), Err(FileRefusal::Empty));
        assert_eq!(sniff(b"caf\xe9 latin-1"), Err(FileRefusal::Unrecognised));
    }

    #[test]
    fn text_split_inside_a_character_is_still_text() {
        let text = "Één fout: ‘€’ 🙂".as_bytes();
        for cut in 0..=text.len() {
            let mut check = TextCheck::default();
            check.feed(&text[..cut]).unwrap();
            check.feed(&text[cut..]).unwrap();
            check.finish().unwrap();
        }
        let mut check = TextCheck::default();
        check.feed(&text[..text.len() - 1]).unwrap();
        assert_eq!(check.finish(), Err(FileRefusal::Unrecognised));
    }

    #[test]
    fn stored_names_are_safe_and_fit_the_kind() {
        assert_eq!(stored_name("Schermafdruk 2026-11-30.PNG", FileKind::Png), "Schermafdruk 2026-11-30.png");
        assert_eq!(stored_name(r"C:\Users\anna\Desktop\fout.log", FileKind::Text), "fout.log");
        assert_eq!(stored_name("../../etc/passwd", FileKind::Text), "passwd.txt");
        assert_eq!(stored_name("factuur.exe", FileKind::Pdf), "factuur.exe.pdf");
        assert_eq!(stored_name("rapport.html", FileKind::Text), "rapport.html.txt");
        assert_eq!(stored_name("...", FileKind::Zip), "bijlage.zip");
        assert_eq!(stored_name("a\u{0}b\"c;d\r\n.png", FileKind::Png), "abcd.png");
        assert_eq!(stored_name("con.txt", FileKind::Text), "_.txt");
    }

    fn text_chunks() -> impl Strategy<Value = (String, Vec<usize>)> {
        (".{0,80}", proptest::collection::vec(0usize..400, 0..6))
    }

    proptest! {
        #[test]
        fn any_utf8_text_passes_however_it_is_cut((text, cuts) in text_chunks()) {
            let text = text.replace('\0', "");
            let bytes = text.as_bytes();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (bytes.len() + 1)).collect();
            cuts.sort_unstable();
            let mut check = TextCheck::default();
            let mut from = 0;
            for cut in cuts.into_iter().chain([bytes.len()]) {
                check.feed(&bytes[from..cut]).unwrap();
                from = cut;
            }
            prop_assert!(check.finish().is_ok());
        }

        #[test]
        fn chunking_never_changes_the_verdict(bytes in proptest::collection::vec(any::<u8>(), 0..64), cut in 0usize..64) {
            let cut = cut.min(bytes.len());
            let whole = std::str::from_utf8(&bytes).is_ok() && !bytes.contains(&0);
            let mut check = TextCheck::default();
            let chunked = check.feed(&bytes[..cut]).and_then(|()| check.feed(&bytes[cut..])).and_then(|()| check.finish());
            prop_assert_eq!(whole, chunked.is_ok());
        }

        #[test]
        fn stored_names_never_carry_a_path_or_control_characters(name in ".{0,300}", kind in 0usize..7) {
            let kind = FileKind::ALL[kind];
            let stored = stored_name(&name, kind);
            prop_assert!(!stored.is_empty());
            prop_assert!(stored.chars().count() <= MAX_NAME_CHARS);
            prop_assert!(!stored.contains(['/', '\\', '"', ';']));
            prop_assert!(!stored.chars().any(char::is_control));
            let extension = stored.rsplit_once('.').map(|(_, e)| e.to_owned()).unwrap_or_default();
            prop_assert!(kind.extensions().contains(&extension.as_str()), "{stored}");
            prop_assert!(!stored.starts_with('.'));
        }
    }
}
