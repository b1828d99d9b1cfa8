//! Pin verification: does each evidence entry's span still hash to its `sha256`, and
//! does its quote still say what the span says?

use std::collections::HashMap;

use super::word_diff::word_diff;
use crate::anchor::locate::find_normalized;
use crate::anchor::normalize::normalize_quote;
use crate::anchor::{NormalizedText, find_quote, normalize};
use crate::hash::sha256_hex;
use crate::load::Project;
use crate::model::claim::{Claim, Evidence};
use crate::model::code::Code;
use crate::model::finding::{Details, Finding};
use crate::model::pinned_span::PinnedSpan;
use crate::model::source::Source;

pub fn check_pins(project: &Project) -> Vec<Finding> {
    let mut checker = PinChecker {
        project,
        normalized: HashMap::new(),
        findings: Vec::new(),
    };
    for claim in &project.claims {
        for evidence in &claim.evidence {
            checker.check(claim, evidence);
        }
    }
    checker.findings
}

struct PinChecker<'a> {
    project: &'a Project,
    /// Normalized source texts, computed the first time a pin needs one.
    normalized: HashMap<&'a str, NormalizedText>,
    findings: Vec<Finding>,
}

impl<'a> PinChecker<'a> {
    fn check(&mut self, claim: &Claim, evidence: &Evidence) {
        let Some(source) = self.project.sources.get(&evidence.source) else {
            if !self.project.unreadable_sources.contains(&evidence.source) {
                self.report(claim, evidence, self.missing_source(evidence));
            }
            return;
        };
        let text = &*source.text;
        let span = evidence.span;
        let pinned = text.get(span.range());
        let finding = if pinned
            .is_some_and(|pinned| sha256_hex(pinned.as_bytes()) == evidence.sha256)
        {
            self.intact(source, evidence)
        } else if let Some(found) = self.relocate(source, evidence) {
            // Checked before the span's own faults: text inserted above a pin can leave
            // its old span past the end or inside a character, but it only moved.
            Some(self.moved(source, evidence, found))
        } else if span.end > text.len() {
            Some(
                Finding::new(
                    Code::SpanOutOfRange,
                    format!(
                        "span {span} ends past the end of `{}` ({} bytes)",
                        source.id,
                        text.len()
                    ),
                )
                .at(evidence.span_location.clone())
                .help("the pinned text is nowhere else in the source either: pin the quote again"),
            )
        } else if pinned.is_none() {
            Some(
                Finding::new(
                    Code::SpanSplitsCharacter,
                    format!(
                        "span {span} cuts a multi-byte character of `{}` in two",
                        source.id
                    ),
                )
                .at(evidence.span_location.clone())
                .help("spans count bytes, not characters: let `claimcheck pin` compute them"),
            )
        } else {
            Some(self.changed(source, evidence))
        };
        if let Some(finding) = finding {
            self.report(claim, evidence, finding);
        }
    }

    fn report(&mut self, claim: &Claim, evidence: &Evidence, finding: Finding) {
        self.findings
            .push(finding.claim(&claim.id).source(&evidence.source));
    }

    fn normalized(&mut self, source: &'a Source) -> &NormalizedText {
        self.normalized
            .entry(source.id.as_str())
            .or_insert_with(|| normalize(&source.text))
    }

    fn missing_source(&self, evidence: &Evidence) -> Finding {
        let finding = Finding::new(
            Code::SourceMissing,
            format!("no source `{}`", evidence.source),
        )
        .at(evidence.source_location.clone());
        let nearest = self
            .project
            .sources
            .keys()
            .map(|id| (strsim::jaro_winkler(id, &evidence.source), id))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match nearest {
            Some((score, id)) if score > 0.8 => finding.help(format!("did you mean `{id}`?")),
            _ => finding.help(format!(
                "sources are the files under `{}/`, named by their file stem",
                crate::load::SOURCES_DIR
            )),
        }
    }

    fn moved(&self, source: &Source, evidence: &Evidence, found: PinnedSpan) -> Finding {
        let span = evidence.span;
        let found_location = self
            .project
            .files
            .locate(&source.path, found.start, found.len());
        Finding::new(
            Code::SpanMoved,
            format!(
                "pinned text moved in `{}`: it is now at {found}, not {span}",
                source.id
            ),
        )
        .at(evidence.span_location.clone())
        .related(
            format!("the pinned text is now here ({found})"),
            found_location,
        )
        .help(format!("set `span: {found}`; the hash still holds"))
        .details(Details::Moved {
            pinned: span,
            found,
        })
    }

    fn changed(&self, source: &Source, evidence: &Evidence) -> Finding {
        let span = evidence.span;
        let source_location = self
            .project
            .files
            .locate(&source.path, span.start, span.len());
        let current = &source.text[span.range()];
        let diff = word_diff(&evidence.quote, current);
        Finding::new(
            Code::SpanChanged,
            format!(
                "the text of `{}` at {span} is no longer the pinned text",
                source.id
            ),
        )
        .at(evidence.span_location.clone())
        .related("the source now says this here", source_location)
        .help(format!("pinned → current: {diff}"))
        .details(Details::Changed {
            expected: evidence.quote.clone(),
            actual: current.to_owned(),
            word_diff: diff,
        })
    }

    /// Where the pinned bytes now are: an occurrence of the quote whose bytes still hash
    /// to the pin's `sha256`, the nearest to the old span.
    fn relocate(&mut self, source: &'a Source, evidence: &Evidence) -> Option<PinnedSpan> {
        let text = &*source.text;
        let candidates = find_quote(text, &evidence.quote, || self.normalized(source)).spans;
        candidates
            .into_iter()
            .filter(|candidate| sha256_hex(&text.as_bytes()[candidate.range()]) == evidence.sha256)
            .min_by_key(|candidate| candidate.start.abs_diff(evidence.span.start))
    }

    fn intact(&mut self, source: &'a Source, evidence: &Evidence) -> Option<Finding> {
        let pinned = &source.text[evidence.span.range()];
        if normalize_quote(&evidence.quote) != normalize_quote(pinned) {
            let diff = word_diff(pinned, &evidence.quote);
            return Some(
                Finding::new(
                    Code::QuoteMismatch,
                    format!(
                        "the quote no longer says what span {} of `{}` says",
                        evidence.span, source.id
                    ),
                )
                .at(evidence.quote_location.clone())
                .help(format!("source → quote: {diff}"))
                .details(Details::Changed {
                    expected: pinned.to_owned(),
                    actual: evidence.quote.clone(),
                    word_diff: diff,
                }),
            );
        }
        let occurrences = find_normalized(self.normalized(source), pinned).len();
        (occurrences > 1).then(|| {
            Finding::new(
                Code::QuoteAmbiguous,
                format!("the quote occurs {occurrences} times in `{}`", source.id),
            )
            .at(evidence.quote_location.clone())
            .help("the span pins one occurrence, but if the source moves the quote could re-anchor to another: lengthen the quote")
            .details(Details::Ambiguous { occurrences })
        })
    }
}
