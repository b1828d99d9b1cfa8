//! The anchoring benchmark on real revision pairs (`benches/anchoring/`): documentation
//! of three projects across releases, every sentence of an old revision quoted with its
//! context, and where it is in the new revision decided by a word alignment
//! (`truth.py`, Python's difflib), not by any anchoring tool. Each tool's answer is
//! judged against that truth; a wrong anchor is one that lands elsewhere.
//! Shared by `cargo bench --bench anchoring_accuracy` (the table beside Hypothesis's
//! matcher) and a test (zero wrong anchors).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use claimcheck_engine::anchor::normalize::Profile;
use claimcheck_engine::anchor::relocate::{
    DEFAULT_DRIFT_THRESHOLD, PinToFind, Relocation, SearchableSource, relocate,
};
use claimcheck_engine::hash::sha256;
use claimcheck_engine::model::pinned_span::PinnedSpan;

/// The benchmark's folder.
pub fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches/anchoring")
}

/// A quote of an old revision and where the truth puts it in the new one.
pub struct Case {
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
    pub span: PinnedSpan,
    /// The passage is still there (`truth` is where); otherwise it was rewritten or
    /// deleted and `truth` is where its words went (possibly empty).
    pub kept: bool,
    pub truth: PinnedSpan,
}

/// A revision pair and its cases.
pub struct Pair {
    pub dataset: String,
    pub new_text: String,
    pub cases: Vec<Case>,
}

/// The pairs of `cases.json`.
pub fn pairs() -> Vec<Pair> {
    let cases = std::fs::read_to_string(folder().join("cases.json")).expect("cases.json");
    let cases: serde_json::Value = serde_json::from_str(&cases).expect("cases.json is JSON");
    let revisions = folder().join("revisions");
    let offset = |case: &serde_json::Value, key: &str| case[key].as_u64().unwrap() as usize;
    cases
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| Pair {
            dataset: pair["dataset"].as_str().unwrap().to_owned(),
            new_text: std::fs::read_to_string(revisions.join(pair["new"].as_str().unwrap()))
                .unwrap(),
            cases: pair["cases"]
                .as_array()
                .unwrap()
                .iter()
                .map(|case| Case {
                    quote: case["quote"].as_str().unwrap().to_owned(),
                    prefix: case["prefix"].as_str().unwrap().to_owned(),
                    suffix: case["suffix"].as_str().unwrap().to_owned(),
                    span: PinnedSpan::new(offset(case, "start"), offset(case, "end")),
                    kept: case["truth"] == "kept",
                    truth: PinnedSpan::new(offset(case, "truth_start"), offset(case, "truth_end")),
                })
                .collect(),
        })
        .collect()
}

/// What a tool said of a quote.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    Anchored(PinnedSpan),
    /// The tool declined to choose among places (claimcheck's `span-ambiguous`).
    Refused,
    /// The tool found nothing similar enough.
    NotFound,
}

/// How an answer compares with the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Anchored on the passage (at least 80% of each span in the other), or, for a
    /// passage that is gone, refused or not found, or anchored on what replaced it.
    Correct,
    /// Anchored on text that is not the passage's.
    WrongElsewhere,
    /// Anchored on part of the passage, or on it and much more.
    SpanClipped,
    /// The passage is there and the tool declined to choose.
    Refused,
    /// The passage is there and the tool found nothing.
    Missed,
}

fn overlap(a: PinnedSpan, b: PinnedSpan) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// The verdict on `answer` for `case`.
pub fn judge(case: &Case, answer: Answer) -> Verdict {
    match (answer, case.kept) {
        (Answer::Anchored(found), true) => {
            let shared = overlap(found, case.truth);
            if shared == 0 {
                Verdict::WrongElsewhere
            } else if shared * 5 >= case.truth.len() * 4 && shared * 5 >= found.len() * 4 {
                Verdict::Correct
            } else {
                Verdict::SpanClipped
            }
        }
        (Answer::Anchored(found), false) => {
            let near = overlap(found, case.truth) > 0
                || (case.truth.is_empty()
                    && found.start <= case.truth.start
                    && case.truth.start <= found.end);
            if near {
                Verdict::Correct
            } else {
                Verdict::WrongElsewhere
            }
        }
        (Answer::Refused, true) => Verdict::Refused,
        (Answer::NotFound, true) => Verdict::Missed,
        (_, false) => Verdict::Correct,
    }
}

