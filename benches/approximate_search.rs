//! `cargo bench --bench approximate_search`: median time of the approximate (drift)
//! search for quotes of 50, 500 and 2,000 characters with about 4% edits, in a 3 MB
//! source made of the example articles' words in random order. Comparable with the figures for `bio` and
//! `sassy` in ../shared/DEPENDENCIES.md (same sizes, k = 10% of the quote).

use std::time::Instant;

use claimcheck_engine::anchor::approximate::find_approximate;

fn main() {
    let sources = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sources");
    // Words of the articles in a deterministic random order: article-like text with no
    // near-duplicate passages, so the planted quote has one true match.
    let mut words: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&sources).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "txt") {
            words.extend(
                std::fs::read_to_string(path)
                    .unwrap()
                    .split_whitespace()
                    .map(str::to_owned),
            );
        }
    }
    words.sort();
    let mut state = 2026u64;
    let mut corpus = String::new();
    while corpus.len() < 3_000_000 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        corpus.push_str(&words[(state >> 33) as usize % words.len()]);
        corpus.push(if (state >> 20).is_multiple_of(12) {
            '\n'
        } else {
            ' '
        });
    }
    let text: Vec<char> = corpus.chars().collect();
    println!(
        "source: {} MB, {} characters",
        corpus.len() / 1_000_000,
        text.len()
    );
    println!("| quote | k | median | matches |\n|---:|---:|---:|---:|");
    for length in [50, 500, 2000] {
        let start = text.len() / 2;
        let quote: Vec<char> = text[start..start + length].to_vec();
        let mut edited = quote.clone();
        for i in (0..length).step_by(25) {
            edited[i] = '#';
        }
        let k = length / 10;
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..7 {
            let started = Instant::now();
            found = find_approximate(&edited, &text, k).map_or(0, |found| found.len());
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "| {length} | {k} | {:.1} ms | {found} |",
            times[3].as_secs_f64() * 1000.0
        );
    }
}
