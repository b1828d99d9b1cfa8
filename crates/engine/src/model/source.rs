//! `Source` and `SourceMetadata`: a document under `sources/` and what is known of it.

use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::location::Location;

/// A source document: a UTF-8 text file under `sources/`, identified by its file stem.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    /// Path relative to the project root.
    pub path: String,
    pub text: Arc<String>,
    /// BLAKE3 of `text` ([`crate::hash::content_digest`]): what identifies its content
    /// to the cache, `diff` and duplicate detection.
    pub digest: [u8; 32],
    pub metadata: Option<SourceMetadata>,
    /// SHA-256 of `text`, worked out when first asked for ([`Source::sha256`]).
    sha256: OnceLock<[u8; 32]>,
}

/// The line between two pages of a source captured from a PDF: a form feed, as
/// `pdftotext` marks pages.
pub const PAGE_BREAK: char = '\u{c}';

/// The `extraction` a PDF capture records.
pub const ALL_PAGES: &str = "all-pages";

impl Source {
    /// The source `id` at `path`, whose `text` has the [`crate::hash::content_digest`]
    /// `digest` (worked out by the caller, on the core that read the text).
    pub fn new(
        id: String,
        path: String,
        text: Arc<String>,
        digest: [u8; 32],
        metadata: Option<SourceMetadata>,
    ) -> Self {
        Self {
            id,
            path,
            text,
            digest,
            metadata,
            sha256: OnceLock::new(),
        }
    }

    /// The SHA-256 of its text, as metadata records it: worked out only for a source
    /// whose metadata records one (or should), not for every source on every run
    /// (18 MB of sources cost more to hash than a warm run spent on anything else).
    pub fn sha256(&self) -> [u8; 32] {
        *self
            .sha256
            .get_or_init(|| crate::hash::sha256(self.text.as_bytes()))
    }

    /// Its SHA-256 if it has been worked out (or recalled), without working it out.
    pub(crate) fn known_sha256(&self) -> Option<[u8; 32]> {
        self.sha256.get().copied()
    }

    /// Takes `sha256` as its SHA-256 without hashing its text: for a hash the cache
    /// remembers under this very text's BLAKE3 digest (`verify::sources`).
    pub(crate) fn recall_sha256(&self, sha256: [u8; 32]) {
        let _ = self.sha256.set(sha256);
    }

    /// Whether the text was captured from a PDF, whose form feeds mark its pages.
    pub fn is_paged(&self) -> bool {
        self.metadata
            .as_ref()
            .and_then(|metadata| metadata.provenance.as_ref())
            .is_some_and(|provenance| provenance.extraction.as_deref() == Some(ALL_PAGES))
    }

    /// The page (from 1) byte `offset` of the text is on, for a source captured from a
    /// PDF.
    pub fn page_at(&self, offset: usize) -> Option<usize> {
        self.is_paged().then(|| page_at(&self.text, offset))
    }
}

/// The page (from 1) byte `offset` of a paged text is on: one more than the page
/// breaks before it.
pub fn page_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + memchr::memchr_iter(PAGE_BREAK as u8, &text.as_bytes()[..end]).count()
}

/// The metadata file `<id>.meta.yaml` beside a source, as written by the analyst.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSourceMetadata {
    pub title: Option<String>,
    pub publisher: Option<String>,
    /// The wire service or original reporter when the publisher carries others' copy.
    pub origin: Option<String>,
    pub url: Option<String>,
    /// The people who wrote it, as the byline names them.
    pub authors: Option<Vec<String>>,
    /// What kind of document it is (`article`, `report`, `web-page`, ...).
    #[serde(rename = "type")]
    pub kind: Option<Spanned<String>>,
    pub published: Option<Spanned<String>>,
    pub modified: Option<Spanned<String>>,
    pub retrieved: Option<Spanned<String>>,
    /// The document's language, as a BCP 47 tag (`en`, `pt-BR`).
    pub language: Option<String>,
    /// Admiralty source reliability grade, A (reliable) to F (cannot be judged).
    pub reliability: Option<Spanned<String>>,
    /// SHA-256 of the whole source file, recorded when it was added.
    pub sha256: Option<Spanned<String>>,
    /// Where the text came from, when `claimcheck add` captured it.
    pub capture: Option<RawCapture>,
    pub notes: Option<String>,
    /// `retracted`, `corrected` or `disputed`: what has since been said of the source.
    pub status: Option<Spanned<String>>,
    /// When the retraction, correction or dispute was published.
    pub status_date: Option<Spanned<String>>,
    /// Why, in the analyst's words.
    pub status_reason: Option<Spanned<String>>,
    /// The URL of the notice (the retraction or correction itself).
    pub status_notice: Option<String>,
}

