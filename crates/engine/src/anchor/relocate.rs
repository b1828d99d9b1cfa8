//! Relocation: where a pin whose bytes no longer hash to its `sha256` went, classified
//! as moved, normalized, drifted, ambiguous or orphaned. The rule is to prefer
//! orphaning to a wrong anchor: when candidates are nearly tied and the pin's stored
//! context does not separate them, the answer is "ambiguous", never a guess.

use std::sync::OnceLock;

use super::approximate::{find_approximate, for_each_match_end};
use super::count::Counter;
use super::locate::{MAX_PLACES, PLACES_LOOKED_AT, find_normalized, first_places, original_spans};
use super::normalize::{NormalizedText, Profile, normalize_quote, self_normal_stretch};
use super::seed::{self, CharOffsets, GramIndex};
use crate::hash::sha256;
use crate::model::claim::Evidence;
use crate::model::pinned_span::PinnedSpan;

/// Characters of context stored on each side of a pin, as W3C TextQuoteSelector does.
pub const CONTEXT_CHARS: usize = 32;
/// Default similarity a drifted match needs (1 − edits ÷ quote length, after normalization).
pub const DEFAULT_DRIFT_THRESHOLD: f64 = 0.8;
/// Candidates whose similarities differ by less than this are nearly tied.
const TIE_MARGIN: f64 = 0.02;
/// How much better one candidate's context must match than the next to break a tie.
const CONTEXT_MARGIN: f64 = 0.1;

/// What is known of a pin: the pinned text, its hash, where it was, and its context.
#[derive(Debug, Clone, Copy)]
pub struct PinToFind<'a> {
    pub quote: &'a str,
    pub sha256: [u8; 32],
    pub span: PinnedSpan,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
}

impl<'a> From<&'a Evidence> for PinToFind<'a> {
    /// What relocation knows of the pin an evidence entry makes.
    fn from(evidence: &'a Evidence) -> Self {
        Self {
            quote: &evidence.quote,
            sha256: evidence.sha256,
            span: evidence.span,
            prefix: evidence.prefix.as_deref(),
            suffix: evidence.suffix.as_deref(),
        }
    }
}

/// Where a pin went. Serialized into the cache, which remembers it for pins that
/// stay broken.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Relocation {
    /// The exact pinned bytes are at `found`.
    Moved { found: PinnedSpan },
    /// The pinned text is at `found` only after normalization.
    Normalized { found: PinnedSpan },
    /// The best approximate match, at or above the threshold.
    Drifted { found: PinnedSpan, similarity: f64 },
    /// Several candidates fit about equally well; the pin is not moved to any of them.
    Ambiguous { candidates: Vec<PinnedSpan> },
    /// No acceptable match.
    Orphaned,
    /// The quote is longer than approximate search takes on (its cost grows with the
    /// square of the quote's length); exact and normalized search found nothing.
    TooLong { chars: usize },
}

/// The longest quote, in characters, that approximate search looks for: about four
/// pages, far past any quotation, and still a fraction of a second to search.
pub const MAX_APPROXIMATE_CHARS: usize = 10_000;

/// Sources from this size on are searched through a gram index (`seed.rs`): below it,
/// reading the whole text costs less than building the index.
const INDEX_FROM_BYTES: usize = 256 * 1024;

/// Places of a quote's rarest gram the index checks, at most, when looking for where
/// the quote is: about a millisecond. A quote of grams found more often than that (a
/// text of few letters, or a quote of only the commonest words) is looked for by
/// reading the text, within the caller's budget.
const MAX_VERIFIED_HITS: usize = 16_384;

/// Characters a search window reaches past where a match can be, so that widening a
/// match to whole words and tokens sees the same text a whole-text search would.
const WINDOW_PAD_CHARS: usize = 64;

/// Characters of stored context that must stand beside a match's edge to move the edge.
const EDGE_CONTEXT_CHARS: usize = 12;
/// How far, in characters, a match's edge may move to stand beside its stored context.
const EDGE_REACH_CHARS: usize = 24;

/// Edits within which a candidate is nearly tied with the best, and one more.
fn tie_edits(pattern_chars: usize) -> usize {
    (TIE_MARGIN * pattern_chars as f64).ceil() as usize + 1
}

/// The edits the first indexed search allows: room for near ties of a few-percent
/// change (most drift), where the count a match must reach is still high.
fn first_level(pattern_chars: usize, k: usize) -> usize {
    (tie_edits(pattern_chars) + pattern_chars / 32).min(k)
}

/// How far a window reaches past where a match can be: the edits of where its start is
/// looked for, and room to widen it.
fn window_reach(k: usize) -> usize {
    k + WINDOW_PAD_CHARS
}

/// A source prepared for relocation: its text, its normalized text, and (built when a
/// changed pin of a large source is first looked for) a gram index of that text.
pub struct SearchableSource<'a> {
    pub text: &'a str,
    pub normalized: NormalizedText,
    index_from: usize,
    index: OnceLock<Option<GramIndex>>,
    /// Counts quotes in the normalized text, for the threads checking its pins.
    counter: Counter,
}

/// A candidate of approximate search: its source span and its edits from the quote.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scored {
    distance: usize,
    span: PinnedSpan,
}

/// What approximate search found through the gram index, or that only a whole-text
/// read can say (the source is too small to have an index, or the index cannot narrow
/// the search).
enum Search {
    /// The candidates, or `Err` with the best few where the pattern is nearly everywhere.
    Done(Result<Vec<Scored>, Vec<Scored>>),
    Deferred,
}

/// A pin only a read of the whole source can relocate: its places, where the gram index
/// cannot narrow them (see `find_exact`), or, when it has none, an approximate match
/// (a quote too short for its edits, or a source too small for an index). A read costs
/// 1.5 to 11 ms per MB (see `WHOLE_TEXT_READS`), for each such pin, and a pull request
/// can commit thousands of them against a large source, so the caller decides, in an
/// order of its own, which to search (`relocate_reading_whole`) within the source's
/// `whole_text_budget`. Only this module makes one: it says what is left to search.
#[derive(Debug, PartialEq, Eq)]
pub struct Deferred {
    /// What the search reads, at most: the normalized text once per 64-character block
    /// of the quote, and twice more when the quote's places are still to be looked for.
    pub bytes: u64,
    search: Reading,
}

/// What a deferred search reads the whole text for.
#[derive(Debug, PartialEq, Eq)]
enum Reading {
    /// The places of the quote, byte for byte and normalized, then (if none) a match.
    Places,
    /// A match of the normalized quote with at most `k` edits.
    Approximate { pattern: Vec<char>, k: usize },
}

impl Deferred {
    /// A pin whose places only a read of the text can find.
    fn reading_places(source: &SearchableSource, pin: &PinToFind) -> Self {
        let chars = source
            .normalized
            .profile
            .normalize_quote(pin.quote)
            .chars()
            .count();
        // A quote too long for approximate search is only looked for.
        let matching = if chars > MAX_APPROXIMATE_CHARS {
            0
        } else {
            reads_of(chars)
        };
        Self {
            bytes: (2 + matching) * source.normalized.text.len() as u64,
            search: Reading::Places,
        }
    }
}

