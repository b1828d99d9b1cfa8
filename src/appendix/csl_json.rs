//! The appendix's sources as CSL-JSON, the bibliography format of Zotero, pandoc's
//! citeproc and other citation tools. Dates are `date-parts` with the precision written.

use serde_json::{Value, json};

use super::{Appendix, SHORT_HASH, date_parts};

pub fn render(appendix: &Appendix) -> String {
    let items: Vec<Value> = appendix
        .sources
        .iter()
        .map(|entry| {
            let source = entry.source;
            let metadata = source.metadata.as_ref();
            let mut item = serde_json::Map::new();
            item.insert("id".into(), json!(source.id));
            item.insert("type".into(), json!("article-newspaper"));
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
    serde_json::to_string_pretty(&items).unwrap_or_default() + "\n"
}
