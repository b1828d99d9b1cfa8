//! Coverage: how much of each source the claims cite. Cited characters are the union
//! of all pinned spans, so overlapping and nested quotes count once; characters are
//! Unicode scalar values, white space excluded (re-wrapping a source does not change its
//! coverage). Page furniture captured with an article counts as text.

use std::collections::BTreeSet;

use foldhash::{HashMap, HashMapExt, HashSet};

use rayon::prelude::*;

use crate::load::Project;
use crate::model::code::Code;
use crate::model::finding::Finding;
use crate::model::location::Location;
use crate::model::pinned_span::PinnedSpan;
use crate::model::source::Source;

/// What one source contributes.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceCoverage {
    pub id: String,
    pub path: String,
    /// Non-white-space characters of the source.
    pub characters: usize,
    /// Non-white-space characters inside at least one pinned span.
    pub cited: usize,
    pub pins: usize,
    pub claims: usize,
    /// The pinned spans, merged where they overlap or touch, in order.
    pub cited_spans: Vec<PinnedSpan>,
}

impl SourceCoverage {
    /// Cited share, 0 to 1 (0 for a source with no text).
    pub fn share(&self) -> f64 {
        if self.characters == 0 {
            0.0
        } else {
            self.cited as f64 / self.characters as f64
        }
    }
}

/// A run of non-blank lines (a paragraph) that no pin touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub first_line: usize,
    pub last_line: usize,
    /// The page it starts on, for a source captured from a PDF.
    pub page: Option<usize>,
    pub text: String,
}

/// The spans pinned in one source, and the ids of the claims pinning them.
type Citations<'a> = (Vec<PinnedSpan>, BTreeSet<&'a str>);

/// Coverage of every source, by id.
pub fn source_coverage(project: &Project) -> Vec<SourceCoverage> {
    // Pins by source in one pass over the claims, not one pass per source.
    let mut cited: HashMap<&str, Citations> = HashMap::new();
    for claim in &project.claims {
        for evidence in &claim.evidence {
            let (spans, claims) = cited.entry(evidence.source.as_str()).or_default();
            spans.push(evidence.span);
            claims.insert(claim.id.as_str());
        }
    }
    let sources: Vec<(&Source, Citations)> = project
        .sources
        .values()
        .map(|source| (source, cited.remove(source.id.as_str()).unwrap_or_default()))
        .collect();
    // Counting characters is the cost: sources on all cores, results in id order.
    sources
        .into_par_iter()
        .map(|(source, (spans, claims))| {
            // A span that no longer fits the text covers nothing.
            let spans: Vec<PinnedSpan> = spans
                .into_iter()
                .filter(|span| source.text.get(span.range()).is_some())
                .collect();
            let pins = spans.len();
            let cited_spans = merge(spans);
            SourceCoverage {
                id: source.id.clone(),
                path: source.path.clone(),
                characters: text_characters(&source.text),
                cited: cited_spans
                    .iter()
                    .map(|span| text_characters(&source.text[span.range()]))
                    .sum(),
                pins,
                claims: claims.len(),
                cited_spans,
            }
        })
        .collect()
}

