//! The appendix as one JSON document (version 1), for other tools.

use serde_json::{Value, json};

use super::Appendix;

pub fn render(appendix: &Appendix) -> String {
    let sources: Vec<Value> = appendix
        .sources
        .iter()
        .map(|entry| {
            let metadata = entry.source.metadata.as_ref();
            json!({
                "number": entry.number,
                "id": entry.source.id,
                "path": entry.source.path,
                "title": metadata.and_then(|m| m.title.as_ref()),
                "authors": metadata.map(|m| m.authors.clone()).unwrap_or_default(),
                "type": metadata.and_then(|m| m.kind).map(|kind| kind.name()),
                "publisher": metadata.and_then(|m| m.publisher.as_ref()),
                "origin": metadata.and_then(|m| m.origin.as_ref()),
                "url": metadata.and_then(|m| m.url.as_ref()),
                "published": metadata.and_then(|m| m.published.as_ref()),
                "modified": metadata.and_then(|m| m.modified.as_ref()),
                "language": metadata.and_then(|m| m.language.as_ref()),
                "original": metadata.and_then(|m| m.provenance.as_ref()).map(|p| json!({
                    "path": p.original,
                    "sha256": p.recorded.hex,
                    "extractor": p.extractor,
                })),
                "retrieved": metadata.and_then(|m| m.retrieved.as_ref()),
                "reliability": metadata.and_then(|m| m.reliability),
                "sha256": entry.sha256,
                "passages": entry.passages.iter().map(|passage| json!({
                    "span": passage.span.to_string(),
                    "first_line": passage.first_line,
                    "last_line": passage.last_line,
                    "pages": passage.pages.map(|(first, last)| json!([first, last])),
                    "text": passage.text,
                    "claims": passage.claims,
                    "verified": passage.unverified.is_none(),
                    "unverified_because": passage.unverified,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let claims: Vec<Value> = appendix
        .claims
        .iter()
        .map(|entry| json!({ "id": entry.claim.id, "statement": entry.claim.statement, "sources": entry.notes }))
        .collect();
    serde_json::to_string_pretty(&json!({ "version": 1, "sources": sources, "claims": claims }))
        .unwrap_or_default()
        + "\n"
}
