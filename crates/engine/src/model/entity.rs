//! `Entity`: a person, organization, place or event the claims talk about, with every
//! spelling the sources use for it.

use super::location::Location;

/// The kinds an entity may be.
pub const ENTITY_KINDS: &[&str] = &["person", "organization", "place", "event", "other"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
    /// Where the entity's `id` is written.
    pub location: Location,
}

impl Entity {
    /// The name and every alias.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A name of an entity as a claim writes it: an entity id or any of its spellings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntityRef {
    pub name: String,
    pub location: Location,
}
