//! Approximate search: every place a pattern occurs in a text with at most `k` edits
//! (insertions, deletions, substitutions of Unicode scalar values), by Myers'
//! bit-parallel algorithm in 64-row blocks (Hyyrö's formulation, as in edlib), so a
//! quote of thousands of characters is found in a source of megabytes in one pass.

use super::locate::PLACES_LOOKED_AT;

/// A match of the pattern ending at `end` (exclusive, in characters) with `distance` edits,
/// starting at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApproximateMatch {
    pub start: usize,
    pub end: usize,
    pub distance: usize,
}

/// Bit masks of the pattern rows each character matches, one `u64` per 64-row block:
/// ASCII characters in a flat table, others (a quote has few) sorted for binary search,
/// which is cheaper per text character than hashing.
struct PatternMasks {
    blocks: usize,
    ascii: Vec<u64>,
    other: Vec<(char, Vec<u64>)>,
    none: Vec<u64>,
}

impl PatternMasks {
    fn new(pattern: &[char]) -> Self {
        let blocks = pattern.len().div_ceil(64);
        let mut ascii = vec![0; 128 * blocks];
        let mut other: Vec<(char, Vec<u64>)> = Vec::new();
        for (row, &c) in pattern.iter().enumerate() {
            let bit = 1 << (row % 64);
            if c.is_ascii() {
                ascii[c as usize * blocks + row / 64] |= bit;
            } else {
                let at = match other.binary_search_by_key(&c, |(known, _)| *known) {
                    Ok(at) => at,
                    Err(at) => {
                        other.insert(at, (c, vec![0; blocks]));
                        at
                    }
                };
                other[at].1[row / 64] |= bit;
            }
        }
        Self {
            blocks,
            ascii,
            other,
            none: vec![0; blocks],
        }
    }

    fn of(&self, c: char) -> &[u64] {
        if c.is_ascii() {
            let at = c as usize * self.blocks;
            &self.ascii[at..at + self.blocks]
        } else {
            self.other
                .binary_search_by_key(&c, |(known, _)| *known)
                .map_or(&self.none, |at| &self.other[at].1)
        }
    }
}

/// One column step of one block; returns the change of the block's bottom row (−1, 0, +1)
/// at row `bottom` (63 except in the last block).
fn advance_block(pv: &mut u64, mv: &mut u64, eq: u64, carry_in: i8, bottom: u32) -> i8 {
    let xv = eq | *mv;
    let eq = if carry_in < 0 { eq | 1 } else { eq };
    let xh = ((eq & *pv).wrapping_add(*pv) ^ *pv) | eq;
    let mut ph = *mv | !(xh | *pv);
    let mut mh = *pv & xh;
    let carry_out = ((ph >> bottom) & 1) as i8 - ((mh >> bottom) & 1) as i8;
    ph <<= 1;
    mh <<= 1;
    if carry_in < 0 {
        mh |= 1;
    } else if carry_in > 0 {
        ph |= 1;
    }
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    carry_out
}

/// The vertical differences of the dynamic program's current column for a pattern of
/// several blocks, each block's rows +1 apart to begin with (its first column).
struct Column {
    pv: Vec<u64>,
    mv: Vec<u64>,
    /// The pattern's last row within its last block.
    last_bottom: u32,
}

impl Column {
    fn new(pattern: &[char]) -> Self {
        let blocks = pattern.len().div_ceil(64);
        Self {
            pv: vec![!0; blocks],
            mv: vec![0; blocks],
            last_bottom: ((pattern.len() - 1) % 64) as u32,
        }
    }

    /// `block` as it is in the first column.
    fn reset(&mut self, block: usize) {
        self.pv[block] = !0;
        self.mv[block] = 0;
    }

    /// `block` one text character on, with `carry` into its top row; returns the change
    /// at its bottom row.
    fn step(&mut self, block: usize, eq: u64, carry: i8) -> i8 {
        let bottom = if block + 1 == self.pv.len() {
            self.last_bottom
        } else {
            63
        };
        advance_block(&mut self.pv[block], &mut self.mv[block], eq, carry, bottom)
    }
}

/// For each end position of `text`, the fewest edits turning `pattern` into some
/// substring of `text` ending there; only positions with at most `k` are returned.
///
/// Blocks below the last one that can still reach `k` are not computed (Ukkonen's
/// cut-off, as edlib applies it to blocks): for `k` well below the pattern length most of
/// a long pattern's blocks are skipped.
pub fn match_ends(pattern: &[char], text: &[char], k: usize) -> Vec<(usize, usize)> {
    let mut ends = Vec::new();
    for_each_match_end(pattern, chars_with_ends(text), k, |end, distance| {
        ends.push((end, distance))
    });
    ends
}

