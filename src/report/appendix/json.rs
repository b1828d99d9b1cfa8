//! The appendix as one JSON document (version 1), for other tools.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::Appendix;
use claimcheck_engine::analyze::sourcing::SourcingSummary;
use claimcheck_engine::model::code::Code;
use claimcheck_engine::model::judgement::Confidence;
use claimcheck_engine::model::pinned_span::PinnedSpan;

/// The source appendix of a product: numbered sources with the passages relied on,
/// and each claim with the numbers of its sources.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "claimcheck appendix --format json")]
pub struct AppendixDocument<'a> {
    pub version: u32,
    pub sources: Vec<SourceEntry<'a>>,
    pub claims: Vec<ClaimEntry<'a>>,
    /// Sources by grade and type, claims by confidence, key judgements with their
    /// support trees, single-origin and retracted dependencies.
    pub sourcing: &'a SourcingSummary,
}

#[derive(Serialize, JsonSchema)]
pub struct SourceEntry<'a> {
    /// The note number, in order of first citation.
    pub number: usize,
    pub id: &'a str,
    pub path: &'a str,
    pub title: Option<&'a str>,
    pub authors: &'a [String],
    /// The kind of document (article, report, ...).
    #[serde(rename = "type")]
    pub kind: Option<&'static str>,
    pub publisher: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub url: Option<&'a str>,
    pub published: Option<&'a str>,
    pub modified: Option<&'a str>,
    pub language: Option<&'a str>,
    /// The original the text was captured from, if it was captured.
    pub original: Option<Original<'a>>,
    pub retrieved: Option<&'a str>,
    /// Admiralty reliability grade, A (best) to F.
    pub reliability: Option<char>,
    /// `retracted`, `corrected` or `disputed`, with when and why.
    pub status: Option<StatusEntry<'a>>,
    /// SHA-256 of the source text as it is now.
    pub sha256: &'a str,
    pub passages: Vec<PassageEntry<'a>>,
}

#[derive(Serialize, JsonSchema)]
pub struct StatusEntry<'a> {
    pub status: &'static str,
    pub date: &'a str,
    pub reason: &'a str,
    pub notice: Option<&'a str>,
}

#[derive(Serialize, JsonSchema)]
pub struct Original<'a> {
    pub path: &'a str,
    pub sha256: &'a str,
    pub extractor: Option<&'a str>,
}

#[derive(Serialize, JsonSchema)]
pub struct PassageEntry<'a> {
    pub span: PinnedSpan,
    pub first_line: usize,
    pub last_line: usize,
    /// First and last page, for a source captured from a PDF.
    pub pages: Option<[usize; 2]>,
    pub text: &'a str,
    /// The claims citing the passage.
    pub claims: &'a [&'a str],
    pub verified: bool,
    /// Why a passage published with `--allow-broken` is not verified.
    pub unverified_because: Option<Code>,
}

#[derive(Serialize, JsonSchema)]
pub struct ClaimEntry<'a> {
    pub id: &'a str,
    pub statement: &'a str,
    /// The numbers of the sources the claim cites.
    pub sources: &'a [usize],
    pub confidence: Option<Confidence>,
    /// The ids of the claims it rests on.
    pub based_on: Vec<&'a str>,
    /// The two-character rating (`B2`) of its evidence, by source number, where the
    /// evidence states a credibility.
    pub ratings: &'a BTreeMap<usize, String>,
}

pub fn render(appendix: &Appendix) -> serde_json::Result<String> {
    let sources = appendix
        .sources
        .iter()
        .map(|entry| {
            let metadata = entry.source.metadata.as_ref();
            SourceEntry {
                number: entry.number,
                id: &entry.source.id,
                path: &entry.source.path,
                title: metadata.and_then(|m| m.title.as_deref()),
                authors: metadata.map_or(&[], |m| m.authors.as_slice()),
                kind: metadata.and_then(|m| m.kind).map(|kind| kind.name()),
                publisher: metadata.and_then(|m| m.publisher.as_deref()),
                origin: metadata.and_then(|m| m.origin.as_deref()),
                url: metadata.and_then(|m| m.url.as_deref()),
                published: metadata.and_then(|m| m.published.as_deref()),
                modified: metadata.and_then(|m| m.modified.as_deref()),
                language: metadata.and_then(|m| m.language.as_deref()),
                original: metadata
                    .and_then(|m| m.provenance.as_ref())
                    .map(|p| Original {
                        path: &p.original,
                        sha256: &p.recorded.hex,
                        extractor: p.extractor.as_deref(),
                    }),
                retrieved: metadata.and_then(|m| m.retrieved.as_deref()),
                reliability: metadata.and_then(|m| m.reliability),
                status: metadata
                    .and_then(|m| m.status.as_ref())
                    .map(|status| StatusEntry {
                        status: status.kind.name(),
                        date: &status.date,
                        reason: &status.reason,
                        notice: status.notice.as_deref(),
                    }),
                sha256: &entry.sha256,
                passages: entry
                    .passages
                    .iter()
                    .map(|passage| PassageEntry {
                        span: passage.span,
                        first_line: passage.first_line,
                        last_line: passage.last_line,
                        pages: passage.pages.map(|(first, last)| [first, last]),
                        text: passage.text,
                        claims: &passage.claims,
                        verified: passage.unverified.is_none(),
                        unverified_because: passage.unverified,
                    })
                    .collect(),
            }
        })
        .collect();
    let claims = appendix
        .claims
        .iter()
        .map(|entry| ClaimEntry {
            id: &entry.claim.id,
            statement: &entry.claim.statement,
            sources: &entry.notes,
            confidence: entry.claim.confidence.as_ref().map(|stated| stated.level),
            based_on: entry
                .claim
                .based_on
                .iter()
                .map(|basis| basis.claim.as_str())
                .collect(),
            ratings: &entry.ratings,
        })
        .collect();
    let document = AppendixDocument {
        version: 1,
        sources,
        claims,
        sourcing: &appendix.sourcing,
    };
    Ok(serde_json::to_string_pretty(&document)? + "\n")
}
