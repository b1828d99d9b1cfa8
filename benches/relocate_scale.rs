//! `cargo bench --bench relocate_scale`: re-anchoring 1,000 drifted pins in one 20 MB
//! source, on every core, through the gram index (seed-and-extend), beside the
//! whole-text search that every pin did before (timed on a sample of pins in the same
//! run), with the peak memory against the source's size and whether every pin landed
//! where its edited text is.
//!
//! The source is the words of 181 real web articles (the extraction benchmark's) in a
//! deterministic random order: English's letters and words, no repeated passages. Each pin's passage is
//! edited in one to three words (2–15% of the quote), as re-captured articles are.
//! `-- --cyrillic` writes every word in Cyrillic letters instead (one for each Latin
//! letter): the same text, nearly every character two bytes and outside ASCII.

use std::time::Instant;

use claimcheck_engine::anchor::normalize::Profile;
use claimcheck_engine::anchor::relocate::{PinToFind, Relocation, SearchableSource, relocate};
use claimcheck_engine::hash::sha256;
use claimcheck_engine::model::pinned_span::PinnedSpan;
use claimcheck_test_support::corpus::Lcg;
use claimcheck_test_support::extraction::article_words;
use rayon::prelude::*;

const SOURCE_BYTES: usize = 20_000_000;
const PINS: usize = 1_000;
const SAMPLE_OF_WHOLE_TEXT_SEARCH: usize = 10;

/// Peak resident memory of this process so far, in MB.
fn peak_memory_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The pinned passages (spans of the original) and the source with each one edited.
struct Drifted {
    original: String,
    edited: String,
    pins: Vec<(PinnedSpan, String)>,
    /// Where each edited passage now is, in `edited`.
    truth: Vec<PinnedSpan>,
}

/// `word` with each Latin letter written as a Cyrillic one.
fn in_cyrillic(word: &str) -> String {
    const LOWER: [char; 26] = [
        'а', 'б', 'ц', 'д', 'е', 'ф', 'г', 'х', 'и', 'й', 'к', 'л', 'м', 'н', 'о', 'п', 'я', 'р',
        'с', 'т', 'у', 'в', 'ш', 'ж', 'ы', 'з',
    ];
    word.chars()
        .map(|c| match c {
            'a'..='z' => LOWER[c as usize - 'a' as usize],
            'A'..='Z' => LOWER[c as usize - 'A' as usize]
                .to_uppercase()
                .next()
                .expect("an upper case"),
            c => c,
        })
        .collect()
}

fn drifted_source(rng: &mut Lcg, cyrillic: bool) -> Drifted {
    let script = |word: &str| {
        if cyrillic {
            in_cyrillic(word)
        } else {
            word.to_owned()
        }
    };
    let words: Vec<String> = article_words().iter().map(|word| script(word)).collect();
    let edits = [script("changed"), script("Sunday")];
    let mut original = String::with_capacity(SOURCE_BYTES + 100);
    let mut word_starts = Vec::new();
    while original.len() < SOURCE_BYTES {
        word_starts.push(original.len());
        original.push_str(&words[rng.below(words.len())]);
        original.push(if rng.below(14) == 0 { '\n' } else { ' ' });
    }
    // Pins spread evenly, 8 to 40 words each, never overlapping.
    let stride = word_starts.len() / PINS;
    let mut pins = Vec::new();
    let mut edited = String::with_capacity(original.len());
    let mut truth = Vec::new();
    let mut copied = 0;
    for pin in 0..PINS {
        let first = pin * stride + rng.below(stride / 4);
        let count = 8 + rng.below(33);
        let start = word_starts[first];
        let end = word_starts[first + count] - 1;
        let quote = original[start..end].to_owned();
        let mut quote_words: Vec<&str> = quote.split(' ').collect();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(quote_words.len());
            quote_words[at] = &edits[rng.below(2)];
        }
        let changed = quote_words.join(" ");
        edited.push_str(&original[copied..start]);
        truth.push(PinnedSpan::new(edited.len(), edited.len() + changed.len()));
        edited.push_str(&changed);
        copied = end;
        pins.push((PinnedSpan::new(start, end), quote));
    }
    edited.push_str(&original[copied..]);
    Drifted {
        original,
        edited,
        pins,
        truth,
    }
}

