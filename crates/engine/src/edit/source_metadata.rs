//! The metadata file `claimcheck add` writes beside a captured source: what the page
//! says of itself, the text's and the original's SHA-256, and how it was captured.
//! Every string is written double-quoted with `scalar::double_quoted`, so nothing a
//! page holds can change the file's structure.

use super::scalar::double_quoted;
use crate::capture::Capture;
use crate::model::source::SourceKind;

/// What the analyst wrote that a re-capture keeps: their judgement, never the page's.
#[derive(Debug, Default, Clone)]
pub struct AnalystFields {
    pub origin: Option<String>,
    pub reliability: Option<String>,
    pub kind: Option<String>,
    pub notes: Option<String>,
}

/// Where the captured files go, relative to the project root.
pub struct CapturedPaths<'a> {
    pub original: &'a str,
}

/// The metadata file's text for `capture`, whose text has SHA-256 `text_sha256`.
pub fn metadata_yaml(
    capture: &Capture,
    text_sha256: &str,
    original_sha256: &str,
    retrieved: &str,
    paths: &CapturedPaths,
    analyst: &AnalystFields,
) -> String {
    let found = &capture.found;
    let mut out = String::new();
    let mut field = |name: &str, value: Option<&str>| {
        if let Some(value) = value {
            out.push_str(&format!("{name}: {}\n", double_quoted(value)));
        }
    };
    field("title", found.title.as_deref());
    field("publisher", found.publisher.as_deref());
    field("origin", analyst.origin.as_deref());
    let kind = found.kind.unwrap_or(SourceKind::WebPage).name();
    field("type", analyst.kind.as_deref().or(Some(kind)));
    field(
        "url",
        found
            .canonical_url
            .as_deref()
            .or(capture.fetched.as_ref().map(|f| f.final_url.as_str())),
    );
    field("published", found.published.as_deref());
    field("modified", found.modified.as_deref());
    field("retrieved", Some(retrieved));
    field("language", found.language.as_deref());
    field("reliability", analyst.reliability.as_deref());
    field("sha256", Some(text_sha256));
    if !found.authors.is_empty() {
        out.push_str("authors:\n");
        for author in &found.authors {
            out.push_str(&format!("- {}\n", double_quoted(author)));
        }
    }
    out.push_str("capture:\n");
    let mut capture_field = |name: &str, value: Option<&str>| {
        if let Some(value) = value {
            out.push_str(&format!("  {name}: {}\n", double_quoted(value)));
        }
    };
    capture_field("original", Some(paths.original));
    capture_field("sha256", Some(original_sha256));
    capture_field("media-type", Some(capture.media_type.name()));
    capture_field("extractor", Some(capture.extractor()));
    capture_field("extraction", Some(capture.extraction.name()));
    if let Some(fetched) = &capture.fetched {
        capture_field("url", Some(&fetched.requested));
        capture_field("final-url", Some(&fetched.final_url));
        out.push_str(&format!("  status: {}\n", fetched.status));
        if !fetched.redirects.is_empty() {
            out.push_str("  redirects:\n");
            for redirect in &fetched.redirects {
                out.push_str(&format!("  - {}\n", double_quoted(redirect)));
            }
        }
    }
    if let Some(record) = &capture.warc_record {
        out.push_str(&format!("  warc-record: {}\n", double_quoted(record)));
    }
    if let Some(notes) = &analyst.notes {
        out.push_str(&format!("notes: {}\n", double_quoted(notes)));
    }
    out
}
