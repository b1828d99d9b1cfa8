//! `claimcheck diff BASE [HEAD]`: what changed in the analysis between two revisions
//! (read through git) or against another directory (`--base-dir`).

use std::path::Path;

use super::{CommandError, ExitStatus, Output};
use crate::cli::{DiffArgs, FailOn};
use crate::report::diff::{DiffFormat, github, human, json, markdown};
use claimcheck_engine::analyze::diff::diff;
use claimcheck_engine::load::{Project, load, load_revision};
use claimcheck_engine::model::code::{Code, Severity};

/// A version of the project: the work tree, or a revision read from git's objects.
fn version(root: &Path, revision: Option<&str>) -> Result<Project, CommandError> {
    Ok(match revision {
        None => load(root)?,
        Some(revision) => load_revision(root, revision)?,
    })
}

pub fn run(root: &Path, args: &DiffArgs, output: &mut Output) -> Result<ExitStatus, CommandError> {
    let (base, base_name) = match (&args.base_dir, &args.base) {
        (Some(dir), None) => (load(dir)?, dir.display().to_string()),
        (None, Some(base)) => (version(root, Some(base))?, base.clone()),
        _ => {
            return Err(CommandError::Usage(
                "give a BASE revision or --base-dir DIR, not both".into(),
            ));
        }
    };
    let head = version(root, args.head.as_deref())?;
    let head_name = args.head.clone().unwrap_or_else(|| "working tree".into());
    let (base_findings, head_findings) = (
        claimcheck_engine::check::check(&base),
        claimcheck_engine::check::check(&head),
    );
    let changes = diff(&base, &base_findings, &head, &head_findings);
    let range = format!("{base_name} → {head_name}");
    match args.format {
        DiffFormat::Human => human::write(&changes, &range, output.out, output.color)?,
        DiffFormat::Github => github::write(&changes, &range, &head.files, output.out)?,
        DiffFormat::Markdown => write!(output.out, "{}", markdown::render(&changes, &range))?,
        DiffFormat::Json => write!(
            output.out,
            "{}",
            json::render(&changes, &base_name, &head_name)?
        )?,
    }
    let failed = args.fail_on.iter().any(|condition| {
        changes.introduced.iter().any(|finding| match condition {
            FailOn::Errors => finding.severity == Severity::Error,
            FailOn::Conflicts => finding.severity == Severity::Error && finding.code.is_conflict(),
            FailOn::Unsourced => finding.code == Code::ClaimUnsourced,
            FailOn::SingleSource => finding.code == Code::ClaimSingleSource,
        })
    });
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
