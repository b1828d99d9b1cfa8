//! The estimative language of ICD 203: the words that state a probability, each with
//! its band, and the least confidence a statement using it can carry. The table is
//! data: a term is added by adding a row, and every row is tested.

use super::judgement::Confidence;
use crate::words::{AlphanumericRuns, WordShapes};

/// One probability band of ICD 203 (Analytic Standards, 2015), with its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    AlmostNoChance,
    VeryUnlikely,
    Unlikely,
    RoughlyEvenChance,
    Likely,
    VeryLikely,
    AlmostCertain,
}

impl Band {
    /// The band's range of probability, in percent, as ICD 203 gives it.
    pub fn percent(self) -> (u8, u8) {
        match self {
            Band::AlmostNoChance => (1, 5),
            Band::VeryUnlikely => (5, 20),
            Band::Unlikely => (20, 45),
            Band::RoughlyEvenChance => (45, 55),
            Band::Likely => (55, 80),
            Band::VeryLikely => (80, 95),
            Band::AlmostCertain => (95, 99),
        }
    }

    /// The least confidence a judgement in this band can honestly carry: a near
    /// certainty (either way) stated with less than high confidence, or a strong
    /// probability with low confidence, says two contradictory things.
    pub fn least_confidence(self) -> Confidence {
        match self {
            Band::AlmostNoChance | Band::AlmostCertain => Confidence::High,
            Band::VeryUnlikely | Band::VeryLikely => Confidence::Moderate,
            Band::Unlikely | Band::RoughlyEvenChance | Band::Likely => Confidence::Low,
        }
    }
}

/// An estimative term: its words (lower case, single spaces) and its band.
pub struct Term {
    pub words: &'static str,
    pub band: Band,
    /// Whether ICD 203 lists it; the others are common variants of a listed term.
    pub listed: bool,
}

/// Every term read, longest first where one contains another ("very likely" before
/// "likely"): a statement's words are matched against the first term that fits.
pub const TERMS: &[Term] = &[
    term("almost no chance", Band::AlmostNoChance, true),
    // ICD 203 lists "remote"; alone it is as often a place ("a remote village").
    term("remote chance", Band::AlmostNoChance, true),
    term("remote possibility", Band::AlmostNoChance, false),
    term("very unlikely", Band::VeryUnlikely, true),
    term("highly unlikely", Band::VeryUnlikely, false),
    term("highly improbable", Band::VeryUnlikely, true),
    term("unlikely", Band::Unlikely, true),
    term("improbable", Band::Unlikely, true),
    term("probably not", Band::Unlikely, false),
    term("roughly even chance", Band::RoughlyEvenChance, true),
    term("roughly even odds", Band::RoughlyEvenChance, true),
    term("even chance", Band::RoughlyEvenChance, false),
    term("very likely", Band::VeryLikely, true),
    term("highly likely", Band::VeryLikely, false),
    term("highly probable", Band::VeryLikely, true),
    term("likely", Band::Likely, true),
    term("probable", Band::Likely, true),
    term("probably", Band::Likely, false),
    term("almost certainly", Band::AlmostCertain, false),
    term("almost certain", Band::AlmostCertain, true),
    term("nearly certain", Band::AlmostCertain, true),
    term("nearly certainly", Band::AlmostCertain, false),
];

const fn term(words: &'static str, band: Band, listed: bool) -> Term {
    Term {
        words,
        band,
        listed,
    }
}

/// An estimative term found in a statement: the term, and the byte range it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The term's place in [`TERMS`].
    pub index: u8,
    pub words: &'static str,
    pub band: Band,
    pub range: std::ops::Range<usize>,
}

/// The estimative terms `statement` uses, in order. Words are matched whole and
/// without case, across any white space ("Very  likely" is "very likely"); a longer
/// term wins over one it contains.
pub fn terms_in(statement: &str) -> Vec<Found> {
    // Every claim's statement is read on every check: words are compared in place (the
    // terms are ASCII), nothing is allocated per word.
    let mut found = Vec::new();
    let mut words = AlphanumericRuns::new(statement);
    while let Some(word) = words.next() {
        // Most words start no term: judged by their first letter and length, before
        // the table is read (reading it for each word was most of the time).
        if !FIRST_WORD_SHAPES.admit(&statement[word.clone()]) {
            continue;
        }
        let first = statement.as_bytes()[word.start].to_ascii_lowercase();
        let from_here = || std::iter::once(word.clone()).chain(words.clone());
        let matched = TERMS
            .iter()
            .enumerate()
            .filter(|(_, term)| term.words.as_bytes()[0] == first)
            .find_map(|(index, term)| {
                Some((index, term)).zip(term_at(statement, from_here(), term))
            });
        if let Some(((index, term), covered)) = matched {
            let mut last = word.clone();
            for _ in 1..covered {
                last = words.next().expect("a word the term covers");
            }
            found.push(Found {
                // The table has far fewer than 256 rows (a test holds it).
                index: index as u8,
                words: term.words,
                band: term.band,
                range: word.start..last.end,
            });
        }
    }
    found
}

