//! Appendix: the source appendix of a product, built once as data (the front ends'
//! `report::appendix` renders it, one module per format). Sources are numbered in order of first citation (claims in file
//! order, evidence in order); each lists the passages relied on and the claims citing
//! them; each claim lists the numbers of its sources.

use std::collections::BTreeMap;

use crate::analyze::sourcing::SourcingSummary;
use crate::hash::sha256_hex;
use crate::load::Project;
use crate::model::claim::Claim;
use crate::model::code::Code;
use crate::model::judgement::rating;
use crate::model::pinned_span::PinnedSpan;
use crate::model::source::Source;
use crate::verify::broken::BrokenPin;

/// A numbered source with the passages the product relies on.
pub struct AppendixSource<'a> {
    pub number: usize,
    pub source: &'a Source,
    /// SHA-256 of the whole file as it is now.
    pub sha256: String,
    pub passages: Vec<Passage<'a>>,
}

/// One pinned passage and the claims that cite it.
pub struct Passage<'a> {
    pub span: PinnedSpan,
    pub text: &'a str,
    pub first_line: usize,
    pub last_line: usize,
    /// First and last page, for sources captured from a PDF.
    pub pages: Option<(usize, usize)>,
    pub claims: Vec<&'a str>,
    /// Why the passage is not proven (`appendix --allow-broken`): the text at the span
    /// is not, or not only, what a claim quoted.
    pub unverified: Option<Code>,
}

/// A claim with the numbers of the sources it cites.
pub struct AppendixClaim<'a> {
    pub claim: &'a Claim,
    pub notes: Vec<usize>,
    /// The two-character rating (`B2`) of its evidence from each source it cites, where
    /// the evidence states a credibility (the best one, if several do).
    pub ratings: BTreeMap<usize, String>,
}

pub struct Appendix<'a> {
    pub sources: Vec<AppendixSource<'a>>,
    pub claims: Vec<AppendixClaim<'a>>,
    /// The product's sourcing summary (ICD 206), over the claims selected.
    pub sourcing: SourcingSummary,
}

/// Whether a claim is in the appendix: `--claims` patterns match a claim file path or a
/// claim id (glob syntax: `*`, `?`, `[...]`); no pattern takes every claim.
pub fn selected(claim: &Claim, patterns: &[glob::Pattern]) -> bool {
    patterns.is_empty()
        || patterns
            .iter()
            .any(|pattern| pattern.matches(&claim.id) || pattern.matches(&claim.location.path))
}

/// The appendix of the claims of `project` that `patterns` select; passages of the
/// `broken` pins are marked as not verified.
pub fn build<'a>(
    project: &'a Project,
    patterns: &[glob::Pattern],
    broken: &[BrokenPin],
) -> Appendix<'a> {
    let claims: Vec<&Claim> = project
        .claims
        .iter()
        .filter(|claim| selected(claim, patterns))
        .collect();
    let mut numbers: BTreeMap<&str, usize> = BTreeMap::new();
    let mut order: Vec<&Source> = Vec::new();
    let mut passages: BTreeMap<&str, BTreeMap<PinnedSpan, Vec<&str>>> = BTreeMap::new();
    for claim in &claims {
        for evidence in &claim.evidence {
            let Some(source) = project.sources.get(&evidence.source) else {
                continue;
            };
            if !numbers.contains_key(source.id.as_str()) {
                numbers.insert(&source.id, order.len() + 1);
                order.push(source);
            }
            if source.text.get(evidence.span.range()).is_some() {
                let citing = passages
                    .entry(&source.id)
                    .or_default()
                    .entry(evidence.span)
                    .or_default();
                if !citing.contains(&claim.id.as_str()) {
                    citing.push(&claim.id);
                }
            }
        }
    }
    let sources = order
        .iter()
        .map(|source| AppendixSource {
            number: numbers[source.id.as_str()],
            source,
            sha256: sha256_hex(source.text.as_bytes()),
            passages: passages
                .remove(source.id.as_str())
                .unwrap_or_default()
                .into_iter()
                .map(|(span, claims)| {
                    let text = &source.text[span.range()];
                    let first_line = source.text[..span.start].matches('\n').count() + 1;
                    let unverified = broken
                        .iter()
                        .find(|pin| pin.source == source.id && pin.span == span)
                        .map(|pin| pin.code);
                    Passage {
                        span,
                        text,
                        first_line,
                        last_line: first_line + text.trim_end().matches('\n').count(),
                        pages: source
                            .page_at(span.start)
                            .zip(source.page_at(span.end.max(span.start + 1) - 1)),
                        claims,
                        unverified,
                    }
                })
                .collect(),
        })
        .collect();
    let claims = claims
        .into_iter()
        .map(|claim| {
            let mut notes: Vec<usize> = claim
                .evidence
                .iter()
                .filter_map(|evidence| numbers.get(evidence.source.as_str()).copied())
                .collect();
            notes.sort_unstable();
            notes.dedup();
            AppendixClaim {
                claim,
                notes,
                ratings: ratings(project, claim, &numbers),
            }
        })
        .collect::<Vec<_>>();
    let selected: Vec<&Claim> = claims.iter().map(|entry| entry.claim).collect();
    let sourcing = crate::analyze::sourcing::summary(project, &selected);
    Appendix {
        sources,
        claims,
        sourcing,
    }
}

/// The best-rated credibility of each source a claim cites, as `B2`, by note number.
fn ratings(
    project: &Project,
    claim: &Claim,
    numbers: &BTreeMap<&str, usize>,
) -> BTreeMap<usize, String> {
    let mut best: BTreeMap<usize, (u8, &str)> = BTreeMap::new();
    for evidence in &claim.evidence {
        let (Some(credibility), Some(number)) =
            (evidence.credibility, numbers.get(evidence.source.as_str()))
        else {
            continue;
        };
        let entry = best
            .entry(*number)
            .or_insert((credibility, &evidence.source));
        entry.0 = entry.0.min(credibility);
    }
    best.into_iter()
        .filter_map(|(number, (credibility, source))| {
            let grade = project
                .sources
                .get(source)
                .and_then(|source| source.grade());
            Some((number, rating(grade, Some(credibility))?))
        })
        .collect()
}
