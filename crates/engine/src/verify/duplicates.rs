//! Sources that are one text twice: the same bytes, or the same words after spacing,
//! punctuation, typography and case are set aside (a page saved twice, a wire story
//! re-captured under another name). Two copies cited for one claim would look like
//! corroboration; `source-duplicate` says which source repeats which.

use std::cell::RefCell;
use std::collections::BTreeMap;

use std::hash::{BuildHasher, Hasher};

use rayon::prelude::*;

use crate::ascii_lanes::{lane_at, multibyte_starts};
use crate::cache::Cache;
use crate::char_memo::{CharMemo, is_alphanumeric};
use crate::load::Project;
use crate::model::code::Code;
use crate::model::finding::Finding;
use crate::model::location::Location;
use crate::model::source::Source;

/// One finding for each source whose text an earlier source (by id) already has. The
/// pairs are kept in `cache` under every source's id and bytes: a warm run whose
/// sources are unchanged does not read them all again (tallying them was a tenth of a
/// warm check of 700 sources of 40 KB).
pub fn check_duplicates(project: &Project, cache: &Cache) -> Vec<Finding> {
    let key = cache
        .is_enabled()
        .then(|| super::key_over_sources("source-duplicates", project));
    let pairs = key
        .and_then(|key| cache.get::<Vec<(String, String)>>(key))
        .unwrap_or_else(|| {
            let pairs = duplicate_pairs(project);
            if let Some(key) = key {
                cache.put(key, &pairs);
            }
            pairs
        });
    pairs
        .iter()
        .filter_map(|(id, original)| duplicate(project, id, original))
        .collect()
}

/// Each source whose text an earlier source (by id) already has, with that source.
fn duplicate_pairs(project: &Project) -> Vec<(String, String)> {
    // Only sources whose words' letters tally as another's do can share its words:
    // tallying is far cheaper than hashing, and tallies of different texts rarely
    // agree (a count alone did for most of 500 articles of about 20 KB).
    let tallies: Vec<(&str, &Source, (usize, u64))> = project
        .sources
        .par_iter()
        .map(|(id, source)| (id.as_str(), source, letter_tally(&source.text)))
        .collect();
    let mut sharing: foldhash::HashMap<(usize, u64), usize> = foldhash::HashMap::default();
    for (_, _, tally) in &tallies {
        *sharing.entry(*tally).or_default() += 1;
    }
    // Seeded for the run: no committed source can be made to collide with another.
    let seed = foldhash::fast::RandomState::default();
    let fingerprints: Vec<(&str, u64)> = tallies
        .par_iter()
        .filter(|(_, _, tally)| tally.0 > 0 && sharing[tally] > 1)
        .map(|(id, source, _)| (*id, words_fingerprint(&seed, &source.text)))
        .collect();
    let mut first: BTreeMap<u64, &str> = BTreeMap::new();
    let mut pairs = Vec::new();
    for (id, fingerprint) in fingerprints {
        match first.get(&fingerprint) {
            None => {
                first.insert(fingerprint, id);
            }
            Some(&original) => pairs.push((id.to_owned(), original.to_owned())),
        }
    }
    pairs
}

/// The finding that source `id` repeats `original`; `None` if either is not in the
/// project.
fn duplicate(project: &Project, id: &str, original: &str) -> Option<Finding> {
    let (source, earlier) = (project.sources.get(id)?, project.sources.get(original)?);
    let how = if earlier.digest == source.digest {
        "byte for byte"
    } else {
        "word for word (only spacing, punctuation, typography or case differ)"
    };
    Some(
        Finding::new(
            Code::SourceDuplicate,
            format!("source `{id}` has the same text as `{original}`, {how}"),
        )
        .source(id)
        .at(Location::file(&source.path))
        .related(
            format!("the text of `{original}`"),
            Location::file(&earlier.path),
        )
        .help("keep one copy; two copies cited for one claim would pass for two sources"),
    )
}

