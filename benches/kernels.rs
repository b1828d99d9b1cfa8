//! `cargo bench --bench kernels`: the inner kernels of `check`, timed by divan on the
//! example product: parsing a claim file (and one of 1,000 pins), decoding it from the
//! cache, normalizing a source, the intact-pin fast path (hash the span, compare the
//! quote), counting a quote's occurrences (one, and 2,000 in a 3 MB article at once
//! and one at a time), the source's skeleton that bounds them without normalizing it
//! (made, and asked of one pin), and relocating a moved and a drifted pin.

use std::sync::Arc;

use claimcheck_engine::anchor::count::Counter;
use claimcheck_engine::anchor::locate::{find_normalized, find_overlapping};
use claimcheck_engine::anchor::normalize::Profile;
use claimcheck_engine::anchor::relocate::{PinToFind, Relocation, SearchableSource, relocate};
use claimcheck_engine::anchor::skeleton::Skeleton;
use claimcheck_engine::hash::sha256;
use claimcheck_engine::load::{parse_claim_file, parse_claim_file_fast, parse_claim_file_in_full};
use claimcheck_engine::model::claim::{Claim, Evidence};
use claimcheck_engine::model::location::in_file;
use divan::counter::BytesCount;
use divan::{Bencher, black_box};

const CLAIM_FILE: &str = "claims/attacks.yaml";
/// A claim file in the layout the fast path reads (attacks.yaml holds a folded block
/// scalar, which the full parser reads).
const PARSED_FILE: &str = "claims/actors.yaml";

/// The binary's allocator (`src/main.rs`): a kernel that allocates is timed as
/// `check` runs it, not as glibc's malloc would run it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn claims() -> Vec<Claim> {
    let (claims, problems) = parse_claim_file(CLAIM_FILE, &read(CLAIM_FILE));
    assert!(problems.is_empty());
    claims
}

/// The first pin of the claim file, and the text of its source.
fn pin_and_source() -> (Evidence, String) {
    let evidence = claims()[0].evidence[0].clone();
    let text = read(&format!("sources/{}.txt", evidence.source));
    (evidence, text)
}

/// The fast path (the file is in the layout it reads: asserted).
#[divan::bench]
fn parse_claim_file_with_spans(bencher: Bencher) {
    let text = read(PARSED_FILE);
    assert!(parse_claim_file_fast(PARSED_FILE, &text).is_some());
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| parse_claim_file(PARSED_FILE, black_box(&text)));
}

/// The same file through the full YAML parser.
#[divan::bench]
fn parse_claim_file_in_full_with_spans(bencher: Bencher) {
    let text = read(PARSED_FILE);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| parse_claim_file_in_full(PARSED_FILE, black_box(&text)));
}

/// A claim file of the product's shape, as `pin` writes it: 1,000 claims of
/// one pin each, quotes of about 100 bytes with curly quotes and an escaped no-break
/// space. The example's files are a few dozen claims; this is the shape whose reading
/// was half of a cold check.
fn thousand_pins() -> String {
    (0..1000)
        .map(|n| {
            format!(
                "- id: claim-{n:06}\n  statement: \"A claim about the article.\"\n  evidence:\n  \
                 - source: source-{:05}\n    quote: \"“minister commander would said\\_would group \
                 strike talks”, the spokesman said {n}.\"\n    span: {}..{}\n    sha256: \
                 cf8d252064cc3e7f5b92ae02fb82592d26c9b3faf5684a8d86d3f7af75b35501\n    \
                 prefix: \" ceasefire minister after 0-14. \"\n    \
                 suffix: \" strike several analysts Iraq pr\"\n",
                n / 25,
                n * 100,
                n * 100 + 97
            )
        })
        .collect()
}

/// The fast path on a file of 1,000 pins.
#[divan::bench]
fn parse_claim_file_of_a_thousand_pins(bencher: Bencher) {
    let text = thousand_pins();
    let (claims, problems) = parse_claim_file_fast("claims/c.yaml", &text).unwrap();
    assert!(claims.len() == 1000 && problems.is_empty());
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| parse_claim_file("claims/c.yaml", black_box(&text)));
}

#[divan::bench]
fn decode_claim_file_from_cache(bencher: Bencher) {
    let path: Arc<str> = Arc::from(CLAIM_FILE);
    let bytes = in_file(&path, || postcard::to_allocvec(&claims()).unwrap());
    bencher.counter(BytesCount::new(bytes.len())).bench(|| {
        in_file(&path, || {
            postcard::from_bytes::<Vec<Claim>>(black_box(&bytes)).unwrap()
        })
    });
}

#[divan::bench]
fn normalize_source(bencher: Bencher) {
    let (_, text) = pin_and_source();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| Profile::Typing.normalize(black_box(&text)));
}

#[divan::bench]
fn intact_pin(bencher: Bencher) {
    let (evidence, text) = pin_and_source();
    bencher.bench(|| {
        let pinned = &black_box(&text)[evidence.span.range()];
        sha256(pinned.as_bytes()) == evidence.sha256
            && (evidence.quote == pinned
                || Profile::Typing.normalize_quote(&evidence.quote)
                    == Profile::Typing.normalize_quote(pinned))
    });
}

#[divan::bench]
fn quote_occurrences(bencher: Bencher) {
    let (evidence, text) = pin_and_source();
    let normalized = Profile::Typing.normalize(&text);
    let pinned = &text[evidence.span.range()];
    bencher.bench(|| find_normalized(black_box(&normalized), pinned).len());
}

