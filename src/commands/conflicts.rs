//! `claimcheck conflicts`: only the conflicts of `check` (fact conflicts, evidence
//! disagreements, contested claims, stale acknowledgements), acknowledged ones as notes.

use std::path::Path;

use super::{CommandError, ExitStatus, Output, project_status};
use crate::cli::ConflictsArgs;
use crate::report::render;
use claimcheck_engine::model::code::{Family, Severity};

pub fn run(
    root: &Path,
    args: &ConflictsArgs,
    output: &mut Output,
) -> Result<ExitStatus, CommandError> {
    let project = claimcheck_engine::load::load(root)?;
    let findings: Vec<_> = claimcheck_engine::check::check(&project)
        .into_iter()
        // Conflicts, and acknowledgements of conflicts that are gone.
        .filter(|finding| finding.code.family() == Family::Conflict)
        .collect();
    let options = crate::report::RenderOptions {
        color: output.color,
        ..Default::default()
    };
    let in_order: Vec<_> = findings.iter().collect();
    render(args.format, output.out, options, &project, &in_order)?;
    let errors = findings
        .iter()
        .any(|finding| finding.severity == Severity::Error);
    Ok(project_status(
        &project,
        if errors {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        },
    ))
}
