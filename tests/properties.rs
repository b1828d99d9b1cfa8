//! Property tests of the pinning invariants: any span pinned verifies intact; text
//! inserted before a pin makes it `span-moved`, never `span-changed`; a quote typed
//! with plain quotes and spaces still finds the source's own bytes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use claimcheck_engine::anchor::{find_quote, normalize};
use claimcheck_engine::hash::sha256;
use claimcheck_engine::load::{FileRegistry, Project};
use claimcheck_engine::model::claim::{Claim, Evidence};
use claimcheck_engine::model::code::{Code, Severity};
use claimcheck_engine::model::location::Location;
use claimcheck_engine::model::pinned_span::PinnedSpan;
use claimcheck_engine::model::source::Source;
use proptest::prelude::*;

/// Article-like text: words, the seeds' typography, line breaks.
fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[A-Za-z]{1,9}",
            Just(" ".to_owned()),
            Just(" ".to_owned()),
            Just("\u{00A0}".to_owned()),
            Just("\n".to_owned()),
            Just("\u{2019}".to_owned()),
            Just("\u{201C}".to_owned()),
            Just("\u{201D}".to_owned()),
            Just(" \u{2014} ".to_owned()),
            Just("é".to_owned()),
            Just("1,000".to_owned()),
        ],
        1..80,
    )
    .prop_map(|parts| parts.concat())
}

/// A span of `text` on character boundaries, starting and ending on non-space.
fn span_in(text: &str, a: usize, b: usize) -> Option<PinnedSpan> {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(at, _)| at)
        .chain([text.len()])
        .collect();
    let (mut start, mut end) = (
        boundaries[a % boundaries.len()],
        boundaries[b % boundaries.len()],
    );
    if start > end {
        std::mem::swap(&mut start, &mut end);
    }
    let quote = &text[start..end];
    let trimmed = quote.trim();
    if trimmed.is_empty() {
        return None;
    }
    let start = start + (quote.len() - quote.trim_start().len());
    Some(PinnedSpan::new(start, start + trimmed.len()))
}

fn project_with_pin(source_text: &str, quote: &str, span: PinnedSpan, sha256: [u8; 32]) -> Project {
    let mut files = FileRegistry::default();
    let text = files.add("sources/s.txt", source_text.to_owned());
    let at = Location::file("claims/c.yaml");
    let evidence = Evidence {
        source: "s".into(),
        quote: quote.into(),
        span,
        sha256,
        location: at.clone(),
        source_place: at.place(),
        quote_place: at.place(),
        span_place: at.place(),
        sha256_place: at.place(),
        prefix: None,
        suffix: None,
        prefix_place: None,
        suffix_place: None,
        stance: Default::default(),
        value: None,
        credibility: None,
        quote_reading: None,
    };
    let claim = Claim {
        allow: Vec::new(),
        entities: Vec::new(),
        fact: None,
        acknowledgements: Vec::new(),
        id: "c".into(),
        statement: "S".into(),
        evidence: vec![evidence],
        confidence: None,
        based_on: Vec::new(),
        statement_place: at.place(),
        location: at,
        statement_reading: None,
        estimative: None,
    };
    let source = Source::new(
        "s".into(),
        "sources/s.txt".into(),
        text.clone(),
        claimcheck_engine::hash::content_digest(text.as_bytes()),
        None,
    );
    Project {
        config: Default::default(),
        entities: Vec::new(),
        root: PathBuf::from("."),
        files,
        claims: vec![claim],
        claim_files: vec!["claims/c.yaml".into()],
        claim_digests: BTreeMap::new(),
        sources: BTreeMap::from([("s".to_owned(), source)]),
        unreadable_sources: Vec::new(),
        problems: Vec::new(),
    }
}

