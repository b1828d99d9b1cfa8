//! `claimcheck check`: load everything, verify every pin, report, and exit 0, 1 or 2.

use std::path::Path;

use super::{CommandError, ExitStatus, Output};
use crate::cli::CheckArgs;
use crate::report::{Summary, reporter};
use crate::verify::VerifyOptions;

pub fn run(root: &Path, args: &CheckArgs, output: &mut Output) -> Result<ExitStatus, CommandError> {
    let project = crate::load::load(root)?;
    let options = VerifyOptions {
        drift_threshold: args.drift.drift_threshold,
    };
    let findings = crate::verify::verify(&project, &options);
    let mut summary = Summary {
        claims: project.claims.len(),
        pins: project
            .claims
            .iter()
            .map(|claim| claim.evidence.len())
            .sum(),
        sources: project.sources.len(),
        claim_files: project.claim_files.len(),
        ..Summary::default()
    };
    let mut reporter = reporter(args.format, output.out, output.color);
    for finding in &findings {
        summary.count(finding);
        reporter.report(finding, &project.files)?;
    }
    reporter.finish(&summary)?;
    Ok(
        if findings.iter().any(|finding| finding.code.is_input_error()) {
            ExitStatus::InputError
        } else if summary.errors > 0 {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        },
    )
}