/// Whole-text reads of a source one run makes for its changed pins, at most (and by
/// default). On 2 cores a read costs about 1.5 ms per MB of prose (a 16 MB source with
/// 129 changed figures past the index, 3.1 s in all) and 11 ms per MB of two letters in
/// random order (16 MB, 42 pins of three reads each, 22 s): 128 reads of the largest
/// source read by default, 64 MB, are 12 s of prose or 90 s of the worst text found.
pub const WHOLE_TEXT_READS: u64 = 128;
/// A source smaller than this is budgeted as this large: its reads are cheap (8 MB in
/// about 65 ms), and only thousands of changed pins make them add up.
const READS_FLOOR_BYTES: usize = 8 * 1024 * 1024;

/// How many changed pins of a large source are searched by reading its text rather
/// than through a gram index: the index takes four bytes a character (240 of the
/// 400 MB a check of one moved pin in a 60 MB source took), where reading the text
/// for a moved pin takes milliseconds and for a changed one a budgeted whole-text read.
pub const CHANGED_PINS_READ_WITHOUT_INDEX: usize = 2;

impl<'a> SearchableSource<'a> {
    pub fn new(text: &'a str, profile: Profile) -> Self {
        Self::indexed_from(text, profile, INDEX_FROM_BYTES)
    }

    /// A source with `changed` pins to find again: indexed when it is large, unless so
    /// few changed that reading its text for each costs less.
    pub fn with_changed_pins(text: &'a str, profile: Profile, changed: usize) -> Self {
        if changed <= CHANGED_PINS_READ_WITHOUT_INDEX {
            return Self::indexed_from(text, profile, usize::MAX);
        }
        Self::new(text, profile)
    }

