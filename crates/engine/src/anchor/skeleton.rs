//! A quote's occurrences in a source bounded without normalizing the source: its
//! skeleton, the ASCII letters and digits of a text in order, everything else left out.
//!
//! Where no character of a text adds an ASCII letter or digit under the profile or
//! takes one away (`normalize::LetterTest`), the skeleton of the text
//! normalized is the skeleton of the text. Every occurrence of a normalized quote in
//! the normalized source then starts a distinct occurrence of the quote's skeleton in
//! the source's (at the quote's first letter or digit), so a quote whose skeleton
//! occurs once in the source's occurs at most once: `quote-ambiguous` cannot apply.
//! Counting each intact pin's quote in the normalized source was a quarter of a cold
//! check of 2,000 sources of 4 KB, most of it normalizing the sources.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::locate::find_overlapping;
use super::normalize::{Profile, with_letter_test};
use crate::ascii_lanes::all_ascii;

/// The ASCII letters and digits of a source, in order; how many come before each block
/// of its bytes (where a span's skeleton starts, without reading the span); and where
/// sampled runs of them are.
#[derive(Debug)]
pub struct Skeleton<'a> {
    text: &'a str,
    /// ASCII, so that the project's searches of text search it.
    letters: String,
    before_block: Vec<u32>,
    grams: SampledGrams,
    /// How many more short needles may be searched for through a long skeleton.
    long_searches_left: AtomicUsize,
}

/// The bytes of the text each count of `before_block` covers.
const BLOCK: usize = 64;

/// How many of the first letters of a skeleton too short for the sampled runs are
/// searched for, the rest compared where they occur: a searcher costs in the length of
/// its needle to build.
const LEAD: usize = 16;

/// How many places where only part of a span's skeleton matches are passed before the
/// skeleton gives up: in a text of few letters such a part can be everywhere, and each
/// comparison costs up to the span's letters.
const MISSES: usize = 16;

/// A skeleton longer than this many letters searches for only `LONG_SEARCHES` needles
/// too short for the sampled runs, each a read of all of it; past them, it cannot say,
/// and the quotes are counted in one read of the normalized source, which costs about
/// what a few such searches do.
const SEARCHED_FREELY: usize = 64 * 1024;
const LONG_SEARCHES: usize = 8;

impl<'a> Skeleton<'a> {
    /// The skeleton of `text`, or `None` when a character of it adds or takes away an
    /// ASCII letter or digit under `profile` (a ligature, a full-width letter, a
    /// combining mark), so that the skeleton bounds nothing.
    pub fn of(text: &'a str, profile: Profile) -> Option<Self> {
        let bytes = text.as_bytes();
        let mut letters = vec![0; bytes.len()];
        let mut before_block = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut kept = 0;
        let mut at = 0;
        with_letter_test(|test| {
            while at < bytes.len() {
                let ascii_end = at + ascii_run(&bytes[at..]);
                while at < ascii_end {
                    let end = ascii_end.min((at / BLOCK + 1) * BLOCK);
                    count_blocks(&mut before_block, at..end, kept);
                    let piece = &bytes[at..end];
                    kept += keep_alphanumerics(piece, &mut letters[kept..kept + piece.len()]);
                    at = end;
                }
                let Some(c) = text[ascii_end..].chars().next() else {
                    break;
                };
                if profile == Profile::Typing && !test.leaves_ascii_alphanumerics(c) {
                    return None;
                }
                at = ascii_end + c.len_utf8();
                count_blocks(&mut before_block, ascii_end..at, kept);
            }
            Some(())
        })?;
        letters.truncate(kept);
        let letters = String::from_utf8(letters).expect("ASCII letters and digits");
        Some(Self {
            text,
            grams: SampledGrams::of(letters.as_bytes()),
            letters,
            before_block,
            long_searches_left: AtomicUsize::new(LONG_SEARCHES),
        })
    }

