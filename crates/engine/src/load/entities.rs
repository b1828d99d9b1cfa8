//! Reading the entity registry (`entities.yaml` at the project root, or where the
//! configuration says): the people, groups, places and events the claims talk about,
//! each with every spelling the sources use.

use super::tree::Tree;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::files::FileRegistry;
use super::ids::is_valid_id;
use super::yaml::{yaml_error, yaml_options};
use crate::model::code::Code;
use crate::model::entity::{ENTITY_KINDS, Entity};
use crate::model::finding::Finding;
use crate::model::location::Location;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    id: Spanned<String>,
    name: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

const ENTITY_FIELDS: &[&str] = &["id", "name", "kind", "aliases"];

/// The entities of the registry `path` of `tree`, if the file exists.
pub fn load_entities(
    tree: &dyn Tree,
    path: &str,
    files: &mut FileRegistry,
    problems: &mut Vec<Finding>,
) -> Vec<Entity> {
    let text = match tree.read(path, 64 * 1024 * 1024) {
        Ok(None) => return Vec::new(),
        Ok(Some(bytes)) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                problems.push(
                    Finding::new(Code::EntitiesInvalid, "entity registry is not UTF-8")
                        .at(Location::file(path)),
                );
                return Vec::new();
            }
        },
        Err(error) => {
            problems.push(
                Finding::new(Code::EntitiesInvalid, error.to_string()).at(Location::file(path)),
            );
            return Vec::new();
        }
    };
    parse_entities(path, text, files, problems)
}

/// The entities `text` (the registry `path`) holds; `text` is registered in `files`.
pub fn parse_entities(
    path: &str,
    text: String,
    files: &mut FileRegistry,
    problems: &mut Vec<Finding>,
) -> Vec<Entity> {
    let text = files.add(path, text);
    let raw: Vec<RawEntity> = match serde_saphyr::from_str_with_options(&text, yaml_options()) {
        Ok(raw) => raw,
        Err(error) => {
            problems.push(yaml_error(
                Code::EntitiesInvalid,
                ENTITY_FIELDS,
                path,
                &text,
                &error,
            ));
            return Vec::new();
        }
    };
    let locate = |value: &Spanned<String>| {
        let span = value.referenced.span();
        files.locate(
            path,
            span.byte_offset().unwrap_or(0) as usize,
            span.byte_len().unwrap_or(0) as usize,
        )
    };
    let mut entities: Vec<Entity> = Vec::new();
    for entity in raw {
        let problem = |value: &Spanned<String>, message: String| {
            Finding::new(Code::EntitiesInvalid, message).at(locate(value))
        };
        if !is_valid_id(&entity.id.value) {
            problems.push(problem(
                &entity.id,
                format!("entity id {:?} is not a valid id", entity.id.value),
            ));
            continue;
        }
        if let Some(first) = entities.iter().find(|known| known.id == entity.id.value) {
            problems.push(
                problem(
                    &entity.id,
                    format!("entity id `{}` is used twice", entity.id.value),
                )
                .related("first used here", first.location.clone()),
            );
            continue;
        }
        if !ENTITY_KINDS.contains(&entity.kind.value.as_str()) {
            problems.push(problem(
                &entity.kind,
                format!(
                    "kind `{}` is not one of {}",
                    entity.kind.value,
                    ENTITY_KINDS.join(", ")
                ),
            ));
            continue;
        }
        entities.push(Entity {
            location: locate(&entity.id),
            id: entity.id.value,
            name: entity.name.value,
            kind: entity.kind.value,
            aliases: entity
                .aliases
                .into_iter()
                .map(|alias| alias.value)
                .collect(),
        });
    }
    entities
}
