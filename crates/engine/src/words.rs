//! The words of statements and quotes as the statement checks read them: runs of
//! letters and digits, found without allocating (every statement is read on every
//! check, warm or cold).

use std::ops::Range;

use crate::ascii_lanes::{lower_case, within};
use crate::char_memo::letter_at;

/// The byte ranges of the runs of letters and digits (`char::is_alphanumeric`) of a
/// text, in order.
#[derive(Clone)]
pub struct AlphanumericRuns<'t> {
    text: &'t str,
    /// Where reading resumes.
    at: usize,
}

impl<'t> AlphanumericRuns<'t> {
    pub fn new(text: &'t str) -> Self {
        Self { text, at: 0 }
    }
}

impl Iterator for AlphanumericRuns<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let start = self.skip(false)?;
        let end = self.skip(true).unwrap_or(self.text.len());
        Some(start..end)
    }
}

impl AlphanumericRuns<'_> {
    /// Moves on to the first character that is (`letters` false) or is not (true) a
    /// letter or digit, and says where it is; `None` at the end. Eight ASCII bytes are
    /// judged at once: a branch per byte mispredicted at each word's first and last
    /// letter.
    fn skip(&mut self, letters: bool) -> Option<usize> {
        let bytes = self.text.as_bytes();
        while self.at < bytes.len() {
            if let Some(chunk) = bytes.get(self.at..self.at + 8)
                && chunk.is_ascii()
            {
                let mask =
                    alphanumeric_bits(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
                let wanted = if letters { !mask } else { mask };
                if wanted == 0 {
                    self.at += 8;
                    continue;
                }
                self.at += wanted.trailing_zeros() as usize;
                return Some(self.at);
            }
            let (c, letter) = letter_at(self.text, self.at)?;
            if letter != letters {
                return Some(self.at);
            }
            self.at += c.len_utf8();
        }
        None
    }
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

/// Bit `i` set where byte `i` of `chunk` (eight ASCII bytes, little-endian) is a
/// letter or digit: a lane mask per range (exact, as no lane can carry into the next
/// when every byte is below 0x80), its high bits gathered into one byte by a multiply.
fn alphanumeric_bits(chunk: u64) -> u8 {
    let letters = within(lower_case(chunk), b'a', b'z');
    let digits = within(chunk, b'0', b'9');
    (((letters | digits) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

#[cfg(test)]
mod tests {
    use super::{AlphanumericRuns, WordShapes, alphanumeric_bits};
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

    proptest! {
        /// The runs are what splitting at every character that is no letter or digit
        /// leaves, in any script.
        #[test]
        fn runs_are_the_letters_and_digits_between_the_rest(text in "([a-zA-Z0-9]{1,12}|[ ,.'’@\\[`{/:-]|é|\u{301}|Жж|日){0,40}") {
            let runs: Vec<&str> = AlphanumericRuns::new(&text).map(|run| &text[run]).collect();
            let split: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|run| !run.is_empty()).collect();
            prop_assert_eq!(runs, split);
        }
    }
}