    /// Whether the text at `span` (on character boundaries) occurs at most once in the
    /// text, both normalized by the profile the skeleton was made under, overlapping
    /// occurrences counted. `false` says nothing: the span's skeleton is empty, occurs
    /// elsewhere, or parts of it are in too many places to look at each.
    pub fn at_most_once(&self, span: Range<usize>) -> bool {
        let start = self.letters_before(span.start);
        let needle = &self.letters[start..self.letters_before(span.end)];
        match needle.len() {
            0 => false,
            length if length < SAMPLED_FROM => {
                if !self.may_search_all() {
                    return false;
                }
                let lead = &needle[..LEAD.min(length)];
                self.nowhere_else(needle, start, find_overlapping(&self.letters, lead))
            }
            _ if self.grams.overflowed => false,
            _ => {
                let places = self
                    .grams
                    .places(self.letters.as_bytes(), needle.as_bytes());
                self.nowhere_else(needle, start, places)
            }
        }
    }

    /// Whether a short needle may be searched for through the whole skeleton, each
    /// search of a long one taken from its allowance.
    fn may_search_all(&self) -> bool {
        self.letters.len() <= SEARCHED_FREELY
            || self
                .long_searches_left
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                    left.checked_sub(1)
                })
                .is_ok()
    }

    /// Whether `needle`, which is at `start`, is at none of `places` (where part of it
    /// is) but there, `MISSES` places that do not hold it looked at, at most.
    fn nowhere_else(
        &self,
        needle: &str,
        start: usize,
        places: impl Iterator<Item = usize>,
    ) -> bool {
        let mut misses = 0;
        for at in places.filter(|&at| at != start) {
            if self.letters.as_bytes()[at..].starts_with(needle.as_bytes()) {
                return false;
            }
            misses += 1;
            if misses > MISSES {
                return false;
            }
        }
        true
    }

    /// How many letters and digits the text has before byte `at`.
    fn letters_before(&self, at: usize) -> usize {
        let block = at / BLOCK;
        let counted = self
            .before_block
            .get(block)
            .map_or(self.letters.len(), |&n| n as usize);
        let from = (block * BLOCK).min(at);
        counted
            + self.text.as_bytes()[from..at]
                .iter()
                .filter(|byte| byte.is_ascii_alphanumeric())
                .count()
    }
}

/// Notes `kept` as the count of letters before every block that starts within `bytes`.
fn count_blocks(before_block: &mut Vec<u32>, bytes: Range<usize>, kept: usize) {
    let blocks = bytes.end.div_ceil(BLOCK) - bytes.start.div_ceil(BLOCK);
    // Sources are limited far below 4 GiB.
    before_block.extend(std::iter::repeat_n(kept as u32, blocks));
}

/// Copies the ASCII letters and digits of `bytes` to the start of `out` (as long),
/// returning how many. Every byte is written and kept by advancing past it: no branch
/// on the kind of byte. Eight at a time into eight bytes of `out`, which the eight
/// always have room in (a byte goes no further than where it was).
fn keep_alphanumerics(bytes: &[u8], out: &mut [u8]) -> usize {
    let mut kept = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let room: &mut [u8; 8] = (&mut out[kept..kept + 8]).try_into().expect("eight bytes");
        let mut taken = 0;
        for &byte in chunk {
            // `taken` is at most the byte's place in the chunk, below 8: the mask
            // changes nothing, and spares a check of the bound.
            room[taken & 7] = byte;
            taken += usize::from(ALPHANUMERIC[usize::from(byte)]);
        }
        kept += taken;
    }
    for &byte in chunks.remainder() {
        out[kept] = byte;
        kept += usize::from(ALPHANUMERIC[usize::from(byte)]);
    }
    kept
}

