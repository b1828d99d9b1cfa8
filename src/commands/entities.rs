//! `claimcheck entities`: each registered entity with its mentions across the sources
//! (through every spelling), then spellings the sources use that look like variants of
//! a registered name but are not registered.

use std::path::Path;

use super::{CommandError, ExitStatus, Output, project_status};
use crate::cli::{EntitiesArgs, ListFormat};
use crate::report::entities;
use claimcheck_engine::analyze::entities::{MentionIndex, variants};

pub fn run(
    root: &Path,
    args: &EntitiesArgs,
    output: &mut Output,
) -> Result<ExitStatus, CommandError> {
    let project = claimcheck_engine::load::load(root)?;
    let variants = variants(&project);
    let index = MentionIndex::new(&project);
    let document = entities::document(&project.entities, &index, &variants);
    match args.format {
        ListFormat::Json => entities::write_json(&document, output.out)?,
        ListFormat::Human => {
            entities::write_human(&document, &project.config.entities_file, output.out)?
        }
    }
    Ok(project_status(&project, ExitStatus::Success))
}
