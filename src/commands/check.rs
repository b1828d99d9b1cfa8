//! `claimcheck check`: load everything, verify every pin, apply the project's policy,
//! report in the chosen format, and exit 0, 1 or 2.

use std::path::Path;

use super::{CommandError, ExitStatus, Output, project_status};
use crate::cache::Cache;
use crate::cli::CheckArgs;
use crate::report::render;

pub fn run(root: &Path, args: &CheckArgs, output: &mut Output) -> Result<ExitStatus, CommandError> {
    let cache = if args.no_cache {
        Cache::disabled()
    } else {
        Cache::at(root)
    };
    let mut project = crate::load::load_cached(root, &cache)?;
    args.drift.apply(&mut project.config);
    let deny_warnings = args.deny_warnings || project.config.deny_warnings;
    let findings = crate::verify::verify_cached(&project, &cache);
    let summary = render(args.format, output.out, output.color, &project, &findings)?;
    let failed = summary.errors > 0 || (deny_warnings && summary.warnings > 0);
    Ok(project_status(
        &project,
        if failed {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        },
    ))
}
