//! The diff as a pull-request comment: a summary table a reviewer reads in one screen,
//! then the details in collapsible sections, in a stable order. All text escaped.

use super::{describe, finding_sections, headline, source_change};
use crate::report::escape::markdown_cell as escape;
use claimcheck_engine::analyze::diff::{ClaimChange, ProjectDiff, SourceChangeKind};
use claimcheck_engine::model::code::{Code, Severity};

pub fn render(diff: &ProjectDiff, range: &str) -> String {
    let mut out = format!("## claimcheck diff {}\n\n", escape(range));
    if diff.is_empty() {
        out.push_str("No change to claims, sources or findings.\n");
        return out;
    }
    let count = |kind: fn(&ClaimChange) -> bool| diff.count(kind);
    let sources = |kind: SourceChangeKind| {
        diff.sources
            .iter()
            .filter(|source| source.kind == kind)
            .count()
    };
    let introduced_errors = diff
        .introduced
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let conflicts = diff
        .introduced
        .iter()
        .filter(|f| f.code.is_conflict())
        .count();
    let single = diff
        .introduced
        .iter()
        .filter(|f| f.code == Code::ClaimSingleSource)
        .count();
    out.push_str("| change | count |\n|---|---:|\n");
    for (label, value) in [
        (
            "claims added",
            count(|c| matches!(c, ClaimChange::Added { .. })),
        ),
        (
            "claims removed",
            count(|c| matches!(c, ClaimChange::Removed { .. })),
        ),
        (
            "claims renamed",
            count(|c| matches!(c, ClaimChange::Renamed { .. })),
        ),
        (
            "claims changed",
            count(|c| matches!(c, ClaimChange::Changed { .. })),
        ),
        ("sources added", sources(SourceChangeKind::Added)),
        ("sources removed", sources(SourceChangeKind::Removed)),
        ("sources changed", sources(SourceChangeKind::Changed)),
        (
            "sources retracted, corrected or disputed",
            diff.sources
                .iter()
                .filter(|source| source.status.as_ref().is_some_and(|s| s.to.is_some()))
                .count(),
        ),
        ("errors introduced", introduced_errors),
        ("findings regraded", diff.regraded.len()),
        ("findings silenced by a new allow", diff.suppressed.len()),
        ("conflicts introduced", conflicts),
        ("single-source claims introduced", single),
        ("findings resolved", diff.resolved.len()),
    ] {
        if value > 0 {
            out.push_str(&format!("| {label} | {value} |\n"));
        }
    }
    if !diff.claims.is_empty() {
        out.push_str(&format!(
            "\n<details><summary>Claims ({})</summary>\n\n",
            diff.claims.len()
        ));
        for change in &diff.claims {
            // Markers such as `-` and `+` would read as list items: the verb leads instead.
            let (_, text) = headline(change);
            out.push_str(&format!("- {}\n", escape(&text)));
            if let ClaimChange::Changed { changes, .. } = change {
                for detail in changes {
                    out.push_str(&format!("  - {}\n", escape(&describe(detail))));
                }
            }
        }
        out.push_str("\n</details>\n");
    }
    if !diff.sources.is_empty() {
        out.push_str(&format!(
            "\n<details><summary>Sources ({})</summary>\n\n",
            diff.sources.len()
        ));
        for source in &diff.sources {
            let what = escape(&source_change(source));
            let citing = if source.citing.is_empty() {
                "cited by no claim".into()
            } else {
                format!("cited by {}", source.citing.join(", "))
            };
            out.push_str(&format!(
                "- {} {what}; {}\n",
                escape(&source.id),
                escape(&citing)
            ));
        }
        out.push_str("\n</details>\n");
    }
    for (title, findings) in finding_sections(diff) {
        if !findings.is_empty() {
            out.push_str(&format!(
                "\n<details><summary>{}{} ({})</summary>\n\n",
                title[..1].to_uppercase(),
                escape(&title[1..]),
                findings.len()
            ));
            for (severity, finding) in findings {
                let claim = finding
                    .claim
                    .as_deref()
                    .map(|claim| format!(" ({})", escape(claim)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "- {} `{}`{claim}: {}\n",
                    severity,
                    finding.code,
                    escape(&finding.message)
                ));
            }
            out.push_str("\n</details>\n");
        }
    }
    if !diff.coverage.is_empty() {
        let sources = crate::report::human::plural(diff.coverage.len(), "source");
        out.push_str(&format!(
            "\n<details><summary>Coverage ({sources})</summary>\n\n"
        ));
        for change in &diff.coverage {
            out.push_str(&format!(
                "- {}: {:.1}% → {:.1}%\n",
                escape(&change.source),
                change.before * 100.0,
                change.after * 100.0
            ));
        }
        out.push_str("\n</details>\n");
    }
    out
}
