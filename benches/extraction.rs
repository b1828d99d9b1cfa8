//! `cargo bench --bench extraction`: article-text extraction on the 181 pages of
//! `benches/extraction/` (F1, precision, recall, pages per second), beside
//! trafilatura run on the same pages in the same run (when `python3 -c 'import
//! trafilatura'` works) and beside dom_smoothie's own text (the readability step
//! claimcheck builds on).

use claimcheck_test_support::extraction as score;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

const RUNS: usize = 5;

fn main() {
    let pages = score::pages();
    let mut rows = Vec::new();
    let (texts, seconds) = timed(|| score::extract_all(&pages));
    rows.push((
        "claimcheck add (main text)".to_owned(),
        score::score(&pages, &texts),
        seconds,
    ));
    let (texts, seconds) = timed(|| pages.iter().map(readability_text).collect());
    rows.push((
        "dom_smoothie 0.19 text (readability alone)".to_owned(),
        score::score(&pages, &texts),
        seconds,
    ));
    match trafilatura(&pages) {
        Some((version, texts, seconds)) => rows.push((
            format!("trafilatura {version} (Python)"),
            score::score(&pages, &texts),
            seconds,
        )),
        None => println!(
            "trafilatura not measured: `pip install trafilatura` to compare in the same run"
        ),
    }
    println!("| extractor | F1 | precision | recall | pages/s |");
    println!("|---|---:|---:|---:|---:|");
    for (name, result, seconds) in &rows {
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | {:.0} |",
            result.f1(),
            result.precision,
            result.recall,
            pages.len() as f64 / seconds
        );
    }
}

/// The texts of one run and the median seconds over `RUNS` runs.
fn timed(extract: impl Fn() -> Vec<String>) -> (Vec<String>, f64) {
    let mut seconds = Vec::new();
    let mut texts = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        texts = extract();
        seconds.push(start.elapsed().as_secs_f64());
    }
    seconds.sort_by(f64::total_cmp);
    (texts, seconds[RUNS / 2])
}

fn readability_text(page: &score::Page) -> String {
    let html = String::from_utf8_lossy(&page.html);
    dom_smoothie::Readability::new(html.as_ref(), None, None)
        .ok()
        .and_then(|mut readability| readability.parse().ok())
        .map(|article| article.text_content.to_string())
        .unwrap_or_default()
}

/// trafilatura's texts, version and seconds (one run: it is the slow side).
fn trafilatura(pages: &[score::Page]) -> Option<(String, Vec<String>, f64)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/extraction");
    let mut child = Command::new("python3")
        .arg(dir.join("trafilatura_run.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let paths: String = pages
        .iter()
        .map(|page| {
            format!(
                "{}\n",
                dir.join("html")
                    .join(format!("{}.html.gz", page.id))
                    .display()
            )
        })
        .collect();
    child.stdin.take()?.write_all(paths.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    if !output.status.success() {
        return None;
    }
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
    let texts = result["texts"]
        .as_array()?
        .iter()
        .map(|t| t.as_str().unwrap_or("").to_owned())
        .collect();
    Some((
        result["version"].as_str()?.to_owned(),
        texts,
        result["seconds"].as_f64()?,
    ))
}
