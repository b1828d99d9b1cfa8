//! Entities: resolving the names claims use (an id, the name, or any alias, without
//! case), reporting unknown ones with the nearest known entity, counting mentions in the
//! sources, and proposing spellings the sources use that look like transliteration
//! variants of a registered name (vowels, doubled letters, diacritics, hyphens, the `al-`
//! article) but are not registered.

use std::collections::{BTreeMap, HashMap};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::load::Project;
use crate::model::code::Code;
use crate::model::entity::{Entity, EntityRef};
use crate::model::finding::Finding;

/// Entities by every way of naming them.
pub struct EntityIndex<'a> {
    by_key: HashMap<String, &'a Entity>,
    entities: &'a [Entity],
}

/// A name compared without case, with hyphens as spaces and white space collapsed:
/// `Al-Haq` is `Al Haq`.
fn key(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl<'a> EntityIndex<'a> {
    pub fn new(entities: &'a [Entity]) -> Self {
        let mut by_key = HashMap::new();
        for entity in entities {
            by_key.insert(key(&entity.id), entity);
            for spelling in entity.spellings() {
                by_key.entry(key(spelling)).or_insert(entity);
            }
        }
        Self { by_key, entities }
    }

    pub fn resolve(&self, name: &str) -> Option<&'a Entity> {
        self.by_key.get(&key(name)).copied()
    }

    /// The entity whose id or spelling is nearest to `name`, if any is near.
    pub fn nearest(&self, name: &str) -> Option<&'a Entity> {
        let name = key(name);
        self.entities
            .iter()
            .flat_map(|entity| {
                std::iter::once(entity.id.as_str())
                    .chain(entity.spellings())
                    .map(move |s| (s, entity))
            })
            .map(|(spelling, entity)| (strsim::jaro_winkler(&key(spelling), &name), entity))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, entity)| entity)
    }
}

/// `entity-unknown` for every name a claim uses that the registry does not know.
pub fn findings(project: &Project) -> Vec<Finding> {
    let index = EntityIndex::new(&project.entities);
    let mut findings = Vec::new();
    for claim in &project.claims {
        let names = claim
            .entities
            .iter()
            .chain(claim.fact.as_ref().map(|fact| &fact.subject));
        for name in names.filter(|name| index.resolve(&name.name).is_none()) {
            findings.push(unknown(project, &index, name).claim(&claim.id));
        }
    }
    findings
}

fn unknown(project: &Project, index: &EntityIndex, name: &EntityRef) -> Finding {
    let finding = Finding::new(Code::EntityUnknown, format!("no entity `{}`", name.name))
        .at(name.location.clone());
    match index.nearest(&name.name) {
        Some(entity) => finding.help(format!("did you mean `{}` ({})?", entity.id, entity.name)),
        None => finding.help(format!(
            "add it to {} with its spellings: `- {{id: ..., name: ..., kind: ..., aliases: [...]}}`",
            project.config.entities_file
        )),
    }
}

/// The sources prepared for counting mentions once, whatever the number of entities:
/// lower case, hyphens as spaces (`Al-Haq` counts for `Al Haq`).
pub struct MentionIndex<'a> {
    texts: Vec<(&'a str, String)>,
}

impl<'a> MentionIndex<'a> {
    pub fn new(project: &'a Project) -> Self {
        Self {
            texts: project
                .sources
                .values()
                .map(|source| (source.id.as_str(), comparable(&source.text)))
                .collect(),
        }
    }

    /// How many times each spelling of `entity` occurs in each source (whole words).
    pub fn mentions(&self, entity: &Entity) -> BTreeMap<&'a str, usize> {
        let spellings: Vec<String> = entity.spellings().map(comparable).collect();
        let mut counts = BTreeMap::new();
        for (id, text) in &self.texts {
            let count: usize = spellings
                .iter()
                .map(|spelling| count_words(text, spelling))
                .sum();
            if count > 0 {
                counts.insert(*id, count);
            }
        }
        counts
    }
}

/// `text` lower-cased with each hyphen a space: what mentions are counted in.
fn comparable(text: &str) -> String {
    text.to_lowercase().replace('-', " ")
}

fn count_words(text: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return 0;
    }
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(needle)
        .filter(|(at, _)| {
            !is_word(text[..*at].chars().next_back())
                && !is_word(text[at + needle.len()..].chars().next())
        })
        .count()
}

/// The consonant skeleton of a name: no case, diacritics, hyphens, article or vowels,
/// doubled letters single, q and c as k. Transliterations of one name share it.
pub fn skeleton(name: &str) -> String {
    let decomposed: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    let words = decomposed
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|word| !word.is_empty());
    let mut out = String::new();
    for word in words.filter(|word| !matches!(*word, "al" | "el" | "the")) {
        for c in word.chars().filter(|c| c.is_alphanumeric()) {
            let c = match c {
                'q' | 'c' => 'k',
                c => c,
            };
            if "aeiouy".contains(c) || out.ends_with(c) {
                continue;
            }
            out.push(c);
        }
    }
    out
}

