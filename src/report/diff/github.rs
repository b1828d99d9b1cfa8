//! The diff as GitHub Actions workflow commands: each finding the change introduced is
//! an annotation at its place (as `check --format github` writes it), each changed claim
//! a notice on its claim file, and a closing notice counts what changed. Every value is
//! one escaped line: nothing from a claim can start a command of its own.

use std::io::Write;

use super::{describe, headline};
use crate::report::escape::{workflow_data, workflow_property};
use crate::report::github::annotation;
use claimcheck_engine::analyze::diff::{ClaimChange, ProjectDiff};
use claimcheck_engine::load::FileRegistry;
use claimcheck_engine::sanitize::inline;

pub fn write(
    diff: &ProjectDiff,
    range: &str,
    files: &FileRegistry,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for finding in &diff.introduced {
        writeln!(out, "{}", annotation(finding, files))?;
    }
    // A verdict softened or silenced is a judgement a reviewer must see on the claim.
    for regraded in &diff.regraded {
        let mut shown = regraded.finding.clone();
        shown.message = format!(
            "regraded {} → {}: {}",
            regraded.from.name(),
            regraded.finding.severity.name(),
            shown.message
        );
        shown.severity = claimcheck_engine::model::code::Severity::Warning;
        writeln!(out, "{}", annotation(&shown, files))?;
    }
    for finding in &diff.suppressed {
        let mut shown = finding.clone();
        shown.message = format!("silenced by a new `allow`: {}", shown.message);
        shown.severity = claimcheck_engine::model::code::Severity::Warning;
        shown.location = None;
        writeln!(out, "{}", annotation(&shown, files))?;
    }
    for change in &diff.claims {
        let (_, text) = headline(change);
        let file = match change {
            ClaimChange::Added { file, .. }
            | ClaimChange::Removed { file, .. }
            | ClaimChange::Renamed { file, .. }
            | ClaimChange::Changed { file, .. } => file,
        };
        let mut lines = vec![inline(&text).into_owned()];
        if let ClaimChange::Changed { changes, .. } = change {
            lines.extend(
                changes
                    .iter()
                    .map(|detail| inline(&describe(detail)).into_owned()),
            );
        }
        writeln!(
            out,
            "::notice file={},title={}::{}",
            workflow_property(&inline(file)),
            workflow_property("claimcheck diff"),
            workflow_data(&lines.join("\n"))
        )?;
    }
    writeln!(
        out,
        "::notice title=claimcheck diff::{}",
        workflow_data(&format!(
            "{}: {} claims changed, {} sources changed, {} findings introduced, {} regraded, \
             {} silenced by a new allow, {} resolved",
            inline(range),
            diff.claims.len(),
            diff.sources.len(),
            diff.introduced.len(),
            diff.regraded.len(),
            diff.suppressed.len(),
            diff.resolved.len()
        ))
    )
}
