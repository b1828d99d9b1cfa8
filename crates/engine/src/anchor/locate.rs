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

/// The most places of one quote that are looked at: `pin` lists them, a moved pin's
/// context chooses among them. Each costs a comparison, a hash and a context score,
/// and a line in a report, and a source of one repeated letter has millions of them;
/// a quote found more often than this says too little to pin, and a moved one is
/// `span-ambiguous`.
pub const MAX_PLACES: usize = 100;

/// The most places a search returns: one past `MAX_PLACES`, which says there are more.
pub const PLACES_LOOKED_AT: usize = MAX_PLACES + 1;

/// The starts of the first `PLACES_LOOKED_AT` occurrences of `needle` in `haystack`,
/// overlapping ones included.
pub fn first_places<'h>(haystack: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    find_overlapping(haystack, needle).take(PLACES_LOOKED_AT)
}

/// How many places `places` (at most `PLACES_LOOKED_AT`) are, for a message: "more
/// than 100" past the limit.
pub fn places_count(places: usize) -> String {
    if places > MAX_PLACES {
        format!("more than {MAX_PLACES}")
    } else {
        places.to_string()
    }
}

/// Finds `quote` in `source` (whose normalized text `normalized_source` is), exactly
/// and after normalization, up to `PLACES_LOOKED_AT` places in source order. A
/// normalized match inside an exact one is the same occurrence (less the white space
/// normalization trims) and is left out; overlapping ones are different occurrences
/// ("1,000 1" twice in "1,000 1,000 1,000").
pub fn find_quote(source: &str, quote: &str, normalized_source: &NormalizedText) -> QuoteMatches {
    let exact: Vec<PinnedSpan> = if quote.is_empty() {
        Vec::new()
    } else {
        first_places(source, quote)
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
    spans.truncate(PLACES_LOOKED_AT);
    QuoteMatches { spans, exact }
}

/// Occurrences of the normalized `quote` in an already normalized source, up to
/// `PLACES_LOOKED_AT` in source order.
pub fn find_normalized(normalized_source: &NormalizedText, quote: &str) -> Vec<PinnedSpan> {
    let needle = normalized_source.profile.normalize_quote(quote);
    if needle.is_empty() {
        return Vec::new();
    }
    let starts = first_places(&normalized_source.text, &needle);
    original_spans(normalized_source, starts, needle.len())
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
    fn places_past_the_limit_are_not_looked_at() {
        let source = "a\u{00A0}b a b ".repeat(2 * MAX_PLACES);
        let found = find(&source, "a b");
        assert_eq!(found.spans.len(), PLACES_LOOKED_AT);
        assert_eq!(
            found.spans[..2],
            [PinnedSpan::new(0, 4), PinnedSpan::new(5, 8)]
        );
        assert_eq!(places_count(found.spans.len()), "more than 100");
        assert_eq!(places_count(MAX_PLACES), "100");
    }

    #[test]
    fn absent_or_empty_quotes_match_nothing() {
        assert!(find("abc", "xyz").spans.is_empty());
        assert!(find("abc", "  ").spans.is_empty());
    }
}
