//! `claimcheck impact ID`: every claim and judgement depending on a source or a claim,
//! and which would still stand without it.

use std::path::Path;

use super::{CommandError, ExitStatus, Output, project_status};
use crate::cli::{ImpactArgs, ImpactFormat, ImpactKind};
use crate::report::impact;
use claimcheck_engine::analyze::impact::{Target, impact as dependents_of};
use claimcheck_engine::load::Project;
use claimcheck_engine::sanitize::inline;

pub fn run(
    root: &Path,
    args: &ImpactArgs,
    output: &mut Output,
) -> Result<ExitStatus, CommandError> {
    let project = claimcheck_engine::load::load(root)?;
    let target = target(&project, &args.id, args.kind)?;
    let document = impact::document(&project, dependents_of(&project, &target));
    match args.format {
        ImpactFormat::Human => impact::write_human(&document, output.out)?,
        ImpactFormat::Json => impact::write_json(&document, output.out)?,
        ImpactFormat::Markdown => impact::write_markdown(&document, output.out)?,
    }
    Ok(project_status(&project, ExitStatus::Success))
}

/// The source or claim `id` names; `kind` settles an id both have.
fn target(project: &Project, id: &str, kind: Option<ImpactKind>) -> Result<Target, CommandError> {
    let is_source = project.sources.contains_key(id);
    let is_claim = project.claims.iter().any(|claim| claim.id == id);
    match (kind, is_source, is_claim) {
        (Some(ImpactKind::Source), true, _) | (None, true, false) => {
            Ok(Target::Source(id.to_owned()))
        }
        (Some(ImpactKind::Claim), _, true) | (None, false, true) => {
            Ok(Target::Claim(id.to_owned()))
        }
        (None, true, true) => Err(CommandError::Usage(format!(
            "`{}` is both a source and a claim; say which with --kind source or --kind claim",
            inline(id)
        ))),
        _ => {
            let mut known: Vec<&str> = project.sources.keys().map(String::as_str).collect();
            known.extend(project.claims.iter().map(|claim| claim.id.as_str()));
            let what = match kind {
                Some(ImpactKind::Source) => "source",
                Some(ImpactKind::Claim) => "claim",
                None => "source or claim",
            };
            let hint = claimcheck_engine::suggest::nearest(id, &known)
                .map(|help| format!("; {help}"))
                .unwrap_or_default();
            Err(CommandError::Usage(format!(
                "no {what} `{}`{hint}",
                inline(id)
            )))
        }
    }
}
