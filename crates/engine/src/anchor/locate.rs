//! Finding every occurrence of a quote in a source: exact bytes, and the normalized
//! quote in the normalized source, so a quote typed plainly is found where the source
//! has typography and is known to be ambiguous when it occurs both ways.

use memchr::memmem;

use super::normalize::NormalizedText;
use crate::model::pinned_span::PinnedSpan;

/// How a quote was found at one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The quote's bytes occur in the source as typed.
    Exact,
    /// The quote matches only after normalization.
    Normalized,
}

/// Every occurrence of a quote, as spans of the source's own bytes, in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteMatches {
    pub spans: Vec<PinnedSpan>,
    exact: Vec<PinnedSpan>,
}

impl QuoteMatches {
    /// How the quote was found at `span`.
    pub fn kind(&self, span: PinnedSpan) -> MatchKind {
        if self.exact.contains(&span) {
            MatchKind::Exact
        } else {
            MatchKind::Normalized
        }
    }
}

/// Finds `quote` in `source` (whose normalized text `normalized_source` is), exactly
/// and after normalization. A normalized match inside an exact one is the same
/// occurrence (less the white space normalization trims) and is left out; overlapping
/// ones are different occurrences ("1,000 1" twice in "1,000 1,000 1,000").
pub fn find_quote(source: &str, quote: &str, normalized_source: &NormalizedText) -> QuoteMatches {
    let exact: Vec<PinnedSpan> = if quote.is_empty() {
        Vec::new()
    } else {
        find_overlapping(source, quote)
            .map(|start| PinnedSpan::new(start, start + quote.len()))
            .collect()
    };
    let mut spans = exact.clone();
    for span in find_normalized(normalized_source, quote) {
        if !exact
            .iter()
            .any(|other| other.start <= span.start && span.end <= other.end)
        {
            spans.push(span);
        }
    }
    spans.sort();
    QuoteMatches { spans, exact }
}

/// Occurrences of the normalized `quote` in an already normalized source.
pub fn find_normalized(normalized_source: &NormalizedText, quote: &str) -> Vec<PinnedSpan> {
    let needle = normalized_source.profile.normalize_quote(quote);
    if needle.is_empty() {
        return Vec::new();
    }
    let starts = find_overlapping(&normalized_source.text, &needle);
    original_spans(normalized_source, starts, needle.len())
}

/// How many times the normalized `quote` occurs in an already normalized source,
/// overlapping occurrences included: [`find_normalized`]'s count, without mapping each
/// occurrence back to the source.
pub fn count_normalized(normalized_source: &NormalizedText, quote: &str) -> usize {
    let needle = normalized_source.profile.normalize_quote(quote);
    if needle.is_empty() {
        return 0;
    }
    count_overlapping(&normalized_source.text, &needle)
}

/// `find_overlapping(haystack, needle).count()`, searching for the needle's first bytes
/// and comparing the rest where they occur: `check` counts every intact pin's quote,
/// and a searcher costs in the length of its needle to build. After a few places
/// where only the first bytes match (repetitive text), the whole needle is searched
/// for, so the time stays linear.
pub fn count_overlapping(haystack: &str, needle: &str) -> usize {
    const LEAD: usize = 24;
    const MISSES: usize = 16;
    let lead = &needle[..crate::model::location::floor_char_boundary(needle, LEAD)];
    if lead.len() == needle.len() {
        return find_overlapping(haystack, needle).count();
    }
    let (mut count, mut misses) = (0, 0);
    for start in find_overlapping(haystack, lead) {
        if haystack.as_bytes()[start..].starts_with(needle.as_bytes()) {
            count += 1;
        } else {
            misses += 1;
            if misses > MISSES {
                return find_overlapping(haystack, needle).count();
            }
        }
    }
    count
}

/// The source spans behind normalized text of `len` bytes starting at each of `starts`.
pub fn original_spans(
    normalized_source: &NormalizedText,
    starts: impl Iterator<Item = usize>,
    len: usize,
) -> Vec<PinnedSpan> {
    starts
        .map(|start| {
            let range = normalized_source.original_range(start, start + len);
            PinnedSpan::new(range.start, range.end)
        })
        .collect()
}

/// Start offsets of every occurrence of `needle` in `haystack`, overlapping ones
/// included: in "— — —" the quote "— —" occurs twice, and pin must be able to pick either.
pub fn find_overlapping<'h>(
    haystack: &'h str,
    needle: &'h str,
) -> impl Iterator<Item = usize> + 'h {
    let finder = memmem::Finder::new(needle.as_bytes());
    let mut from = 0;
    std::iter::from_fn(move || {
        let found = from + finder.find(haystack.as_bytes().get(from..)?)?;
        // Resume at the next character, so every occurrence starts on a boundary.
        from = found + haystack[found..].chars().next().map_or(1, char::len_utf8);
        Some(found)
    })
}

