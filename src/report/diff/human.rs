//! The diff for a terminal: claims, sources, findings introduced and resolved, coverage.

use std::io::Write;

use super::{describe, finding_sections, headline, source_change};
use claimcheck_engine::analyze::diff::{ClaimChange, ProjectDiff, SourceChangeKind};
use claimcheck_engine::sanitize::inline;

fn section(out: &mut dyn Write, color: bool, title: &str) -> std::io::Result<()> {
    if color {
        writeln!(out, "\n\x1b[1m{title}\x1b[0m")
    } else {
        writeln!(out, "\n{title}")
    }
}

/// `1 added, 2 changed`: the claims a diff touches, by what happened to them.
fn claim_counts(diff: &ProjectDiff) -> String {
    let name = |change: &ClaimChange| match change {
        ClaimChange::Added { .. } => "added",
        ClaimChange::Removed { .. } => "removed",
        ClaimChange::Renamed { .. } => "renamed",
        ClaimChange::Changed { .. } => "changed",
    };
    ["added", "removed", "renamed", "changed"]
        .into_iter()
        .map(|kind| (kind, diff.claims.iter().filter(|c| name(c) == kind).count()))
        .filter(|(_, count)| *count > 0)
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn write(
    diff: &ProjectDiff,
    range: &str,
    out: &mut dyn Write,
    color: bool,
) -> std::io::Result<()> {
    if diff.is_empty() {
        return writeln!(
            out,
            "claimcheck diff {}: no change to claims, sources or findings",
            inline(range)
        );
    }
    writeln!(out, "claimcheck diff {}", inline(range))?;
    if !diff.claims.is_empty() {
        section(out, color, &format!("claims ({})", claim_counts(diff)))?;
        for change in &diff.claims {
            let (marker, text) = headline(change);
            writeln!(out, "  {marker} {}", inline(&text))?;
            if let ClaimChange::Changed { changes, .. } = change {
                for detail in changes {
                    writeln!(out, "      {}", inline(&describe(detail)))?;
                }
            }
        }
    }
    if !diff.sources.is_empty() {
        section(out, color, "sources")?;
        for source in &diff.sources {
            let marker = match source.kind {
                SourceChangeKind::Added => "+",
                SourceChangeKind::Removed => "-",
                SourceChangeKind::Changed | SourceChangeKind::StatusChanged => "~",
            };
            let what = source_change(source);
            let citing = if source.citing.is_empty() {
                "cited by no claim".into()
            } else {
                format!("cited by {}", source.citing.join(", "))
            };
            writeln!(
                out,
                "  {marker} {} {}; {}",
                inline(&source.id),
                inline(&what),
                inline(&citing)
            )?;
        }
    }
    for (title, findings) in finding_sections(diff) {
        if !findings.is_empty() {
            section(out, color, &format!("{title} ({})", findings.len()))?;
            for (severity, finding) in findings {
                let claim = finding
                    .claim
                    .as_deref()
                    .map(|claim| format!(" [{claim}]"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  {} {}{}: {}",
                    severity,
                    finding.code,
                    inline(&claim),
                    inline(&finding.message)
                )?;
            }
        }
    }
    if !diff.coverage.is_empty() {
        section(out, color, "coverage")?;
        for change in &diff.coverage {
            writeln!(
                out,
                "  {}: {:.1}% → {:.1}%",
                inline(&change.source),
                change.before * 100.0,
                change.after * 100.0
            )?;
        }
    }
    Ok(())
}