/// Each of `text`'s characters with the character count just past it.
fn chars_with_ends(text: &[char]) -> impl Iterator<Item = (usize, char)> + '_ {
    text.iter().enumerate().map(|(at, &c)| (at + 1, c))
}

/// `match_ends` over a text given as characters each with the position just past it
/// (a character count, or a byte offset when the text is read from a `str` in place),
/// handed to `found` one at a time: where a quote matches nearly everywhere there is
/// an end at nearly every character, and a vector of them was 16 bytes a character.
pub fn for_each_match_end(
    pattern: &[char],
    text: impl Iterator<Item = (usize, char)>,
    k: usize,
    mut found: impl FnMut(usize, usize),
) {
    if pattern.is_empty() {
        return;
    }
    if pattern.len() <= 64 {
        return match_ends_in_one_block(pattern, text, k, found);
    }
    let masks = PatternMasks::new(pattern);
    let last = masks.blocks - 1;
    let mut column = Column::new(pattern);
    let last_rows = column.last_bottom as isize + 1;
    let rows = |block: usize| if block == last { last_rows } else { 64 };
    let k = k as isize;
    // D at the bottom row of each block, for the current column.
    let mut score: Vec<isize> = (0..masks.blocks)
        .map(|block| (0..=block).map(rows).sum())
        .collect();
    // The last block computed: rows below it cannot reach `k`.
    let mut active = ((k + 1).div_euclid(64) as usize).min(last);
    for (after, c) in text {
        let eq = masks.of(c);
        let mut carry = 0i8;
        for block in 0..=active {
            carry = column.step(block, eq[block], carry);
            score[block] += carry as isize;
        }
        if active < last
            && score[active] - (carry as isize) <= k
            && (eq[active + 1] & 1 != 0 || carry < 0)
        {
            active += 1;
            column.reset(active);
            let carry_in = carry;
            carry = column.step(active, eq[active], carry_in);
            score[active] = score[active - 1] - carry_in as isize + rows(active) + carry as isize;
        }
        while active > 0 && score[active] >= k + rows(active) {
            active -= 1;
        }
        if active == last && score[last] <= k {
            found(after, score[last] as usize);
        }
    }
}

/// `match_ends` for a pattern of at most 64 characters: one block, its masks in a flat
/// table, no block bookkeeping; the whole-text search of short quotes runs here.
fn match_ends_in_one_block(
    pattern: &[char],
    text: impl Iterator<Item = (usize, char)>,
    k: usize,
    mut found: impl FnMut(usize, usize),
) {
    let masks = PatternMasks::new(pattern);
    let mut ascii = [0u64; 128];
    ascii.copy_from_slice(&masks.ascii);
    let other: Vec<(char, u64)> = masks.other.iter().map(|(c, mask)| (*c, mask[0])).collect();
    let bottom = pattern.len() as u32 - 1;
    let (mut pv, mut mv) = (!0u64, 0u64);
    let mut score = pattern.len();
    for (after, c) in text {
        let eq = if c.is_ascii() {
            ascii[c as usize]
        } else {
            other
                .binary_search_by_key(&c, |(known, _)| *known)
                .map_or(0, |at| other[at].1)
        };
        // The block step of `advance_block` with no carry in (the top row of a search).
        let xv = eq | mv;
        let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
        let ph = mv | !(xh | pv);
        let mh = pv & xh;
        score = score + ((ph >> bottom) & 1) as usize - ((mh >> bottom) & 1) as usize;
        let (ph, mh) = (ph << 1, mh << 1);
        pv = mh | !(xv | ph);
        mv = ph & xv;
        if score <= k {
            found(after, score);
        }
    }
}

/// Where the best match ending at `end` starts: the start giving the fewest edits,
/// and among those the one whose length is nearest the pattern's (the shorter of two
/// as near). The reversed pattern is aligned whole against the text read backwards
/// from `end`, by the search's block steps with the top row counting edits rather than
/// starting free: one step a character, where a dynamic program's cell a character
/// and pattern row was a quarter of a check of a re-captured product (14,000 drifted
/// pins).
fn match_start(pattern: &[char], text: &[char], end: usize, k: usize) -> (usize, usize) {
    if pattern.is_empty() {
        return (end, 0);
    }
    let window_start = end.saturating_sub(pattern.len() + k);
    let reversed: Vec<char> = pattern.iter().rev().copied().collect();
    let masks = PatternMasks::new(&reversed);
    let mut column = Column::new(&reversed);
    let rank = |(length, distance): (usize, usize)| (distance, length.abs_diff(pattern.len()));
    // The edits turning the pattern into the text's last `length` characters.
    let mut distance = pattern.len();
    let mut best = (0, distance);
    for (length, &c) in (1..).zip(text[window_start..end].iter().rev()) {
        let eq = masks.of(c);
        // The top row is the length itself: each character more is one edit more.
        let mut carry = 1i8;
        for (block, &eq) in eq.iter().enumerate() {
            carry = column.step(block, eq, carry);
        }
        distance = distance.saturating_add_signed(carry as isize);
        if rank((length, distance)) < rank(best) {
            best = (length, distance);
        }
    }
    (end - best.0, best.1)
}