/// What replaces `normalize_source` for a source whose intact pins' letters occur once.
#[divan::bench]
fn skeleton_of_source(bencher: Bencher) {
    let (_, text) = pin_and_source();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| Skeleton::of(black_box(&text), Profile::Typing).is_some());
}

/// What replaces `quote_occurrences` for such a pin (asserted to be one).
#[divan::bench]
fn quote_at_most_once_by_skeleton(bencher: Bencher) {
    let (evidence, text) = pin_and_source();
    let skeleton = Skeleton::of(&text, Profile::Typing).expect("the example's sources have one");
    assert!(skeleton.at_most_once(evidence.span.range()));
    bencher.bench(|| skeleton.at_most_once(black_box(evidence.span.range())));
}

/// A normalized article of about 3 MB, sentences of the example's words in a random
/// order, and 2,000 of its sentences, normalized: what `check` counts for a large
/// source with many intact pins.
fn large_article_and_quotes() -> (String, Vec<String>) {
    let texts: Vec<String> =
        std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sources"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
            .map(|path| std::fs::read_to_string(path).unwrap())
            .collect();
    let words: Vec<&str> = texts
        .iter()
        .flat_map(|text| text.split_whitespace())
        .collect();
    let mut state = 2026u64;
    let mut below = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n
    };
    let mut sentences = Vec::new();
    let mut len = 0;
    while len < 3_000_000 {
        let count = 8 + below(23);
        let sentence: Vec<&str> = (0..count).map(|_| words[below(words.len())]).collect();
        let sentence = format!("{}.", sentence.join(" "));
        len += sentence.len() + 1;
        sentences.push(sentence);
    }
    let quotes = (0..2_000)
        .map(|_| Profile::Typing.normalize_quote(&sentences[below(sentences.len())]))
        .collect();
    (
        Profile::Typing.normalize(&sentences.join("\n")).text,
        quotes,
    )
}

#[divan::bench(sample_count = 20)]
fn count_quotes_of_a_large_source(bencher: Bencher) {
    let (article, quotes) = large_article_and_quotes();
    let needles: Vec<&str> = quotes.iter().map(String::as_str).collect();
    let counter = || Counter::new(article.len());
    assert!(
        counter()
            .count_each(&article, &needles)
            .iter()
            .all(|&count| count == 1)
    );
    bencher
        .counter(BytesCount::of_str(&article))
        .bench(|| counter().count_each(black_box(&article), &needles));
}

/// The same, a quote at a time: what counting cost before `count_each`.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn count_quotes_of_a_large_source_one_at_a_time(bencher: Bencher) {
    let (article, quotes) = large_article_and_quotes();
    count_one_at_a_time(bencher, &article, &quotes);
}

/// Every occurrence of each of `quotes` found and counted, one quote after another.
fn count_one_at_a_time(bencher: Bencher, text: &str, quotes: &[String]) {
    bencher.counter(BytesCount::of_str(text)).bench(|| {
        quotes
            .iter()
            .map(|quote| find_overlapping(black_box(text), quote).count())
            .sum::<usize>()
    });
}

/// What a pull request can commit: a 1 MB source of one letter, and 500 quotes of 40
/// to 80 of it, each occurring about a million times, overlapping. Counted through
/// the suffix table once searching one at a time has read the source 32 times.
fn one_letter_and_its_quotes() -> (String, Vec<String>) {
    let text = "a".repeat(1_000_000);
    let quotes = (0..500).map(|at| "a".repeat(40 + at % 41)).collect();
    (text, quotes)
}

#[divan::bench(sample_count = 5)]
fn count_quotes_of_one_repeated_letter(bencher: Bencher) {
    let (text, quotes) = one_letter_and_its_quotes();
    let needles: Vec<&str> = quotes.iter().map(String::as_str).collect();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| Counter::new(text.len()).count_each(black_box(&text), &needles));
}

/// The same, each quote's occurrences found and counted: what counting cost before
/// the suffix table.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn count_quotes_of_one_repeated_letter_one_at_a_time(bencher: Bencher) {
    let (text, quotes) = one_letter_and_its_quotes();
    count_one_at_a_time(bencher, &text, &quotes);
}

#[divan::bench]
fn relocate_moved_pin(bencher: Bencher) {
    let (evidence, text) = pin_and_source();
    let moved = format!("A paragraph added on re-capture.\n\n{text}");
    let source = SearchableSource::new(&moved, Profile::Typing);
    let pin = PinToFind::from(&evidence);
    assert!(matches!(
        relocate(&source, &pin, 0.8),
        Relocation::Moved { .. }
    ));
    bencher.bench_local(|| relocate(black_box(&source), &pin, 0.8));
}

#[divan::bench]
fn relocate_drifted_pin(bencher: Bencher) {
    let (evidence, text) = pin_and_source();
    let pinned = &text[evidence.span.range()];
    let word = pinned.split(' ').nth(3).unwrap();
    let edited = pinned.replacen(word, "XXXX", 1);
    let drifted = text.replacen(pinned, &edited, 1);
    let source = SearchableSource::new(&drifted, Profile::Typing);
    let pin = PinToFind::from(&evidence);
    assert!(matches!(
        relocate(&source, &pin, 0.8),
        Relocation::Drifted { .. }
    ));
    bencher.bench_local(|| relocate(black_box(&source), &pin, 0.8));
}
