//! What a statement or quote states that its quotes must bear out: its numbers (digits
//! or cardinal words) and the months it names, each with where it is written.

use std::ops::Range;
use std::sync::LazyLock;

use crate::model::value::MONTHS;
use crate::words::{AlphanumericRuns, WordShapes, folded};

/// Number words and the value each stands for (also what a drifted quote's meaning
/// is compared by).
pub(crate) const NUMBER_WORDS: &[(&str, u64)] = &[
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

/// A number or month a text states, and the bytes of the text it is written at.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stated<T> {
    pub value: T,
    pub start: u32,
    pub end: u32,
}

impl<T> Stated<T> {
    fn at(value: T, word: &Range<usize>) -> Self {
        // Claim files are limited far below 4 GiB.
        Self {
            value,
            start: word.start as u32,
            end: word.end as u32,
        }
    }

    /// How `text`, the text it was read from, writes it.
    pub fn written<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

/// What a text states that a quote must bear out: its numbers and months, in order.
/// A claim keeps its statement's and its quotes' from when its file was parsed (and
/// cached): read again on every check, they were a fifth of a warm one.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reading {
    pub numbers: Vec<Stated<f64>>,
    pub months: Vec<Stated<u32>>,
}

/// What was read of a text, kept with the text's fingerprint (the same in every
/// run): it answers only while the text still has it, so a claim's statement changed
/// in place is read again, not answered with what its old text stated. Only what is
/// kept is fingerprinted: a reading used once and dropped is not.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Kept<T> {
    of: u64,
    reading: T,
}

impl<T> Kept<T> {
    pub fn new(text: &str, reading: T) -> Self {
        Self {
            of: fingerprint(text),
            reading,
        }
    }

    /// The reading, if `text` is the text it read.
    pub fn of_text(&self, text: &str) -> Option<&T> {
        (self.of == fingerprint(text)).then_some(&self.reading)
    }
}

fn fingerprint(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(text)
}

impl Reading {
    /// [`stated_numbers`] and [`stated_months`] in one reading of the words: reading
    /// them apart, and again for each use, was most of checking 50,000 statements
    /// that state a figure.
    pub fn of(text: &str) -> Self {
        let mut reading = Self::default();
        for word in AlphanumericRuns::joined(text) {
            let written = &text[word.clone()];
            if let Some(value) = number_value(written) {
                reading.numbers.push(Stated::at(value, &word));
            }
            if let Some(month) = named_month(written) {
                reading.months.push(Stated::at(month, &word));
            }
        }
        reading
    }
}

/// The number one word states, if it states one.
fn stated_number(word: &str) -> Option<StatedNumber<'_>> {
    Some(StatedNumber {
        value: number_value(word)?,
        written: word,
    })
}

/// The value of the number one word states, if it states one.
fn number_value(word: &str) -> Option<f64> {
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        let figure = |digits: &str| {
            digits
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        };
        // Most figures are whole numbers without a thousands separator to take out.
        if let Some(whole) = whole_number(word) {
            Some(whole)
        } else if word.contains(',') {
            figure(&word.replace(',', ""))
        } else {
            figure(word)
        }
    } else {
        cardinal(word).map(|value| value as f64)
    }
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
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    AlphanumericRuns::joined(text).map(|word| &text[word])
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

    /// A place that does not fit the text (never written, but read from the cache)
    /// writes nothing rather than panicking.
    #[test]
    fn a_place_outside_the_text_writes_nothing() {
        let text = "5 é";
        let read = Reading::of(text);
        assert_eq!(read.numbers[0].written(text), "5");
        assert_eq!(
            Stated {
                value: 1.0,
                start: 2,
                end: 4
            }
            .written(text),
            "é"
        );
        for (start, end) in [(0, 99), (3, 4), (2, 3), (4, 2)] {
            assert_eq!(
                Stated {
                    value: 1.0,
                    start,
                    end
                }
                .written(text),
                ""
            );
        }
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
            let reading = Reading::of(&text);
            let numbers: Vec<(f64, &str)> =
                reading.numbers.iter().map(|n| (n.value, n.written(&text))).collect();
            let apart: Vec<(f64, &str)> =
                stated_numbers(&text).iter().map(|n| (n.value, n.written)).collect();
            prop_assert_eq!(numbers, apart);
            let months: Vec<(u32, &str)> =
                reading.months.iter().map(|m| (m.value, m.written(&text))).collect();
            prop_assert_eq!(months, stated_months(&text));
        }
    }
}
