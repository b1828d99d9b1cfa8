//! Capture: a published artifact (a saved web page, a page fetched from its URL, a
//! web-archive record) becomes the text pins point into, with what the artifact says
//! of itself. Pure but for `fetch`, which speaks HTTP; nothing here writes files.

pub mod fetch;
pub mod html;
pub mod pdf;
pub mod warc;

use thiserror::Error;

use crate::model::source::SourceKind;

/// What `add` keeps: the extracted text (the source of record), the original bytes
/// exactly as published, and the provenance of both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub text: String,
    pub original: Vec<u8>,
    pub media_type: MediaType,
    pub found: FoundMetadata,
    pub extraction: Extraction,
    /// How the original was obtained over HTTP, when it was.
    pub fetched: Option<fetch::Fetched>,
    /// The WARC-Record-ID the original came from, when it came from a web archive.
    pub warc_record: Option<String>,
}

impl Capture {
    /// The extractor that made the text.
    pub fn extractor(&self) -> &'static str {
        match self.extraction {
            Extraction::AllPages => pdf::EXTRACTOR,
            Extraction::MainText | Extraction::WholePage => html::EXTRACTOR,
        }
    }
}

/// The kinds of artifact `add` turns into sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Html,
    Pdf,
    WarcRecord,
}

impl MediaType {
    pub fn name(self) -> &'static str {
        match self {
            MediaType::Html => "text/html",
            MediaType::Pdf => "application/pdf",
            MediaType::WarcRecord => "application/warc",
        }
    }

    /// The file extension the original is kept under.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Html => "html",
            MediaType::Pdf => "pdf",
            MediaType::WarcRecord => "warc",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [MediaType::Html, MediaType::Pdf, MediaType::WarcRecord]
            .into_iter()
            .find(|media| media.name() == name)
    }

    /// The media type an HTTP Content-Type names, among those captured.
    pub fn from_content_type(content_type: &str) -> Option<Self> {
        match content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
            .as_str()
        {
            "text/html" | "application/xhtml+xml" => Some(MediaType::Html),
            "application/pdf" => Some(MediaType::Pdf),
            _ => None,
        }
    }
}

/// Which text an extraction keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extraction {
    /// The article: title, headings, paragraphs, list items, block quotes.
    MainText,
    /// Every visible block of the page.
    WholePage,
    /// Every page of a PDF, in reading order.
    AllPages,
}

impl Extraction {
    pub fn name(self) -> &'static str {
        match self {
            Extraction::MainText => "main-text",
            Extraction::WholePage => "whole-page",
            Extraction::AllPages => crate::model::source::ALL_PAGES,
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [
            Extraction::MainText,
            Extraction::WholePage,
            Extraction::AllPages,
        ]
        .into_iter()
        .find(|mode| mode.name() == name)
    }
}

/// What a page says of itself; every field is optional because pages often say little.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoundMetadata {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub authors: Vec<String>,
    /// `YYYY-MM-DD` (or a shorter partial date).
    pub published: Option<String>,
    pub modified: Option<String>,
    pub canonical_url: Option<String>,
    pub language: Option<String>,
    /// What the page calls itself (JSON-LD `@type`, OpenGraph `og:type`).
    pub kind: Option<SourceKind>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum CaptureError {
    #[error("{0}")]
    Fetch(String),
    #[error("{0}")]
    Warc(String),
    #[error("the page has no text to extract")]
    NoText,
    #[error("the PDF cannot be read: {0}")]
    Pdf(String),
    #[error("{what} is {media}: claimcheck captures web pages, PDFs and web archives")]
    Unsupported { what: String, media: String },
}

/// The text of a web page or a PDF, what it says of itself, and what was kept.
pub fn extract_document(
    bytes: &[u8],
    media: MediaType,
    charset: Option<&str>,
    mode: Extraction,
) -> Result<(String, FoundMetadata, Extraction), CaptureError> {
    match media {
        MediaType::Pdf => {
            let document = pdf::extract(bytes)?;
            Ok((document.text, document.found, Extraction::AllPages))
        }
        MediaType::Html | MediaType::WarcRecord => {
            let page = html::extract(bytes, charset, mode)?;
            Ok((page.text, page.found, page.extraction))
        }
    }
}

/// The text `add` extracted from an original (a page, a PDF, or either in a
/// web-archive record), and the extractor that extracted it.
pub fn text_of_original(
    original: &[u8],
    media: MediaType,
    extraction: Extraction,
) -> Result<(String, &'static str), CaptureError> {
    let response;
    let (bytes, document, charset) = if media == MediaType::WarcRecord {
        response = warc::find_response(original, None)?;
        let document =
            MediaType::from_content_type(&response.content_type).unwrap_or(MediaType::Html);
        (
            response.body.as_slice(),
            document,
            charset_of(&response.content_type),
        )
    } else {
        (original, media, None)
    };
    let extractor = match document {
        MediaType::Pdf => pdf::EXTRACTOR,
        MediaType::Html | MediaType::WarcRecord => html::EXTRACTOR,
    };
    Ok((
        extract_document(bytes, document, charset, extraction)?.0,
        extractor,
    ))
}