/// A hash of the words of `text`: letters and digits in lower case, one separator
/// between words, so that only spacing, punctuation, typography and case are set aside.
/// The words' bytes are hashed eight at a time: a byte at a time (FNV-1a), this was a
/// sixth of a cold check of ten 3 MB sources.
fn words_fingerprint(seed: &foldhash::fast::RandomState, text: &str) -> u64 {
    let mut hasher = seed.build_hasher();
    let (mut pending, mut filled) = (0u64, 0u32);
    for_each_word_byte(text, |byte| {
        pending = pending << 8 | u64::from(byte);
        filled += 1;
        if filled == 8 {
            hasher.write_u64(pending);
            (pending, filled) = (0, 0);
        }
    });
    hasher.write_u64(pending);
    hasher.write_u32(filled);
    hasher.finish()
}

/// The letter bytes of `text`'s words (those [`for_each_word_byte`] gives, less the
/// spaces between words): how many, and their sum. Equal for two texts with the same
/// words, and far cheaper than a fingerprint: every block is tallied in a loop the
/// compiler vectorizes (it passes over bytes outside ASCII), and a block holding any
/// is read again, eight bytes at a time, for the characters they start, whose tallies
/// are remembered between sources ([`CharMemo`]; looked up in Unicode's tables, they
/// were most of a check of sources in Cyrillic or Arabic). (Finding where each ASCII
/// run ended, a byte at a time, kept the tally at about a nanosecond a byte in articles
/// with a curly quote or no-break space every line.)
fn letter_tally(text: &str) -> (usize, u64) {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let (mut count, mut sum) = (0, 0);
    LOWERED_TALLIES.with_borrow_mut(|memo| {
        for (index, block) in bytes.chunks(BLOCK).enumerate() {
            let (block_count, block_sum) = ascii_tally(block);
            count += block_count;
            sum += block_sum;
            if block.is_ascii() {
                continue;
            }
            // Each character outside ASCII once, from its first byte (a character may
            // cross into the next block, whose continuation bytes are passed over),
            // found eight bytes at a time.
            for lane in (0..block.len()).step_by(8) {
                let mut starts = multibyte_starts(lane_at(block, lane));
                while starts != 0 {
                    let offset = index * BLOCK + lane + starts.trailing_zeros() as usize / 8;
                    starts &= starts - 1;
                    let c = text[offset..].chars().next().expect("a first byte");
                    let (letter_count, letter_sum) = memo.get(c, lowered_tally);
                    count += usize::from(letter_count);
                    sum += u64::from(letter_sum);
                }
            }
        }
    });
    (count, sum)
}

thread_local! {
    /// Each thread's answers of [`lowered_tally`].
    static LOWERED_TALLIES: RefCell<CharMemo<(u8, u16)>> = RefCell::new(CharMemo::new());
}

/// [`letter_tally`] of one character outside ASCII.
fn lowered_tally(c: char) -> (u8, u16) {
    let (mut count, mut sum) = (0, 0);
    for_each_lowered_letter(c, |encoded| {
        // At most three characters of four bytes: the sum fits 16 bits.
        count += encoded.len() as u8;
        sum += encoded.iter().map(|&byte| u16::from(byte)).sum::<u16>();
    });
    (count, sum)
}

/// [`letter_tally`] of the ASCII bytes of at most a block, branch-free so that it
/// vectorizes: a letter in lower case (`| 0x20`; digits already have that bit), a
/// digit as it is; any other byte, ASCII or not, counts nothing.
fn ascii_tally(bytes: &[u8]) -> (usize, u64) {
    // Sums of one block fit 16 bits (32 bytes of at most 122): eight lanes of 16 bits
    // to a vector register where 64-bit sums took four.
    let mut count = 0u16;
    let mut sum = 0u16;
    for &byte in bytes {
        let lower = byte | 0x20;
        let letter = lower.wrapping_sub(b'a') < 26;
        let digit = byte.wrapping_sub(b'0') < 10;
        let counted = u16::from(letter | digit);
        count += counted;
        sum += counted * u16::from(if letter { lower } else { byte });
    }
    (usize::from(count), u64::from(sum))
}

