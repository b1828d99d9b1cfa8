//! The diff as one JSON document (version 1).

use serde_json::{Value, json};

use super::describe;
use claimcheck_engine::analyze::diff::{ClaimChange, ProjectDiff, SourceChangeKind};
use claimcheck_engine::model::finding::Finding;

fn finding(finding: &Finding) -> Value {
    json!({ "code": finding.code.name(), "severity": finding.severity.name(), "message": finding.message,
            "claim": finding.claim, "source": finding.source })
}

pub fn render(diff: &ProjectDiff, base: &str, head: &str) -> String {
    let claims: Vec<Value> = diff
        .claims
        .iter()
        .map(|change| match change {
            ClaimChange::Added {
                id,
                file,
                statement,
            } => json!({ "change": "added", "id": id, "file": file, "statement": statement }),
            ClaimChange::Removed {
                id,
                file,
                statement,
            } => json!({ "change": "removed", "id": id, "file": file, "statement": statement }),
            ClaimChange::Renamed { from, to, file } => {
                json!({ "change": "renamed", "from": from, "id": to, "file": file })
            }
            ClaimChange::Changed { id, file, changes } => json!({
                "change": "changed", "id": id, "file": file,
                "details": changes.iter().map(describe).collect::<Vec<_>>(),
            }),
        })
        .collect();
    let sources: Vec<Value> = diff
        .sources
        .iter()
        .map(|source| {
            let kind = match source.kind {
                SourceChangeKind::Added => "added",
                SourceChangeKind::Removed => "removed",
                SourceChangeKind::Changed => "changed",
            };
            json!({ "change": kind, "id": source.id, "citing": source.citing })
        })
        .collect();
    let coverage: Vec<Value> = diff
        .coverage
        .iter()
        .map(|change| json!({ "source": change.source, "before": change.before, "after": change.after }))
        .collect();
    let document = json!({
        "version": 1, "base": base, "head": head, "claims": claims, "sources": sources,
        "introduced": diff.introduced.iter().map(finding).collect::<Vec<_>>(),
        "regraded": diff.regraded.iter().map(|regraded| {
            let mut value = finding(&regraded.finding);
            value["from"] = json!(regraded.from.name());
            value
        }).collect::<Vec<_>>(),
        "suppressed": diff.suppressed.iter().map(finding).collect::<Vec<_>>(),
        "resolved": diff.resolved.iter().map(finding).collect::<Vec<_>>(),
        "coverage": coverage,
    });
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}
