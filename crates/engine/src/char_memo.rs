//! Answers about single characters, remembered. The Unicode tables behind
//! `is_alphanumeric`, `to_lowercase` and NFKC take tens of nanoseconds a look-up, and
//! sources in Cyrillic, Arabic or Chinese ask them of every character: looking them up
//! made checking such sources four to six times the hashing floor. An article uses a
//! few hundred distinct characters, so a small table of recent answers serves nearly
//! every look-up.

use std::cell::RefCell;

/// The last answer for each of [`CharMemo::SLOTS`] slots, a character's slot chosen by
/// its low bits (neighbouring code points, one script's letters, never share one).
pub struct CharMemo<T> {
    slots: Box<[(u32, T)]>,
}

impl<T: Copy + Default> CharMemo<T> {
    /// Enough for the characters of a Chinese article; 32 KB with a `u32` answer.
    const SLOTS: usize = 4096;

    /// An empty memo: `u32::MAX` is no character, so no slot answers until filled.
    pub fn new() -> Self {
        Self {
            slots: vec![(u32::MAX, T::default()); Self::SLOTS].into_boxed_slice(),
        }
    }

    /// `answer(c)`, from the memo when `c` was the last character asked in its slot.
    /// `answer` must depend on `c` alone.
    #[inline]
    pub fn get(&mut self, c: char, answer: impl FnOnce(char) -> T) -> T {
        let slot = &mut self.slots[c as usize % Self::SLOTS];
        if slot.0 == c as u32 {
            return slot.1;
        }
        Self::fill(slot, c, answer)
    }

    /// A slot filled with `c`'s answer: out of line, so that the look-up inlines small.
    #[cold]
    #[inline(never)]
    fn fill(slot: &mut (u32, T), c: char, answer: impl FnOnce(char) -> T) -> T {
        *slot = (c as u32, answer(c));
        slot.1
    }
}

impl<T: Copy + Default> Default for CharMemo<T> {
    fn default() -> Self {
        Self::new()
    }
}

thread_local! {
    /// Each thread's answers of `char::is_alphanumeric` outside ASCII.
    static ALPHANUMERIC: RefCell<CharMemo<bool>> = RefCell::new(CharMemo::new());
}

/// `c.is_alphanumeric()`, remembered outside ASCII: words are told apart this way in
/// every claim's statement on every check.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    ALPHANUMERIC.with_borrow_mut(|memo| memo.get(c, char::is_alphanumeric))
}

#[cfg(test)]
mod tests {
    use super::{CharMemo, is_alphanumeric};

    #[test]
    fn letters_and_digits_are_told_as_the_standard_library_tells_them() {
        // Twice over the whole of Unicode: answered fresh, then remembered or pushed out.
        for _ in 0..2 {
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            }
        }
    }

    #[test]
    fn answers_as_asked_whatever_shares_a_slot() {
        let mut memo = CharMemo::<u32>::new();
        let mut asked = 0;
        let mut square = |c: char| {
            memo.get(c, |c| {
                asked += 1;
                c as u32 * c as u32
            })
        };
        // U+0000 and U+1000 share a slot and push each other out.
        for c in ['\0', 'ж', 'ж', '\u{1000}', '\0', 'ж'] {
            assert_eq!(square(c), c as u32 * c as u32);
        }
        assert_eq!(asked, 4);
    }
}