/// Runs of nearby match ends past which a pattern is taken to be everywhere: in a
/// source of one repeated word a quote of it matches at every word, and telling each
/// place apart costs a search for its start, a widening to whole words and a score.
/// No pin can be re-anchored among so many; a real quote has a handful.
pub const MAX_RUNS: usize = 4096;

/// Every separate approximate occurrence of `pattern` in `text` with at most `k` edits:
/// for each run of nearby end positions, the best one, with its start. `Err` with the
/// best `PLACES_LOOKED_AT` (fewest edits, then first) when there are more than `MAX_RUNS`
/// runs.
pub fn find_approximate(
    pattern: &[char],
    text: &[char],
    k: usize,
) -> Result<Vec<ApproximateMatch>, Vec<ApproximateMatch>> {
    // Ends form runs of consecutive positions around each occurrence; keep each run's
    // best. A run longer than a match can be (the pattern and `k` more) holds more than
    // one: in text that repeats with a short period, every period has its own.
    let mut best_per_run: Vec<(usize, usize)> = Vec::new();
    let (mut previous_end, mut run_start) = (None, 0);
    for_each_match_end(pattern, chars_with_ends(text), k, |end, distance| {
        if previous_end != Some(end - 1) || end - run_start >= pattern.len() + k {
            run_start = end;
            best_per_run.push((end, distance));
        } else if let Some(best) = best_per_run.last_mut().filter(|best| distance < best.1) {
            *best = (end, distance);
        }
        previous_end = Some(end);
    });
    let with_start = |(end, _): (usize, usize)| {
        let (start, distance) = match_start(pattern, text, end, k);
        ApproximateMatch {
            start,
            end,
            distance,
        }
    };
    if best_per_run.len() > MAX_RUNS {
        best_per_run.sort_by_key(|&(end, distance)| (distance, end));
        best_per_run.truncate(PLACES_LOOKED_AT);
        return Err(best_per_run.into_iter().map(with_start).collect());
    }
    let mut candidates: Vec<ApproximateMatch> = best_per_run.into_iter().map(with_start).collect();
    // Overlapping matches are one occurrence seen twice (a truncated copy of the best
    // one also scores within `k`): keep the best of each overlapping group. The kept
    // ones are disjoint, so only the last one starting before a candidate ends can
    // overlap it.
    candidates.sort_by_key(|found| (found.distance, found.start));
    let mut kept: std::collections::BTreeMap<usize, ApproximateMatch> = Default::default();
    for candidate in candidates {
        let overlaps = kept
            .range(..candidate.end)
            .next_back()
            .is_some_and(|(_, other)| candidate.start < other.end);
        if !overlaps {
            kept.entry(candidate.start).or_insert(candidate);
        }
    }
    Ok(kept.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    /// The plain dynamic program: the reference the bit-parallel search must equal.
    fn reference_ends(pattern: &[char], text: &[char]) -> Vec<usize> {
        let mut previous: Vec<usize> = (0..=pattern.len()).collect();
        let mut ends = Vec::new();
        for &t in text {
            let mut current = vec![0; pattern.len() + 1];
            for (row, &p) in pattern.iter().enumerate() {
                current[row + 1] = (previous[row] + usize::from(p != t))
                    .min(previous[row + 1] + 1)
                    .min(current[row] + 1);
            }
            ends.push(current[pattern.len()]);
            previous = current;
        }
        ends
    }

    /// The plain dynamic program for a match's start: the reversed pattern against
    /// every suffix of the window, the reference `match_start` must equal.
    fn reference_start(pattern: &[char], text: &[char], end: usize, k: usize) -> (usize, usize) {
        let window_start = end.saturating_sub(pattern.len() + k);
        let window: Vec<char> = text[window_start..end].iter().rev().copied().collect();
        let mut previous: Vec<usize> = (0..=window.len()).collect();
        for (row, &p) in pattern.iter().rev().enumerate() {
            let mut current = vec![row + 1; window.len() + 1];
            for (column, &t) in window.iter().enumerate() {
                current[column + 1] = (previous[column] + usize::from(p != t))
                    .min(previous[column + 1] + 1)
                    .min(current[column] + 1);
            }
            previous = current;
        }
        let (length, &distance) = previous
            .iter()
            .enumerate()
            .min_by_key(|&(length, &distance)| (distance, length.abs_diff(pattern.len())))
            .unwrap();
        (end - length, distance)
    }

    #[test]
    fn of_two_starts_as_good_and_as_near_the_pattern_s_length_the_shorter_match_wins() {
        // "aab" against the last 2 or 4 characters of "abba": one edit fewer or more
        // than its length, as many edits each.
        let (pattern, text) = (chars("aab"), chars("abba"));
        assert_eq!(reference_start(&pattern, &text, 4, 2), (2, 2));
        assert_eq!(match_start(&pattern, &text, 4, 2), (2, 2));
    }

    #[test]
    fn finds_an_edited_quote_and_its_bounds() {
        let text = chars("Before. Two American and one British soldier were killed. After.");
        let found = find_approximate(
            &chars("Two Americans and one Briton were killed"),
            &text,
            12,
        )
        .unwrap();
        assert_eq!(found.len(), 1);
        let matched: String = text[found[0].start..found[0].end].iter().collect();
        assert_eq!(matched, "Two American and one British soldier were killed");
    }

    #[test]
    fn a_run_of_ends_longer_than_a_match_holds_one_match_per_period() {
        let text = chars(&format!("{} ", "a".repeat(59)).repeat(10));
        let pattern = chars(&format!("{}b{}", "a".repeat(30), "a".repeat(28)));
        let found = find_approximate(&pattern, &text, 12).unwrap();
        assert!(found.len() > 5, "{found:?}");
    }

    #[test]
    fn a_pattern_nearly_everywhere_gives_the_best_few() {
        let text = chars(&"ab ".repeat(MAX_RUNS + 1));
        let Err(best) = find_approximate(&chars("ab"), &text, 0) else {
            panic!()
        };
        assert_eq!(best.len(), PLACES_LOOKED_AT);
        assert_eq!((best[0].start, best[0].end, best[0].distance), (0, 2, 0));
        assert!(find_approximate(&chars("ab"), &text[..3 * MAX_RUNS], 0).is_ok());
    }

    #[test]
    fn multi_block_patterns_work() {
        let quote = "word ".repeat(40) + "end";
        let text = format!("prefix {} suffix", quote.replace("word word", "word wird"));
        let found = find_approximate(&chars(&quote), &chars(&text), 40).unwrap();
        assert_eq!(found.len(), 1);
        assert!(found[0].distance > 0 && found[0].distance <= 20);
    }

    proptest! {
        #[test]
        fn with_a_small_k_finds_exactly_the_ends_the_dynamic_program_finds(
            pattern in "[ab’ ]{1,200}",
            text in "[ab’ ]{0,300}",
            k in 0usize..40,
        ) {
            let (pattern, text) = (chars(&pattern), chars(&text));
            let expected: Vec<(usize, usize)> = reference_ends(&pattern, &text)
                .into_iter()
                .enumerate()
                .map(|(at, d)| (at + 1, d))
                .filter(|&(_, d)| d <= k)
                .collect();
            prop_assert_eq!(match_ends(&pattern, &text, k), expected);
        }

        /// Any end, any `k`, patterns of one to three blocks: the start and edits the
        /// dynamic program gives, ties between lengths as near included.
        #[test]
        fn a_match_starts_where_the_dynamic_program_says(
            pattern in "[ab’ ]{1,150}",
            text in "[ab’ ]{1,250}",
            end_fraction in 0.0f64..=1.0,
            k in 0usize..60,
        ) {
            let (pattern, text) = (chars(&pattern), chars(&text));
            let end = ((text.len() as f64 * end_fraction) as usize).max(1);
            prop_assert_eq!(
                match_start(&pattern, &text, end, k),
                reference_start(&pattern, &text, end, k)
            );
        }

        #[test]
        fn equals_the_plain_dynamic_program(
            pattern in "[abc’ ]{1,150}",
            text in "[abc’ ]{0,200}",
        ) {
            let (pattern, text) = (chars(&pattern), chars(&text));
            let k = pattern.len();
            let expected: Vec<(usize, usize)> =
                reference_ends(&pattern, &text).into_iter().enumerate().map(|(at, d)| (at + 1, d)).collect();
            prop_assert_eq!(match_ends(&pattern, &text, k), expected);
        }
    }
}