fn error_codes(project: &Project) -> Vec<Code> {
    claimcheck_engine::check::check(project)
        .into_iter()
        .filter(|finding| finding.severity == Severity::Error)
        .map(|finding| finding.code)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_pinned_substring_verifies_intact(text in article(), a in any::<usize>(), b in any::<usize>()) {
        let Some(span) = span_in(&text, a, b) else { return Ok(()) };
        let quote = &text[span.range()];
        let normalized = normalize(&text);
        let found = find_quote(&text, quote, &normalized);
        prop_assert!(found.spans.contains(&span), "pin must be able to choose this occurrence");
        let project = project_with_pin(&text, quote, span, sha256(quote.as_bytes()));
        prop_assert_eq!(error_codes(&project), Vec::<Code>::new());
    }

    /// Edits outside the span (an insertion before it, a deletion before it, and an
    /// insertion after it) only ever move a pin: never drifted, never orphaned; and
    /// when the quote stays unique, the pin is found exactly where it went.
    #[test]
    fn edits_outside_the_span_only_move_it(
        text in article(), inserted in article(), after in article(),
        a in any::<usize>(), b in any::<usize>(), cut in any::<usize>(),
    ) {
        let Some(span) = span_in(&text, a, b) else { return Ok(()) };
        let quote = &text[span.range()];
        let before = &text[..span.start];
        let cut_at = before.char_indices().map(|(at, _)| at).nth(cut % (before.chars().count() + 1)).unwrap_or(before.len());
        let edited = format!("{inserted}{}{}{after}", &before[cut_at..], &text[span.start..]);
        let project = project_with_pin(&edited, quote, span, sha256(quote.as_bytes()));
        let codes = error_codes(&project);
        let new_start = inserted.len() + before.len() - cut_at;
        let occurrences = edited.char_indices().filter(|(at, _)| edited[*at..].starts_with(quote)).count();
        if new_start == span.start || edited.get(span.range()) == Some(quote) {
            // Still (or again, by coincidence) the pinned bytes at the pinned place.
            prop_assert_eq!(codes, Vec::<Code>::new());
        } else if occurrences == 1 {
            prop_assert_eq!(codes, vec![Code::SpanMoved], "{:?} in {:?}", quote, edited);
            let found = claimcheck_engine::check::check(&project)
                .into_iter()
                .find_map(|finding| match finding.details.as_deref() {
                    Some(claimcheck_engine::model::finding::Details::Moved { found, .. }) => Some(*found),
                    _ => None,
                });
            prop_assert_eq!(found, Some(PinnedSpan::new(new_start, new_start + quote.len())));
        } else {
            // Without stored context a repeated quote may be ambiguous: never a guess.
            prop_assert!(codes == vec![Code::SpanMoved] || codes == vec![Code::SpanAmbiguous], "{:?}", codes);
        }
    }

    #[test]
    fn plainly_typed_quotes_find_the_source_bytes(text in article(), a in any::<usize>(), b in any::<usize>()) {
        let Some(span) = span_in(&text, a, b) else { return Ok(()) };
        let typed = text[span.range()]
            .replace(['\u{2019}'], "'")
            .replace(['\u{201C}', '\u{201D}'], "\"")
            .replace('\u{00A0}', " ")
            .replace('\u{2014}', "--")
            .replace('\n', " ");
        let normalized = normalize(&text);
        let found = find_quote(&text, &typed, &normalized);
        prop_assert!(found.spans.contains(&span), "{:?} not in {:?}", span, found.spans);
    }

    /// A drifted pin whose change swaps one number for another always says so in its
    /// finding (`changes`), which is what keeps `fix --accept-drift` from re-pinning it
    /// in bulk: only a named claim's pins are accepted then.
    #[test]
    fn a_drift_that_changes_a_number_is_never_wording_only(
        words in prop::collection::vec("[a-z]{3,8}", 6..14),
        at in any::<usize>(),
        old in 0u32..5000, new in 0u32..5000,
        spelled in any::<bool>(),
    ) {
        prop_assume!(old != new);
        const SPELLED: [&str; 13] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
        let write = |n: u32| match (spelled, SPELLED.get(n as usize)) {
            (true, Some(word)) => (*word).to_owned(),
            _ => n.to_string(),
        };
        // Not a word the number list knows by itself.
        prop_assume!(words.iter().all(|word| !SPELLED.contains(&word.as_str()) && !["dozen", "half", "once", "first", "third", "second", "hundred", "million", "billion", "twice"].contains(&word.as_str())));
        let place = at % (words.len() + 1);
        let sentence = |n: u32| {
            let mut parts = words.clone();
            parts.insert(place, write(n));
            parts.join(" ")
        };
        let (quote, now) = (sentence(old), sentence(new));
        let text = format!("Intro line.\n{now}\nOutro line.\n");
        // "…34" is still there, byte for byte, at the start of "3400": intact, not drifted.
        prop_assume!(!text.contains(quote.as_str()));
        let span = PinnedSpan::new(12, 12 + quote.len());
        let project = project_with_pin(&text, &quote, span, sha256(quote.as_bytes()));
        let findings = claimcheck_engine::check::check(&project);
        // Six words or more around one number: always similar enough to be drifted.
        prop_assert!(findings.iter().any(|finding| finding.code == Code::SpanDrifted), "{:?}", findings);
        for finding in findings {
            if finding.code == Code::SpanDrifted {
                let Some(claimcheck_engine::model::finding::Details::Relocated { changes, .. }) = finding.details.as_deref() else {
                    panic!("a drifted finding has relocation details");
                };
                prop_assert!(changes.iter().any(|change| change.starts_with("number:")), "{:?} → {:?}: {:?}", quote, now, changes);
            }
        }
    }
}
