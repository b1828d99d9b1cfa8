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

/// Characters in a gram.
const GRAM: usize = 4;
/// Grams are hashed into `2^BUCKET_BITS` buckets: a collision only adds hits, which
/// widen the windows read, never drop a match.
const BUCKET_BITS: u32 = 20;
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
    /// Where each bucket's positions start in `positions`; one more entry than buckets.
    bucket_starts: Vec<u32>,
    positions: Vec<u32>,
    offsets: CharOffsets,
}

fn bucket(gram: [char; GRAM]) -> usize {
    let value = gram.iter().fold(0u64, |hash, &c| {
        (hash ^ c as u64).wrapping_mul(0x0100_0000_01B3)
    });
    (value.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BUCKET_BITS)) as usize
}

/// The grams of `text` with their character positions.
fn grams(text: &str) -> impl Iterator<Item = (usize, [char; GRAM])> + '_ {
    let mut window = ['\0'; GRAM];
    text.chars().enumerate().filter_map(move |(at, c)| {
        window.rotate_left(1);
        window[GRAM - 1] = c;
        (at + 1 >= GRAM).then(|| (at + 1 - GRAM, window))
    })
}

impl GramIndex {
    /// The index of `text`, which must have fewer than 4 Gi characters.
    pub fn new(text: &str) -> Self {
        let buckets: Vec<u32> = grams(text).map(|(_, gram)| bucket(gram) as u32).collect();
        let mut bucket_starts = vec![0u32; (1 << BUCKET_BITS) + 1];
        for &b in &buckets {
            bucket_starts[b as usize + 1] += 1;
        }
        for b in 1..bucket_starts.len() {
            bucket_starts[b] += bucket_starts[b - 1];
        }
        let mut next = bucket_starts.clone();
        let mut positions = vec![0u32; buckets.len()];
        for (at, &b) in buckets.iter().enumerate() {
            positions[next[b as usize] as usize] = at as u32;
            next[b as usize] += 1;
        }
        Self {
            bucket_starts,
            positions,
            offsets: CharOffsets::new(text),
        }
    }

    /// Positions where `gram` may start: every one where it does, and those of grams
    /// sharing its bucket.
    fn hits(&self, gram: [char; GRAM]) -> &[u32] {
        let b = bucket(gram);
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

/// The byte offsets of every occurrence of `needle` in `text` (the indexed text),
/// overlapping ones included and in order, found through the needle's rarest gram;
/// `None` for a needle shorter than a gram.
pub fn occurrences(index: &GramIndex, text: &str, needle: &str) -> Option<Vec<usize>> {
    let chars: Vec<char> = needle.chars().collect();
    let (gram_at, hits) = gram_hits(index, &chars).min_by_key(|(_, hits)| hits.len())?;
    let mut found: Vec<usize> = hits
        .iter()
        .filter_map(|&position| (position as usize).checked_sub(gram_at))
        .map(|start| index.offsets.byte_offset(text, start))
        .filter(|&byte| text.as_bytes()[byte..].starts_with(needle.as_bytes()))
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
    let threshold = threshold.clamp(1, u16::MAX as usize) as u16;
    let each_hit = |count: &mut dyn FnMut(usize)| {
        for (pattern_at, positions) in lists {
            for &text_at in *positions {
                let band = band_of(text_at, *pattern_at);
                count(band);
                if band > 0 {
                    count(band - 1);
                }
            }
        }
    };
    let hits: usize = lists.iter().map(|(_, hits)| hits.len()).sum();
    // Counting in a table costs its zeroing; sorting the hits costs a log factor on
    // each (measured: the table wins from about one hit per 256 bands). A band is noted
    // when its count reaches the threshold, so the table is never read whole.
    if hits * 256 > bands {
        let mut counts = vec![0u16; bands];
        let mut reached = Vec::new();
        each_hit(&mut |band| {
            counts[band] = counts[band].saturating_add(1);
            if counts[band] == threshold {
                reached.push(band);
            }
        });
        reached.sort_unstable();
        reached
    } else {
        let mut all: Vec<usize> = Vec::with_capacity(hits * 2);
        each_hit(&mut |band| all.push(band));
        all.sort_unstable();
        all.chunk_by(|a, b| a == b)
            .filter(|run| run.len() >= threshold as usize)
            .map(|run| run[0])
            .collect()
    }
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
        ) {
            let index = GramIndex::new(&text);
            let expected: Vec<usize> =
                crate::anchor::locate::find_overlapping(&text, &needle).collect();
            match occurrences(&index, &text, &needle) {
                Some(found) => proptest::prop_assert_eq!(found, expected),
                None => proptest::prop_assert!(needle.chars().count() < GRAM),
            }
        }
    }

    #[test]
    fn touching_windows_are_joined() {
        assert_eq!(merged(vec![5..9, 0..5, 12..14, 13..20]), vec![0..9, 12..20]);
    }
}
