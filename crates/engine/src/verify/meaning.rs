//! Whether a drifted quote's change touches what it means, not only how it is typed: a
//! number ("Five" → "Three", "1,400" → "1,200"), a month, a negation ("said" → "denied",
//! "would" → "would not") or a registered entity. Such a pin is never re-pinned in bulk:
//! `fix --accept-drift` accepts it only when the analyst names its claim.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::char_memo::is_alphanumeric;
use crate::model::entity::Entity;
use crate::model::value::MONTHS;
use crate::words::{AlphanumericRuns, WordShapes, folded};

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

const NUMBER_WORDS: &[(&str, u64)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
    ("thousand", 1_000),
    ("million", 1_000_000),
    ("billion", 1_000_000_000),
    ("dozen", 12),
    ("dozens", 12),
    ("hundreds", 100),
    ("thousands", 1_000),
    ("millions", 1_000_000),
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("half", 2),
    ("twice", 2),
    ("once", 1),
];

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

/// A number a statement states: digits (`1,400`, `3.5`, `40%`) or a cardinal word from
/// two up (`five`, `dozen`, `thousand`). "One", ordinals and "half" are left out: they
/// are as often pronouns or turns of phrase as counts, and a false alarm costs more
/// than a miss here.
pub struct StatedNumber<'t> {
    pub value: f64,
    pub written: &'t str,
}

/// The numbers `text` states, in order.
pub fn stated_numbers(text: &str) -> Vec<StatedNumber<'_>> {
    words(text).filter_map(stated_number).collect()
}

/// The months `text` names (capitalized, as a month is written in English), as 1–12,
/// with how they are written.
pub fn stated_months(text: &str) -> Vec<(u32, &str)> {
    words(text)
        .filter_map(|word| Some((named_month(word)?, word)))
        .collect()
}

/// What `text` states that a quote must bear out: its numbers and months, in order.
pub struct Stated<'t> {
    pub numbers: Vec<StatedNumber<'t>>,
    pub months: Vec<(u32, &'t str)>,
}

/// [`stated_numbers`] and [`stated_months`] in one reading of the words: reading them
/// apart, and again for each use, was most of checking 50,000 statements that state
/// a figure.
pub fn stated(text: &str) -> Stated<'_> {
    let mut stated = Stated {
        numbers: Vec::new(),
        months: Vec::new(),
    };
    for word in words(text) {
        stated.numbers.extend(stated_number(word));
        stated
            .months
            .extend(named_month(word).map(|month| (month, word)));
    }
    stated
}

/// The number one word states, if it states one.
fn stated_number(word: &str) -> Option<StatedNumber<'_>> {
    let value = if word.starts_with(|c: char| c.is_ascii_digit()) {
        let figure = |digits: &str| {
            digits
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        };
        // Most figures are whole numbers without a thousands separator to take out.
        if let Some(whole) = whole_number(word) {
            whole
        } else if word.contains(',') {
            figure(&word.replace(',', ""))?
        } else {
            figure(word)?
        }
    } else {
        cardinal(word)? as f64
    };
    Some(StatedNumber {
        value,
        written: word,
    })
}

/// The value of `word` up to its last digit (`2020s`, `12th`) when that is nothing but
/// digits, few enough to be exact as a float: parsing a float from each figure was a
/// tenth of checking statements that state them.
fn whole_number(word: &str) -> Option<f64> {
    let digits = word.trim_end_matches(|c: char| !c.is_ascii_digit());
    (!digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| {
            digits
                .bytes()
                .fold(0u64, |value, digit| value * 10 + u64::from(digit - b'0')) as f64
        })
}

/// The value of a cardinal from two up, or zero, that `word` names in any case.
fn cardinal(word: &str) -> Option<u64> {
    // Looked up among the names of its length, folded: reading the whole table for
    // each word was a tenth of checking 50,000 statements that state figures, and
    // comparing bytes without case most of what was left.
    static BY_LENGTH: LazyLock<Vec<Vec<(u128, u64)>>> = LazyLock::new(|| {
        let mut by_length = Vec::new();
        for &(name, value) in NUMBER_WORDS
            .iter()
            .take_while(|(name, _)| *name != "first")
            .filter(|(name, value)| *value >= 2 || *name == "zero")
        {
            if by_length.len() <= name.len() {
                by_length.resize(name.len() + 1, Vec::new());
            }
            by_length[name.len()].push((folded(name).expect("a short name"), value));
        }
        by_length
    });
    if !NUMBER_WORD_SHAPES.admit(word) {
        return None;
    }
    let word_folded = folded(word)?;
    BY_LENGTH
        .get(word.len())?
        .iter()
        .find(|(name, _)| *name == word_folded)
        .map(|(_, value)| *value)
}

/// The month (1–12) one capitalized word names, if it names one.
fn named_month(word: &str) -> Option<u32> {
    static FOLDED: LazyLock<Vec<u128>> = LazyLock::new(|| {
        MONTHS
            .iter()
            .map(|month| folded(month).expect("a short name"))
            .collect()
    });
    if !word.starts_with(char::is_uppercase) || !MONTH_SHAPES.admit(word) {
        return None;
    }
    let word_folded = folded(word)?;
    let month = FOLDED.iter().position(|month| *month == word_folded)?;
    Some(month as u32 + 1)
}