/// Calls `each` with the bytes of the words of `text`: their letters and digits in
/// lower case (UTF-8), a space between two words. Most text is ASCII: a byte at a
/// time, the rest a character at a time.
fn for_each_word_byte(text: &str, each: impl FnMut(u8)) {
    let mut words = Words {
        each,
        started: false,
        between: false,
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte.is_ascii() {
            at += 1;
            if byte.is_ascii_alphanumeric() {
                words.letter(&[byte.to_ascii_lowercase()]);
            } else {
                words.between = true;
            }
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        if is_alphanumeric(c) {
            for_each_lowered_letter(c, |encoded| words.letter(encoded));
        } else {
            words.between = true;
        }
    }
}

/// Calls `each` with the UTF-8 of each character of `c` in lower case, if `c` is a
/// letter or digit (the two readings of a non-ASCII character, tallied and hashed).
fn for_each_lowered_letter(c: char, mut each: impl FnMut(&[u8])) {
    if is_alphanumeric(c) {
        for lower in c.to_lowercase() {
            each(lower.encode_utf8(&mut [0; 4]).as_bytes());
        }
    }
}

/// The words' bytes on their way to `each`: whether a word has started, and whether
/// something other than a letter came since the last.
struct Words<F> {
    each: F,
    started: bool,
    between: bool,
}

impl<F: FnMut(u8)> Words<F> {
    fn letter(&mut self, bytes: &[u8]) {
        if self.between && self.started {
            (self.each)(b' ');
        }
        self.started = true;
        self.between = false;
        bytes.iter().for_each(|&byte| (self.each)(byte));
    }
}

#[cfg(test)]
mod tests {
    use super::{for_each_word_byte, letter_tally, words_fingerprint};

    #[test]
    fn only_the_words_count() {
        let seed = foldhash::fast::RandomState::default();
        let fingerprint = |text: &str| words_fingerprint(&seed, text);
        let a = fingerprint("“Five dailies,” he said —\r\nclosed.");
        assert_eq!(a, fingerprint("\"five dailies\" he said - closed"));
        assert_ne!(a, fingerprint("\"three dailies\" he said - closed"));
        assert_ne!(fingerprint("ab c"), fingerprint("a bc"));
        // Eight bytes at a time, whatever the words' lengths: the last, short block
        // still counts.
        assert_ne!(fingerprint("abcdefgh"), fingerprint("abcdefgh a"));
    }

    use proptest::prelude::*;

    proptest! {
        /// The tally that picks which sources to fingerprint is that of the words'
        /// bytes but spaces.
        #[test]
        fn the_tally_is_of_the_words_bytes_but_spaces(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "a", "Z", "9", " ", "-", "é", "É", "\u{212A}", "İ", "ß", "“", "\u{a0}", "日", "\n", "ǅ",
                "@", "[", "`", "{", "/", ":", "z", "0", "Plain words, 1987; and more of them. ", "Жж",
            ]), 0..120),
        ) {
            let text = pieces.concat();
            let (mut count, mut sum) = (0, 0);
            for_each_word_byte(&text, |byte| {
                if byte != b' ' {
                    count += 1;
                    sum += u64::from(byte);
                }
            });
            prop_assert_eq!(letter_tally(&text), (count, sum));
        }
    }

    #[test]
    fn the_words_are_letters_in_lower_case_with_one_space_between() {
        let mut bytes = Vec::new();
        for_each_word_byte("  Über—„Straße“ 2,5\tK ", |byte| bytes.push(byte));
        assert_eq!(String::from_utf8(bytes).unwrap(), "über straße 2 5 k");
    }
}
