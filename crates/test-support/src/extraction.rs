//! The extraction benchmark's metric (see README.md here): per page, both texts cut
//! into `\w+` tokens, then shingles of four tokens counted as multisets; precision and
//! recall are means over pages, F1 their harmonic mean.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

pub struct Page {
    pub id: String,
    pub html: Vec<u8>,
    pub truth: String,
}

/// The words of the 181 pages' human-marked article bodies, in page id order (real
/// text on many subjects: a vocabulary of tens of thousands of words), without reading
/// the pages themselves.
pub fn article_words() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches/extraction");
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("ground-truth.json")).unwrap()).unwrap();
    let mut pages: Vec<(&String, &serde_json::Value)> = truth.as_object().unwrap().iter().collect();
    pages.sort_by_key(|(id, _)| *id);
    pages
        .iter()
        .filter_map(|(_, page)| page["articleBody"].as_str())
        .flat_map(|body| body.split_whitespace().map(str::to_owned))
        .collect()
}

/// The 181 pages with their human-marked article bodies, in id order.
pub fn pages() -> Vec<Page> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches/extraction");
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("ground-truth.json")).unwrap()).unwrap();
    let mut pages: Vec<Page> = truth
        .as_object()
        .unwrap()
        .iter()
        .map(|(id, entry)| {
            let gz = std::fs::read(dir.join("html").join(format!("{id}.html.gz"))).unwrap();
            let mut html = Vec::new();
            flate2::read::GzDecoder::new(gz.as_slice())
                .read_to_end(&mut html)
                .unwrap();
            Page {
                id: id.clone(),
                html,
                truth: entry["articleBody"].as_str().unwrap().to_owned(),
            }
        })
        .collect();
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    pages
}

/// Python's `\w` in Unicode mode: letters, digits (`str.isalnum`) and `_`.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|token| !token.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens = tokens(text);
    let mut counts = HashMap::new();
    if tokens.len() < 4 {
        if !tokens.is_empty() {
            *counts.entry(tokens).or_insert(0) += 1;
        }
        return counts;
    }
    for window in tokens.windows(4) {
        *counts.entry(window.to_vec()).or_insert(0) += 1;
    }
    counts
}

#[derive(Debug, Clone, Copy)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
}

impl Score {
    pub fn f1(&self) -> f64 {
        2.0 * self.precision * self.recall / (self.precision + self.recall)
    }
}

/// The benchmark's score of `predicted` (one text per page, in the order of `pages`).
pub fn score(pages: &[Page], predicted: &[String]) -> Score {
    let (mut precisions, mut recalls) = (Vec::new(), Vec::new());
    for (page, predicted) in pages.iter().zip(predicted) {
        let (ours, truth) = (shingles(predicted), shingles(&page.truth));
        let shared: usize = ours
            .iter()
            .map(|(k, n)| (*n).min(*truth.get(k).unwrap_or(&0)))
            .sum();
        let ours_total: usize = ours.values().sum();
        let truth_total: usize = truth.values().sum();
        if ours_total == 0 && truth_total == 0 {
            precisions.push(1.0);
            recalls.push(1.0);
            continue;
        }
        if ours_total > 0 {
            precisions.push(shared as f64 / ours_total as f64);
        }
        if truth_total > 0 {
            recalls.push(shared as f64 / truth_total as f64);
        }
    }
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len() as f64;
    Score {
        precision: mean(&precisions),
        recall: mean(&recalls),
    }
}

/// claimcheck's article text of every page: the body lines `add` writes, without the
/// title line (the benchmark's truth has no title, as for the published extractors).
pub fn extract_all(pages: &[Page]) -> Vec<String> {
    pages
        .iter()
        .map(|page| {
            claimcheck_engine::capture::html::extract(
                &page.html,
                None,
                claimcheck_engine::capture::Extraction::MainText,
            )
            .map(|extracted| extracted.body.join("\n"))
            .unwrap_or_default()
        })
        .collect()
}
