//! The words of statements and quotes as the statement checks read them: runs of
//! letters and digits, found from a mask of a text's bytes, 64 a block (every
//! statement is read on every check, warm or cold).

use std::ops::Range;
use std::rc::Rc;

use crate::ascii_lanes::{all_ascii, lane_at, lower_case, within};
use crate::char_memo::is_alphanumeric;

/// The byte ranges of the runs of letters and digits (`char::is_alphanumeric`) of a
/// text, in order.
///
/// The text's bytes are judged up front, eight at a time, into a bit each: the runs
/// are then where the bits are set, found a `trailing_zeros` at a time. Judging a word's
/// bytes where it starts and again where it ends (and every word's first and last byte
/// a branch mispredicted) was most of reading 80,000 statements and quotes.
#[derive(Clone)]
pub struct AlphanumericRuns {
    masks: Masks,
    /// The block being read, and its bits not yet read.
    block: usize,
    bits: u64,
}

/// Bytes a mask covers.
const BLOCK: usize = 64;
/// Masks kept inline: texts up to 512 bytes, nearly every statement and quote.
const INLINE_BLOCKS: usize = 8;

/// Bit `i` of mask `k`: byte `64 k + i` is in a run.
#[derive(Clone)]
enum Masks {
    Inline([u64; INLINE_BLOCKS], usize),
    /// Shared by the clones a look-ahead makes.
    Shared(Rc<[u64]>),
}

impl Masks {
    fn as_slice(&self) -> &[u64] {
        match self {
            Masks::Inline(masks, blocks) => &masks[..*blocks],
            Masks::Shared(masks) => masks,
        }
    }
}

impl AlphanumericRuns {
    pub fn new(text: &str) -> Self {
        Self::with_masks(text, false)
    }

    /// The runs of `text`, two joined where one mark of a number or contraction alone
    /// stands between them (`1,400`, `3.5`, `didn't`, `didn’t`).
    pub fn joined(text: &str) -> Self {
        Self::with_masks(text, true)
    }

    fn with_masks(text: &str, joined: bool) -> Self {
        let blocks = text.len().div_ceil(BLOCK);
        let masks = if blocks <= INLINE_BLOCKS {
            let mut masks = [0; INLINE_BLOCKS];
            fill_masks(text, &mut masks[..blocks], joined);
            Masks::Inline(masks, blocks)
        } else {
            let mut masks = vec![0; blocks];
            fill_masks(text, &mut masks, joined);
            Masks::Shared(masks.into())
        };
        let bits = masks.as_slice().first().copied().unwrap_or(0);
        Self {
            masks,
            block: 0,
            bits,
        }
    }
}

impl Iterator for AlphanumericRuns {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let masks = self.masks.as_slice();
        while self.bits == 0 {
            self.block += 1;
            self.bits = *masks.get(self.block)?;
        }
        let start = self.block * BLOCK + self.bits.trailing_zeros() as usize;
        // The bytes past the text are in no run: a run ends inside the last block, or
        // exactly where the blocks do.
        let mut gaps = !self.bits & (u64::MAX << (start % BLOCK));
        while gaps == 0 {
            self.block += 1;
            let Some(&mask) = masks.get(self.block) else {
                self.bits = 0;
                return Some(start..self.block * BLOCK);
            };
            gaps = !mask;
        }
        let end = self.block * BLOCK + gaps.trailing_zeros() as usize;
        self.bits = masks[self.block] & (u64::MAX << (end % BLOCK));
        Some(start..end)
    }
}

/// Sets in `masks` (zeroed, a block of `text` each) the bits of the bytes in runs.
fn fill_masks(text: &str, masks: &mut [u64], joined: bool) {
    let bytes = text.as_bytes();
    // Curly apostrophes (three bytes each) that may join two runs, found on the way.
    let mut apostrophes = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let chunk = lane_at(bytes, at);
        if all_ascii(chunk) {
            masks[at / BLOCK] |= u64::from(alphanumeric_bits(chunk)) << (at % BLOCK);
            at += 8;
        } else {
            at = mark_by_character(text, at, masks, &mut apostrophes);
        }
    }
    if joined {
        join_across_marks(bytes, masks, &apostrophes);
    }
}

/// Sets the bits of the characters from the lane at `at`, which holds bytes outside
/// ASCII, a character at a time, up to the next lane of ASCII (whose start it
/// returns) or the end: a letter's bytes all set.
#[cold]
fn mark_by_character(
    text: &str,
    at: usize,
    masks: &mut [u64],
    apostrophes: &mut Vec<usize>,
) -> usize {
    // A character that starts in the lane before has been read with it.
    let mut byte = (at..text.len())
        .find(|&byte| text.is_char_boundary(byte))
        .unwrap_or(text.len());
    for c in text[byte..].chars() {
        if byte > at && byte % 8 == 0 && text.as_bytes()[byte..].iter().take(8).all(u8::is_ascii) {
            return byte;
        }
        if is_alphanumeric(c) {
            set_bits(masks, byte..byte + c.len_utf8());
        } else if c == '’' {
            apostrophes.push(byte);
        }
        byte += c.len_utf8();
    }
    text.len()
}

