//! Seed-and-extend: where in a large text an approximate match of a quote can be, found
//! through an index of the text's 4-character grams instead of by reading the whole text.
//!
//! The filter is lossless by the q-gram lemma: a match of an `m`-character pattern with
//! at most `e` edits shares at least `m − 3 − 4e` of the pattern's grams, all on
//! diagonals (text position − pattern position) within `e` of each other, because an
//! edit breaks at most four grams and shifts the diagonal by at most one. Shared grams
//! are counted per band of diagonals; only bands reaching the count become windows that
//! the bit-parallel search reads. The most frequent grams are left out of the count,
//! lowering the count a match must reach by as many.

use std::ops::Range;
use std::sync::atomic::{AtomicU32, Ordering};

use super::parallel;

/// Characters in a gram.
const GRAM: usize = 4;
/// Grams are hashed into up to `2^MAX_BUCKET_BITS` buckets, about one a gram: a
/// collision only adds hits, which widen the windows read, never drop a match, and a
/// small text's index does not pay for a million empty buckets.
const MAX_BUCKET_BITS: u32 = 20;
const MIN_BUCKET_BITS: u32 = 8;
/// Every this many characters the byte offset is kept (`CharOffsets`).
const BYTE_SAMPLE: usize = 64;
/// A gram occurring more often than this is left out of the count while the count
/// stays high: its hits cost more than they tell.
const FREQUENT_GRAM: usize = 1_000;

/// Byte offsets of a text's characters, kept for every `BYTE_SAMPLE`th character only:
/// a table of every character's offset would take more than the text.
pub struct CharOffsets {
    sampled: Vec<u32>,
    chars: usize,
}

impl CharOffsets {
    /// The offsets of `text`, which must be shorter than 4 GiB.
    pub fn new(text: &str) -> Self {
        let mut sampled = Vec::new();
        let mut chars = 0;
        for (at, (byte, _)) in text.char_indices().enumerate() {
            if at % BYTE_SAMPLE == 0 {
                sampled.push(byte as u32);
            }
            chars += 1;
        }
        Self { sampled, chars }
    }

    /// The byte offset in `text` of character `at` (the text's length past its end).
    pub fn byte_offset(&self, text: &str, at: usize) -> usize {
        if at >= self.chars {
            return text.len();
        }
        let base = self.sampled[at / BYTE_SAMPLE] as usize;
        text[base..]
            .char_indices()
            .nth(at % BYTE_SAMPLE)
            .map_or(text.len(), |(byte, _)| base + byte)
    }
}

/// Every position (in characters) of every 4-character gram of a text, grouped by gram
/// (a counting sort): four bytes a character.
pub struct GramIndex {
    bucket_bits: u32,
    /// Where each bucket's positions start in `positions`; one more entry than buckets.
    bucket_starts: Vec<u32>,
    positions: Vec<u32>,
    offsets: CharOffsets,
}

fn bucket(gram: [char; GRAM], bits: u32) -> usize {
    let value = gram.iter().fold(0u64, |hash, &c| {
        (hash ^ c as u64).wrapping_mul(0x0100_0000_01B3)
    });
    (value.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// The grams of `text` with their character positions.
fn grams(text: &str) -> impl Iterator<Item = (usize, [char; GRAM])> + '_ {
    let mut window = ['\0'; GRAM];
    text.chars().enumerate().filter_map(move |(at, c)| {
        // Shifted by hand: `rotate_left` on four characters went through a memmove.
        window = [window[1], window[2], window[3], c];
        (at + 1 >= GRAM).then(|| (at + 1 - GRAM, window))
    })
}

/// A stretch of a text whose grams one thread indexes: the position of its first
/// character, how many characters start in it, and its text reaching `GRAM − 1`
/// characters into the next part, so that every gram starting in it is whole.
struct Part<'a> {
    first: usize,
    chars: usize,
    text: &'a str,
}

