//! `Finding`: one problem found, as data (code, severity, locations, payload).

use std::borrow::Cow;

use rayon::iter::ParallelIterator;
use serde::Serialize;

use super::code::{Code, Severity};
use super::location::Location;
use super::pinned_span::PinnedSpan;

/// One problem claimcheck found. Reporters render findings; nothing else prints them.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The claim concerned, if any.
    pub claim: Option<String>,
    /// The source concerned, if any.
    pub source: Option<String>,
    /// Where the problem is: in a claim file for pin problems, else in the file at fault.
    pub location: Option<Location>,
    /// Other places that explain the problem (the first of two duplicates, the source text).
    pub related: Vec<Related>,
    /// What to do about it: most help is the same text for every finding of its kind,
    /// shared rather than copied into each (a product may have 100,000 findings).
    pub help: Option<Cow<'static, str>>,
    /// Facts a tool may act on (a span's new place, a word diff), if any. Boxed: few
    /// findings have them, and inline they were a third of every finding's size (a
    /// product may have 100,000 findings, gathered, filtered and sorted).
    pub details: Option<Box<Details>>,
    /// The edit that repairs the finding, if one is known.
    pub fix: Option<Fix>,
}

/// An edit that repairs a finding, carried with it as rustc carries its suggestions:
/// a front end (`fix`, a language server's code action) applies it without working the
/// repair out again. It applies to the evidence at the finding's location.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Fix {
    /// Pin the evidence again at `span` of its source: new span, hash, quote and context.
    Repin {
        span: PinnedSpan,
        applicability: Applicability,
    },
}

/// When a fix may be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// The text is the same, or differs only in typography: safe without asking.
    Always,
    /// The text changed: only when the user accepts drift (`fix --accept-drift`).
    AcceptDrift,
    /// The change touches the meaning (a number, a month, a negation, an entity): only
    /// for a claim the user names as well (`--accept-drift --claim ID`).
    AcceptDriftOfNamedClaim,
}

/// A secondary location with what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub message: String,
    pub location: Location,
}

/// Machine-readable payload of a finding, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Details {
    /// The pinned bytes were found intact at `found`.
    Moved {
        pinned: PinnedSpan,
        found: PinnedSpan,
    },
    /// The pinned text was found changed at `found`: `text` is what the source now says
    /// there; `similarity` is 1 for a match after normalization.
    Relocated {
        pinned: PinnedSpan,
        found: PinnedSpan,
        similarity: f64,
        text: String,
        word_diff: String,
        /// What the change does to the meaning (`number: Five → Three`): a number, a
        /// month, a negation or a registered entity. Such a pin is re-pinned only by name.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        changes: Vec<String>,
    },
    /// The places the pinned text could now be.
    Candidates { candidates: Vec<PinnedSpan> },
    /// What the pin says against what the source or quote now says.
    Changed {
        expected: String,
        actual: String,
        word_diff: String,
    },
    /// How many times the quote occurs in its source.
    Ambiguous { occurrences: usize },
    /// A file's recorded SHA-256 against its current one.
    Hash { recorded: String, actual: String },
    /// Claim ids from a judgement down through `based-on` (to a source id, for a
    /// retraction), or around a circle.
    Chain { chain: Vec<String> },
}

/// Findings as they were gathered: one vector per analysis, or per core's share of the
/// claims. `check` orders them where they are (`check::Findings`): gathering each
/// stage's parts into one vector, then those into another, copied 100,000 findings
/// through vectors of fresh pages, which on a virtual machine cost more to fault in
/// than to fill.
pub type FindingParts = Vec<Vec<Finding>>;

/// Findings in one part at most (200 KB). Each core's share fills parts of 16, 32, …
/// up to this many, never copied: one vector grown by doubling copied every finding
/// again and faulted in fresh pages at each doubling (perf put growing finding
/// vectors among the largest copies of a cold run of 120,000 findings).
const MOST_IN_PART: usize = 1024;

/// The findings of a parallel iterator, in its order, as the parts its cores filled.
pub fn parts_of(findings: impl ParallelIterator<Item = Finding>) -> FindingParts {
    findings
        .fold(FindingParts::new, |mut parts, finding| {
            match parts.last_mut() {
                Some(part) if part.len() < part.capacity() => part.push(finding),
                last => {
                    let room = last.map_or(16, |part| (part.capacity() * 2).min(MOST_IN_PART));
                    let mut part = Vec::with_capacity(room);
                    part.push(finding);
                    parts.push(part);
                }
            }
            parts
        })
        .collect_vec_list()
        .into_iter()
        .flatten()
        .flatten()
        .collect()
}

/// `parts` one after another, in one vector sized once (findings as cores filled
/// them, a large claim file's claims as its parts were read); one part is itself.
pub fn joined<T>(mut parts: Vec<Vec<T>>) -> Vec<T> {
    if parts.len() == 1 {
        return parts.pop().expect("one part");
    }
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for mut part in parts {
        all.append(&mut part);
    }
    all
}

impl Finding {
    /// A finding with the code's default severity and nothing else attached yet.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            claim: None,
            source: None,
            location: None,
            related: Vec::new(),
            help: None,
            details: None,
            fix: None,
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn claim(mut self, claim: &str) -> Self {
        self.claim = Some(claim.to_owned());
        self
    }

    pub fn source(mut self, source: &str) -> Self {
        self.source = Some(source.to_owned());
        self
    }

    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, message: impl Into<String>, location: Location) -> Self {
        self.related.push(Related {
            message: message.into(),
            location,
        });
        self
    }

    pub fn details(mut self, details: Details) -> Self {
        self.details = Some(Box::new(details));
        self
    }

    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_keeps_every_part_in_order_in_one_vector_sized_once() {
        let finding = |message: &str| Finding::new(Code::SourceDuplicate, message);
        let parts = vec![
            vec![finding("a"), finding("b")],
            Vec::new(),
            vec![finding("c")],
        ];
        let all = joined(parts);
        let messages: Vec<&str> = all.iter().map(|found| found.message.as_str()).collect();
        assert_eq!(messages, ["a", "b", "c"]);
        assert_eq!(all.capacity(), 3);
        // One part is not copied.
        let one = vec![finding("d")];
        let at = one.as_ptr();
        let same = joined(vec![one]);
        assert_eq!(same.as_ptr(), at);
    }
}