/// Sets the bits of the bytes of `range` (a character's: at most four).
fn set_bits(masks: &mut [u64], range: Range<usize>) {
    let (first, last) = (range.start / BLOCK, (range.end - 1) / BLOCK);
    if first == last {
        masks[first] |= ((1 << range.len()) - 1) << (range.start % BLOCK);
    } else {
        for byte in range {
            masks[byte / BLOCK] |= 1 << (byte % BLOCK);
        }
    }
}

/// Adds to the runs of `masks` each mark of a number or contraction (`,` `.` `'`, and
/// the curly apostrophes at `apostrophes`) between two letters or digits. A mark
/// joined is never beside another: neither is a letter.
fn join_across_marks(bytes: &[u8], masks: &mut [u64], apostrophes: &[usize]) {
    let mut previous = 0u64;
    for block in 0..masks.len() {
        let runs = masks[block];
        let next = masks.get(block + 1).map_or(0, |next| next << (BLOCK - 1));
        let letter_before = runs << 1 | previous >> (BLOCK - 1);
        let letter_after = runs >> 1 | next;
        previous = runs;
        masks[block] |= mark_bits(
            &bytes[block * BLOCK..],
            !runs & letter_before & letter_after,
        );
    }
    let letter = |masks: &[u64], at: usize| {
        masks
            .get(at / BLOCK)
            .is_some_and(|mask| mask >> (at % BLOCK) & 1 == 1)
    };
    for &at in apostrophes {
        let width = '’'.len_utf8();
        if at > 0 && letter(masks, at - 1) && letter(masks, at + width) {
            set_bits(masks, at..at + width);
        }
    }
}

/// The bits of the block at the start of `bytes` whose byte is `,` `.` or `'`, among
/// those of `candidates` (a mark is rare: blocks without a candidate are not read).
fn mark_bits(bytes: &[u8], candidates: u64) -> u64 {
    if candidates == 0 {
        return 0;
    }
    let mut marks = 0;
    for at in (0..bytes.len().min(BLOCK)).step_by(8) {
        let chunk = lane_at(bytes, at);
        let lane_marks = if all_ascii(chunk) {
            lane_bits(
                within(chunk, b',', b',') | within(chunk, b'.', b'.') | within(chunk, b'\'', b'\''),
            )
        } else {
            // Bytes outside ASCII are no mark; nor may they be added into lanes.
            chunk
                .to_le_bytes()
                .iter()
                .enumerate()
                .fold(0, |bits, (lane, byte)| {
                    bits | u8::from(matches!(byte, b',' | b'.' | b'\'')) << lane
                })
        };
        marks |= u64::from(lane_marks) << at;
    }
    marks & candidates
}