/// The `capture:` block `claimcheck add` writes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCapture {
    /// The original as published, relative to the project root.
    pub original: Spanned<String>,
    /// SHA-256 of the original.
    pub sha256: Spanned<String>,
    pub media_type: Option<Spanned<String>>,
    /// The extractor (and its output version) that made the text.
    pub extractor: Option<String>,
    /// `main-text` or `whole-page`.
    pub extraction: Option<Spanned<String>>,
    /// The URL the original was fetched from, or chosen from a web archive by.
    pub url: Option<String>,
    pub final_url: Option<String>,
    pub status: Option<u16>,
    pub redirects: Option<Vec<String>>,
    pub warc_record: Option<String>,
}

/// What kind of document a source is; picks the CSL type of its citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Article,
    Report,
    WebPage,
    Transcript,
    Dataset,
    Book,
    Post,
    Other,
}

impl SourceKind {
    pub const ALL: &'static [SourceKind] = &[
        SourceKind::Article,
        SourceKind::Report,
        SourceKind::WebPage,
        SourceKind::Transcript,
        SourceKind::Dataset,
        SourceKind::Book,
        SourceKind::Post,
        SourceKind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Article => "article",
            SourceKind::Report => "report",
            SourceKind::WebPage => "web-page",
            SourceKind::Transcript => "transcript",
            SourceKind::Dataset => "dataset",
            SourceKind::Book => "book",
            SourceKind::Post => "post",
            SourceKind::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.name() == name)
    }
}

/// Checked metadata of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMetadata {
    pub path: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub origin: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub kind: Option<SourceKind>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub retrieved: Option<String>,
    pub language: Option<String>,
    pub reliability: Option<char>,
    pub sha256: Option<RecordedHash>,
    pub provenance: Option<Provenance>,
    pub notes: Option<String>,
    pub status: Option<SourceStatus>,
}

/// What the publisher (or the analysts) have since said of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusKind {
    /// Withdrawn: nothing it says can be relied on.
    Retracted,
    /// Corrected since it was captured: the pinned passages may be among the corrections.
    Corrected,
    /// Its account is disputed by others.
    Disputed,
}

impl StatusKind {
    pub const ALL: &'static [StatusKind] = &[
        StatusKind::Retracted,
        StatusKind::Corrected,
        StatusKind::Disputed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            StatusKind::Retracted => "retracted",
            StatusKind::Corrected => "corrected",
            StatusKind::Disputed => "disputed",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.name() == name)
    }
}

/// A source's `status:`, with its date, reason and notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceStatus {
    pub kind: StatusKind,
    pub date: String,
    pub reason: String,
    pub notice: Option<String>,
    /// Where `status:` is written.
    pub location: Location,
}

impl Source {
    /// The source's status, if its metadata states one.
    pub fn status(&self) -> Option<&SourceStatus> {
        self.metadata.as_ref()?.status.as_ref()
    }

    /// Whether the source is withdrawn.
    pub fn is_retracted(&self) -> bool {
        self.status()
            .is_some_and(|status| status.kind == StatusKind::Retracted)
    }

    /// The source's reliability grade, if graded.
    pub fn grade(&self) -> Option<char> {
        self.metadata.as_ref()?.reliability
    }
}

/// Where a captured source's text came from: the original kept in the project, and
/// how the text was extracted from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The original's path relative to the project root.
    pub original: String,
    /// Where `original:` is written, for findings about the original.
    pub location: Location,
    pub recorded: RecordedHash,
    pub extractor: Option<String>,
    pub extraction: Option<String>,
    /// The URL chosen in a web archive (or fetched), to extract again from the original.
    pub url: Option<String>,
    pub media_type: Option<String>,
    /// What reading the original found: its SHA-256, or why it could not be read.
    pub actual: Result<[u8; 32], String>,
    /// With `check --re-extract`: the text extracting the original again gives.
    pub re_extracted: Option<Result<ReExtraction, String>>,
}

/// The outcome of extracting an original again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReExtraction {
    /// The text's [`crate::hash::content_digest`], compared with the source's `digest`.
    pub digest: [u8; 32],
    /// The extractor that ran now.
    pub extractor: &'static str,
}

/// The whole-file hash recorded in metadata, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedHash {
    pub hex: String,
    pub location: Location,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_counted_by_form_feeds() {
        let text = "one\n\u{c}\ntwo\n\u{c}\nthree\n";
        assert_eq!(page_at(text, 0), 1);
        assert_eq!(page_at(text, text.find("two").unwrap()), 2);
        assert_eq!(page_at(text, text.len()), 3);
    }
}
