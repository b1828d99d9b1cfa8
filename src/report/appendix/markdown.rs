//! The appendix as Markdown. Text from sources and claims is escaped, so a quote with
//! `*`, `|`, `<` or backticks reads as written.

use super::{Appendix, AppendixSource, SHORT_HASH, lines, long_date, unverified_label};
use crate::report::markdown::escape_cell as escape;

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
            .map(|number| format!("[{number}]"))
            .collect();
        out.push_str(&format!(
            "- **{}**: {} {}\n",
            escape(&entry.claim.id),
            escape(&entry.claim.statement),
            if notes.is_empty() {
                "(no sources)".to_owned()
            } else {
                notes.join("")
            }
        ));
    }
    out
}