/// The `charset=` parameter of a Content-Type header.
pub fn charset_of(content_type: &str) -> Option<&str> {
    content_type
        .split(';')
        .filter_map(|part| part.trim().strip_prefix("charset="))
        .map(|label| label.trim_matches('"'))
        .next()
}

/// A source id from what the page says of itself, in the example product's style
/// (`publisher-YYYY-MM-DD-first-words-of-title`), or from `fallback` (the file name or
/// the URL's last segment) when the page says too little.
pub fn suggested_id(found: &FoundMetadata, fallback: &str) -> String {
    let mut parts = Vec::new();
    if let Some(publisher) = &found.publisher {
        parts.push(slug(publisher, 3));
    }
    if let Some(date) = &found.published {
        parts.push(date.clone());
    }
    if let Some(title) = &found.title {
        parts.push(slug(title, 6));
    }
    parts.retain(|part| !part.is_empty());
    if parts.len() < 2 {
        parts = vec![slug(fallback, 8)];
    }
    let id = parts.join("-");
    if id.is_empty() {
        "captured-page".into()
    } else {
        id
    }
}

/// The first `words` words of `text`, lower-case ASCII (accents dropped), joined by `-`.
fn slug(text: &str, words: usize) -> String {
    use unicode_normalization::UnicodeNormalization;
    let ascii: String = text
        .nfkd()
        .filter(char::is_ascii)
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    ascii
        .split_whitespace()
        .take(words)
        .collect::<Vec<_>>()
        .join("-")
}

/// Appends `text` to `out` as one line of visible text: white space runs made one space
/// (none at the start), controls and bidi controls dropped. Every extractor writes
/// source text and metadata through it.
pub fn push_visible(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !c.is_control() && !crate::sanitize::is_bidi_control(c) {
            out.push(c);
        }
    }
}

/// `text` as one line of visible text (see [`push_visible`]), without trailing space.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_visible(&mut out, text);
    out.truncate(out.trim_end().len());
    out
}

/// What an original is, from its first bytes: HTML, a WARC file, or something else.
pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let head = &bytes[start..bytes.len().min(start + 512)];
    let lower = head.to_ascii_lowercase();
    if lower.starts_with(b"warc/") {
        return Some(MediaType::WarcRecord);
    }
    if bytes.starts_with(b"%PDF-") {
        return Some(MediaType::Pdf);
    }
    let html_marks: [&[u8]; 5] = [b"<!doctype html", b"<html", b"<head", b"<body", b"<!--"];
    (html_marks.iter().any(|mark| lower.starts_with(mark))
        || (lower.starts_with(b"<") && lower.windows(5).any(|w| w == b"<html")))
    .then_some(MediaType::Html)
}

/// Shortens a date-time to the partial date the metadata records (`YYYY-MM-DD`),
/// or None when it does not start with one.
pub fn partial_date(text: &str) -> Option<String> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let day = digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10);
    if day {
        let month: u32 = text[5..7].parse().ok()?;
        let day_of_month: u32 = text[8..10].parse().ok()?;
        return ((1..=12).contains(&month) && (1..=31).contains(&day_of_month))
            .then(|| text[..10].to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_cut_to_the_day() {
        assert_eq!(
            partial_date("2019-11-20T11:27:00Z").as_deref(),
            Some("2019-11-20")
        );
        assert_eq!(partial_date(" 2021-02-24 ").as_deref(), Some("2021-02-24"));
        assert_eq!(partial_date("2021-13-01"), None);
        assert_eq!(partial_date("Nov 20, 2019"), None);
    }

    #[test]
    fn ids_are_made_from_publisher_date_and_title() {
        let found = FoundMetadata {
            publisher: Some("The New Arab".into()),
            published: Some("2021-02-24".into()),
            title: Some("Rocket strikes on US in Iraq seen as 'message from Iran'".into()),
            ..Default::default()
        };
        assert_eq!(
            suggested_id(&found, "x"),
            "the-new-arab-2021-02-24-rocket-strikes-on-us-in-iraq"
        );
        let bare = FoundMetadata {
            title: Some("Économie".into()),
            ..Default::default()
        };
        assert_eq!(suggested_id(&bare, "saved page.html"), "saved-page-html");
        assert_eq!(
            suggested_id(&FoundMetadata::default(), "…"),
            "captured-page"
        );
    }

    #[test]
    fn originals_are_sniffed_from_their_first_bytes() {
        assert_eq!(sniff(b"\n<!DOCTYPE html><p>x"), Some(MediaType::Html));
        assert_eq!(sniff(b"WARC/1.0\r\n"), Some(MediaType::WarcRecord));
        assert_eq!(sniff(b"%PDF-1.7"), Some(MediaType::Pdf));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"plain words"), None);
    }
}