const NUMBER_WORD_SHAPES: WordShapes = {
    let (mut shapes, mut index) = (WordShapes::NONE, 0);
    while index < NUMBER_WORDS.len() {
        shapes = shapes.with(NUMBER_WORDS[index].0);
        index += 1;
    }
    shapes
};

const MONTH_SHAPES: WordShapes = {
    let (mut shapes, mut index) = (WordShapes::NONE, 0);
    while index < MONTHS.len() {
        shapes = shapes.with(MONTHS[index]);
        index += 1;
    }
    shapes
};

/// The words of `text`: letters, digits and the marks inside a number (`1,400`, `3.5`)
/// or a contraction (`didn't`): runs of letters and digits, two joined where one such
/// mark alone stands between them.
fn words(text: &str) -> impl Iterator<Item = &str> {
    AlphanumericRuns::joined(text).map(|word| &text[word])
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
    use proptest::prelude::*;

    /// The words of `text` read a character at a time, with one character of look-ahead.
    fn words_by_character(text: &str) -> Vec<&str> {
        let mut words = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = text.len();
            while let Some(&(at, c)) = chars.peek() {
                let mut ahead = chars.clone();
                ahead.next();
                let inside = matches!(c, ',' | '.' | '\'' | '’')
                    && ahead
                        .peek()
                        .is_some_and(|&(_, next)| next.is_alphanumeric());
                if !c.is_alphanumeric() && !inside {
                    end = at;
                    break;
                }
                chars.next();
            }
            words.push(&text[start..end]);
        }
        words
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// The masks find the words reading a character at a time does, in texts that
        /// run over several blocks and past the masks kept inline.
        #[test]
        fn words_are_read_as_a_character_at_a_time(parts in prop::collection::vec(prop::sample::select(vec![
            "a", "Five", "1", "1,400", "3.5", ",", ".", "'", "’", " ", "didn't", "n’t", "é", "Жж",
            "日本", "\u{301}", "-", "40%", "\n", "x.", ".y", "2,", "—",
            "abcdefghijklmnopqrstuvwxyz0123456789",
        ]), 0..160)) {
            let text = parts.concat();
            prop_assert_eq!(words(&text).collect::<Vec<_>>(), words_by_character(&text));
        }
    }

    /// The lookup by length answers as reading the whole table did, for every name
    /// in any case and for words that are no name.
    #[test]
    fn a_cardinal_is_looked_up_as_the_table_reads() {
        let scan = |word: &str| {
            NUMBER_WORDS
                .iter()
                .take_while(|(name, _)| *name != "first")
                .filter(|(name, value)| *value >= 2 || *name == "zero")
                .find(|(name, _)| name.eq_ignore_ascii_case(word))
                .map(|(_, value)| *value)
        };
        let names = NUMBER_WORDS.iter().map(|(name, _)| *name);
        let others = [
            "",
            "x",
            "ones",
            "twentyone",
            "Über",
            "dozen’",
            "THOUSANDS",
            "FiFtY",
        ];
        for word in names.clone().chain(others) {
            for written in [
                word.to_owned(),
                word.to_uppercase(),
                word.to_ascii_uppercase(),
            ] {
                assert_eq!(cardinal(&written), scan(&written), "{written}");
            }
        }
        assert_eq!(cardinal("Dozen"), Some(12));
        assert_eq!(cardinal("one"), None);
    }

    #[test]
    fn a_figure_is_read_with_or_without_separators() {
        let values: Vec<(f64, &str)> =
            stated_numbers("1,400 or 1400 killed, 3.5 or 1,000.5 percent, in the 2020s, 12th, 3a4")
                .iter()
                .map(|number| (number.value, number.written))
                .collect();
        assert_eq!(
            values,
            [
                (1400.0, "1,400"),
                (1400.0, "1400"),
                (3.5, "3.5"),
                (1000.5, "1,000.5"),
                (2020.0, "2020s"),
                (12.0, "12th"),
            ]
        );
    }

    proptest! {
        /// A whole number is read as parsing it as a float reads it.
        #[test]
        fn whole_numbers_are_what_parsing_gives(word in "[0-9]{1,20}(,[0-9]{3})?(\\.[0-9])?[a-z%]{0,2}") {
            let parsed: Option<f64> = word
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok();
            match whole_number(&word) {
                Some(value) => prop_assert_eq!(Some(value), parsed),
                None => prop_assert!(word.contains([',', '.']) || word.len() > 15),
            }
        }

        /// One reading of the words finds what the two readings find, in order.
        #[test]
        fn stated_is_the_numbers_and_the_months(
            text in "(May|may|March|Twelve|dozens|one|first|1,400|3.5|40%|2020|didn't|’|,|\\.| |x|\u{a0}|Über){0,30}",
        ) {
            let stated = stated(&text);
            let numbers: Vec<(f64, &str)> =
                stated.numbers.iter().map(|n| (n.value, n.written)).collect();
            let apart: Vec<(f64, &str)> =
                stated_numbers(&text).iter().map(|n| (n.value, n.written)).collect();
            prop_assert_eq!(numbers, apart);
            prop_assert_eq!(stated.months, stated_months(&text));
        }
    }

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
