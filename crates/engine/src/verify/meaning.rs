//! Whether a drifted quote's change touches what it means, not only how it is typed: a
//! number ("Five" → "Three", "1,400" → "1,200"), a month, a negation ("said" → "denied",
//! "would" → "would not") or a registered entity. Such a pin is never re-pinned in bulk:
//! `fix --accept-drift` accepts it only when the analyst names its claim.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::char_memo::is_alphanumeric;
use crate::model::entity::Entity;
use crate::model::stated::{NUMBER_WORDS, words};
use crate::model::value::MONTHS;

/// The changes of meaning from `old` to `new`, in words (`number: Five → Three`),
/// empty when the change is only wording or typography.
pub fn meaning_changes(old: &str, new: &str, entities: &[Entity]) -> Vec<String> {
    let (old_terms, new_terms) = (terms(old, entities), terms(new, entities));
    let mut changes = Vec::new();
    for kind in [Kind::Number, Kind::Date, Kind::Negation, Kind::Entity] {
        let removed = missing_from(&old_terms, &new_terms, kind);
        let added = missing_from(&new_terms, &old_terms, kind);
        match (removed.is_empty(), added.is_empty()) {
            (true, true) => {}
            (false, false) => changes.push(format!(
                "{}: {} → {}",
                kind.name(),
                removed.join(", "),
                added.join(", ")
            )),
            (false, true) => {
                changes.push(format!("{}: {} removed", kind.name(), removed.join(", ")))
            }
            (true, false) => changes.push(format!("{}: {} added", kind.name(), added.join(", "))),
        }
    }
    changes
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Number,
    Date,
    Negation,
    Entity,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::Negation => "negation",
            Kind::Entity => "entity",
        }
    }
}

/// A term of meaning: its kind, what it means (a value, a month, an entity id) and how
/// the text wrote it.
struct Term {
    kind: Kind,
    meaning: String,
    written: String,
}

/// How many terms of `kind` mean each thing.
fn counts(terms: &[Term], kind: Kind) -> BTreeMap<&str, usize> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for term in terms.iter().filter(|term| term.kind == kind) {
        *counts.entry(&term.meaning).or_default() += 1;
    }
    counts
}

/// The terms of `kind` in `from` that `to` has fewer of, as written in `from`.
fn missing_from(from: &[Term], to: &[Term], kind: Kind) -> Vec<String> {
    let (from_counts, to_counts) = (counts(from, kind), counts(to, kind));
    let mut missing = Vec::new();
    for (meaning, n) in &from_counts {
        let left = n.saturating_sub(to_counts.get(meaning).copied().unwrap_or(0));
        let written = from
            .iter()
            .filter(|term| term.kind == kind && term.meaning == *meaning)
            .map(|term| term.written.clone());
        missing.extend(written.take(left));
    }
    missing
}

/// Words that turn a statement into its opposite, or deny it.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "deny",
    "denies", "denied", "denying", "reject", "rejects", "rejected", "refuted", "refutes", "false",
    "falsely",
];

fn terms(text: &str, entities: &[Entity]) -> Vec<Term> {
    let mut terms = Vec::new();
    for word in words(text) {
        // Most words are in lower case already: only the others are copied to fold.
        let lower = if word
            .bytes()
            .any(|byte| byte.is_ascii_uppercase() || !byte.is_ascii())
        {
            Cow::Owned(word.to_lowercase())
        } else {
            Cow::Borrowed(word)
        };
        let number = |meaning: String| Term {
            kind: Kind::Number,
            meaning,
            written: word.to_owned(),
        };
        if word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let digits: String = word.chars().filter(|c| *c != ',').collect();
            let value = digits.trim_end_matches(|c: char| !c.is_ascii_digit());
            terms.push(number(value.to_owned()));
        } else if let Some((_, value)) = NUMBER_WORDS.iter().find(|(name, _)| *name == lower) {
            terms.push(number(value.to_string()));
        } else if let Some(month) = MONTHS.iter().position(|month| *month == lower) {
            terms.push(Term {
                kind: Kind::Date,
                meaning: (month + 1).to_string(),
                written: word.to_owned(),
            });
        } else if NEGATIONS.contains(&&*lower) || lower.ends_with("n't") || lower.ends_with("n’t")
        {
            terms.push(Term {
                kind: Kind::Negation,
                meaning: "negation".to_owned(),
                written: word.to_owned(),
            });
        }
    }
    if entities.is_empty() {
        return terms;
    }
    let folded = text.to_lowercase();
    for entity in entities {
        let spellings = std::iter::once(&entity.name).chain(&entity.aliases);
        let mentioned = spellings
            .map(|spelling| spelling.to_lowercase())
            .find(|spelling| !spelling.is_empty() && contains_word(&folded, spelling))
            .map(|_| entity.id.clone());
        if let Some(spelling) = mentioned {
            terms.push(Term {
                kind: Kind::Entity,
                meaning: spelling,
                written: entity.name.clone(),
            });
        }
    }
    terms
}

/// Whether `needle` occurs in `haystack` as whole words.
fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        !before.is_some_and(is_alphanumeric) && !after.is_some_and(is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(id: &str, name: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind: "organization".into(),
            aliases: aliases.iter().map(|alias| (*alias).into()).collect(),
            location: crate::model::location::Location::file("entities.yaml"),
        }
    }

    #[test]
    fn numbers_and_number_words_are_meaning() {
        assert_eq!(
            meaning_changes("Five dailies closed", "Three dailies closed", &[]),
            vec!["number: Five → Three"]
        );
        assert_eq!(
            meaning_changes("murdered 1,400 people", "killed 1,200 people", &[]),
            vec!["number: 1,400 → 1,200"]
        );
        assert!(meaning_changes("killed 1,400 people", "murdered 1400 people.", &[]).is_empty());
        assert!(meaning_changes("five soldiers", "5 soldiers", &[]).is_empty());
    }

    #[test]
    fn months_negations_and_entities_are_meaning() {
        assert_eq!(
            meaning_changes("on 3 January", "on 3 February", &[]),
            vec!["date: January → February"]
        );
        assert_eq!(
            meaning_changes(
                "the attacks would go unpunished",
                "the attacks would not go unpunished",
                &[]
            ),
            vec!["negation: not added"]
        );
        assert_eq!(
            meaning_changes("The spokesman confirmed it", "The spokesman denied it", &[]),
            vec!["negation: denied added"]
        );
        assert_eq!(
            meaning_changes("it did", "it didn't", &[]),
            vec!["negation: didn't added"]
        );
        // Folded whatever the case or the apostrophe.
        assert_eq!(
            meaning_changes("it DID in MARCH", "it DIDN’T in APRIL", &[]),
            vec!["date: MARCH → APRIL", "negation: DIDN’T added"]
        );
        let kh = [entity("kataib-hezbollah", "Kataib Hezbollah", &["KH"])];
        assert_eq!(
            meaning_changes(
                "The US blamed KH for the attack",
                "The US blamed Iran for the attack",
                &kh
            ),
            vec!["entity: Kataib Hezbollah removed"]
        );
    }

    #[test]
    fn wording_and_typography_are_not() {
        assert!(
            meaning_changes(
                "The US “blamed” Kataib Hezbollah",
                "The US \"blamed\" Kataib Hezbollah",
                &[]
            )
            .is_empty()
        );
        assert!(
            meaning_changes(
                "Prime Minister Kadhemi said",
                "Prime Minister al-Kadhimi said",
                &[]
            )
            .is_empty()
        );
        assert!(meaning_changes("a clipped quote", "a clipped", &[]).is_empty());
    }
}
