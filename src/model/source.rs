//! `Source` and `SourceMetadata`: a document under `sources/` and what is known of it.

use std::sync::Arc;

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
    /// SHA-256 of `text`.
    pub digest: [u8; 32],
    pub metadata: Option<SourceMetadata>,
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
    pub published: Option<Spanned<String>>,
    pub retrieved: Option<Spanned<String>>,
    /// Admiralty source reliability grade, A (reliable) to F (cannot be judged).
    pub reliability: Option<Spanned<String>>,
    /// SHA-256 of the whole source file, recorded when it was added.
    pub sha256: Option<Spanned<String>>,
    pub notes: Option<String>,
}

/// Checked metadata of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMetadata {
    pub path: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub origin: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub retrieved: Option<String>,
    pub reliability: Option<char>,
    pub sha256: Option<RecordedHash>,
    pub notes: Option<String>,
}

/// The whole-file hash recorded in metadata, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedHash {
    pub hex: String,
    pub location: Location,
}