/// Whether each byte is an ASCII letter or digit: one load, where the test is five
/// operations.
static ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// How many bytes `bytes` starts with that are ASCII: eight at a time.
fn ascii_run(bytes: &[u8]) -> usize {
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        if !all_ascii(u64::from_le_bytes(chunk.try_into().expect("eight bytes"))) {
            break;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .take_while(|byte| byte.is_ascii())
        .count()
}

/// Runs of `GRAM` letters of a skeleton, one every `STRIDE` letters, found by the run.
/// Wherever a needle of `SAMPLED_FROM` letters or more occurs, one of these runs
/// starts at one of its first `STRIDE` letters, so looking up the needle's runs there
/// finds every place it may be. A search read the whole skeleton for each span, and a
/// source of 4 KB has 25 pins in a large product.
/// A run is 32 letters, five or six words: in sources of megabytes, runs of 16 (two
/// or three words) recurred so often that the skeleton gave up on most quotes, and
/// they were counted in the normalized source after all.
#[derive(Debug)]
struct SampledGrams {
    /// Where each sampled run starts (`EMPTY` for none), in the slot its bits pick or
    /// the first free one after.
    slots: Vec<u32>,
    /// How far a run's mixed bits are shifted to pick a slot.
    shift: u32,
    /// Whether a run found no free slot within `PROBES` of its own and was left out:
    /// the table then cannot say where runs are.
    overflowed: bool,
}

/// How many slots from its own a run is looked for in, and placed within.
const PROBES: usize = 64;
/// How many places of one run are kept. A needle with a run kept this often has, at
/// that run's letter, more places other than its own than `MISSES` allows, so it
/// is given up on whether more are kept or not; keeping every place of a run that
/// recurs throughout a source (a letter repeated, a line of boilerplate) made filling
/// the table take time in the square of the source's length.
const KEPT_PLACES: usize = MISSES + 3;
/// How many slots of a walk are passed before the places of the run are counted.
const COUNTED_FROM: usize = 8;

const GRAM: usize = 32;
const STRIDE: usize = 8;
const SAMPLED_FROM: usize = GRAM + STRIDE - 1;
const EMPTY: u32 = u32::MAX;

impl SampledGrams {
    fn of(letters: &[u8]) -> Self {
        let samples = match letters.len() {
            length if length >= GRAM => (length - GRAM) / STRIDE + 1,
            _ => 0,
        };
        // At most half full, so every look-up meets a free slot soon.
        let size = (2 * samples).next_power_of_two().max(2);
        let mut grams = Self {
            slots: vec![EMPTY; size],
            shift: 64 - size.trailing_zeros(),
            overflowed: false,
        };
        for at in (0..samples).map(|sample| sample * STRIDE) {
            grams.insert(letters, at);
        }
        grams
    }

    /// Places the run at `at` in the first free slot within `PROBES` of its own,
    /// unless `KEPT_PLACES` of its places are there already past the first
    /// `COUNTED_FROM` slots (so that at least `KEPT_PLACES` of them are kept).
    fn insert(&mut self, letters: &[u8], at: usize) {
        let gram = gram_at(letters, at);
        let mut slot = self.slot(gram);
        let mut kept = 0;
        for probe in 0..PROBES {
            let held = self.slots[slot];
            if held == EMPTY {
                // Sources are limited far below 4 GiB.
                self.slots[slot] = at as u32;
                return;
            }
            // Most runs find a free slot within a few; the places of the run are
            // counted (each a load of the run there) only on the longer walks of a run
            // that recurs: counting on every walk cost the skeleton of an 8 KB source
            // 6% more instructions.
            if probe >= COUNTED_FROM && gram_at(letters, held as usize) == gram {
                kept += 1;
                if kept == KEPT_PLACES {
                    return;
                }
            }
            slot = self.next(slot);
        }
        self.overflowed = true;
    }

    fn slot(&self, gram: Gram) -> usize {
        let folded = (gram[0] as u64)
            ^ ((gram[0] >> 64) as u64).rotate_left(17)
            ^ (gram[1] as u64).rotate_left(31)
            ^ ((gram[1] >> 64) as u64).rotate_left(47);
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The slot after `slot`, the first after the last (the table's size is a power of
    /// two).
    fn next(&self, slot: usize) -> usize {
        (slot + 1) & (self.slots.len() - 1)
    }

    /// Where `needle` (`SAMPLED_FROM` letters or more) may start in `letters`: for each
    /// of its first `STRIDE` letters, where a sampled run equal to its run there is,
    /// less that letter's offset.
    fn places<'s>(
        &'s self,
        letters: &'s [u8],
        needle: &'s [u8],
    ) -> impl Iterator<Item = usize> + 's {
        (0..STRIDE).flat_map(move |offset| {
            self.runs_equal_to(letters, gram_at(needle, offset))
                .filter_map(move |at| at.checked_sub(offset))
        })
    }

    /// Where the sampled runs of `letters` equal to `gram` start.
    fn runs_equal_to<'s>(
        &'s self,
        letters: &'s [u8],
        gram: Gram,
    ) -> impl Iterator<Item = usize> + 's {
        let mut slot = self.slot(gram);
        let mut probes = 0;
        std::iter::from_fn(move || {
            // Every place of `gram` is within `PROBES` of its slot (`insert`).
            while probes < PROBES {
                let at = self.slots[slot];
                if at == EMPTY {
                    return None;
                }
                probes += 1;
                slot = self.next(slot);
                if gram_at(letters, at as usize) == gram {
                    return Some(at as usize);
                }
            }
            None
        })
    }
}