/// The terms at `indices` in [`TERMS`], as a claim keeps those its statement uses;
/// an index past the table (never written, but read from the cache) names none.
pub fn terms_at(indices: &[u8]) -> impl Iterator<Item = &'static Term> + '_ {
    indices
        .iter()
        .filter_map(|&index| TERMS.get(usize::from(index)))
}

/// The shapes of the terms' first words.
const FIRST_WORD_SHAPES: WordShapes = {
    let (mut shapes, mut index) = (WordShapes::NONE, 0);
    while index < TERMS.len() {
        shapes = shapes.with(TERMS[index].words);
        index += 1;
    }
    shapes
};

/// How many of `words` (ranges of `statement`) `term` covers when they begin with it;
/// stops at the first word that differs.
fn term_at(
    statement: &str,
    words: impl Iterator<Item = std::ops::Range<usize>>,
    term: &Term,
) -> Option<usize> {
    // Compared in place, without splitting the term: this runs for every word of
    // every statement that may start a term.
    let mut rest = term.words;
    for (count, word) in words.enumerate() {
        let word = &statement[word];
        if !rest.get(..word.len())?.eq_ignore_ascii_case(word) {
            return None;
        }
        match rest.as_bytes().get(word.len()) {
            None => return Some(count + 1),
            Some(b' ') => rest = &rest[word.len() + 1..],
            Some(_) => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_is_found_alone_and_in_a_sentence_with_its_band() {
        for term in TERMS {
            let alone = terms_in(term.words);
            assert_eq!(alone.len(), 1, "{}", term.words);
            assert_eq!((alone[0].words, alone[0].band), (term.words, term.band));
            let sentence = format!(
                "Iran will {} resume, Analysts say.",
                term.words.to_uppercase()
            );
            let found = terms_in(&sentence);
            assert_eq!(found.len(), 1, "{sentence}");
            assert_eq!(found[0].band, term.band, "{sentence}");
            assert_eq!(
                sentence[found[0].range.clone()].to_lowercase(),
                term.words,
                "{sentence}"
            );
        }
    }

    #[test]
    fn every_term_has_an_index_of_one_byte_that_names_it() {
        assert!(TERMS.len() <= usize::from(u8::MAX));
        for (index, term) in TERMS.iter().enumerate() {
            let found = terms_in(term.words);
            assert_eq!(usize::from(found[0].index), index, "{}", term.words);
            let indices = [found[0].index, u8::MAX];
            let named: Vec<&str> = terms_at(&indices).map(|term| term.words).collect();
            assert_eq!(named, [term.words]);
        }
    }

    #[test]
    fn every_term_is_lower_case_and_reachable() {
        for (index, term) in TERMS.iter().enumerate() {
            assert_eq!(term.words, term.words.to_lowercase());
            // A term is shadowed when an earlier term is a prefix of its words.
            for earlier in &TERMS[..index] {
                let prefix = format!("{} ", earlier.words);
                assert!(
                    earlier.words != term.words && !term.words.starts_with(&prefix),
                    "`{}` is shadowed by `{}`",
                    term.words,
                    earlier.words
                );
            }
        }
    }

    #[test]
    fn words_match_whole_and_longest_first() {
        let found = terms_in("Unlikely, but very  likely later; a remote chance now.");
        let words: Vec<&str> = found.iter().map(|found| found.words).collect();
        assert_eq!(words, vec!["unlikely", "very likely", "remote chance"]);
        assert!(terms_in("Remotely piloted drones likelier than not").is_empty());
        assert!(terms_in("A remote village").is_empty());
        assert!(terms_in("The probability of a strike").is_empty());
    }

    #[test]
    fn bands_are_ordered_by_probability_and_name_their_confidence_floor() {
        let mut previous = 0;
        for band in [
            Band::AlmostNoChance,
            Band::VeryUnlikely,
            Band::Unlikely,
            Band::RoughlyEvenChance,
            Band::Likely,
            Band::VeryLikely,
            Band::AlmostCertain,
        ] {
            let (low, high) = band.percent();
            assert!(low >= previous && high > low, "{band:?}");
            previous = low;
        }
        assert_eq!(Band::AlmostCertain.least_confidence(), Confidence::High);
        assert_eq!(Band::VeryUnlikely.least_confidence(), Confidence::Moderate);
        assert_eq!(Band::Likely.least_confidence(), Confidence::Low);
    }
}
