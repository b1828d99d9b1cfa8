//! `claimcheck appendix`: the source appendix of the product (or of the claims
//! `--claims` selects), in Markdown, HTML, CSL-JSON or JSON, to stdout or a file.

use std::path::Path;

use super::{CommandError, ExitStatus, Output, project_status};
use crate::cli::{AppendixArgs, AppendixFormat};
use crate::report::appendix::{csl_json, html, json, markdown};
use claimcheck_engine::appendix::{build, selected};
use claimcheck_engine::safe_fs::write_output_file;
use claimcheck_engine::verify::broken::broken_pins;

pub fn run(
    root: &Path,
    args: &AppendixArgs,
    output: &mut Output,
) -> Result<ExitStatus, CommandError> {
    let patterns = args
        .claims
        .iter()
        .map(|pattern| {
            glob::Pattern::new(pattern)
                .map_err(|error| CommandError::Usage(format!("--claims `{pattern}`: {error}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let project = claimcheck_engine::load::load(root)?;
    if !project
        .claims
        .iter()
        .any(|claim| selected(claim, &patterns))
    {
        return Err(CommandError::Usage("no claim matches --claims".into()));
    }
    let findings = claimcheck_engine::check::check(&project);
    let broken: Vec<_> = broken_pins(&project, &findings)
        .into_iter()
        .filter(|pin| {
            let claim = project.claims.iter().find(|claim| claim.id == pin.claim);
            claim.is_some_and(|claim| selected(claim, &patterns))
        })
        .collect();
    if !broken.is_empty() && !args.allow_broken {
        super::refuse_broken("appendix", &broken, output)?;
        return Ok(ExitStatus::Failure);
    }
    if !broken.is_empty() {
        super::note_broken(&broken, output)?;
    }
    let appendix = build(&project, &patterns, &broken);
    let text = match args.format {
        AppendixFormat::Markdown => markdown::render(&appendix),
        AppendixFormat::Html => html::render(&appendix),
        AppendixFormat::CslJson => csl_json::render(&appendix)?,
        AppendixFormat::Json => json::render(&appendix)?,
    };
    match &args.output {
        Some(path) => {
            let (dir, name) = match (path.parent(), path.file_name()) {
                (Some(dir), Some(name)) => (dir, Path::new(name)),
                _ => {
                    return Err(CommandError::Usage(format!(
                        "--output `{}` is not a file name",
                        path.display()
                    )));
                }
            };
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            write_output_file(dir, name, text.as_bytes())?;
            writeln!(output.err, "wrote {}", path.display())?;
        }
        None => write!(output.out, "{text}")?,
    }
    Ok(project_status(&project, ExitStatus::Success))
}
