//! The sourcing summary section of the appendix (ICD 206): sources by grade and type,
//! claims by confidence, the key judgements with their support trees, and the claims
//! resting on one origin or on a retracted source. Markdown and HTML render the same
//! lines; all text is escaped by the format's own escaper.

use std::collections::BTreeMap;

use super::Appendix;
use crate::report::support_tree::{self, TreeLine};
use claimcheck_engine::analyze::basis::SupportNode;
use claimcheck_engine::analyze::sourcing::SourcingSummary;

/// `B 3, C 1, F 1`.
fn counts(counts: &BTreeMap<String, usize>) -> String {
    if counts.is_empty() {
        return "none".into();
    }
    counts
        .iter()
        .map(|(key, count)| format!("{key} {count}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The summary's plain lines, before the judgements: each a sentence of text.
pub fn overview(summary: &SourcingSummary) -> Vec<String> {
    let sources: usize = summary.sources_by_grade.values().sum();
    let claims: usize = summary.claims_by_confidence.values().sum();
    let mut lines = vec![
        format!(
            "Sources cited: {sources}; by reliability grade: {}; by type: {}",
            counts(&summary.sources_by_grade),
            counts(&summary.sources_by_type)
        ),
        format!(
            "Claims: {claims}; by confidence: {}",
            counts(&summary.claims_by_confidence)
        ),
        format!(
            "Claims resting on a single origin: {}",
            list_or_none(&summary.single_origin)
        ),
    ];
    let retracted: Vec<String> = summary
        .retracted
        .iter()
        .map(|dependency| {
            format!(
                "{} ({}; {})",
                dependency.claim,
                dependency.path.join(" → "),
                if dependency.stands {
                    "still stands on other support"
                } else {
                    "nothing else supports it"
                }
            )
        })
        .collect();
    lines.push(format!(
        "Claims depending on a retracted source: {}",
        list_or_none(&retracted)
    ));
    lines
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        format!("{} ({})", items.len(), items.join(", "))
    }
}

/// The lines of a judgement's support tree, each quote with the number of its source
/// in the appendix.
pub fn tree_lines(appendix: &Appendix, node: &SupportNode) -> Vec<(TreeLine, Option<usize>)> {
    let numbers: BTreeMap<&str, usize> = appendix
        .sources
        .iter()
        .map(|entry| (entry.source.id.as_str(), entry.number))
        .collect();
    support_tree::lines(node)
        .into_iter()
        .map(|line| {
            let note = line
                .source
                .as_deref()
                .and_then(|source| numbers.get(source).copied());
            (line, note)
        })
        .collect()
}
