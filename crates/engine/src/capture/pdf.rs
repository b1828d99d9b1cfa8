//! PDF documents: the text of every page in reading order (columns one after the
//! other, words hyphenated across line ends joined), by `pdf_oxide`, with a form feed
//! line between pages, as `pdftotext` marks them, so every offset has a page; title,
//! authors, dates and language from the XMP metadata or the document information.

use pdf_oxide::PdfDocument;
use pdf_oxide::object::Object;

use super::{CaptureError, FoundMetadata, one_line, partial_date};
use crate::model::source::SourceKind;

/// Names this extractor's output; bumped whenever the text for the same PDF changes.
pub const EXTRACTOR: &str = "claimcheck-pdf/1";

use crate::model::source::PAGE_BREAK;

/// Documents with more pages are not reports an analyst quotes from.
const MAX_PAGES: usize = 5_000;

pub struct ExtractedPdf {
    pub text: String,
    pub found: FoundMetadata,
    pub pages: usize,
}

/// The text and metadata of the PDF `bytes`. A panic inside the PDF parser (a
/// third-party parser meeting a hostile file: the fuzzer found one, a string sliced
/// inside a character) is caught, kept off the terminal, and reported as an unreadable
/// PDF, never passed on.
pub fn extract(bytes: &[u8]) -> Result<ExtractedPdf, CaptureError> {
    quietly_caught(|| extract_unguarded(bytes)).unwrap_or_else(|| {
        Err(CaptureError::Pdf(
            "the PDF parser failed on this file".into(),
        ))
    })
}

thread_local! {
    /// Set while this thread runs the PDF parser, whose panics are caught.
    static PARSING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `run`'s result, or None if it panicked. The panic hook is wrapped once so that a
/// panic caught here prints nothing; any other panic, on any thread, is reported as
/// before.
fn quietly_caught<T>(run: impl FnOnce() -> T) -> Option<T> {
    static WRAP_HOOK: std::sync::Once = std::sync::Once::new();
    WRAP_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !PARSING.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    PARSING.with(|parsing| parsing.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run));
    PARSING.with(|parsing| parsing.set(false));
    result.ok()
}

fn extract_unguarded(bytes: &[u8]) -> Result<ExtractedPdf, CaptureError> {
    let unreadable = |error: pdf_oxide::Error| {
        CaptureError::Pdf(crate::sanitize::inline(&error.to_string()).into_owned())
    };
    let document = PdfDocument::from_bytes(bytes.to_vec()).map_err(unreadable)?;
    let pages = document.page_count().map_err(unreadable)?;
    if pages > MAX_PAGES {
        return Err(CaptureError::Pdf(format!(
            "it has {pages} pages, more than {MAX_PAGES}"
        )));
    }
    let mut text = String::new();
    for page in 0..pages {
        if page > 0 {
            text.push(PAGE_BREAK);
            text.push('\n');
        }
        let page_text = document.extract_text(page).map_err(unreadable)?;
        for line in page_text.lines() {
            let line = one_line(line);
            if !line.is_empty() {
                text.push_str(&line);
                text.push('\n');
            }
        }
    }
    if text.chars().all(|c| c.is_whitespace() || c == PAGE_BREAK) {
        return Err(CaptureError::Pdf(
            "it has no text layer (a scan?): run OCR on it first, e.g. `ocrmypdf in.pdf out.pdf`"
                .into(),
        ));
    }
    Ok(ExtractedPdf {
        text,
        found: found_metadata(&document),
        pages,
    })
}

/// XMP first (it is what current tools write, in Unicode), then the information
/// dictionary.
fn found_metadata(document: &PdfDocument) -> FoundMetadata {
    let mut found = FoundMetadata {
        kind: Some(SourceKind::Report),
        ..Default::default()
    };
    if let Ok(Some(xmp)) = pdf_oxide::extractors::xmp::XmpExtractor::extract(document) {
        found.title = xmp.dc_title.map(|t| one_line(&t)).filter(|t| !t.is_empty());
        found.authors = xmp
            .dc_creator
            .iter()
            .map(|a| one_line(a))
            .filter(|a| !a.is_empty())
            .collect();
        found.published = xmp.xmp_create_date.as_deref().and_then(partial_date);
        found.modified = xmp.xmp_modify_date.as_deref().and_then(partial_date);
        found.language = xmp
            .dc_language
            .map(|l| one_line(&l))
            .filter(|l| !l.is_empty());
    }
    let info = document
        .trailer()
        .as_dict()
        .and_then(|trailer| trailer.get("Info"))
        .and_then(|info| document.resolve_object(info).ok());
    let Some(Object::Dictionary(info)) = info else {
        return found;
    };
    let text = |key: &str| {
        info.get(key)
            .and_then(|value| document.resolve_object(value).ok())
            .and_then(|value| value.as_string().map(decode_text_string))
            .map(|value| one_line(&value))
            .filter(|value| !value.is_empty())
    };
    if found.title.is_none() {
        found.title = text("Title");
    }
    if found.authors.is_empty() {
        found.authors = text("Author")
            .map(|authors| {
                authors
                    .split(';')
                    .map(|a| a.trim().to_owned())
                    .filter(|a| !a.is_empty())
                    .collect()
            })
            .unwrap_or_default();
    }
    if found.published.is_none() {
        found.published = text("CreationDate").as_deref().and_then(pdf_date);
    }
    if found.modified.is_none() {
        found.modified = text("ModDate").as_deref().and_then(pdf_date);
    }
    found
}

/// A PDF text string: UTF-16BE after its byte-order mark, UTF-8 after its own, else
/// PDFDocEncoding (read as Latin-1, which it equals for letters and digits).
fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// `D:20200323120000+01'00'` → `2020-03-23`.
fn pdf_date(text: &str) -> Option<String> {
    let digits = text.strip_prefix("D:").unwrap_or(text);
    let digits = digits.get(..8)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    partial_date(&format!(
        "{}-{}-{}",
        &digits[..4],
        &digits[4..6],
        &digits[6..8]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_and_strings_are_read() {
        assert_eq!(
            pdf_date("D:20200323120000+01'00'").as_deref(),
            Some("2020-03-23")
        );
        assert_eq!(pdf_date("D:2020"), None);
        assert_eq!(decode_text_string(&[0xFE, 0xFF, 0, b'A', 0x00, 0xE9]), "Aé");
        assert_eq!(decode_text_string(b"Caf\xe9"), "Café");
    }

    #[test]
    fn a_panic_in_the_parser_is_an_unreadable_pdf() {
        let crash = include_bytes!(
            "../../../../fuzz/regressions/capture_pdf/pdf-oxide-char-boundary-panic.pdf"
        );
        assert!(
            matches!(extract(crash), Err(CaptureError::Pdf(message)) if message.contains("failed on this file"))
        );
        assert_eq!(quietly_caught(|| 1), Some(1));
    }

    #[test]
    fn damaged_pdfs_are_refused_with_a_reason() {
        for damaged in [
            &b"%PDF-1.7\n"[..],
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF",
        ] {
            assert!(matches!(extract(damaged), Err(CaptureError::Pdf(_))));
        }
    }
}