/// A spelling found in the sources that may be a variant of a registered name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub entity: String,
    pub spelling: String,
    pub registered: String,
    /// Source ids where it occurs, with counts.
    pub sources: BTreeMap<String, usize>,
}

/// Capitalized runs of one to three words within a clause (an `al-` article may lead),
/// where names are; at each word the longest run first.
fn candidate_runs(text: &str) -> Vec<Vec<String>> {
    let capitalized = |word: &str| {
        let word = word
            .strip_prefix("al-")
            .or_else(|| word.strip_prefix("Al-"))
            .unwrap_or(word);
        word.chars().next().is_some_and(char::is_uppercase)
    };
    let mut runs = Vec::new();
    // Punctuation ends a name: "the International Zone. The loss" holds no "Zone The".
    for clause in text.split(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '“' | '”' | '\n'
        )
    }) {
        let words: Vec<&str> = clause
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'))
            .map(|word| {
                word.trim_end_matches("'s")
                    .trim_end_matches("’s")
                    .trim_matches(['\'', '’'])
            })
            .filter(|word| !word.is_empty())
            .collect();
        for start in 0..words.len() {
            let length = words[start..]
                .iter()
                .take(3)
                .take_while(|word| capitalized(word))
                .count();
            runs.push(
                (1..=length)
                    .rev()
                    .map(|length| words[start..start + length].join(" "))
                    .collect(),
            );
        }
    }
    runs
}

/// A name without case or a leading `al-` article, for comparing spellings.
fn bare(name: &str) -> String {
    let lower = name.to_lowercase();
    ["al-", "al ", "el-"]
        .iter()
        .find_map(|article| lower.strip_prefix(article))
        .unwrap_or(&lower)
        .to_owned()
}

/// Spellings in the sources that look like variants of a registered name.
pub fn variants(project: &Project) -> Vec<Variant> {
    let index = EntityIndex::new(&project.entities);
    let mut by_skeleton: HashMap<String, Vec<(&Entity, &str)>> = HashMap::new();
    for entity in &project.entities {
        for spelling in entity.spellings() {
            let skeleton = skeleton(spelling);
            if skeleton.chars().count() >= 3 {
                by_skeleton
                    .entry(skeleton)
                    .or_default()
                    .push((entity, spelling));
            }
        }
    }
    let mut found: BTreeMap<(String, String), Variant> = BTreeMap::new();
    for source in project.sources.values() {
        // Words inside a name already matched are not names of their own ("Muhandis"
        // in "Al Muhandis").
        let mut inside = 0;
        for runs in candidate_runs(&source.text) {
            if inside > 0 {
                inside -= 1;
                continue;
            }
            for name in &runs {
                // A sentence-initial article is not part of the name ("The West Bank").
                let unarticled = name.strip_prefix("The ").unwrap_or(name);
                if index.resolve(name).is_some() || index.resolve(unarticled).is_some() {
                    inside = name.split(' ').count() - 1;
                    break;
                }
                let Some(registered) = by_skeleton.get(&skeleton(name)) else {
                    continue;
                };
                // A shared skeleton is not enough ("Rebel", "Arbil"): the spellings must be near.
                let near = registered.iter().find(|(_, spelling)| {
                    strsim::jaro_winkler(&bare(name), &bare(spelling)) >= 0.8
                });
                if let Some((entity, spelling)) = near {
                    let variant = found
                        .entry((entity.id.clone(), name.clone()))
                        .or_insert_with(|| Variant {
                            entity: entity.id.clone(),
                            spelling: name.clone(),
                            registered: spelling.to_string(),
                            sources: BTreeMap::new(),
                        });
                    *variant.sources.entry(source.id.clone()).or_default() += 1;
                    inside = name.split(' ').count() - 1;
                    break;
                }
            }
        }
    }
    found.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_share_a_skeleton() {
        for (a, b) in [
            ("Qassem Suleimani", "Qasem Soleimani"),
            ("Qassim Soleimani", "Qassem Soleimani"),
            ("Kataeb Hezbollah", "Kataib Hizbullah"),
            ("al-Kadhemi", "Kadhimi"),
            ("Arbil", "Erbil"),
            ("Muḥandis", "Muhandis"),
        ] {
            assert_eq!(skeleton(a), skeleton(b), "{a} / {b}");
        }
        assert_ne!(skeleton("Kataib Hezbollah"), skeleton("Asaib Ahl al-Haq"));
    }

    #[test]
    fn counts_whole_words_only() {
        assert_eq!(count_words("iran and iranian, iran.", "iran"), 2);
    }

    #[test]
    fn names_are_capitalized_runs_within_a_clause() {
        let runs: Vec<String> =
            candidate_runs("the US killed Qassem Suleimani and Abu Mahdi al-Muhandis. The end")
                .into_iter()
                .flatten()
                .collect();
        assert!(runs.contains(&"Qassem Suleimani".to_owned()));
        assert!(runs.contains(&"Abu Mahdi al-Muhandis".to_owned()));
        assert!(
            !runs
                .iter()
                .any(|name| name.contains("killed") || name.contains("Muhandis The"))
        );
    }
}
