//! Moving around a product: what an entity or a finding code in a claim file is, where
//! an entity is registered, and every claim that cites a source or names an entity.

use lsp_types::{Hover, Location, Position};

use super::text::Encoding;
use super::workspace::Workspace;
use crate::report::escape::markdown_cell;
use claimcheck_engine::analyze::entities::EntityIndex;
use claimcheck_engine::model::code::Code;
use claimcheck_engine::model::entity::Entity;
use claimcheck_engine::model::location::Location as Place;

/// Whether byte `offset` falls on `place` (its end included: the cursor after a word).
fn on(place: &Place, offset: usize) -> bool {
    (place.start()..=place.range().end).contains(&offset)
}

/// The registered entity a claim of `relative` names at `offset`.
fn entity_at<'w>(workspace: &'w Workspace, relative: &str, offset: usize) -> Option<&'w Entity> {
    let project = workspace.project.as_ref()?;
    let named = workspace
        .claims_in(relative)
        .flat_map(|claim| &claim.entities)
        .find(|reference| on(&reference.location, offset))?;
    EntityIndex::new(&project.entities).resolve(&named.name)
}

/// The finding code an `allow` or `acknowledge` entry of `relative` names at `offset`.
fn code_at(workspace: &Workspace, relative: &str, offset: usize) -> Option<Code> {
    workspace.claims_in(relative).find_map(|claim| {
        let allowed = claim
            .allow
            .iter()
            .map(|entry| (entry.code, &entry.location));
        let acknowledged = claim
            .acknowledgements
            .iter()
            .map(|entry| (entry.code, &entry.location));
        allowed
            .chain(acknowledged)
            .find(|(_, place)| on(place, offset))
            .map(|(code, _)| code)
    })
}

/// Hover on an entity a claim names (the registry's entry) or on a finding code.
pub fn hover(
    workspace: &Workspace,
    relative: &str,
    position: Position,
    encoding: Encoding,
) -> Option<Hover> {
    let offset = encoding.offset(workspace.text(relative)?, position);
    let lines = if let Some(entity) = entity_at(workspace, relative, offset) {
        let mut lines = vec![format!(
            "**{}** ({}), `{}`",
            markdown_cell(&entity.name),
            markdown_cell(&entity.kind),
            markdown_cell(&entity.id)
        )];
        if !entity.aliases.is_empty() {
            let aliases: Vec<String> = entity
                .aliases
                .iter()
                .map(|alias| markdown_cell(alias))
                .collect();
            lines.push(format!("also: {}", aliases.join(", ")));
        }
        lines
    } else {
        let code = code_at(workspace, relative, offset)?;
        vec![format!(
            "`{code}` ({}): {}",
            code.severity().name(),
            markdown_cell(code.description())
        )]
    };
    Some(super::features::markdown(lines))
}

/// From an entity a claim names to its entry in the registry.
pub fn definition(
    workspace: &Workspace,
    relative: &str,
    position: Position,
    encoding: Encoding,
) -> Option<Location> {
    let offset = encoding.offset(workspace.text(relative)?, position);
    let entity = entity_at(workspace, relative, offset)?;
    place(workspace, &entity.location, encoding)
}

fn place(workspace: &Workspace, at: &Place, encoding: Encoding) -> Option<Location> {
    super::features::location_in(workspace, &at.path, at.start(), at.byte_len(), encoding)
}

/// Every claim citing a source (from the source file, or from an evidence entry citing
/// it), or naming an entity (from the registry's entry, or from a claim naming it).
pub fn references(
    workspace: &Workspace,
    relative: &str,
    position: Position,
    encoding: Encoding,
) -> Option<Vec<Location>> {
    let project = workspace.project.as_ref()?;
    let offset = encoding.offset(workspace.text(relative)?, position);
    let cited_source = project
        .sources
        .values()
        .find(|source| source.path == relative)
        .map(|source| source.id.as_str())
        .or_else(|| {
            workspace
                .claims_in(relative)
                .flat_map(|claim| &claim.evidence)
                .find(|evidence| on(&evidence.source_location(), offset))
                .map(|evidence| evidence.source.as_str())
        });
    if let Some(id) = cited_source {
        let places = project
            .claims
            .iter()
            .flat_map(|claim| &claim.evidence)
            .filter(|evidence| evidence.source == id)
            .filter_map(|evidence| place(workspace, &evidence.source_location(), encoding));
        return Some(places.collect());
    }
    let entity = project
        .entities
        .iter()
        .find(|entity| {
            *entity.location.path == *relative
                && entity.location.line as usize == line_of(workspace, relative, offset)
        })
        .or_else(|| entity_at(workspace, relative, offset))?;
    let index = EntityIndex::new(&project.entities);
    let places = project
        .claims
        .iter()
        .flat_map(|claim| &claim.entities)
        .filter(|reference| {
            index
                .resolve(&reference.name)
                .is_some_and(|named| named.id == entity.id)
        })
        .filter_map(|reference| place(workspace, &reference.location, encoding));
    Some(places.collect())
}

/// The 1-based line of byte `offset` in `relative`.
fn line_of(workspace: &Workspace, relative: &str, offset: usize) -> usize {
    workspace.text(relative).map_or(0, |text| {
        text[..offset.min(text.len())].matches('\n').count() + 1
    })
}