impl Part<'_> {
    /// The bucket of each gram starting in this part, with the gram's position.
    fn buckets(&self, bits: u32) -> impl Iterator<Item = (usize, usize)> + '_ {
        grams(self.text)
            .take_while(|(at, _)| *at < self.chars)
            .map(move |(at, gram)| (self.first + at, bucket(gram, bits)))
    }
}

/// `text` cut at characters into `count` parts of about equal bytes.
fn parts(text: &str, count: usize) -> Vec<Part<'_>> {
    let mut first = 0;
    parallel::cuts(text, count, |at| text.is_char_boundary(at))
        .windows(2)
        .map(|cut| {
            let chars = text[cut[0]..cut[1]].chars().count();
            let reach = text[cut[1]..]
                .char_indices()
                .nth(GRAM - 1)
                .map_or(text.len(), |(byte, _)| cut[1] + byte);
            let part = Part {
                first,
                chars,
                text: &text[cut[0]..reach],
            };
            first += chars;
            part
        })
        .collect()
}

impl GramIndex {
    /// The index of `text`, which must have fewer than 4 Gi characters: a counting sort
    /// of the grams by bucket, each part of the text counted and placed by its own
    /// thread (a part's positions follow those of the parts before it in each bucket,
    /// so every bucket's positions are in text order).
    pub fn new(text: &str) -> Self {
        Self::built_in_parts(text, parallel::threads())
    }

    /// The index of `text`, built by `threads` threads.
    fn built_in_parts(text: &str, threads: usize) -> Self {
        let bits =
            (usize::BITS - text.len().leading_zeros()).clamp(MIN_BUCKET_BITS, MAX_BUCKET_BITS);
        let parts = parts(text, threads);
        let mut next_slots = parallel::each(parts.iter().collect(), |part: &Part| {
            let mut counts = vec![0u32; 1 << bits];
            for (_, b) in part.buckets(bits) {
                counts[b] += 1;
            }
            counts
        });
        let mut bucket_starts = vec![0u32; (1 << bits) + 1];
        let mut placed = 0u32;
        for b in 0..1 << bits {
            bucket_starts[b] = placed;
            for slots in &mut next_slots {
                let count = slots[b];
                slots[b] = placed;
                placed += count;
            }
        }
        bucket_starts[1 << bits] = placed;
        // Each slot is written once, by one part's thread.
        let positions: Vec<AtomicU32> = (0..placed).map(|_| AtomicU32::new(0)).collect();
        parallel::each(
            parts.iter().zip(next_slots).collect(),
            |(part, mut next): (&Part, Vec<u32>)| {
                for (at, b) in part.buckets(bits) {
                    positions[next[b] as usize].store(at as u32, Ordering::Relaxed);
                    next[b] += 1;
                }
            },
        );
        Self {
            bucket_bits: bits,
            bucket_starts,
            positions: positions.into_iter().map(AtomicU32::into_inner).collect(),
            offsets: CharOffsets::new(text),
        }
    }

    /// Positions where `gram` may start: every one where it does, and those of grams
    /// sharing its bucket.
    fn hits(&self, gram: [char; GRAM]) -> &[u32] {
        let b = bucket(gram, self.bucket_bits);
        &self.positions[self.bucket_starts[b] as usize..self.bucket_starts[b + 1] as usize]
    }
}

