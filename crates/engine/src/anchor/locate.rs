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

/// How many of a needle's first bytes the counting functions search for.
const LEAD: usize = 24;
/// How many places where only a needle's first bytes match send it to a search for
/// the whole needle.
const MISSES: usize = 16;

/// `find_overlapping(haystack, needle).count()`, searching for the needle's first bytes
/// and comparing the rest where they occur: `check` counts every intact pin's quote,
/// and a searcher costs in the length of its needle to build. After a few places
/// where only the first bytes match (repetitive text), the whole needle is searched
/// for, so the time stays linear.
pub fn count_overlapping(haystack: &str, needle: &str) -> usize {
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

/// `count_overlapping(haystack, needle)` for each of `needles`. Those at least `LEAD`
/// bytes long are counted in a pass over the haystack for each class of length (see
/// `SampledPass`). Counting each intact pin's quote by reading the whole source made
/// a product of ten 3 MB sources of 2,000 pins each 30× the hashing floor. On 3 MB of
/// the example's words in random order with 2,000 of its sentences (`cargo bench
/// --bench kernels -- count_quotes`), sampling counts in 2.1 ns a byte, a rolling hash
/// of every 24-byte window took 4.1 ns, and counting each quote alone 75 ns. A needle
/// whose first bytes match too often where the rest does not (repetitive text) is
/// counted on its own, so the time stays linear.
pub fn count_each(haystack: &str, needles: &[&str]) -> Vec<usize> {
    let mut counts = vec![0; needles.len()];
    let mut alone: Vec<bool> = needles
        .iter()
        .map(|needle| needle.len() < LEAD || haystack.len() < LEAD)
        .collect();
    for pass in SampledPass::CLASSES {
        let members: Vec<usize> = (0..needles.len())
            .filter(|&at| !alone[at] && pass.holds(needles[at].len()))
            .collect();
        pass.count(
            haystack.as_bytes(),
            needles,
            &members,
            &mut counts,
            &mut alone,
        );
    }
    for (at, needle) in needles.iter().enumerate() {
        if alone[at] {
            counts[at] = count_overlapping(haystack, needle);
        }
    }
    counts
}

/// One pass of `count_each` over needles of `lead` bytes or more (and less than
/// `below`). Every `stride`-th run of `gram` bytes of the haystack is looked up among
/// the runs at each of the first `stride` offsets of every needle: an occurrence's
/// first `lead` bytes hold exactly one looked-up run, so it is found once, from the
/// offset that says where it starts, and only then compared. Longer needles afford
/// longer runs, which recur less in the haystack, and a longer stride.
struct SampledPass {
    lead: usize,
    below: usize,
    gram: usize,
}

impl SampledPass {
    const CLASSES: [SampledPass; 2] = [
        SampledPass {
            lead: LEAD,
            below: 40,
            gram: 16,
        },
        SampledPass {
            lead: 40,
            below: usize::MAX,
            gram: 24,
        },
    ];

    fn holds(&self, len: usize) -> bool {
        (self.lead..self.below).contains(&len)
    }

    /// A run's 8-byte words mixed into one: equal runs give equal words, and a word
    /// shared by different runs only costs a comparison that fails.
    fn word(&self, bytes: &[u8], at: usize) -> u64 {
        bytes[at..at + self.gram]
            .chunks_exact(8)
            .fold(0u64, |word, eight| {
                let eight = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
                (word.rotate_left(23) ^ eight).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            })
    }

    /// Adds each member's occurrences to `counts`, or marks it in `alone` once its
    /// first `lead` bytes have matched more than `MISSES` times where the rest did not.
    fn count(
        &self,
        bytes: &[u8],
        needles: &[&str],
        members: &[usize],
        counts: &mut [usize],
        alone: &mut [bool],
    ) {
        if members.is_empty() {
            return;
        }
        let stride = self.lead - self.gram + 1;
        let runs = NeedleRuns::new(self, needles, members, stride);
        let mut misses = vec![0; needles.len()];
        for looked_up in (0..(bytes.len() + 1).saturating_sub(self.gram)).step_by(stride) {
            for &(_, at, offset) in runs.of(self.word(bytes, looked_up)) {
                let (at, offset) = (at as usize, offset as usize);
                let Some(rest) = looked_up.checked_sub(offset).map(|start| &bytes[start..]) else {
                    continue;
                };
                let needle = needles[at].as_bytes();
                if misses[at] > MISSES || !rest.starts_with(&needle[..self.lead]) {
                    continue;
                }
                if rest.starts_with(needle) {
                    counts[at] += 1;
                } else {
                    misses[at] += 1;
                }
            }
        }
        for &at in members {
            alone[at] = misses[at] > MISSES;
        }
    }
}

/// The runs of a pass's needles at each of their first `stride` offsets, as (word,
/// needle, offset), grouped by word: one vector and one map of ranges into it (a
/// vector for each word was 34,000 allocations for 2,000 quotes).
struct NeedleRuns {
    runs: Vec<(u64, u32, u32)>,
    by_word: foldhash::HashMap<u64, std::ops::Range<usize>>,
    /// A bit for each word (by its top bits after a multiply), which turns most of
    /// the haystack's runs away before the map is asked: 32 KiB, in the second-level
    /// cache.
    filter: Vec<u64>,
}

impl NeedleRuns {
    const FILTER_BITS: u32 = 18;

    fn new(pass: &SampledPass, needles: &[&str], members: &[usize], stride: usize) -> Self {
        let mut runs: Vec<(u64, u32, u32)> = members
            .iter()
            .flat_map(|&at| {
                (0..stride).map(move |offset| {
                    let word = pass.word(needles[at].as_bytes(), offset);
                    (word, at as u32, offset as u32)
                })
            })
            .collect();
        runs.sort_unstable_by_key(|&(word, _, _)| word);
        let mut filter = vec![0u64; 1 << (Self::FILTER_BITS - 6)];
        let mut by_word = foldhash::HashMap::default();
        for (index, &(word, _, _)) in runs.iter().enumerate() {
            filter[Self::bit(word) / 64] |= 1 << (Self::bit(word) % 64);
            by_word.entry(word).or_insert(index..index).end = index + 1;
        }
        Self {
            runs,
            by_word,
            filter,
        }
    }

    fn bit(word: u64) -> usize {
        (word.wrapping_mul(0xD6E8_FEB8_6659_FD93) >> (64 - Self::FILTER_BITS)) as usize
    }

    /// The needles' runs whose word is `word`.
    fn of(&self, word: u64) -> &[(u64, u32, u32)] {
        if self.filter[Self::bit(word) / 64] & (1 << (Self::bit(word) % 64)) == 0 {
            return &[];
        }
        self.by_word
            .get(&word)
            .map_or(&[], |range| &self.runs[range.clone()])
    }
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

        /// Counting many needles in one pass counts what counting each alone does:
        /// needles shorter and longer than the lead, repeated, overlapping, taken
        /// from the text or not, in text repetitive enough for leads to match where
        /// the rest does not.
        #[test]
        fn counting_many_at_once_counts_each(
            haystack in prop::collection::vec(prop::sample::select(vec!["a", "b", "é", " ", "ab ", "abababababab"]), 0..80),
            taken in prop::collection::vec((0usize..400, 0usize..60), 0..12),
            other in prop::collection::vec(prop::collection::vec(prop::sample::select(vec!["a", "b", "é", " "]), 0..40), 0..4),
        ) {
            let haystack = haystack.concat();
            let mut needles: Vec<String> = taken
                .iter()
                .map(|&(from, len)| {
                    let start = (0..=from.min(haystack.len())).rev().find(|&at| haystack.is_char_boundary(at)).unwrap_or(0);
                    let end = (start + len).min(haystack.len());
                    let end = (start..=end).rev().find(|&at| haystack.is_char_boundary(at)).unwrap_or(start);
                    haystack[start..end].to_owned()
                })
                .collect();
            needles.extend(other.iter().map(|pieces| pieces.concat()));
            let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
            let alone: Vec<usize> = needles.iter().map(|needle| count_overlapping(&haystack, needle)).collect();
            prop_assert_eq!(count_each(&haystack, &needles), alone);
        }

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