/// A run of `GRAM` letters, as two numbers.
type Gram = [u128; 2];

/// The `GRAM` letters from `at` on.
fn gram_at(letters: &[u8], at: usize) -> Gram {
    let run = &letters[at..at + GRAM];
    let half = |from: usize| {
        let bytes: [u8; GRAM / 2] = run[from..from + GRAM / 2].try_into().expect("half a run");
        u128::from_le_bytes(bytes)
    };
    [half(0), half(GRAM / 2)]
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{COUNTED_FROM, EMPTY, KEPT_PLACES, SampledGrams, Skeleton};
    use crate::anchor::normalize::Profile;
    use crate::anchor::relocate::SearchableSource;

    #[test]
    fn typographic_quotes_spaces_and_dashes_keep_the_skeleton() {
        let text = "“Ceasefire talks”\u{a0}— the minister’s aide said\u{200b} 12.";
        let skeleton = Skeleton::of(text, Profile::Typing).expect("a skeleton");
        assert_eq!(skeleton.letters, "Ceasefiretalkstheministersaidesaid12");
        let span = |part: &str| {
            let at = text.find(part).expect("in the text");
            at..at + part.len()
        };
        assert!(skeleton.at_most_once(span("minister’s aide")));
        assert!(!skeleton.at_most_once(span("said")));
        assert!(
            !skeleton.at_most_once(span("\u{a0}— ")),
            "no letters: it bounds nothing"
        );
    }

    #[test]
    fn a_character_that_adds_or_removes_a_letter_leaves_no_skeleton() {
        for text in ["a ﬁne day", "ｆull width", "cafe\u{301}", "x²", "™"] {
            assert!(Skeleton::of(text, Profile::Typing).is_none(), "{text:?}");
            assert!(Skeleton::of(text, Profile::Exact).is_some(), "{text:?}");
        }
    }

    #[test]
    fn a_short_span_whose_letters_repeat_themselves_is_found_twice() {
        // `talkstalks` occurs at the skeleton's 1st and 6th letters, overlapping.
        let text = "talks talks talks";
        let skeleton = Skeleton::of(text, Profile::Typing).expect("a skeleton");
        assert!(!skeleton.at_most_once(0.."talks talks".len()));
    }

    #[test]
    fn a_run_recurring_throughout_is_kept_in_few_places() {
        // Every run of this skeleton is the same: each was placed after all the
        // places of it before, in time the square of the text's length.
        let text = "a".repeat(160_000);
        let skeleton = Skeleton::of(&text, Profile::Typing).expect("a skeleton");
        let kept = skeleton
            .grams
            .slots
            .iter()
            .filter(|&&at| at != EMPTY)
            .count();
        assert_eq!(kept, COUNTED_FROM + KEPT_PLACES);
        assert!(!skeleton.grams.overflowed);
        assert!(!skeleton.at_most_once(1_000..1_100));
    }

    #[test]
    fn a_table_with_a_run_left_out_cannot_say() {
        let letters = b"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let mut grams = SampledGrams {
            slots: vec![EMPTY; 2],
            shift: 63,
            overflowed: false,
        };
        for at in 0..3 {
            grams.insert(letters, at);
        }
        assert!(grams.overflowed, "three runs in two slots");
        let text = std::str::from_utf8(letters).expect("ASCII");
        let mut skeleton = Skeleton::of(text, Profile::Typing).expect("a skeleton");
        assert!(skeleton.at_most_once(0..text.len()));
        skeleton.grams = grams;
        assert!(!skeleton.at_most_once(0..text.len()));
    }

    #[test]
    fn a_long_skeleton_searches_through_for_few_short_needles() {
        // Numbered words, so that every one occurs once, more letters than are
        // searched freely.
        let text: String = (0..20_000).map(|n| format!("w{n:05} ")).collect();
        let skeleton = Skeleton::of(&text, Profile::Typing).expect("a skeleton");
        assert!(skeleton.letters.len() > super::SEARCHED_FREELY);
        let word = |n: usize| n * 7..n * 7 + 6;
        for n in 0..super::LONG_SEARCHES {
            assert!(skeleton.at_most_once(word(n)), "word {n}");
        }
        assert!(
            !skeleton.at_most_once(word(100)),
            "past its allowance, the skeleton cannot say"
        );
        // A span long enough for the sampled runs is not searched through: it has no
        // allowance to spend.
        assert!(skeleton.at_most_once(word(200).start..word(206).end));
    }

    /// Pieces of text: letters and digits, the characters the typing profile folds, and
    /// now and then one that changes a text's letters under it (most texts have none,
    /// so that most have a skeleton).
    fn piece() -> impl Strategy<Value = &'static str> {
        let kept = prop::sample::select(vec![
            "a",
            "b",
            "e",
            "f",
            "i",
            "fi",
            "ab",
            "1",
            "2",
            " ",
            "  ",
            "\t",
            "\n",
            "-",
            "--",
            "—",
            "\u{a0}",
            "“",
            "”",
            "’",
            "'",
            "\"",
            ".",
            "é",
            "Я",
            "\u{200b}",
            "\u{ad}",
            "…",
            "\u{2003}",
            "a long run of words and 12 digits, longer than a block of the skeleton's counts",
        ]);
        let changing = prop::sample::select(vec!["e\u{301}", "\u{301}", "ﬁ", "ｆ", "²", "™"]);
        prop_oneof![40 => kept, 1 => changing]
    }

    /// `twice` written twice in `before`, `between` and `after`, and where the first
    /// (or the `second`) of the two starts.
    fn written_twice([before, twice, between, after]: [&str; 4], second: bool) -> (String, usize) {
        let text = format!("{before}{twice}{between}{twice}{after}");
        let first = before.len();
        let start = if second {
            first + twice.len() + between.len()
        } else {
            first
        };
        (text, start)
    }

    /// Words of a small vocabulary, `count` of them.
    fn words(count: std::ops::Range<usize>) -> impl Strategy<Value = Vec<&'static str>> {
        let word = prop::sample::select(vec![
            "the ",
            "minister ",
            "said ",
            "talks ",
            "ceasefire ",
            "“talks” ",
            "12 ",
            "—",
            "\u{a0}",
        ]);
        prop::collection::vec(word, count)
    }

    /// The normalized occurrences of `part` in `text`, counted as `quote-ambiguous`
    /// counts them where the skeleton cannot say.
    fn occurrences(text: &str, part: &str, profile: Profile) -> usize {
        SearchableSource::new(text, profile).count_normalized(part)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        #[test]
        fn a_part_whose_skeleton_occurs_once_occurs_at_most_once_normalized(
            pieces in prop::collection::vec(piece(), 1..120),
            from in any::<prop::sample::Index>(),
            length in 1usize..40,
            exact in any::<bool>(),
        ) {
            let profile = if exact { Profile::Exact } else { Profile::Typing };
            let text = pieces.concat();
            let start = from.index(pieces.len());
            let end = (start + length).min(pieces.len());
            let offset = |at: usize| pieces[..at].concat().len();
            let span = offset(start)..offset(end);
            if let Some(skeleton) = Skeleton::of(&text, profile)
                && skeleton.at_most_once(span.clone())
            {
                prop_assert!(occurrences(&text, &text[span], profile) <= 1);
            }
        }

        #[test]
        fn a_part_written_twice_is_never_taken_for_one_written_once(
            before in prop::collection::vec(piece(), 0..30),
            twice in prop::collection::vec(piece(), 1..60),
            between in prop::collection::vec(piece(), 0..30),
            after in prop::collection::vec(piece(), 0..30),
            second in any::<bool>(),
        ) {
            let parts = [before, twice, between, after].map(|pieces| pieces.concat());
            let (text, start) = written_twice(parts.each_ref().map(String::as_str), second);
            if let Some(skeleton) = Skeleton::of(&text, Profile::Typing) {
                prop_assert!(!skeleton.at_most_once(start..start + parts[1].len()));
            }
        }

        /// Texts of a few words, so that runs of letters recur as in a long text of a
        /// small vocabulary, with a part long enough for the sampled runs written
        /// twice: neither is taken for a part written once, however the two fall
        /// against the samples.
        #[test]
        fn a_long_part_written_twice_is_never_taken_for_one_written_once(
            [before, twice, between, after] in [
                words(0..200), words(8..40), words(0..60), words(0..200)
            ],
            second in any::<bool>(),
        ) {
            let parts = [before, twice, between, after].map(|words| words.concat());
            let (text, start) = written_twice(parts.each_ref().map(String::as_str), second);
            let skeleton = Skeleton::of(&text, Profile::Typing).expect("no letter changes");
            prop_assert!(!skeleton.at_most_once(start..start + parts[1].len()));
        }

        /// A part written many times, more than the places of a run the table keeps,
        /// is never taken for one written once, whichever of its places is asked.
        #[test]
        fn a_part_written_many_times_is_never_taken_for_one_written_once(
            [before, part, between] in [words(0..40), words(8..20), words(0..3)],
            times in 2usize..40,
            asked in any::<prop::sample::Index>(),
        ) {
            let [before, part, between] = [before, part, between].map(|words| words.concat());
            let text = format!("{before}{}", format!("{part}{between}").repeat(times));
            let start = before.len() + asked.index(times) * (part.len() + between.len());
            let skeleton = Skeleton::of(&text, Profile::Typing).expect("no letter changes");
            prop_assert!(!skeleton.at_most_once(start..start + part.len()));
        }

        /// A part written twice after many decoys, which share its first runs but not
        /// its end, is never taken for one written once: the places of its runs the
        /// table leaves out are all decoys'.
        #[test]
        fn a_part_written_twice_after_many_decoys_is_never_taken_for_one_written_once(
            [before, part, between] in [words(0..40), words(8..14), words(0..20)],
            decoys in 0usize..40,
            second in any::<bool>(),
        ) {
            let [before, part, between] = [before, part, between].map(|words| words.concat());
            let twice = format!("{part}ceasefire talks ");
            let before = format!("{before}{}", format!("{part}minister ").repeat(decoys));
            let (text, start) = written_twice([&before, &twice, &between, ""], second);
            let skeleton = Skeleton::of(&text, Profile::Typing).expect("no letter changes");
            prop_assert!(!skeleton.at_most_once(start..start + twice.len()));
        }

        #[test]
        fn the_letters_before_a_byte_are_counted_across_blocks(
            pieces in prop::collection::vec(piece(), 1..100),
        ) {
            let text = pieces.concat();
            let Some(skeleton) = Skeleton::of(&text, Profile::Exact) else {
                return Err(TestCaseError::fail("the exact profile keeps every skeleton"));
            };
            let mut counted = 0;
            for (at, byte) in text.bytes().chain([b' ']).enumerate() {
                if text.is_char_boundary(at) {
                    prop_assert_eq!(skeleton.letters_before(at), counted, "at {}", at);
                }
                counted += usize::from(byte.is_ascii_alphanumeric());
            }
        }
    }
}
