//! `claimcheck coverage`: what each source contributes and what stands behind each claim.

use std::path::Path;

use super::{CommandError, ExitStatus, Output, project_status};
use crate::cli::CoverageArgs;
use crate::report::coverage::{CoverageFormat, CoverageView, html, json, markdown, table};

/// Where `coverage --format html` writes its site when no `--output` is given.
const DEFAULT_SITE_DIR: &str = "claimcheck-coverage";

pub fn run(
    root: &Path,
    args: &CoverageArgs,
    output: &mut Output,
) -> Result<ExitStatus, CommandError> {
    let project = claimcheck_engine::load::load(root)?;
    let findings = claimcheck_engine::check::check(&project);
    let broken = claimcheck_engine::verify::broken::broken_pins(&project, &findings);
    if !broken.is_empty() && !args.allow_broken {
        super::refuse_broken("coverage", &broken, output)?;
        return Ok(ExitStatus::Failure);
    }
    if !broken.is_empty() {
        super::note_broken(&broken, output)?;
    }
    let mut view = CoverageView::new(&project, args.uncited);
    view.unverified = broken;
    match args.format {
        CoverageFormat::Human => table::write(&view, output.out, output.color)?,
        CoverageFormat::Json => json::write(&view, output.out)?,
        CoverageFormat::Markdown => markdown::write(&view, output.out)?,
        CoverageFormat::Html => {
            // A site is a directory: by default one beside the command, named for it.
            let dir = args
                .output
                .as_deref()
                .unwrap_or(std::path::Path::new(DEFAULT_SITE_DIR));
            let written = html::write_site(&view, dir)?;
            writeln!(
                output.err,
                "wrote {} pages to {}",
                written.len(),
                dir.display()
            )?;
        }
    }
    Ok(project_status(&project, ExitStatus::Success))
}