    /// A source that builds a gram index when its normalized text has `index_from`
    /// bytes or more (tests compare indexed and whole-text search on small texts).
    pub fn indexed_from(text: &'a str, profile: Profile, index_from: usize) -> Self {
        let normalized = profile.normalize(text);
        Self {
            text,
            counter: Counter::new(normalized.text.len()),
            normalized,
            index_from,
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> Option<&GramIndex> {
        self.index
            .get_or_init(|| {
                (self.normalized.text.len() >= self.index_from)
                    .then(|| GramIndex::new(&self.normalized.text))
            })
            .as_ref()
    }

    /// Where `quote` is in the original text byte for byte, overlapping places included,
    /// in order, up to `PLACES_LOOKED_AT`. In a large source, through the gram index:
    /// every such place holds the quote's self-normal stretch in the normalized text, so
    /// each place the index finds for the stretch is checked in the original (a read of
    /// the text per pin was a fifth of relocating 1,000 pins in a 20 MB source, and in
    /// a text of few letters, 26 ms a pin in 16 MB). `None` when the index cannot say:
    /// the stretch is shorter than a gram or its grams are everywhere (see
    /// `MAX_VERIFIED_HITS`), or it is in more places than are looked at (the quote's
    /// may be fewer, and the first of them among those not looked at); only a read of
    /// the text can then, which the caller budgets. A small source is read.
    fn find_exact(&self, quote: &str) -> Option<Vec<usize>> {
        let Some(index) = self.index() else {
            return Some(first_places(self.text, quote).collect());
        };
        let stretch = self_normal_stretch(quote)?;
        let starts = seed::occurrences(
            index,
            &self.normalized.text,
            &quote[stretch.clone()],
            PLACES_LOOKED_AT,
            MAX_VERIFIED_HITS,
        )
        .filter(|starts| starts.len() <= MAX_PLACES)?;
        let lead = stretch.start;
        let mut found: Vec<usize> = starts
            .into_iter()
            .filter_map(|at| {
                self.normalized
                    .original_range(at, at + 1)
                    .start
                    .checked_sub(lead)
            })
            .filter(|&start| self.text.as_bytes()[start..].starts_with(quote.as_bytes()))
            .collect();
        found.sort_unstable();
        found.dedup();
        Some(found)
    }

    /// The source spans whose normalized text is the normalized `quote`, up to
    /// `PLACES_LOOKED_AT`: in a large source through the gram index (`None` where it
    /// cannot say, as for `find_exact`), in a small one by reading the normalized text.
    fn find_normalized(&self, quote: &str) -> Option<Vec<PinnedSpan>> {
        let Some(index) = self.index() else {
            return Some(find_normalized(&self.normalized, quote));
        };
        let needle = self.normalized.profile.normalize_quote(quote);
        let starts = seed::occurrences(
            index,
            &self.normalized.text,
            &needle,
            PLACES_LOOKED_AT,
            MAX_VERIFIED_HITS,
        )?;
        Some(original_spans(
            &self.normalized,
            starts.into_iter(),
            needle.len(),
        ))
    }

    /// How many times the normalized `quote` occurs in the normalized text, overlapping
    /// occurrences included (`find_normalized(..).len()`, without mapping each back).
    pub fn count_normalized(&self, quote: &str) -> usize {
        let needle = self.normalized.profile.normalize_quote(quote);
        if needle.is_empty() {
            return 0;
        }
        self.counter.count(&self.normalized.text, &needle)
    }

    /// How many times each of `needles` (quotes normalized by this source's profile,
    /// none empty) occurs in the normalized text, counted in one pass over it: for a
    /// source with many pins.
    pub fn count_each_normalized(&self, needles: &[&str]) -> Vec<usize> {
        self.counter.count_each(&self.normalized.text, needles)
    }

    /// Every candidate a whole-text search finds with at most `k` edits that is within
    /// `TIE_MARGIN` of the best (and others). Through the index, levels of growing edits
    /// are tried until the best found leaves room for every near tie below the level;
    /// the windows of that level then hold every such tie. `Err` with the best few
    /// where the pattern is nearly everywhere (see `MAX_RUNS`).
    fn candidates(&self, pattern: &[char], pin: &PinToFind, k: usize) -> Search {
        let text = &self.normalized.text;
        if let Some(index) = self.index() {
            let margin = tie_edits(pattern.len());
            let mut level = first_level(pattern.len(), k);
            let reach = window_reach(k);
            while let Some(windows) = seed::windows(index, text, pattern, level, reach) {
                let scored = match self.scored_in_each(windows, pattern, pin, k) {
                    Ok(scored) => scored,
                    everywhere => return Search::Done(everywhere),
                };
                let best = scored.iter().map(|found| found.distance).min();
                if level == k || best.is_some_and(|best| best + margin <= level) {
                    return Search::Done(Ok(scored));
                }
                // The level the best found needs, or twice this one if none was found.
                level = best.map_or(2 * level + 1, |best| best + margin).min(k);
            }
        }
        Search::Deferred
    }

    /// How many bytes the whole-text searches of one run may read in this source:
    /// `reads` times its normalized text, or times `READS_FLOOR_BYTES` for a smaller one.
    pub fn whole_text_budget(&self, reads: u64) -> u64 {
        reads.saturating_mul(self.normalized.text.len().max(READS_FLOOR_BYTES) as u64)
    }

    /// Candidates in the whole text: read once in place for where matches end, then
    /// only around those ends (the quote's length and `k` before, room to widen after)
    /// for their starts and edges, which sees what a search of the decoded text sees.
    fn scored_whole(
        &self,
        pattern: &[char],
        pin: &PinToFind,
        k: usize,
    ) -> Result<Vec<Scored>, Vec<Scored>> {
        let text = &self.normalized.text;
        let columns = text.char_indices().map(|(at, c)| (at + c.len_utf8(), c));
        let before = pattern.len() + k + WINDOW_PAD_CHARS;
        // The last window's end is only known to reach at least as far as it says: it
        // is made exact (`WINDOW_PAD_CHARS` past the last end in it) when an end falls
        // past it, so the ends of a long run (text where the quote matches nearly
        // everywhere) cost no walk each.
        let mut windows: Vec<std::ops::Range<usize>> = Vec::new();
        let mut last_end = 0;
        for_each_match_end(pattern, columns, k, |end, _| {
            if let Some(window) = windows.last_mut() {
                if end > window.end {
                    window.end = chars_forward(text, last_end, WINDOW_PAD_CHARS);
                }
                if end <= window.end {
                    last_end = end;
                    return;
                }
            }
            let first = chars_back(text, end, before);
            match windows.last_mut() {
                Some(window) if first <= window.end => {}
                _ => windows.push(first..end),
            }
            last_end = end;
        });
        if let Some(window) = windows.last_mut() {
            window.end = chars_forward(text, last_end, WINDOW_PAD_CHARS);
        }
        self.scored_in_each(windows, pattern, pin, k)
    }

    /// The candidates in each of `windows`, or the first window's `Err`.
    fn scored_in_each(
        &self,
        windows: Vec<std::ops::Range<usize>>,
        pattern: &[char],
        pin: &PinToFind,
        k: usize,
    ) -> Result<Vec<Scored>, Vec<Scored>> {
        let mut scored = Vec::new();
        for window in windows {
            scored.extend(self.scored_in(window, pattern, pin, k)?);
        }
        Ok(scored)
    }

    /// A match's edges moved to where the pin's stored context ends and begins, when
    /// that text stands just beside them: where the quote's first or last word was
    /// replaced, the replacement is inside the span and the word before or after it
    /// outside, as the pin had them. The moved span and its edits, when an edge moved and
    /// the match stays within `k`.
    fn align_to_context(
        &self,
        pin: &PinToFind,
        pattern: &[char],
        chars: &[char],
        start: usize,
        end: usize,
        k: usize,
    ) -> Option<(usize, usize, usize)> {
        let profile = self.normalized.profile;
        let side = |stored: &str| -> Vec<char> { profile.normalize(stored).text.chars().collect() };
        let nearest = |from: usize, fits: &dyn Fn(usize) -> bool| {
            (0..=EDGE_REACH_CHARS)
                .flat_map(|step| [from.checked_sub(step), from.checked_add(step)])
                .flatten()
                .find(|&at| fits(at))
        };
        let mut aligned = (start, end);
        if let Some(prefix) = pin.prefix.map(side) {
            let tail = &prefix[prefix.len().saturating_sub(EDGE_CONTEXT_CHARS)..];
            if tail.len() == EDGE_CONTEXT_CHARS {
                let fits = |at: usize| {
                    at < end && at >= tail.len() && chars.get(at - tail.len()..at) == Some(tail)
                };
                aligned.0 = nearest(start, &fits).unwrap_or(start);
            }
        }
        if let Some(suffix) = pin.suffix.map(side) {
            let head = &suffix[..suffix.len().min(EDGE_CONTEXT_CHARS)];
            if head.len() == EDGE_CONTEXT_CHARS {
                let fits =
                    |at: usize| at > aligned.0 && chars.get(at..at + head.len()) == Some(head);
                aligned.1 = nearest(end, &fits).unwrap_or(end);
            }
        }
        if aligned == (start, end) {
            return None;
        }
        let distance = edits(pattern, &chars[aligned.0..aligned.1]);
        (distance <= k).then_some((aligned.0, aligned.1, distance))
    }

    /// The candidates within normalized bytes `window`, widened to words and tokens; a
    /// match that cannot be widened within `WINDOW_PAD_CHARS` is none. `Err` with the
    /// best few, as found, where the pattern is nearly everywhere (see `MAX_RUNS`).
    fn scored_in(
        &self,
        window: std::ops::Range<usize>,
        pattern: &[char],
        pin: &PinToFind,
        k: usize,
    ) -> Result<Vec<Scored>, Vec<Scored>> {
        let text = &self.normalized.text[window.clone()];
        let chars: Vec<char> = text.chars().collect();
        let offsets = CharOffsets::new(text);
        let span = |start: usize, end: usize| {
            if start == end {
                return PinnedSpan::new(0, 0);
            }
            let byte = |at: usize| window.start + offsets.byte_offset(text, at);
            let range = self.normalized.original_range(byte(start), byte(end));
            PinnedSpan::new(range.start, range.end)
        };
        let found = find_approximate(pattern, &chars, k).map_err(|everywhere| {
            everywhere
                .into_iter()
                .map(|found| Scored {
                    distance: found.distance,
                    span: span(found.start, found.end),
                })
                .collect::<Vec<_>>()
        })?;
        Ok(found
            .into_iter()
            .filter_map(|found| {
                let (start, end) = snap_to_words(pattern, &chars, found.start, found.end)?;
                let (start, end) = snap_to_tokens(pin, &chars, start, end)?;
                let (start, end, distance) =
                    match self.align_to_context(pin, pattern, &chars, start, end, k) {
                        Some(aligned) => aligned,
                        None if (start, end) == (found.start, found.end) => {
                            (start, end, found.distance)
                        }
                        None => (start, end, edits(pattern, &chars[start..end])),
                    };
                Some(Scored {
                    distance,
                    span: span(start, end),
                })
            })
            .collect())
    }
}

/// Edits (Levenshtein) between a quote and a stretch of the text.
fn edits(pattern: &[char], found: &[char]) -> usize {
    strsim::generic_levenshtein(&pattern.to_vec(), &found.to_vec())
}

/// The byte offset `count` characters before `at` (or 0).
fn chars_back(text: &str, at: usize, count: usize) -> usize {
    if count == 0 {
        return at;
    }
    text[..at]
        .char_indices()
        .rev()
        .nth(count - 1)
        .map_or(0, |(byte, _)| byte)
}

/// The byte offset `count` characters after `at` (or the text's end).
fn chars_forward(text: &str, at: usize, count: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(count)
        .map_or(text.len(), |(byte, _)| at + byte)
}

/// Room for the rounding of decimal thresholds in binary: 0.8 × 60 is 11.999…, and a
/// match exactly 80% similar must count as 80%.
const SLACK: f64 = 1e-9;

/// A similarity as a whole percentage, rounded down: a changed text is never shown as
/// 100% similar (a word changed in 3,000 characters is 99.97%), and a match shown as
/// 80% similar is at least that.
pub fn percent_similar(similarity: f64) -> u32 {
    (similarity * 100.0 + SLACK).floor() as u32
}

/// The most edits a quote of `len` characters may have and stay at least `threshold`
/// similar, compared exactly.
fn max_edits(threshold: f64, len: usize) -> usize {
    ((1.0 - threshold) * len as f64 + SLACK).floor() as usize
}

/// Finds where `pin` went in `source`. `threshold` is the similarity a drifted match
/// needs. Reads the whole source when it must; see `relocate_bounded` for a caller
/// that may be handed thousands of such pins.
pub fn relocate(source: &SearchableSource, pin: &PinToFind, threshold: f64) -> Relocation {
    relocate_bounded(source, pin, threshold)
        .unwrap_or_else(|deferred| relocate_reading_whole(source, pin, threshold, deferred))
}

/// `relocate`, or `Err` when only a read of the whole source could say where the pin
/// went.
pub fn relocate_bounded(
    source: &SearchableSource,
    pin: &PinToFind,
    threshold: f64,
) -> Result<Relocation, Deferred> {
    let read_instead = || Deferred::reading_places(source, pin);
    let exact = source.find_exact(pin.quote).ok_or_else(read_instead)?;
    if let Some(moved) = moved(source, pin, exact) {
        return Ok(moved);
    }
    let normalized = source.find_normalized(pin.quote).ok_or_else(read_instead)?;
    if let Some(normalized) = normalized_at(source, pin, normalized) {
        return Ok(normalized);
    }
    approximate(source, pin, threshold)
}

/// Where the exact pinned bytes are, among the places `starts` of the quote, if any.
fn moved(source: &SearchableSource, pin: &PinToFind, starts: Vec<usize>) -> Option<Relocation> {
    let exact: Vec<PinnedSpan> = starts
        .into_iter()
        .map(|start| PinnedSpan::new(start, start + pin.quote.len()))
        .filter(|span| sha256(&source.text.as_bytes()[span.range()]) == pin.sha256)
        .collect();
    chosen(source, pin, &exact, |found| Relocation::Moved { found })
}

/// Where the pinned text is after normalization, among `spans`, if any.
fn normalized_at(
    source: &SearchableSource,
    pin: &PinToFind,
    spans: Vec<PinnedSpan>,
) -> Option<Relocation> {
    chosen(source, pin, &spans, |found| Relocation::Normalized {
        found,
    })
}

/// The place among `places` the pin's context chooses, as `found_at` says it, or
/// `Ambiguous` when it chooses none; `None` when there are no places.
fn chosen(
    source: &SearchableSource,
    pin: &PinToFind,
    places: &[PinnedSpan],
    found_at: fn(PinnedSpan) -> Relocation,
) -> Option<Relocation> {
    (!places.is_empty()).then(|| match choose(source, pin, places) {
        Ok(found) => found_at(found),
        Err(candidates) => Relocation::Ambiguous { candidates },
    })
}

/// Where a pin `relocate_bounded` deferred went, reading the whole source.
pub fn relocate_reading_whole(
    source: &SearchableSource,
    pin: &PinToFind,
    threshold: f64,
    deferred: Deferred,
) -> Relocation {
    let (pattern, k) = match deferred.search {
        Reading::Approximate { pattern, k } => (pattern, k),
        Reading::Places => {
            let starts = first_places(source.text, pin.quote).collect();
            if let Some(moved) = moved(source, pin, starts) {
                return moved;
            }
            let spans = find_normalized(&source.normalized, pin.quote);
            if let Some(normalized) = normalized_at(source, pin, spans) {
                return normalized;
            }
            match search_pattern(source, pin, threshold) {
                Ok(search) => search,
                Err(relocation) => return relocation,
            }
        }
    };
    match source.scored_whole(&pattern, pin, k) {
        Ok(candidates) => ranked(source, pin, threshold, &pattern, candidates),
        Err(everywhere) => everywhere_ambiguous(everywhere),
    }
}

/// The normalized quote approximate search looks for and the edits a match may have,
/// or the relocation when there is nothing to search for.
fn search_pattern(
    source: &SearchableSource,
    pin: &PinToFind,
    threshold: f64,
) -> Result<(Vec<char>, usize), Relocation> {
    let profile = source.normalized.profile;
    let pattern: Vec<char> = profile.normalize_quote(pin.quote).chars().collect();
    if pattern.is_empty() {
        return Err(Relocation::Orphaned);
    }
    // Offsets are kept as u32; a normalized text past that (a 1 GiB source that NFKC
    // expands fourfold) is not searched approximately rather than mapped wrongly.
    if source.normalized.text.len() >= u32::MAX as usize {
        return Err(Relocation::Orphaned);
    }
    if pattern.len() > MAX_APPROXIMATE_CHARS {
        return Err(Relocation::TooLong {
            chars: pattern.len(),
        });
    }
    let k = max_edits(threshold, pattern.len());
    Ok((pattern, k))
}

/// Where approximate search through the gram index found `pin`, or `Err` when only
/// reading the whole source could say.
fn approximate(
    source: &SearchableSource,
    pin: &PinToFind,
    threshold: f64,
) -> Result<Relocation, Deferred> {
    let (pattern, k) = match search_pattern(source, pin, threshold) {
        Ok(search) => search,
        Err(relocation) => return Ok(relocation),
    };
    match source.candidates(&pattern, pin, k) {
        Search::Done(Ok(candidates)) => Ok(ranked(source, pin, threshold, &pattern, candidates)),
        Search::Done(Err(everywhere)) => Ok(everywhere_ambiguous(everywhere)),
        Search::Deferred => Err(Deferred {
            bytes: reads_of(pattern.len()) * source.normalized.text.len() as u64,
            search: Reading::Approximate { pattern, k },
        }),
    }
}

/// Reads of the text a whole-text approximate search for a pattern of `chars`
/// characters makes: one per 64-character block, as the bit-parallel search steps
/// every block at every character.
fn reads_of(chars: usize) -> u64 {
    chars.div_ceil(64) as u64
}

/// The verdict where the quote matches nearly everywhere: the best few, none chosen.
fn everywhere_ambiguous(everywhere: Vec<Scored>) -> Relocation {
    Relocation::Ambiguous {
        candidates: everywhere.into_iter().map(|found| found.span).collect(),
    }
}

/// The relocation the candidates of approximate search make: the best at or above
/// `threshold`, unless nearly tied or out of its stored context.
fn ranked(
    source: &SearchableSource,
    pin: &PinToFind,
    threshold: f64,
    pattern: &[char],
    candidates: Vec<Scored>,
) -> Relocation {
    let mut scored: Vec<(f64, PinnedSpan)> = candidates
        .into_iter()
        .map(|found| {
            let similarity = 1.0 - found.distance as f64 / pattern.len() as f64;
            (similarity, found.span)
        })
        .filter(|(similarity, span)| *similarity + SLACK >= threshold && !span.is_empty())
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let Some(&(best_similarity, best)) = scored.first() else {
        return Relocation::Orphaned;
    };
    let tied: Vec<PinnedSpan> = scored
        .iter()
        .filter(|(similarity, _)| best_similarity - similarity < TIE_MARGIN)
        .map(|(_, span)| *span)
        .collect();
    let (found, similarity) = match choose(source, pin, &tied) {
        Ok(found) => {
            let similarity = scored
                .iter()
                .find(|(_, span)| *span == found)
                .map_or(best_similarity, |s| s.0);
            (found, similarity)
        }
        Err(candidates) if candidates.len() > 1 => return Relocation::Ambiguous { candidates },
        Err(_) => (best, best_similarity),
    };
    // A changed text found in other surroundings than it was pinned in, or where the
    // text that followed (or preceded) the pin now is, is another passage that looks
    // alike: a deleted list entry's neighbour, a similar sentence elsewhere.
    if !context_agrees(source.text, found, pin) || is_neighbour(source.text, found, pin) {
        return Relocation::Ambiguous {
            candidates: vec![found],
        };
    }
    Relocation::Drifted { found, similarity }
}

/// The least similarity each stored side of a pin's context must keep with the text
/// beside a drifted candidate, compared over the stored length.
const CONTEXT_FLOOR: f64 = 0.5;

/// Whether the text beside `span` agrees with each side of context the pin stores.
fn context_agrees(text: &str, span: PinnedSpan, pin: &PinToFind) -> bool {
    let (before, after) = context_around(text, span);
    let similar = |stored: &str, found: &str| {
        strsim::normalized_levenshtein(&normalize_quote(stored), &normalize_quote(found))
            >= CONTEXT_FLOOR
    };
    let prefix_agrees = pin.prefix.is_none_or(|stored| {
        // Only as much as was stored: a pin at the start of its text stored none.
        let skip = before
            .chars()
            .count()
            .saturating_sub(stored.chars().count());
        let before: String = before.chars().skip(skip).collect();
        similar(stored, &before)
    });
    let suffix_agrees = pin.suffix.is_none_or(|stored| {
        let after: String = after.chars().take(stored.chars().count()).collect();
        similar(stored, &after)
    });
    prefix_agrees && suffix_agrees
}

/// Characters of a stored side compared with a candidate's own text.
const NEIGHBOUR_CHARS: usize = 16;

/// Whether `span` holds what the pin's stored context says came just after (or just
/// before) the pinned text: the candidate is that neighbour, not the pin.
fn is_neighbour(text: &str, span: PinnedSpan, pin: &PinToFind) -> bool {
    let words = |text: &str| -> String {
        normalize_quote(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let found = words(&text[span.range()]);
    let next = pin.suffix.map(|suffix| {
        let suffix = words(suffix);
        let suffix = suffix.trim_start_matches(|c: char| !c.is_alphanumeric());
        suffix.chars().take(NEIGHBOUR_CHARS).collect::<String>()
    });
    let previous = pin.prefix.map(|prefix| {
        let prefix = words(prefix);
        let prefix = prefix.trim_end_matches(|c: char| !c.is_alphanumeric());
        let skip = prefix.chars().count().saturating_sub(NEIGHBOUR_CHARS);
        prefix.chars().skip(skip).collect::<String>()
    });
    let long_enough = |side: &String| side.chars().count() >= NEIGHBOUR_CHARS / 2;
    next.is_some_and(|next| long_enough(&next) && found.starts_with(&next))
        || previous.is_some_and(|previous| long_enough(&previous) && found.ends_with(&previous))
}

/// A match trimmed of white space the quote does not have at its edges, and widened to
/// whole words where the quote starts or ends with a word character:
/// "Two" edited to "Three" matches "ree" with fewer edits, but the sentence says "Three".
fn snap_to_words(
    pattern: &[char],
    chars: &[char],
    mut start: usize,
    mut end: usize,
) -> Option<(usize, usize)> {
    let is_word = |c: &char| c.is_alphanumeric();
    // White space the quote does not have at an edge is not part of the match.
    if pattern.first().is_some_and(|c| !c.is_whitespace()) {
        while start < end && chars[start].is_whitespace() {
            start += 1;
        }
    }
    if pattern.last().is_some_and(|c| !c.is_whitespace()) {
        while end > start && chars[end - 1].is_whitespace() {
            end -= 1;
        }
    }
    if pattern.first().is_some_and(is_word) {
        start = widened(
            start,
            |at| at > 0 && chars.get(at).is_some_and(is_word) && is_word(&chars[at - 1]),
            -1,
        )?;
    }
    if pattern.last().is_some_and(is_word) {
        end = widened(
            end,
            |at| at < chars.len() && at > 0 && is_word(&chars[at - 1]) && is_word(&chars[at]),
            1,
        )?;
    }
    Some((start, end))
}

/// `at` moved a character at a time in `direction` while `go_on` holds, or `None`
/// past `WINDOW_PAD_CHARS`: no farther than a search window reaches past a match (so
/// the gram index and a whole-text search widen alike), and a match inside a "word"
/// longer than that (a source of one repeated letter) is not a quote's place.
fn widened(mut at: usize, go_on: impl Fn(usize) -> bool, direction: isize) -> Option<usize> {
    for _ in 0..=WINDOW_PAD_CHARS {
        if !go_on(at) {
            return Some(at);
        }
        at = at.checked_add_signed(direction)?;
    }
    None
}

/// A match widened to whole tokens (runs without white space) on each side where the
/// pin's stored context says the pinned text began or ended at white space or at the
/// text's edge: an edited URL or figure is matched whole, never from its middle.
fn snap_to_tokens(
    pin: &PinToFind,
    chars: &[char],
    mut start: usize,
    mut end: usize,
) -> Option<(usize, usize)> {
    let at_space = |side: Option<char>| side.is_none_or(char::is_whitespace);
    let solid = |at: usize| chars.get(at).is_some_and(|c| !c.is_whitespace());
    if pin
        .prefix
        .is_some_and(|prefix| at_space(prefix.chars().last()))
        && solid(start)
    {
        start = widened(start, |at| at > 0 && solid(at - 1), -1)?;
    }
    if pin
        .suffix
        .is_some_and(|suffix| at_space(suffix.chars().next()))
        && end > 0
        && solid(end - 1)
    {
        end = widened(end, solid, 1)?;
    }
    Some((start, end))
}

/// The one candidate to move a pin to, or all of them when the pin's context does not
/// single one out, or when there are more than `MAX_PLACES`: past that, the search
/// stopped, and the one the context prefers may be among those it did not look at.
fn choose(
    source: &SearchableSource,
    pin: &PinToFind,
    candidates: &[PinnedSpan],
) -> Result<PinnedSpan, Vec<PinnedSpan>> {
    if let [only] = candidates {
        return Ok(*only);
    }
    if candidates.len() > MAX_PLACES {
        return Err(candidates[..=MAX_PLACES].to_vec());
    }
    let mut by_context: Vec<(f64, PinnedSpan)> = candidates
        .iter()
        .filter_map(|span| context_similarity(source.text, *span, pin).map(|score| (score, *span)))
        .collect();
    by_context.sort_by(|a, b| b.0.total_cmp(&a.0));
    match by_context.as_slice() {
        [(best, span), (second, _), ..] if best - second >= CONTEXT_MARGIN && *best >= 0.5 => {
            Ok(*span)
        }
        _ => Err(candidates.to_vec()),
    }
}

/// How well the text around `span` matches the pin's stored context (0 to 1), or `None`
/// when the pin stores none.
fn context_similarity(text: &str, span: PinnedSpan, pin: &PinToFind) -> Option<f64> {
    if pin.prefix.is_none() && pin.suffix.is_none() {
        return None;
    }
    let (before, after) = context_around(text, span);
    // Context is compared by the typing profile whatever the project's: it only tells
    // candidates apart, it proves nothing.
    let similarity = |stored: Option<&str>, found: &str| {
        stored.map(|stored| {
            strsim::normalized_levenshtein(&normalize_quote(stored), &normalize_quote(found))
        })
    };
    let scores: Vec<f64> = [
        similarity(pin.prefix, before),
        similarity(pin.suffix, after),
    ]
    .into_iter()
    .flatten()
    .collect();
    Some(scores.iter().sum::<f64>() / scores.len() as f64)
}

/// Up to `CONTEXT_CHARS` characters of `text` before and after `span`.
pub fn context_around(text: &str, span: PinnedSpan) -> (&str, &str) {
    let before_start = text[..span.start]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(at, _)| at);
    let after_end = text[span.end..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(text.len(), |(at, _)| span.end + at);
    (&text[before_start..span.start], &text[span.end..after_end])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pin of `quote` in `before`, with its stored context.
    fn pin_in<'a>(before: &'a str, quote: &'a str) -> PinToFind<'a> {
        let start = before.find(quote).unwrap();
        let span = PinnedSpan::new(start, start + quote.len());
        let (prefix, suffix) = context_around(before, span);
        PinToFind {
            quote,
            sha256: sha256(quote.as_bytes()),
            span,
            prefix: Some(prefix),
            suffix: Some(suffix),
        }
    }

    #[test]
    fn a_large_source_with_few_changed_pins_is_read_rather_than_indexed() {
        let quote = "The brigade withdrew from the northern districts in March";
        let filler: Vec<String> = (0..60_000).map(|n| format!("w{n}")).collect();
        let before = format!("{} {quote}.", filler.join(" "));
        let moved = format!("An added paragraph. {before}");
        let edited = moved.replace("northern districts", "northern district");
        assert!(moved.len() >= INDEX_FROM_BYTES);
        let pin = pin_in(&before, quote);
        for after in [&moved, &edited] {
            let few = CHANGED_PINS_READ_WITHOUT_INDEX;
            let read = SearchableSource::with_changed_pins(after, Profile::Typing, few);
            let indexed = SearchableSource::with_changed_pins(after, Profile::Typing, few + 1);
            let found = relocate(&read, &pin, DEFAULT_DRIFT_THRESHOLD);
            assert!(read.index().is_none() && indexed.index().is_some());
            assert_eq!(found, relocate(&indexed, &pin, DEFAULT_DRIFT_THRESHOLD));
            assert!(
                matches!(found, Relocation::Moved { .. } | Relocation::Drifted { .. }),
                "{found:?}"
            );
        }
    }

    #[test]
    fn a_deleted_list_entry_is_not_anchored_on_its_neighbour() {
        // The only candidate left is the next entry, 86% like the deleted one, whose
        // surroundings the pin's context does not match.
        let before = "Groups named:\n- Asaib Ahl al-Haq\n- Kataib Hezbollah Brigade Two\n- Kataib Hezbollah Brigade Twelve\nEnd.\n";
        let after = before.replace("- Kataib Hezbollah Brigade Two\n", "");
        let pin = pin_in(before, "Kataib Hezbollah Brigade Two");
        let source = SearchableSource::new(&after, crate::anchor::normalize::Profile::Typing);
        let found = relocate(&source, &pin, 0.8);
        assert!(
            matches!(found, Relocation::Ambiguous { .. } | Relocation::Orphaned),
            "{found:?}"
        );
    }

    #[test]
    fn a_similar_sentence_in_other_surroundings_is_not_the_pin() {
        let before = "First paragraph opens here. The militia fired rockets at the base on Monday. It closes.\n\nSecond paragraph talks of other things entirely, then: The militia fired rockets at the camp on Sunday. And more.\n";
        let quote = "The militia fired rockets at the base on Monday.";
        let after = before.replace(quote, "Nothing of the sort was said.");
        let pin = pin_in(before, quote);
        let source = SearchableSource::new(&after, crate::anchor::normalize::Profile::Typing);
        let found = relocate(&source, &pin, 0.8);
        assert!(
            matches!(found, Relocation::Ambiguous { .. } | Relocation::Orphaned),
            "{found:?}"
        );
        // The same edit where the pin was is re-anchored.
        let edited = before.replace(quote, "The militia fired rockets at the base on Tuesday.");
        let source = SearchableSource::new(&edited, crate::anchor::normalize::Profile::Typing);
        match relocate(&source, &pin, 0.8) {
            Relocation::Drifted { found, .. } => {
                assert_eq!(
                    &edited[found.range()],
                    "The militia fired rockets at the base on Tuesday."
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_edited_url_is_re_anchored_whole_not_from_its_middle() {
        let before =
            "Read the report at https://example.org/reports/2021/attacks-on-bases-in-iraq today.\n";
        let quote = "https://example.org/reports/2021/attacks-on-bases-in-iraq";
        let after = before.replace("https://example.org", "http://www.example.org");
        let pin = pin_in(before, quote);
        let source = SearchableSource::new(&after, crate::anchor::normalize::Profile::Typing);
        match relocate(&source, &pin, 0.8) {
            Relocation::Drifted { found, .. } => assert_eq!(
                &after[found.range()],
                "http://www.example.org/reports/2021/attacks-on-bases-in-iraq"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_match_is_not_widened_past_the_window_pad() {
        let word = "a".repeat(WINDOW_PAD_CHARS);
        for (text, widens) in [
            (format!("{word}ab c"), true),
            (format!("a{word}ab c"), false),
        ] {
            let chars: Vec<char> = text.chars().collect();
            let (start, end) = (chars.len() - 4, chars.len() - 2);
            let snapped = snap_to_words(&['a', 'b'], &chars, start, end);
            assert_eq!(snapped, widens.then_some((0, end)), "{text}");
            let pin = PinToFind {
                quote: "",
                sha256: [0; 32],
                span: PinnedSpan::new(0, 0),
                prefix: Some(""),
                suffix: None,
            };
            let snapped = snap_to_tokens(&pin, &chars, start, end);
            assert_eq!(snapped, widens.then_some((0, end)), "{text}");
        }
    }

    #[test]
    fn a_match_is_widened_to_whole_tokens_where_the_pin_began_and_ended_at_white_space() {
        let chars: Vec<char> = "see hxxps[:]//example.org/a, now".chars().collect();
        let start = 14; // "example"
        let end = 27; // "example.org/a"
        let pin = |prefix, suffix| PinToFind {
            quote: "",
            sha256: [0; 32],
            span: PinnedSpan::new(0, 0),
            prefix: Some(prefix),
            suffix: Some(suffix),
        };
        let widened = |prefix, suffix| {
            let (start, end) = snap_to_tokens(&pin(prefix, suffix), &chars, start, end).unwrap();
            chars[start..end].iter().collect::<String>()
        };
        assert_eq!(widened("see ", " now"), "hxxps[:]//example.org/a,");
        // The pin began after `(` and ended before `,`: not widened there.
        assert_eq!(widened("see (", ", now"), "example.org/a");
    }

    #[test]
    fn a_similarity_is_shown_rounded_down() {
        assert_eq!(percent_similar(1.0 - 1.0 / 3039.0), 99);
        assert_eq!(percent_similar(0.29), 29);
        assert_eq!(percent_similar(0.8), 80);
        assert_eq!(percent_similar(0.919), 91);
        assert_eq!(percent_similar(1.0), 100);
    }

    #[test]
    fn the_threshold_compares_exactly() {
        // 12 edits in 60 characters is exactly 80% similar: allowed at 0.8.
        assert_eq!(max_edits(0.8, 60), 12);
        assert_eq!(max_edits(0.9, 10), 1);
        assert_eq!(max_edits(0.75, 4), 1);
        assert_eq!(max_edits(1.0, 100), 0);
    }

    #[test]
    fn a_match_exactly_at_the_threshold_is_drifted_not_orphaned() {
        let quote = "abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd abcd.";
        assert_eq!(quote.chars().count(), 60);
        let changed = quote.replace("abcd", "abxd");
        let text = format!("Before. {changed} After.");
        let source = SearchableSource::new(&text, crate::anchor::normalize::Profile::Typing);
        let sha256 = sha256(quote.as_bytes());
        let pin = PinToFind {
            quote,
            sha256,
            span: PinnedSpan::new(8, 68),
            prefix: None,
            suffix: None,
        };
        match relocate(&source, &pin, 0.8) {
            Relocation::Drifted { similarity, .. } => assert!((similarity - 0.8).abs() < 1e-9),
            other => panic!("{other:?}"),
        }
    }

    fn relocate_in(text: &str, pin: PinToFind) -> Relocation {
        relocate(
            &SearchableSource::new(text, Profile::Typing),
            &pin,
            DEFAULT_DRIFT_THRESHOLD,
        )
    }

    fn pin<'a>(
        quote: &'a str,
        sha256: [u8; 32],
        context: Option<(&'a str, &'a str)>,
    ) -> PinToFind<'a> {
        PinToFind {
            quote,
            sha256,
            span: PinnedSpan::new(0, quote.len()),
            prefix: context.map(|c| c.0),
            suffix: context.map(|c| c.1),
        }
    }

    const QUOTE: &str =
        "Kadhimi is unlikely to rise to US demands for a decisive military confrontation";

    #[test]
    fn classifies_each_kind_of_drift() {
        let hash = sha256(QUOTE.as_bytes());
        let moved = format!("New paragraph.\n{QUOTE}.");
        assert_eq!(
            relocate_in(&moved, pin(QUOTE, hash, None)),
            Relocation::Moved {
                found: PinnedSpan::new(15, 15 + QUOTE.len())
            }
        );
        let curly = QUOTE.replace("US demands", "US\u{00A0}demands");
        assert!(matches!(
            relocate_in(&curly, pin(QUOTE, hash, None)),
            Relocation::Normalized { .. }
        ));
        let edited = QUOTE.replace("decisive", "definitive");
        let Relocation::Drifted { found, similarity } =
            relocate_in(&edited, pin(QUOTE, hash, None))
        else {
            panic!()
        };
        assert_eq!(&edited[found.range()], edited);
        assert!(similarity > 0.9 && similarity < 1.0, "{similarity}");
        assert_eq!(
            relocate_in("Something else entirely was said.", pin(QUOTE, hash, None)),
            Relocation::Orphaned
        );
    }

    #[test]
    fn a_copy_edit_does_not_jump_to_an_earlier_sentence() {
        // The old name also appears earlier; the edited sentence is the real match.
        let quote = "Prime Minister Kadhemi said the attacks would not go unpunished";
        let hash = sha256(quote.as_bytes());
        let text = "Kadhemi spoke earlier. Then Prime Minister al-Kadhimi said the attacks would not go unpunished.";
        let Relocation::Drifted { found, .. } = relocate_in(text, pin(quote, hash, None)) else {
            panic!()
        };
        assert_eq!(
            &text[found.range()],
            "Prime Minister al-Kadhimi said the attacks would not go unpunished"
        );
    }

    #[test]
    fn repeated_quotes_are_ambiguous_without_context_and_resolved_with_it() {
        let quote = "two rockets hit near the US embassy";
        let hash = sha256(quote.as_bytes());
        let text = format!("On Sunday {quote} in Baghdad. On Monday {quote} again.");
        assert!(matches!(
            relocate_in(&text, pin(quote, hash, None)),
            Relocation::Ambiguous { .. }
        ));
        let context = Some(("On Monday ", " again."));
        let Relocation::Moved { found } = relocate_in(&text, pin(quote, hash, context)) else {
            panic!()
        };
        assert!(found.start > text.find("Monday").unwrap());
    }

    #[test]
    fn a_quote_in_more_places_than_are_looked_at_is_ambiguous_whatever_its_context() {
        // The context singles out the first copy among the places looked at, and
        // another just like it lies past them.
        let quote = "two rockets hit near the US embassy";
        let hash = sha256(quote.as_bytes());
        let mut text = format!("On Monday {quote} again. ");
        text.push_str(&format!("Later. {quote}. ").repeat(MAX_PLACES + 5));
        text.push_str(&format!("On Monday {quote} again."));
        let typed = quote.replace("US", "US\u{00A0}");
        let context = Some(("On Monday ", " again."));
        for pinned in [quote, typed.as_str()] {
            let source = SearchableSource::indexed_from(&text, Profile::Typing, 0);
            for index in [false, true] {
                if index {
                    source.index();
                }
                let Relocation::Ambiguous { candidates } = relocate(
                    &source,
                    &pin(pinned, hash, context),
                    DEFAULT_DRIFT_THRESHOLD,
                ) else {
                    panic!("{pinned:?} index {index}");
                };
                assert_eq!(candidates.len(), PLACES_LOOKED_AT);
            }
        }
    }

    /// A text of `words` drawn from 400 made-up words, with `copies` of the passage
    /// `quote_at..quote_at + quote_words` planted elsewhere, each changed in one word:
    /// near ties for the pin, in a text large enough for the gram index to pay.
    fn text_with_copies(
        words: &[usize],
        quote_at: usize,
        quote_words: usize,
        copies: &[(usize, usize)],
    ) -> String {
        const SYLLABLES: [&str; 20] = [
            "ka", "ta", "ib", "hez", "bol", "lah", "mi", "li", "tia", "ro", "cket", "ba", "se",
            "mon", "day", "of", "fi", "cial", "sa", "id",
        ];
        let word = |w: usize| format!("{}{}", SYLLABLES[w % 20], SYLLABLES[w / 20 % 20]);
        let mut words: Vec<String> = words.iter().map(|&w| word(w)).collect();
        let passage: Vec<String> = words[quote_at..quote_at + quote_words].to_vec();
        for &(at, changed) in copies {
            let mut copy = passage.clone();
            copy[changed % quote_words] = word(changed);
            let at = at % words.len();
            words.splice(at..at, copy);
        }
        words.join(" ")
    }

    #[test]
    fn a_search_only_a_whole_text_read_can_make_is_deferred_and_then_made() {
        let hash = sha256(QUOTE.as_bytes());
        let edited = format!(
            "Before. {}. After.",
            QUOTE.replace("decisive", "definitive")
        );
        let pin = pin(QUOTE, hash, None);
        // Too small for an index: approximate search reads the whole text.
        let small = SearchableSource::new(&edited, Profile::Typing);
        let Err(deferred) = relocate_bounded(&small, &pin, DEFAULT_DRIFT_THRESHOLD) else {
            panic!("not deferred")
        };
        let normalized_bytes = small.normalized.text.len() as u64;
        assert_eq!(QUOTE.len().div_ceil(64), 2);
        assert_eq!(
            deferred.bytes,
            2 * normalized_bytes,
            "two 64-character blocks"
        );
        let whole = relocate_reading_whole(&small, &pin, DEFAULT_DRIFT_THRESHOLD, deferred);
        assert!(matches!(whole, Relocation::Drifted { .. }), "{whole:?}");
        assert_eq!(whole, relocate(&small, &pin, DEFAULT_DRIFT_THRESHOLD));
        // Found byte for byte or after normalization: nothing to defer.
        let moved = format!("New paragraph.\n{QUOTE}.");
        let moved = SearchableSource::new(&moved, Profile::Typing);
        assert!(relocate_bounded(&moved, &pin, DEFAULT_DRIFT_THRESHOLD).is_ok());
        // Through an index that narrows the search: nothing to defer either.
        let filler: Vec<String> = (0..3000).map(|n| format!("w{n}")).collect();
        let long = format!("{} {edited}", filler.join(" "));
        let indexed = SearchableSource::indexed_from(&long, Profile::Typing, 0);
        let Ok(Relocation::Drifted { found, .. }) =
            relocate_bounded(&indexed, &pin, DEFAULT_DRIFT_THRESHOLD)
        else {
            panic!("not found through the index")
        };
        assert!(long[found.range()].ends_with("confrontation"));
    }

    #[test]
    fn a_quote_whose_grams_are_everywhere_is_looked_for_by_reading_the_text() {
        // Two letters in random order: each gram of a quote is at more places than the
        // index checks, and only a read of the text finds where the pin moved.
        let mut state = 7u64;
        let letters: String = (0..320_000)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                if state >> 63 == 0 { 'a' } else { 'b' }
            })
            .collect();
        let quote = &letters[1000..1040];
        let hash = sha256(quote.as_bytes());
        let pin = PinToFind {
            span: PinnedSpan::new(1000, 1040),
            ..pin(quote, hash, None)
        };
        let moved = format!("A line added.\n{letters}");
        let source = SearchableSource::indexed_from(&moved, Profile::Typing, 0);
        let Err(deferred) = relocate_bounded(&source, &pin, DEFAULT_DRIFT_THRESHOLD) else {
            panic!("not deferred")
        };
        assert_eq!(deferred.search, Reading::Places);
        assert_eq!(deferred.bytes, 3 * source.normalized.text.len() as u64);
        let found = relocate_reading_whole(&source, &pin, DEFAULT_DRIFT_THRESHOLD, deferred);
        let first = moved.find(quote).unwrap();
        assert_eq!(
            found,
            Relocation::Moved {
                found: PinnedSpan::new(first, first + 40)
            }
        );
    }

    #[test]
    fn a_long_quote_costs_a_read_per_block_and_a_small_source_counts_as_the_floor() {
        let quote = "word ".repeat(30);
        let quote = quote.trim_end();
        let hash = sha256(quote.as_bytes());
        let text = format!("{} and more", quote.replace("word word", "ward"));
        let source = SearchableSource::new(&text, Profile::Typing);
        let Err(deferred) = relocate_bounded(&source, &pin(quote, hash, None), 0.8) else {
            panic!("not deferred")
        };
        let blocks = quote.chars().count().div_ceil(64) as u64;
        assert_eq!(blocks, 3);
        assert_eq!(deferred.bytes, blocks * source.normalized.text.len() as u64);
        assert_eq!(source.whole_text_budget(2), 2 * READS_FLOOR_BYTES as u64);
        assert_eq!(source.whole_text_budget(0), 0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, max_global_rejects: 4096, ..Default::default() })]
        /// Search through the gram index decides as reading the whole text does, and
        /// reading the whole text around the ends of matches finds what decoding all of
        /// it finds.
        #[test]
        fn indexed_search_decides_as_a_whole_text_search_does(
            words in proptest::collection::vec(0usize..400, 4000..6000),
            quote_at in 0usize..3000,
            quote_words in 4usize..40,
            copies in proptest::collection::vec((0usize..6000, 0usize..400), 0..4),
            edits in proptest::collection::vec((0usize..400, 0u8..3), 0..12),
            with_context: bool,
        ) {
            let text = text_with_copies(&words, quote_at, quote_words, &copies);
            let first_word = text.split(' ').take(quote_at).map(|w| w.len() + 1).sum::<usize>();
            let quote_len = text[first_word..].split(' ').take(quote_words).map(|w| w.len() + 1).sum::<usize>() - 1;
            let span = PinnedSpan::new(first_word, first_word + quote_len);
            let quote = &text[span.range()];
            let mut edited: Vec<char> = quote.chars().collect();
            for (at, kind) in edits {
                let at = at % edited.len();
                match kind {
                    0 => edited[at] = 'x',
                    1 if edited.len() > 1 => { edited.remove(at); }
                    _ => edited.insert(at, 'y'),
                }
            }
            let edited: String = edited.into_iter().collect();
            let after = format!("{}{edited}{}", &text[..span.start], &text[span.end..]);
            let (prefix, suffix) = context_around(&text, span);
            let sha256 = sha256(quote.as_bytes());
            let pin = PinToFind {
                quote,
                sha256,
                span,
                prefix: with_context.then_some(prefix),
                suffix: with_context.then_some(suffix),
            };
            let pattern: Vec<char> = Profile::Typing.normalize_quote(quote).chars().collect();
            let k = max_edits(DEFAULT_DRIFT_THRESHOLD, pattern.len());
            // Reading the text in place, then around the ends, finds what a search of
            // the whole decoded text finds.
            let whole = SearchableSource::indexed_from(&after, Profile::Typing, usize::MAX);
            let everything = 0..whole.normalized.text.len();
            proptest::prop_assert_eq!(
                whole.scored_whole(&pattern, &pin, k),
                whole.scored_in(everything, &pattern, &pin, k)
            );
            // Only cases the index serves: proptest fails when it rejects too many.
            let level = first_level(pattern.len(), k);
            proptest::prop_assume!(
                seed::windows(&GramIndex::new(&after), &after, &pattern, level, window_reach(k)).is_some()
            );
            let indexed = SearchableSource::indexed_from(&after, Profile::Typing, 0);
            proptest::prop_assert_eq!(
                relocate(&indexed, &pin, DEFAULT_DRIFT_THRESHOLD),
                relocate(&whole, &pin, DEFAULT_DRIFT_THRESHOLD)
            );
        }
    }

    proptest::proptest! {
        /// On any small text of few letters (repeats everywhere, non-ASCII among them)
        /// and a loose threshold, the gram index decides as the whole text does.
        #[test]
        fn indexed_search_decides_alike_on_repetitive_text(
            text in "[abc é’\n]{0,400}",
            quote in "[abc é’]{1,60}",
            threshold in 0.5f64..1.0,
        ) {
            let sha256 = sha256(quote.as_bytes());
            let pin = pin(&quote, sha256, None);
            let whole = SearchableSource::indexed_from(&text, Profile::Typing, usize::MAX);
            let indexed = SearchableSource::indexed_from(&text, Profile::Typing, 0);
            proptest::prop_assert_eq!(
                relocate(&indexed, &pin, threshold),
                relocate(&whole, &pin, threshold)
            );
        }
    }

    proptest::proptest! {
        /// Exact places found through the index of the normalized text are the places
        /// a byte search of the original finds, in texts full of what normalization
        /// folds, joins or drops next to plain letters.
        #[test]
        fn exact_places_through_the_index_are_those_a_byte_search_finds(
            text in "(ab|ba|e\u{301}|-|--|\u{2014}| |  |\n|\u{a0}|\u{200b}|\u{ff41}|’|'|x|жы|ж|日本|ﬁ|ا\u{654}|ا){0,120}",
            from in 0usize..400,
            len in 1usize..60,
            profile in proptest::sample::select(vec![Profile::Typing, Profile::Exact]),
        ) {
            let start = (0..=from.min(text.len())).rev().find(|&at| text.is_char_boundary(at)).unwrap_or(0);
            let end = (start + len).min(text.len());
            let end = (start..=end).rev().find(|&at| text.is_char_boundary(at)).unwrap_or(start);
            proptest::prop_assume!(end > start);
            let quote = &text[start..end];
            let source = SearchableSource::indexed_from(&text, profile, 0);
            proptest::prop_assert!(source.index().is_some());
            let expected: Vec<usize> = crate::anchor::locate::find_overlapping(&text, quote).collect();
            match source.find_exact(quote) {
                Some(found) => proptest::prop_assert_eq!(found, expected),
                // Only where the index cannot say: no stretch a gram long, or one in
                // more places than are looked at.
                None => {
                    let stretch = self_normal_stretch(quote).map(|range| &quote[range]);
                    let unindexed = stretch.is_none_or(|stretch| {
                        stretch.chars().count() < 4
                            || crate::anchor::locate::find_overlapping(&source.normalized.text, stretch).count() > MAX_PLACES
                    });
                    proptest::prop_assert!(unindexed);
                }
            }
        }
    }

    #[test]
    fn context_is_taken_in_whole_characters() {
        let text = "’".repeat(40) + "quote" + &"”".repeat(40);
        let span = PinnedSpan::new(120, 125);
        let (before, after) = context_around(&text, span);
        assert_eq!(
            (before.chars().count(), after.chars().count()),
            (CONTEXT_CHARS, CONTEXT_CHARS)
        );
    }
}
