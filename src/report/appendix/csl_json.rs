//! The appendix's sources as CSL-JSON, the bibliography format of Zotero, pandoc's
//! citeproc and other citation tools. Dates are `date-parts` with the precision written.

use serde_json::{Value, json};

use super::{Appendix, SHORT_HASH, date_parts};
use claimcheck_engine::model::source::SourceKind;

pub fn render(appendix: &Appendix) -> serde_json::Result<String> {
    let items: Vec<Value> = appendix
        .sources
        .iter()
        .map(|entry| {
            let source = entry.source;
            let metadata = source.metadata.as_ref();
            let mut item = serde_json::Map::new();
            item.insert("id".into(), json!(source.id));
            item.insert(
                "type".into(),
                json!(csl_type(metadata.and_then(|m| m.kind))),
            );
            let authors: Vec<Value> = metadata
                .map(|m| m.authors.iter().map(|name| csl_name(name)).collect())
                .unwrap_or_default();
            if !authors.is_empty() {
                item.insert("author".into(), Value::Array(authors));
            }
            item.insert(
                "title".into(),
                json!(
                    metadata
                        .and_then(|m| m.title.clone())
                        .unwrap_or_else(|| source.id.clone())
                ),
            );
            if let Some(publisher) = metadata.and_then(|m| m.publisher.as_ref()) {
                item.insert("container-title".into(), json!(publisher));
                item.insert("publisher".into(), json!(publisher));
            }
            if let Some(published) = metadata.and_then(|m| m.published.as_ref()) {
                item.insert(
                    "issued".into(),
                    json!({ "date-parts": [date_parts(published)] }),
                );
            }
            if let Some(retrieved) = metadata.and_then(|m| m.retrieved.as_ref()) {
                item.insert(
                    "accessed".into(),
                    json!({ "date-parts": [date_parts(retrieved)] }),
                );
            }
            if let Some(url) = metadata.and_then(|m| m.url.as_ref()) {
                item.insert("URL".into(), json!(url));
            }
            if let Some(language) = metadata.and_then(|m| m.language.as_ref()) {
                item.insert("language".into(), json!(language));
            }
            let mut note = Vec::new();
            if let Some(origin) = metadata.and_then(|m| m.origin.as_ref()) {
                note.push(format!("Wire copy: {origin}"));
            }
            if let Some(grade) = metadata.and_then(|m| m.reliability) {
                note.push(format!("Reliability: {grade}"));
            }
            note.push(format!("SHA-256: {}", &entry.sha256[..SHORT_HASH]));
            item.insert("note".into(), json!(note.join(". ")));
            Value::Object(item)
        })
        .collect();
    Ok(serde_json::to_string_pretty(&items)? + "\n")
}

/// The CSL type of a source type (news articles when the metadata names none, as the
/// example's sources are).
fn csl_type(kind: Option<SourceKind>) -> &'static str {
    match kind {
        None | Some(SourceKind::Article) => "article-newspaper",
        Some(SourceKind::Report) => "report",
        Some(SourceKind::WebPage) => "webpage",
        Some(SourceKind::Transcript) => "interview",
        Some(SourceKind::Dataset) => "dataset",
        Some(SourceKind::Book) => "book",
        Some(SourceKind::Post) => "post-weblog",
        Some(SourceKind::Other) => "document",
    }
}

/// A person's name as CSL: `given` and `family` for a plain "Given Family" name,
/// otherwise the name as written (`literal`), so "AP National Security Writer" or an
/// organisation is never split.
fn csl_name(name: &str) -> Value {
    let words: Vec<&str> = name.split_whitespace().collect();
    let plain = (2..=4).contains(&words.len())
        && words.iter().all(|word| {
            word.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        });
    match words.split_last() {
        Some((family, given)) if plain => json!({ "family": family, "given": given.join(" ") }),
        _ => json!({ "literal": name }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_are_split_and_others_kept_whole() {
        assert_eq!(
            csl_name("Ann Marie Lee"),
            json!({"family": "Lee", "given": "Ann Marie"})
        );
        assert_eq!(
            csl_name("Robert Burns, AP National Security Writer"),
            json!({"literal": "Robert Burns, AP National Security Writer"})
        );
        assert_eq!(csl_name("Reuters"), json!({"literal": "Reuters"}));
    }
}