fn text_characters(text: &str) -> usize {
    if text.is_ascii() {
        // The common case, a byte at a time.
        return text.bytes().filter(|b| !b.is_ascii_whitespace()).count();
    }
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Spans sorted and merged where they overlap or touch.
pub fn merge(mut spans: Vec<PinnedSpan>) -> Vec<PinnedSpan> {
    spans.sort();
    let mut merged: Vec<PinnedSpan> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// The paragraphs of `source` that no cited span touches.
pub fn uncited_passages(source: &Source, cited: &[PinnedSpan]) -> Vec<Passage> {
    let mut passages = Vec::new();
    let mut offset = 0;
    let mut current: Option<(usize, usize, usize)> = None; // first line, start, end
    for (index, line) in source.text.split_inclusive('\n').enumerate() {
        let (start, end) = (offset, offset + line.len());
        offset = end;
        if line.trim().is_empty() {
            passages.extend(
                current
                    .take()
                    .and_then(|paragraph| uncited(source, cited, paragraph, index)),
            );
        } else {
            current = Some(
                current.map_or((index + 1, start, end), |(first, start, _)| {
                    (first, start, end)
                }),
            );
        }
    }
    let lines = source.text.split_inclusive('\n').count();
    passages.extend(current.and_then(|paragraph| uncited(source, cited, paragraph, lines)));
    passages
}

fn uncited(
    source: &Source,
    cited: &[PinnedSpan],
    (first, start, end): (usize, usize, usize),
    last: usize,
) -> Option<Passage> {
    let touched = cited
        .iter()
        .any(|span| span.start < end && start < span.end);
    (!touched).then(|| Passage {
        first_line: first,
        last_line: last,
        page: source.page_at(start),
        text: source.text[start..end].trim().to_owned(),
    })
}

/// Sources no claim cites, and (when configured) sources cited below the minimum share.
pub fn findings(project: &Project) -> Vec<Finding> {
    let Some(minimum) = project.config.min_source_coverage else {
        // Without a minimum share only uncited sources are reported: no need to count
        // what the cited ones cover.
        // Hashed, not ordered: sorting every pin's source id cost more than the rest.
        let cited: HashSet<&str> = project
            .claims
            .iter()
            .flat_map(|claim| &claim.evidence)
            .map(|evidence| evidence.source.as_str())
            .collect();
        return project
            .sources
            .values()
            .filter(|source| !cited.contains(source.id.as_str()))
            .map(|source| uncited_finding(&source.id, &source.path))
            .collect();
    };
    let mut findings = Vec::new();
    for coverage in source_coverage(project) {
        if coverage.claims == 0 {
            findings.push(uncited_finding(&coverage.id, &coverage.path));
        } else if coverage.share() < minimum {
            findings.push(
                Finding::new(
                    Code::SourceLowCoverage,
                    format!(
                        "claims cite {:.1}% of source `{}`, below the project's minimum of {:.1}%",
                        coverage.share() * 100.0,
                        coverage.id,
                        minimum * 100.0
                    ),
                )
                .source(&coverage.id)
                .at(Location::file(&coverage.path))
                .help("`claimcheck coverage --uncited` lists the passages no claim uses"),
            );
        }
    }
    findings
}

fn uncited_finding(id: &str, path: &str) -> Finding {
    Finding::new(Code::SourceUncited, format!("no claim cites source `{id}`"))
        .source(id)
        .at(Location::file(path))
        .help("pin what it contributes, or remove it from the product")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_and_nested_spans_merge() {
        let spans = vec![
            PinnedSpan::new(10, 20),
            PinnedSpan::new(0, 5),
            PinnedSpan::new(12, 15),
            PinnedSpan::new(18, 30),
        ];
        assert_eq!(
            merge(spans),
            vec![PinnedSpan::new(0, 5), PinnedSpan::new(10, 30)]
        );
        assert_eq!(
            merge(vec![PinnedSpan::new(0, 5), PinnedSpan::new(5, 8)]),
            vec![PinnedSpan::new(0, 8)]
        );
    }

    #[test]
    fn counts_characters_not_bytes_or_spaces() {
        assert_eq!(text_characters("Iran’s\u{00A0}“deal”\n"), 12);
    }

    #[test]
    fn finds_paragraphs_no_pin_touches() {
        let text = "Title\n\nFirst para line one\nline two\n\nSecond para\n\nThird";
        let source = Source::new(
            "s".into(),
            "s.txt".into(),
            std::sync::Arc::new(text.to_owned()),
            crate::hash::content_digest(text.as_bytes()),
            None,
        );
        let second = text.find("Second").unwrap();
        let passages = uncited_passages(&source, &[PinnedSpan::new(second, second + 6)]);
        let lines: Vec<(usize, usize)> = passages
            .iter()
            .map(|p| (p.first_line, p.last_line))
            .collect();
        assert_eq!(lines, vec![(1, 1), (3, 4), (8, 8)]);
        assert_eq!(passages[1].text, "First para line one\nline two");
    }
}