/// Each gram of `chars` (by its position there) with the index's hits for it.
fn gram_hits<'a>(
    index: &'a GramIndex,
    chars: &'a [char],
) -> impl Iterator<Item = (usize, &'a [u32])> + 'a {
    chars.windows(GRAM).enumerate().map(|(at, gram)| {
        let gram = [gram[0], gram[1], gram[2], gram[3]];
        (at, index.hits(gram))
    })
}

/// The byte offsets of the first `limit` occurrences of `needle` in `text` (the
/// indexed text), overlapping ones included and in order, found through the needle's
/// rarest gram; `None` for a needle shorter than a gram, or whose rarest gram is in
/// more than `max_hits` places (checking each would cost what reading the text does).
pub fn occurrences(
    index: &GramIndex,
    text: &str,
    needle: &str,
    limit: usize,
    max_hits: usize,
) -> Option<Vec<usize>> {
    let chars: Vec<char> = needle.chars().collect();
    let (gram_at, hits) = gram_hits(index, &chars).min_by_key(|(_, hits)| hits.len())?;
    if hits.len() > max_hits {
        return None;
    }
    let mut found: Vec<usize> = hits
        .iter()
        .filter_map(|&position| (position as usize).checked_sub(gram_at))
        .map(|start| index.offsets.byte_offset(text, start))
        .filter(|&byte| text.as_bytes()[byte..].starts_with(needle.as_bytes()))
        .take(limit)
        .collect();
    found.sort_unstable();
    found.dedup();
    Some(found)
}

/// The byte ranges of `text` (sorted, disjoint, not touching) that hold every match of
/// `pattern` with at most `level` edits, each widened by `reach` characters on both
/// sides; `None` when the filter cannot help (the pattern is too short for `level`) or
/// the windows would cover more than a quarter of the text.
pub fn windows(
    index: &GramIndex,
    text: &str,
    pattern: &[char],
    level: usize,
    reach: usize,
) -> Option<Vec<Range<usize>>> {
    let m = pattern.len();
    let pattern_grams = m.checked_sub(GRAM - 1)?;
    let needed = pattern_grams
        .checked_sub(level * GRAM)
        .filter(|&n| n >= 1)?;
    let mut lists: Vec<(usize, &[u32])> = gram_hits(index, pattern).collect();
    lists.sort_by_key(|(_, hits)| std::cmp::Reverse(hits.len()));
    // At most half the count is given up: a band of unrelated text gathers a few hits
    // from each word it shares with the quote, and a high count is what passes it by.
    let skipped = lists
        .iter()
        .take(needed / 2)
        .take_while(|(_, hits)| hits.len() > FREQUENT_GRAM)
        .count();
    let counted = &lists[skipped..];
    let threshold = needed - skipped;
    let hits: usize = counted.iter().map(|(_, hits)| hits.len()).sum();
    if hits > index.offsets.chars / 4 {
        return None;
    }
    // Bands of `width` diagonals; a hit counts for its band and the one below, so the
    // `level + 1` diagonals of any match fall whole into one band's count.
    let width = (level + 1).next_power_of_two();
    let shift = width.trailing_zeros();
    let band_of = |text_at: u32, pattern_at: usize| (text_at as usize + m - pattern_at) >> shift;
    let bands = bands_reaching(
        counted,
        band_of,
        (index.offsets.chars + m) / width + 2,
        threshold,
    );
    let mut found: Vec<Range<usize>> = Vec::new();
    let mut covered = 0;
    for band in bands {
        // A match on diagonals band·width .. (band + 2)·width starts `m` before them,
        // give or take `level`, and ends at most `m + level` after its start.
        let first = (band * width).saturating_sub(m + level + reach);
        let last = ((band + 2) * width + 2 * level + reach).min(index.offsets.chars);
        covered += last - first;
        if covered > index.offsets.chars / 4 {
            return None;
        }
        found.push(index.offsets.byte_offset(text, first)..index.offsets.byte_offset(text, last));
    }
    Some(merged(found))
}

/// The bands whose hits reach `threshold`, in order.
fn bands_reaching(
    lists: &[(usize, &[u32])],
    band_of: impl Fn(u32, usize) -> usize,
    bands: usize,
    threshold: usize,
) -> Vec<usize> {
    // Counts stop at 255: a lower threshold only adds windows, never drops a match.
    let threshold = threshold.clamp(1, u8::MAX as usize) as u8;
    let hits: usize = lists.iter().map(|(_, hits)| hits.len()).sum();
    // Counting in a table costs its zeroing; sorting the hits costs a log factor on
    // each (measured with one table for all bands: it won from about one hit per 256
    // bands; counting in blocks zeroes half the bytes, so it wins no later).
    if hits * 256 > bands {
        bands_counted_in_blocks(lists, band_of, bands, threshold)
    } else {
        bands_counted_by_sorting(lists, band_of, threshold)
    }
}

/// `bands_reaching` by sorting every hit's two bands.
fn bands_counted_by_sorting(
    lists: &[(usize, &[u32])],
    band_of: impl Fn(u32, usize) -> usize,
    threshold: u8,
) -> Vec<usize> {
    let mut all: Vec<usize> = Vec::new();
    for (pattern_at, positions) in lists {
        for &text_at in *positions {
            let band = band_of(text_at, *pattern_at);
            all.push(band);
            if band > 0 {
                all.push(band - 1);
            }
        }
    }
    all.sort_unstable();
    all.chunk_by(|a, b| a == b)
        .filter(|run| run.len() >= threshold as usize)
        .map(|run| run[0])
        .collect()
}

/// Bands counted in one block: their counts stay in the core's first-level cache.
/// Counting the whole table at once missed the cache on almost every hit (a table of
/// a 20 MB text's bands is megabytes); each gram's hits are in text order, so each
/// list is read a block at a time.
const BLOCK_BANDS: usize = 16 * 1024;

/// `bands_reaching` through a table of counts, a block of bands at a time. A hit
/// counts for its band and the one below; a band is noted when its count reaches the
/// threshold, so no table is read whole.
fn bands_counted_in_blocks(
    lists: &[(usize, &[u32])],
    band_of: impl Fn(u32, usize) -> usize,
    bands: usize,
    threshold: u8,
) -> Vec<usize> {
    let mut read = vec![0usize; lists.len()];
    let mut counts = vec![0u8; BLOCK_BANDS];
    let mut reached = Vec::new();
    for block_start in (0..bands).step_by(BLOCK_BANDS) {
        let block_end = (block_start + BLOCK_BANDS).min(bands);
        counts.fill(0);
        let mut count = |band: usize| {
            let slot = &mut counts[band - block_start];
            *slot = slot.saturating_add(1);
            if *slot == threshold {
                reached.push(band);
            }
        };
        for ((pattern_at, positions), read) in lists.iter().zip(&mut read) {
            let band_at = |at: usize| {
                positions
                    .get(at)
                    .map(|&text_at| band_of(text_at, *pattern_at))
            };
            while let Some(band) = band_at(*read).filter(|&band| band < block_end) {
                count(band);
                if band > block_start {
                    count(band - 1);
                }
                *read += 1;
            }
            // Hits in the next block's first band count here for the band below it.
            let mut ahead = *read;
            while band_at(ahead) == Some(block_end) {
                count(block_end - 1);
                ahead += 1;
            }
        }
    }
    reached.sort_unstable();
    reached
}

/// Sorted ranges with overlapping or touching ones joined.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|range| range.start);
    let mut joined: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match joined.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => joined.push(range),
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varied_text() -> String {
        (0..4000)
            .map(|i: u64| format!("w{:x}", i.wrapping_mul(2654435761) % 99991))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn finds_the_window_of_an_edited_passage() {
        let text = varied_text();
        let index = GramIndex::new(&text);
        let at = text.len() / 2;
        let at = at + text[at..].find(' ').unwrap() + 1;
        let passage = &text[at..at + 60];
        let edited: Vec<char> = passage.replacen('w', "v", 2).chars().collect();
        let windows = windows(&index, &text, &edited, 2, 4).unwrap();
        assert_eq!(windows.len(), 1, "{windows:?}");
        assert!(windows[0].start <= at && windows[0].end >= at + 60);
    }

    #[test]
    fn byte_offsets_follow_characters() {
        let text = "é".repeat(100) + "abc";
        let offsets = CharOffsets::new(&text);
        assert_eq!(offsets.byte_offset(&text, 70), 140);
        assert_eq!(offsets.byte_offset(&text, 101), 201);
        assert_eq!(offsets.byte_offset(&text, 500), text.len());
    }

    #[test]
    fn gives_up_when_the_pattern_is_too_short_for_the_edits() {
        let text = varied_text();
        let index = GramIndex::new(&text);
        let pattern: Vec<char> = "w1 w2 w3".chars().collect();
        assert_eq!(windows(&index, &text, &pattern, 2, 0), None);
    }

    proptest::proptest! {
        #[test]
        fn finds_the_occurrences_a_text_search_finds(
            text in "[ab é]{0,300}",
            needle in "[ab é]{1,12}",
            limit in proptest::sample::select(vec![1, 3, usize::MAX]),
        ) {
            let index = GramIndex::new(&text);
            let expected: Vec<usize> =
                crate::anchor::locate::find_overlapping(&text, &needle).take(limit).collect();
            match occurrences(&index, &text, &needle, limit, usize::MAX) {
                Some(found) => proptest::prop_assert_eq!(found, expected.clone()),
                None => proptest::prop_assert!(needle.chars().count() < GRAM),
            }
            // A cap below the rarest gram's places gives up; at or above, it answers.
            let rarest = (needle.chars().count() >= GRAM).then(|| {
                let chars: Vec<char> = needle.chars().collect();
                gram_hits(&index, &chars).map(|(_, hits)| hits.len()).min().unwrap_or(0)
            });
            if let Some(rarest) = rarest {
                proptest::prop_assert_eq!(occurrences(&index, &text, &needle, limit, rarest), Some(expected));
                if rarest > 0 {
                    proptest::prop_assert_eq!(occurrences(&index, &text, &needle, limit, rarest - 1), None);
                }
            }
        }
    }

    proptest::proptest! {
        /// Built by several threads, each bucket holds the positions of its grams in
        /// text order, as one pass over the text files them.
        #[test]
        fn an_index_built_in_parts_files_every_gram_in_order(
            text in "[ab é\n’]{0,300}",
            threads in 1usize..6,
        ) {
            let index = GramIndex::built_in_parts(&text, threads);
            let mut filed: Vec<Vec<u32>> = vec![Vec::new(); 1 << index.bucket_bits];
            for (at, gram) in grams(&text) {
                filed[bucket(gram, index.bucket_bits)].push(at as u32);
            }
            for (b, expected) in filed.iter().enumerate() {
                let found = &index.positions
                    [index.bucket_starts[b] as usize..index.bucket_starts[b + 1] as usize];
                proptest::prop_assert_eq!(found, expected.as_slice());
            }
        }

        /// Counting a block of bands at a time notes the bands that sorting every
        /// hit's bands finds, across blocks and at their edges.
        #[test]
        fn bands_counted_in_blocks_are_those_sorting_finds(
            lists in proptest::collection::vec(
                (0usize..40, proptest::collection::vec((0usize..3, -80i64..80, proptest::bool::ANY), 0..200)),
                1..8,
            ),
            shift in 0u32..3,
            threshold in 1u8..6,
        ) {
            // Hits near the blocks' edges, or anywhere.
            let lists: Vec<(usize, Vec<u32>)> = lists
                .into_iter()
                .map(|(pattern_at, hits)| {
                    let mut positions: Vec<u32> = hits
                        .into_iter()
                        .map(|(edge, offset, anywhere)| {
                            let at = ((edge * BLOCK_BANDS) << shift) as i64
                                + if anywhere { offset * 1000 } else { offset };
                            at.clamp(0, (3 * BLOCK_BANDS as i64) << shift) as u32
                        })
                        .collect();
                    positions.sort_unstable();
                    (pattern_at, positions)
                })
                .collect();
            let lists: Vec<(usize, &[u32])> =
                lists.iter().map(|(at, positions)| (*at, positions.as_slice())).collect();
            let band_of = |text_at: u32, pattern_at: usize| (text_at as usize + 40 - pattern_at) >> shift;
            let bands = 3 * BLOCK_BANDS + 40 + 2;
            proptest::prop_assert_eq!(
                bands_counted_in_blocks(&lists, band_of, bands, threshold),
                bands_counted_by_sorting(&lists, band_of, threshold)
            );
        }
    }

    #[test]
    fn touching_windows_are_joined() {
        assert_eq!(merged(vec![5..9, 0..5, 12..14, 13..20]), vec![0..9, 12..20]);
    }
}