/// The high bits of the eight lanes of `high_bits`, gathered into a byte by a multiply.
fn lane_bits(high_bits: u64) -> u8 {
    ((high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// The (first letter, length) pairs of a set of words: most words of a text are told
/// apart from a short list (number names, months, estimative terms) by these two
/// before any word of the list is compared, which for every word of every statement
/// was most of the time.
pub struct WordShapes([u32; 26]);

impl WordShapes {
    pub const NONE: Self = Self([0; 26]);

    /// These shapes and that of `words`' first word (up to a space), which is ASCII in
    /// lower case and shorter than 32 bytes.
    pub const fn with(mut self, words: &str) -> Self {
        let bytes = words.as_bytes();
        let mut len = 0;
        while len < bytes.len() && bytes[len] != b' ' {
            len += 1;
        }
        self.0[(bytes[0] - b'a') as usize] |= 1 << len;
        self
    }

    /// Whether `word` has, its first letter in any case, one of these shapes.
    pub fn admit(&self, word: &str) -> bool {
        let Some(first) = word.as_bytes().first().map(|byte| byte | 0x20) else {
            return false;
        };
        word.len() < 32
            && first.is_ascii_lowercase()
            && self.0[usize::from(first - b'a')] & (1 << word.len()) != 0
    }
}

/// `word`, up to 16 bytes, with its ASCII capitals in lower case, packed into a `u128`
/// (zeros after it): a word is then found in a short list of lower-case names by
/// comparing integers. Setting bit 5 of every byte lowers the capitals and turns no
/// other byte into a lower-case letter, so two words pack alike exactly when one is
/// a name and the other is that name in any case.
pub fn folded(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let mut padded = [0u8; 16];
    padded.get_mut(..bytes.len())?.copy_from_slice(bytes);
    // Bit 5 of each of the word's bytes, none of the padding's.
    let case_bits = u128::from_le_bytes([0x20; 16])
        .checked_shr(8 * (16 - bytes.len() as u32))
        .unwrap_or(0);
    Some(u128::from_le_bytes(padded) | case_bits)
}

/// Bit `i` set where byte `i` of `chunk` (eight ASCII bytes, little-endian) is a
/// letter or digit: a lane mask per range (exact, as no lane can carry into the next
/// when every byte is below 0x80), its high bits gathered into one byte by a multiply.
fn alphanumeric_bits(chunk: u64) -> u8 {
    let letters = within(lower_case(chunk), b'a', b'z');
    let digits = within(chunk, b'0', b'9');
    lane_bits(letters | digits)
}

#[cfg(test)]
mod tests {
    use super::{AlphanumericRuns, WordShapes, alphanumeric_bits, folded};
    use proptest::prelude::*;

    #[test]
    fn eight_bytes_are_told_as_each_byte_alone() {
        // Every ASCII byte in every lane, beside a letter and beside a space: no lane's
        // verdict may leak into its neighbour's.
        for byte in 0..0x80u8 {
            for lane in 0..8 {
                for filler in [b'a', b' '] {
                    let mut chunk = [filler; 8];
                    chunk[lane] = byte;
                    let expected = chunk.iter().enumerate().fold(0u8, |bits, (at, b)| {
                        bits | u8::from(b.is_ascii_alphanumeric()) << at
                    });
                    assert_eq!(
                        alphanumeric_bits(u64::from_le_bytes(chunk)),
                        expected,
                        "{byte:#x} at {lane}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_word_is_admitted_by_its_first_letter_in_any_case_and_its_length() {
        const SHAPES: WordShapes = WordShapes::NONE.with("dozen").with("very likely");
        for admitted in ["dozen", "Dozen", "DOZEN", "dirty", "very", "VERY", "vast"] {
            assert!(SHAPES.admit(admitted), "{admitted}");
        }
        for refused in [
            "", "doze", "dozens", "likely", "veryx", "5ozen", "éozen", "zozen",
        ] {
            assert!(!SHAPES.admit(refused), "{refused}");
        }
    }

    #[test]
    fn runs_and_joins_cross_the_edges_of_blocks_and_of_the_masks_kept_inline() {
        // Each word placed to straddle every byte around a block's edge (64) and the
        // end of the masks kept inline (512), in a text that ends there or runs on.
        for word in ["abc", "1,400", "didn’t", "Жж’s", "x.y'z"] {
            for edge in [64, 512] {
                for at in edge - 8..edge + 2 {
                    for tail in ["", " z"] {
                        let text = format!("{}{word}{tail}", " ".repeat(at));
                        let joined: Vec<&str> = AlphanumericRuns::joined(&text)
                            .map(|run| &text[run])
                            .collect();
                        let expected: Vec<&str> = [word]
                            .into_iter()
                            .chain((!tail.is_empty()).then_some("z"))
                            .collect();
                        assert_eq!(joined, expected, "{word:?} at {at}{tail:?}");
                        let runs = AlphanumericRuns::new(&text).count();
                        let split = text
                            .split(|c: char| !c.is_alphanumeric())
                            .filter(|run| !run.is_empty())
                            .count();
                        assert_eq!(runs, split, "{word:?} at {at}{tail:?}");
                    }
                }
            }
        }
    }

    proptest! {
        /// Two words fold alike exactly when the one is the other, a lower-case name,
        /// in any case: whatever else the word holds (digits, marks, `@[`^`, which
        /// bit 5 turns into other marks, bytes outside ASCII).
        #[test]
        fn a_word_folds_as_a_name_exactly_when_it_is_that_name_in_any_case(
            name in "[a-z]{0,16}",
            word in "([a-zA-Z]|[0-9@\\[`^_{~',.]|é|É){0,17}",
            recased in any::<u16>(),
        ) {
            // Half the time, the name itself with some letters in capitals.
            let word = if recased % 2 == 0 {
                name.chars().enumerate().map(|(at, c)| if recased >> (at % 16) & 1 == 1 { c.to_ascii_uppercase() } else { c }).collect()
            } else {
                word
            };
            let same = folded(&word).is_some() && folded(&word) == folded(&name);
            prop_assert_eq!(same, word.eq_ignore_ascii_case(&name), "{:?} {:?}", word, name);
        }
    }

    proptest! {
        /// The runs are what splitting at every character that is no letter or digit
        /// leaves, in any script.
        #[test]
        fn runs_are_the_letters_and_digits_between_the_rest(text in "([a-zA-Z0-9]{1,12}|[ ,.'’@\\[`{/:-]|é|\u{301}|Жж|日){0,120}") {
            let runs: Vec<&str> = AlphanumericRuns::new(&text).map(|run| &text[run]).collect();
            let split: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|run| !run.is_empty()).collect();
            prop_assert_eq!(runs, split);
        }
    }
}
