//! claimcheck's PDF text beside `pdftotext`'s: agreement of the two (F1 of their bags of
//! words, and of their shingles of four words, which only agree where the order does),
//! and, where a PDF has its text beside it (`x.pdf` and `x.txt`, the truth in reading
//! order), each one's accuracy against that truth.

use std::collections::HashMap;
use std::path::Path;

pub struct Agreement {
    /// F1 of the words, ignoring order.
    pub words: f64,
    /// F1 of four-word shingles: reading order.
    pub order: f64,
    /// Against the truth, when there is one: (words, order) of ours and of pdftotext.
    pub ours_vs_truth: Option<(f64, f64)>,
    pub poppler_vs_truth: Option<(f64, f64)>,
    pub ours_seconds: f64,
    pub poppler_seconds: f64,
}

pub fn compare(path: &Path) -> Result<Agreement, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let start = std::time::Instant::now();
    let ours = claimcheck_engine::capture::pdf::extract(&bytes)
        .map_err(|e| e.to_string())?
        .text;
    let ours_seconds = start.elapsed().as_secs_f64();
    let start = std::time::Instant::now();
    let output = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| e.to_string())?;
    let poppler_seconds = start.elapsed().as_secs_f64();
    let theirs = String::from_utf8_lossy(&output.stdout).into_owned();
    let (ours, theirs) = (words(&ours), words(&theirs));
    let truth = std::fs::read_to_string(path.with_extension("txt"))
        .ok()
        .map(|text| words(&text));
    let against = |text: &[String]| truth.as_ref().map(|truth| both(text, truth));
    let (words_f1, order) = both(&ours, &theirs);
    Ok(Agreement {
        words: words_f1,
        order,
        ours_vs_truth: against(&ours),
        poppler_vs_truth: against(&theirs),
        ours_seconds,
        poppler_seconds,
    })
}

/// (words, order) F1 of `a` against `b`.
fn both(a: &[String], b: &[String]) -> (f64, f64) {
    (
        f1(&counts(a, 1), &counts(b, 1)),
        f1(&counts(a, 4), &counts(b, 4)),
    )
}

/// Words as letters and digits, so that typography (quotes, dashes) and page-break
/// characters do not count as disagreement.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn counts(words: &[String], n: usize) -> HashMap<&[String], usize> {
    let mut counts = HashMap::new();
    for window in words.windows(n) {
        *counts.entry(window).or_insert(0) += 1;
    }
    counts
}

fn f1(ours: &HashMap<&[String], usize>, theirs: &HashMap<&[String], usize>) -> f64 {
    let shared: usize = ours
        .iter()
        .map(|(k, n)| (*n).min(*theirs.get(k).unwrap_or(&0)))
        .sum();
    let (a, b): (usize, usize) = (ours.values().sum(), theirs.values().sum());
    if a + b == 0 {
        return 1.0;
    }
    2.0 * shared as f64 / (a + b) as f64
}
