//! `claimcheck entities`: each registered entity with its mentions across the sources
//! (through every spelling), then spellings the sources use that look like variants of
//! a registered name but are not registered.

use std::path::Path;

use serde_json::json;

use super::{CommandError, ExitStatus, Output, project_status};
use crate::cli::{EntitiesArgs, ListFormat};
use claimcheck_engine::analyze::entities::{MentionIndex, variants};
use claimcheck_engine::sanitize::inline;

pub fn run(
    root: &Path,
    args: &EntitiesArgs,
    output: &mut Output,
) -> Result<ExitStatus, CommandError> {
    let project = claimcheck_engine::load::load(root)?;
    let variants = variants(&project);
    let index = MentionIndex::new(&project);
    match args.format {
        ListFormat::Json => {
            let entities: Vec<_> = project
                .entities
                .iter()
                .map(|entity| {
                    json!({ "id": entity.id, "name": entity.name, "kind": entity.kind, "aliases": entity.aliases,
                            "mentions": index.mentions(entity) })
                })
                .collect();
            let variants: Vec<_> = variants
                .iter()
                .map(|v| json!({ "entity": v.entity, "spelling": v.spelling, "like": v.registered, "sources": v.sources }))
                .collect();
            let document = json!({ "version": 1, "entities": entities, "variants": variants });
            writeln!(
                output.out,
                "{}",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            )?;
        }
        ListFormat::Human => {
            if project.entities.is_empty() {
                writeln!(
                    output.out,
                    "no entities registered in {}",
                    project.config.entities_file
                )?;
            }
            for entity in &project.entities {
                let mentions = index.mentions(entity);
                let found: Vec<String> = mentions
                    .iter()
                    .map(|(source, count)| format!("{source} ×{count}"))
                    .collect();
                let total: usize = mentions.values().sum();
                writeln!(
                    output.out,
                    "{} ({}, {}): {}",
                    inline(&entity.id),
                    inline(&entity.name),
                    entity.kind,
                    crate::report::human::plural(total, "mention")
                )?;
                if !found.is_empty() {
                    writeln!(output.out, "    {}", inline(&found.join(", ")))?;
                }
            }
            if !variants.is_empty() {
                writeln!(
                    output.out,
                    "\nspellings in the sources that look like variants of registered names:"
                )?;
            }
            for variant in &variants {
                let sources: Vec<String> = variant
                    .sources
                    .iter()
                    .map(|(source, count)| format!("{source} ×{count}"))
                    .collect();
                writeln!(
                    output.out,
                    "  {:?} → {} (like {:?}) in {}",
                    variant.spelling,
                    inline(&variant.entity),
                    variant.registered,
                    inline(&sources.join(", "))
                )?;
            }
            if !variants.is_empty() {
                writeln!(output.out, "add the right ones to the entity's aliases")?;
            }
        }
    }
    Ok(project_status(&project, ExitStatus::Success))
}