fn relocate_all(source: &SearchableSource, drifted: &Drifted, pins: &[usize]) -> Vec<Relocation> {
    let contexts: Vec<([u8; 32], &str, &str)> = pins
        .iter()
        .map(|&pin| {
            let (span, quote) = &drifted.pins[pin];
            let (prefix, suffix) =
                claimcheck_engine::anchor::relocate::context_around(&drifted.original, *span);
            (sha256(quote.as_bytes()), prefix, suffix)
        })
        .collect();
    pins.par_iter()
        .zip(contexts.par_iter())
        .map(|(&pin, (sha256, prefix, suffix))| {
            let (span, quote) = &drifted.pins[pin];
            let to_find = PinToFind {
                quote,
                sha256: *sha256,
                span: *span,
                prefix: Some(prefix),
                suffix: Some(suffix),
            };
            relocate(source, &to_find, 0.8)
        })
        .collect()
}

fn main() {
    let mut rng = Lcg::new(2026);
    let cyrillic = std::env::args().any(|arg| arg == "--cyrillic");
    let drifted = drifted_source(&mut rng, cyrillic);
    let before = peak_memory_mb();
    let all: Vec<usize> = (0..PINS).collect();

    let mut runs = Vec::new();
    let mut outcomes = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let source = SearchableSource::new(&drifted.edited, Profile::Typing);
        outcomes = relocate_all(&source, &drifted, &all);
        runs.push(started.elapsed().as_secs_f64());
    }
    runs.sort_by(f64::total_cmp);
    let peak = peak_memory_mb();
    let (mut right, mut clipped, mut wrong, mut refused) = (0, 0, 0, 0);
    for (outcome, truth) in outcomes.iter().zip(&drifted.truth) {
        match outcome {
            Relocation::Drifted { found, .. } if found == truth => right += 1,
            Relocation::Drifted { found, .. }
                if found.start < truth.end && truth.start < found.end =>
            {
                if clipped < 3 {
                    println!(
                        "part: found {:?}\n      truth {:?}",
                        &drifted.edited[found.range()],
                        &drifted.edited[truth.range()]
                    );
                }
                clipped += 1
            }
            Relocation::Drifted { .. }
            | Relocation::Moved { .. }
            | Relocation::Normalized { .. } => wrong += 1,
            _ => refused += 1,
        }
    }

    // The whole-text search every pin did before, on a sample, in the same run.
    let sample: Vec<usize> = (0..SAMPLE_OF_WHOLE_TEXT_SEARCH)
        .map(|i| i * PINS / SAMPLE_OF_WHOLE_TEXT_SEARCH)
        .collect();
    let whole = SearchableSource::indexed_from(&drifted.edited, Profile::Typing, usize::MAX);
    let started = Instant::now();
    let whole_outcomes = relocate_all(&whole, &drifted, &sample);
    let per_pin_whole = started.elapsed().as_secs_f64() / sample.len() as f64;
    let same = sample
        .iter()
        .zip(&whole_outcomes)
        .filter(|(pin, outcome)| &outcomes[**pin] == *outcome)
        .count();

    let source_mb = drifted.edited.len() as f64 / 1e6;
    println!(
        "source: {source_mb:.1} MB{}, {PINS} drifted pins, {} cores",
        if cyrillic { " in Cyrillic letters" } else { "" },
        rayon::current_num_threads()
    );
    println!("| search | 1,000 pins (median of 3) | per pin |\n|---|---:|---:|");
    println!(
        "| gram index, seed-and-extend (index built in the run) | {:.2} s | {:.2} ms |",
        runs[1],
        runs[1] * 1000.0 / PINS as f64
    );
    println!(
        "| whole-text search ({SAMPLE_OF_WHOLE_TEXT_SEARCH} pins timed, ×{}) | {:.1} s | {:.1} ms |",
        PINS / SAMPLE_OF_WHOLE_TEXT_SEARCH,
        per_pin_whole * PINS as f64,
        per_pin_whole * 1000.0
    );
    println!(
        "speedup: {:.0}×; the sampled pins decided alike by both: {same} of {}",
        per_pin_whole * PINS as f64 / runs[1],
        sample.len()
    );
    println!(
        "peak memory: {peak:.0} MB ({before:.0} MB before searching; {:.1}× the source in the search)",
        (peak - before) / source_mb
    );
    println!(
        "re-anchored on the edited text: {right}; on part of it or more: {clipped}; elsewhere: {wrong}; refused: {refused}"
    );
}
