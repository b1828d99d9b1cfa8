//! The appendix as Markdown. Text from sources and claims is escaped, so a quote with
//! `*`, `|`, `<` or backticks reads as written.

use super::{Appendix, AppendixSource, SHORT_HASH, lines, long_date, unverified_label};
use crate::report::escape::markdown_cell as escape;

/// What is known of a source, in one line; what is missing is said, never invented.
pub fn describe(entry: &AppendixSource) -> Vec<String> {
    let metadata = entry.source.metadata.as_ref();
    let mut parts = Vec::new();
    if let Some(authors) = metadata
        .map(|m| authors_in_words(&m.authors))
        .filter(|a| !a.is_empty())
    {
        parts.push(authors);
    }
    parts.extend([
        metadata
            .and_then(|m| m.publisher.as_deref())
            .map_or("Publisher not recorded".into(), str::to_owned),
        metadata.and_then(|m| m.title.as_deref()).map_or_else(
            || format!("Untitled ({})", entry.source.id),
            |title| format!("“{title}”"),
        ),
        metadata
            .and_then(|m| m.published.as_deref())
            .map_or("Date not recorded".into(), long_date),
    ]);
    if let Some(origin) = metadata.and_then(|m| m.origin.as_deref()) {
        parts.push(format!("Wire copy: {origin}"));
    }
    parts.push(match metadata.and_then(|m| m.reliability) {
        Some(grade) => format!("Reliability: {grade}"),
        None => "Reliability not graded".into(),
    });
    if let Some(status) = metadata.and_then(|m| m.status.as_ref()) {
        let notice = status
            .notice
            .as_deref()
            .map(|url| format!(" (notice: {url})"))
            .unwrap_or_default();
        parts.push(format!(
            "{} on {}: {}{notice}",
            status.kind.name().to_uppercase(),
            long_date(&status.date),
            status.reason.trim_end_matches('.')
        ));
    }
    parts.push(match metadata.and_then(|m| m.url.as_deref()) {
        Some(url) => format!("URL: {url}"),
        None => "URL not recorded".into(),
    });
    parts.push(match metadata.and_then(|m| m.retrieved.as_deref()) {
        Some(date) => format!("retrieved {}", long_date(date)),
        None => "Retrieval date not recorded".into(),
    });
    if let Some(provenance) = metadata.and_then(|m| m.provenance.as_ref()) {
        parts.push(format!(
            "Original kept as {} (SHA-256 {})",
            provenance.original,
            &provenance.recorded.hex[..SHORT_HASH]
        ));
    }
    parts
}

/// `A`, `A and B`, `A, B and C`.
pub fn authors_in_words(authors: &[String]) -> String {
    match authors {
        [] => String::new(),
        [one] => one.clone(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
    }
}

pub fn render(appendix: &Appendix) -> String {
    let mut out = String::from("# Source appendix\n\n## Sources\n\n");
    for entry in &appendix.sources {
        let described: Vec<String> = describe(entry).iter().map(|part| escape(part)).collect();
        out.push_str(&format!(
            "{}. {}. File `{}`, SHA-256 `{}`.\n",
            entry.number,
            described.join(". "),
            entry.source.path,
            &entry.sha256[..SHORT_HASH]
        ));
        for passage in &entry.passages {
            let label = unverified_label(passage)
                .map(|label| format!("**{}** ", escape(&label)))
                .unwrap_or_default();
            out.push_str(&format!(
                "   - {label}{}: “{}” — {}\n",
                lines(passage),
                escape(passage.text.trim()),
                escape(&passage.claims.join(", "))
            ));
        }
    }
    out.push_str("\n## Claims\n\n");
    for entry in &appendix.claims {
        let notes: Vec<String> = entry
            .notes
            .iter()
            .map(|number| match entry.ratings.get(number) {
                Some(rating) => format!("[{number}: {rating}]"),
                None => format!("[{number}]"),
            })
            .collect();
        let notes = match (notes.is_empty(), entry.claim.based_on.is_empty()) {
            (false, _) => notes.join(""),
            (true, false) => String::new(),
            (true, true) => "(no sources)".to_owned(),
        };
        let tail: Vec<String> = [notes, based_on(entry.claim)]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect();
        out.push_str(&format!(
            "- **{}**{}: {} {}\n",
            escape(&entry.claim.id),
            confidence(entry.claim),
            escape(&entry.claim.statement),
            tail.join(" ")
        ));
    }
    out.push_str(&sourcing(appendix));
    out
}

/// ` (moderate confidence)`, or nothing when none is stated.
pub fn confidence(claim: &claimcheck_engine::model::claim::Claim) -> String {
    claim
        .confidence
        .as_ref()
        .map(|stated| format!(" ({} confidence)", stated.level))
        .unwrap_or_default()
}

/// `— rests on: a, b`, or nothing for a claim that rests on no other.
fn based_on(claim: &claimcheck_engine::model::claim::Claim) -> String {
    if claim.based_on.is_empty() {
        return String::new();
    }
    let ids: Vec<String> = claim
        .based_on
        .iter()
        .map(|basis| escape(&basis.claim))
        .collect();
    format!("— rests on: {}", ids.join(", "))
}

/// The sourcing summary section.
fn sourcing(appendix: &Appendix) -> String {
    let mut out = String::from("\n## Sourcing summary\n\n");
    for line in super::sourcing::overview(&appendix.sourcing) {
        out.push_str(&format!("- {}\n", escape(&line)));
    }
    if !appendix.sourcing.judgements.is_empty() {
        out.push_str("\n### Key judgements and what they rest on\n\n");
    }
    for judgement in &appendix.sourcing.judgements {
        for (line, note) in super::sourcing::tree_lines(appendix, judgement) {
            let note = note.map(|n| format!(" [{n}]")).unwrap_or_default();
            out.push_str(&format!(
                "{}- {}{note}\n",
                "  ".repeat(line.depth),
                escape(&line.text)
            ));
        }
    }
    out
}