/// claimcheck's answer for every case of `pair`, and the time its searches took.
pub fn claimcheck_answers(pair: &Pair) -> (Vec<Answer>, Duration) {
    let started = Instant::now();
    let source = SearchableSource::new(&pair.new_text, Profile::Typing);
    let answers = pair
        .cases
        .iter()
        .map(|case| {
            let pin = PinToFind {
                quote: &case.quote,
                sha256: sha256(case.quote.as_bytes()),
                span: case.span,
                prefix: Some(&case.prefix),
                suffix: Some(&case.suffix),
            };
            match relocate(&source, &pin, DEFAULT_DRIFT_THRESHOLD) {
                Relocation::Moved { found }
                | Relocation::Normalized { found }
                | Relocation::Drifted { found, .. } => Answer::Anchored(found),
                Relocation::Ambiguous { .. } => Answer::Refused,
                Relocation::Orphaned | Relocation::TooLong { .. } => Answer::NotFound,
            }
        })
        .collect();
    (answers, started.elapsed())
}

/// Counts of verdicts over some cases.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub quotes: usize,
    /// Quotes whose exact text is no longer in the new revision.
    pub edited: usize,
    pub correct: usize,
    pub wrong_elsewhere: usize,
    pub span_clipped: usize,
    pub refused: usize,
    pub missed: usize,
}

impl Tally {
    pub fn add(&mut self, pair: &Pair, case: &Case, verdict: Verdict) {
        self.quotes += 1;
        self.edited += usize::from(!pair.new_text.contains(&case.quote));
        match verdict {
            Verdict::Correct => self.correct += 1,
            Verdict::WrongElsewhere => self.wrong_elsewhere += 1,
            Verdict::SpanClipped => self.span_clipped += 1,
            Verdict::Refused => self.refused += 1,
            Verdict::Missed => self.missed += 1,
        }
    }
}

/// Each dataset's tally of `answers` (per pair, per case), in the order datasets come.
pub fn tallies(pairs: &[Pair], answers: &[Vec<Answer>]) -> Vec<(String, Tally)> {
    let mut tallies: Vec<(String, Tally)> = Vec::new();
    for (pair, answers) in pairs.iter().zip(answers) {
        if tallies.last().is_none_or(|(name, _)| *name != pair.dataset) {
            tallies.push((pair.dataset.clone(), Tally::default()));
        }
        let tally = &mut tallies.last_mut().unwrap().1;
        for (case, answer) in pair.cases.iter().zip(answers) {
            tally.add(pair, case, judge(case, *answer));
        }
    }
    tallies
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(kept: bool, truth: (usize, usize)) -> Case {
        Case {
            quote: String::new(),
            prefix: String::new(),
            suffix: String::new(),
            span: PinnedSpan::new(0, 0),
            kept,
            truth: PinnedSpan::new(truth.0, truth.1),
        }
    }

    #[test]
    fn judges_each_kind_of_answer() {
        let kept = case(true, (100, 200));
        let at = |a, b| Answer::Anchored(PinnedSpan::new(a, b));
        assert_eq!(judge(&kept, at(100, 200)), Verdict::Correct);
        assert_eq!(judge(&kept, at(110, 195)), Verdict::Correct);
        assert_eq!(judge(&kept, at(150, 200)), Verdict::SpanClipped);
        assert_eq!(judge(&kept, at(100, 400)), Verdict::SpanClipped);
        assert_eq!(judge(&kept, at(300, 400)), Verdict::WrongElsewhere);
        assert_eq!(judge(&kept, Answer::Refused), Verdict::Refused);
        assert_eq!(judge(&kept, Answer::NotFound), Verdict::Missed);
        let gone = case(false, (100, 120));
        assert_eq!(judge(&gone, Answer::NotFound), Verdict::Correct);
        assert_eq!(judge(&gone, at(90, 130)), Verdict::Correct);
        assert_eq!(judge(&gone, at(500, 530)), Verdict::WrongElsewhere);
    }
}