/// The longest leading part of the normalized `quote` that occurs in the normalized
/// source, with where it occurs: where a quote that is not found stops matching.
pub fn longest_found_prefix(
    normalized_source: &NormalizedText,
    quote: &str,
) -> Option<(String, PinnedSpan)> {
    let needle = normalized_source.profile.normalize_quote(quote);
    let boundaries: Vec<usize> = needle
        .char_indices()
        .map(|(at, c)| at + c.len_utf8())
        .collect();
    let occurs =
        |len: usize| memmem::find(normalized_source.text.as_bytes(), &needle.as_bytes()[..len]);
    // Occurrence is monotonic in prefix length, so binary search the longest.
    let found = boundaries.partition_point(|&len| occurs(len).is_some());
    let len = *boundaries.get(found.checked_sub(1)?)?;
    let start = occurs(len)?;
    let range = normalized_source.original_range(start, start + len);
    Some((
        needle[..len].to_owned(),
        PinnedSpan::new(range.start, range.end),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::normalize;

    fn find(source: &str, quote: &str) -> QuoteMatches {
        find_quote(source, quote, &normalize(source))
    }

    #[test]
    fn exact_matches_win() {
        let found = find("a b a b", "a b");
        assert_eq!(found.kind(found.spans[0]), MatchKind::Exact);
        assert_eq!(
            found.spans,
            vec![PinnedSpan::new(0, 3), PinnedSpan::new(4, 7)]
        );
    }

    #[test]
    fn overlapping_occurrences_are_all_found() {
        let found = find("\u{2014} \u{2014} \u{2014}", "\u{2014} \u{2014}");
        assert_eq!(
            found.spans,
            vec![PinnedSpan::new(0, 7), PinnedSpan::new(4, 11)]
        );
    }

    #[test]
    fn typed_quotes_find_the_source_bytes() {
        let source = "He said \u{201C}It\u{2019}s\u{00A0}true\u{201D} today.";
        let found = find(source, "\"It's true\"");
        assert_eq!(found.kind(found.spans[0]), MatchKind::Normalized);
        let span = found.spans[0];
        assert_eq!(
            &source[span.range()],
            "\u{201C}It\u{2019}s\u{00A0}true\u{201D}"
        );
    }

    #[test]
    fn a_quote_found_exactly_and_typographically_is_ambiguous() {
        let source = "one\u{00A0}two, then one two";
        let found = find(source, "one two");
        assert_eq!(found.spans.len(), 2);
        assert_eq!(found.kind(found.spans[0]), MatchKind::Normalized);
        assert_eq!(found.kind(found.spans[1]), MatchKind::Exact);
    }

    #[test]
    fn folded_line_breaks_and_outer_space_match() {
        let source = "one two\nthree";
        let found = find(source, " two three \n");
        assert_eq!(found.spans, vec![PinnedSpan::new(4, 13)]);
    }

    #[test]
    fn finds_where_a_missing_quote_stops_matching() {
        let source = "Two American and one British soldier were killed";
        let normalized = normalize(source);
        let (prefix, span) =
            longest_found_prefix(&normalized, "Two American soldiers were killed").unwrap();
        assert_eq!(prefix, "Two American ");
        assert_eq!(span, PinnedSpan::new(0, 13));
        assert!(longest_found_prefix(&normalized, "zzz").is_none());
    }

    #[test]
    fn absent_or_empty_quotes_match_nothing() {
        assert!(find("abc", "xyz").spans.is_empty());
        assert!(find("abc", "  ").spans.is_empty());
    }

    #[test]
    fn counting_through_the_lead_falls_back_on_repetitive_text() {
        // Every `a` starts the lead; the needle occurs once, at the end.
        let haystack = format!("{}b", "a".repeat(200));
        let needle = format!("{}b", "a".repeat(40));
        assert_eq!(count_overlapping(&haystack, &needle), 1);
        assert_eq!(count_overlapping(&"ab".repeat(40), &"ab".repeat(15)), 26);
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Counting through the needle's first bytes counts what the whole-needle
        /// search finds: short and long needles, in text repetitive enough to make
        /// the first bytes match where the rest does not.
        #[test]
        fn counting_through_the_lead_counts_every_occurrence(
            haystack in prop::collection::vec(prop::sample::select(vec!["a", "b", "é", " ", "ab "]), 0..120),
            needle in prop::collection::vec(prop::sample::select(vec!["a", "b", "é", " "]), 1..40),
        ) {
            let (haystack, needle) = (haystack.concat(), needle.concat());
            prop_assert_eq!(
                count_overlapping(&haystack, &needle),
                find_overlapping(&haystack, &needle).count()
            );
        }
    }
}
