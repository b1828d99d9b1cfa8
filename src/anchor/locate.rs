//! Finding every occurrence of a quote in a source: exact bytes first, and only when
//! there are none, the normalized quote in the normalized source.

use memchr::memmem;

use super::normalize::NormalizedText;
use crate::model::pinned_span::PinnedSpan;

/// How a quote was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The quote's bytes occur in the source as typed.
    Exact,
    /// The quote matches only after the `typing` normalization profile.
    Normalized,
}

/// Every occurrence of a quote, as spans of the source's own bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteMatches {
    pub kind: MatchKind,
    pub spans: Vec<PinnedSpan>,
}

/// Finds `quote` in `source`. `normalized_source` is computed only when the exact search
/// finds nothing, through the closure, so callers can cache it.
pub fn find_quote<'a>(
    source: &str,
    quote: &str,
    normalized_source: impl FnOnce() -> &'a NormalizedText,
) -> QuoteMatches {
    if !quote.is_empty() {
        let exact: Vec<_> = find_overlapping(source, quote)
            .map(|start| PinnedSpan::new(start, start + quote.len()))
            .collect();
        if !exact.is_empty() {
            return QuoteMatches {
                kind: MatchKind::Exact,
                spans: exact,
            };
        }
    }
    QuoteMatches {
        kind: MatchKind::Normalized,
        spans: find_normalized(normalized_source(), quote),
    }
}

/// Occurrences of the normalized `quote` in an already normalized source.
pub fn find_normalized(normalized_source: &NormalizedText, quote: &str) -> Vec<PinnedSpan> {
    let needle = normalized_source.profile.normalize_quote(quote);
    if needle.is_empty() {
        return Vec::new();
    }
    find_overlapping(&normalized_source.text, &needle)
        .map(|start| {
            let range = normalized_source.original_range(start, start + needle.len());
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
        let normalized = normalize(source);
        find_quote(source, quote, || &normalized)
    }

    #[test]
    fn exact_matches_win() {
        let found = find("a b a b", "a b");
        assert_eq!(found.kind, MatchKind::Exact);
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
        assert_eq!(found.kind, MatchKind::Normalized);
        let span = found.spans[0];
        assert_eq!(
            &source[span.range()],
            "\u{201C}It\u{2019}s\u{00A0}true\u{201D}"
        );
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
}
