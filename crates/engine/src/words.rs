//! The words of statements and quotes as the statement checks read them: runs of
//! letters and digits, found without allocating (every statement is read on every
//! check, warm or cold).

use std::ops::Range;

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
        let start = loop {
            let (c, letter) = letter_at(self.text, self.at)?;
            self.at += c.len_utf8();
            if letter {
                break self.at - c.len_utf8();
            }
        };
        while let Some((c, true)) = letter_at(self.text, self.at) {
            self.at += c.len_utf8();
        }
        Some(start..self.at)
    }
}

#[cfg(test)]
mod tests {
    use super::AlphanumericRuns;
    use proptest::prelude::*;

    proptest! {
        /// The runs are what splitting at every character that is no letter or digit
        /// leaves, in any script.
        #[test]
        fn runs_are_the_letters_and_digits_between_the_rest(text in "[a-zA-Z0-9 ,.'’é\u{301}Жж日—-]{0,40}") {
            let runs: Vec<&str> = AlphanumericRuns::new(&text).map(|run| &text[run]).collect();
            let split: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|run| !run.is_empty()).collect();
            prop_assert_eq!(runs, split);
        }
    }
}
