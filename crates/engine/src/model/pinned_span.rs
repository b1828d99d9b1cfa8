//! `PinnedSpan`: the byte range `start..end` an evidence entry pins in its source.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// A half-open byte range into a source file, written `start..end` in claim files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PinnedSpan {
    pub start: usize,
    pub end: usize,
}

impl PinnedSpan {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl fmt::Display for PinnedSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// `start..end` in text formats (JSON, YAML), as claim files write it; two numbers in
/// the cache's binary entries, where writing and parsing that string was a tenth of
/// reading a parsed claim file back.
impl serde::Serialize for PinnedSpan {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serde::Serialize::serialize(&(self.start as u64, self.end as u64), serializer)
        }
    }
}

impl<'de> serde::Deserialize<'de> for PinnedSpan {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
            return text.parse().map_err(serde::de::Error::custom);
        }
        let (start, end) = <(u64, u64)>::deserialize(deserializer)?;
        match (usize::try_from(start), usize::try_from(end)) {
            (Ok(start), Ok(end)) if start < end => Ok(Self::new(start, end)),
            _ => Err(serde::de::Error::custom(format!(
                "span {start}..{end} is not a span a pin can have"
            ))),
        }
    }
}

/// Why a `span` value is not of the form `start..end`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpanSyntaxError {
    #[error("span `{0}` is not of the form `start..end` (two byte offsets, e.g. `120..164`)")]
    Form(String),
    #[error("span `{0}` has an offset that is not a whole number of bytes from 0 up")]
    Number(String),
    #[error("span `{0}` has an offset too large for any file")]
    TooLarge(String),
    #[error("span `{0}` is reversed: its start comes after its end")]
    Reversed(String),
    #[error("span `{0}` is empty: a pin must cover at least one byte")]
    Empty(String),
}

impl FromStr for PinnedSpan {
    type Err = SpanSyntaxError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        // The first `..`, found a byte pair at a time: `split_once` builds a substring
        // searcher, about 4% of reading a claim file.
        let dots = trimmed
            .as_bytes()
            .windows(2)
            .position(|pair| pair == b"..")
            .ok_or_else(|| SpanSyntaxError::Form(text.to_owned()))?;
        let (start, end) = (&trimmed[..dots], &trimmed[dots + 2..]);
        let parse = |part: &str| {
            // Trimmed only when an end is no digit: most parts are digits alone, and
            // trimming judged characters at both ends (a part whose ends are digits
            // trims to itself).
            let digit_ends = [part.bytes().next(), part.bytes().next_back()]
                .iter()
                .all(|end| end.is_some_and(|byte| byte.is_ascii_digit()));
            let part = if digit_ends { part } else { part.trim() };
            // `usize::from_str` accepts a leading `+`; a pin is digits only.
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SpanSyntaxError::Number(text.to_owned()));
            }
            // Only overflow is left to fail: every byte is a digit. Folded here, as
            // `usize::from_str` looks for a sign and judges each digit again (two
            // spans a pin, 50,000 pins in a large product).
            part.bytes()
                .try_fold(0usize, |value, digit| {
                    value
                        .checked_mul(10)?
                        .checked_add(usize::from(digit - b'0'))
                })
                .ok_or_else(|| SpanSyntaxError::TooLarge(text.to_owned()))
        };
        let (start, end) = (parse(start)?, parse(end)?);
        match start.cmp(&end) {
            std::cmp::Ordering::Greater => Err(SpanSyntaxError::Reversed(text.to_owned())),
            std::cmp::Ordering::Equal => Err(SpanSyntaxError::Empty(text.to_owned())),
            std::cmp::Ordering::Less => Ok(Self::new(start, end)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_a_string_in_text_formats_and_two_numbers_in_binary_ones() {
        let span = PinnedSpan::new(120, 164);
        assert_eq!(serde_json::to_string(&span).unwrap(), "\"120..164\"");
        assert_eq!(
            serde_json::from_str::<PinnedSpan>("\"120..164\"").unwrap(),
            span
        );
        let bytes = postcard::to_allocvec(&span).unwrap();
        assert_eq!(bytes, postcard::to_allocvec(&(120u64, 164u64)).unwrap());
        assert_eq!(postcard::from_bytes::<PinnedSpan>(&bytes).unwrap(), span);
        for (start, end) in [(164u64, 120u64), (120, 120)] {
            let bytes = postcard::to_allocvec(&(start, end)).unwrap();
            assert!(postcard::from_bytes::<PinnedSpan>(&bytes).is_err());
        }
    }

    #[test]
    fn parses_and_prints_the_same_form() {
        let span: PinnedSpan = "120..164".parse().unwrap();
        assert_eq!(span, PinnedSpan::new(120, 164));
        assert_eq!(span.to_string(), "120..164");
        assert_eq!(span.len(), 44);
    }

    #[test]
    fn rejects_malformed_spans() {
        assert!(matches!(
            "12-40".parse::<PinnedSpan>(),
            Err(SpanSyntaxError::Form(_))
        ));
        assert!(matches!(
            "-1..4".parse::<PinnedSpan>(),
            Err(SpanSyntaxError::Number(_))
        ));
        assert!(matches!(
            "+1..4".parse::<PinnedSpan>(),
            Err(SpanSyntaxError::Number(_))
        ));
        assert!(matches!(
            "1..99999999999999999999999".parse::<PinnedSpan>(),
            Err(SpanSyntaxError::TooLarge(_))
        ));
        assert!(matches!(
            "9..4".parse::<PinnedSpan>(),
            Err(SpanSyntaxError::Reversed(_))
        ));
        assert!(matches!(
            "4..4".parse::<PinnedSpan>(),
            Err(SpanSyntaxError::Empty(_))
        ));
    }

    proptest::proptest! {
        /// An end of any digits, leading zeros and overflow included, is read as
        /// `usize::from_str` reads it.
        #[test]
        fn an_end_is_read_as_the_standard_library_reads_it(end in "[0-9]{1,25}") {
            let read = format!("0..{end}").parse::<PinnedSpan>();
            match end.parse::<usize>() {
                Ok(0) => proptest::prop_assert!(matches!(read, Err(SpanSyntaxError::Empty(_)))),
                Ok(value) => proptest::prop_assert_eq!(read.ok(), Some(PinnedSpan::new(0, value))),
                Err(_) => proptest::prop_assert!(matches!(read, Err(SpanSyntaxError::TooLarge(_)))),
            }
        }
    }
}
