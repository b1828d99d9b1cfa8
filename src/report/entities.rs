//! The entity list (`claimcheck entities`): registered entities with their mentions, and
//! the spellings in the sources that look like unregistered variants, as a human list
//! or one JSON document (version 1).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::human::plural;
use claimcheck_engine::analyze::entities::{MentionIndex, Variant};
use claimcheck_engine::model::entity::Entity;
use claimcheck_engine::sanitize::inline;

/// Every registered entity with where the sources mention it, and likely variants.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "claimcheck entities --format json")]
pub struct EntitiesDocument<'a> {
    pub version: u32,
    pub entities: Vec<EntityEntry<'a>>,
    pub variants: Vec<VariantEntry<'a>>,
}

#[derive(Serialize, JsonSchema)]
pub struct EntityEntry<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub aliases: &'a [String],
    /// Mentions through any spelling, by source id.
    pub mentions: BTreeMap<&'a str, usize>,
}

/// A spelling the sources use that looks like a variant of a registered name.
#[derive(Serialize, JsonSchema)]
pub struct VariantEntry<'a> {
    /// The registered entity it looks like.
    pub entity: &'a str,
    pub spelling: &'a str,
    /// The registered spelling it resembles.
    pub like: &'a str,
    /// Occurrences, by source id.
    pub sources: &'a BTreeMap<String, usize>,
}

/// The list as data.
pub fn document<'a>(
    entities: &'a [Entity],
    index: &MentionIndex<'a>,
    variants: &'a [Variant],
) -> EntitiesDocument<'a> {
    EntitiesDocument {
        version: 1,
        entities: entities
            .iter()
            .map(|entity| EntityEntry {
                id: &entity.id,
                name: &entity.name,
                kind: &entity.kind,
                aliases: &entity.aliases,
                mentions: index.mentions(entity),
            })
            .collect(),
        variants: variants
            .iter()
            .map(|variant| VariantEntry {
                entity: &variant.entity,
                spelling: &variant.spelling,
                like: &variant.registered,
                sources: &variant.sources,
            })
            .collect(),
    }
}

pub fn write_json(
    document: &EntitiesDocument,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, document)?;
    writeln!(out)
}

/// The human list; `entities_file` names the registry when it is empty.
pub fn write_human(
    document: &EntitiesDocument,
    entities_file: &str,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if document.entities.is_empty() {
        writeln!(out, "no entities registered in {}", inline(entities_file))?;
    }
    for entity in &document.entities {
        let found: Vec<String> = entity
            .mentions
            .iter()
            .map(|(source, count)| format!("{source} ×{count}"))
            .collect();
        let total: usize = entity.mentions.values().sum();
        writeln!(
            out,
            "{} ({}, {}): {}",
            inline(entity.id),
            inline(entity.name),
            inline(entity.kind),
            plural(total, "mention")
        )?;
        if !found.is_empty() {
            writeln!(out, "    {}", inline(&found.join(", ")))?;
        }
    }
    if !document.variants.is_empty() {
        writeln!(
            out,
            "\nspellings in the sources that look like variants of registered names:"
        )?;
    }
    for variant in &document.variants {
        let sources: Vec<String> = variant
            .sources
            .iter()
            .map(|(source, count)| format!("{source} ×{count}"))
            .collect();
        writeln!(
            out,
            "  {:?} → {} (like {:?}) in {}",
            variant.spelling,
            inline(variant.entity),
            variant.like,
            inline(&sources.join(", "))
        )?;
    }
    if !document.variants.is_empty() {
        writeln!(out, "add the right ones to the entity's aliases")?;
    }
    Ok(())
}
