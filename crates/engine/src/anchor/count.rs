//! Counting a quote's occurrences in a source, overlapping ones included (what
//! `quote-ambiguous` reports), in time linear in the source whatever a pull request
//! commits: many quotes in one sampled pass over the source, the rest searched for
//! one at a time, and, once those searches have read the source a few dozen times
//! over (one quote occurring everywhere, in a source of one repeated letter; many
//! quotes the sampled pass cannot take), the rest counted in a suffix table of it.
//!
//! Before the suffix table, each overlapping occurrence was compared whole: 16 MB of
//! one letter with 5,000 pins quoting 40 to 80 of it took 16.9 s to check (now 0.67 s),
//! and the 64 MiB a source may have, with 20,000 pins of distinct lengths, hours.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::locate::find_overlapping;
use crate::model::location::floor_char_boundary;

/// Counts needles in one text: the same text at every call.
#[derive(Debug)]
pub struct Counter {
    /// Bytes that searching for needles one at a time may still read or compare.
    budget: AtomicUsize,
    /// The text's suffix table (its suffixes' offsets in sorted order), built the first
    /// time the budget runs out; `None` for a text past `u32` offsets.
    table: OnceLock<Option<Vec<u32>>>,
}

/// How many times over searching one needle at a time may read the text (or 64 KiB,
/// for a small one) before the suffix table is built. Building it costs hundreds of
/// those reads (`suffix` builds 16 MB of words in 1.1 s here; a search reads them in
/// milliseconds); a few dozen reads are what a product whose short quotes the
/// sampled pass cannot take (under `LEAD` bytes) needs.
const DIRECT_READS: usize = 32;
const SMALLEST_BUDGETED_TEXT: usize = 64 * 1024;

/// How many of a needle's first bytes a search for it one at a time looks for.
const LEAD: usize = 24;
/// How many places where only a needle's first bytes match send it to a search for
/// the whole needle.
const MISSES: usize = 16;

impl Counter {
    pub fn new(text_len: usize) -> Self {
        Self::with_budget(DIRECT_READS * text_len.max(SMALLEST_BUDGETED_TEXT))
    }

    /// A counter that may read or compare `bytes` before it builds the suffix table
    /// (tests count through the table with none).
    pub fn with_budget(bytes: usize) -> Self {
        Self {
            budget: AtomicUsize::new(bytes),
            table: OnceLock::new(),
        }
    }

    /// `find_overlapping(text, needle).count()`.
    pub fn count(&self, text: &str, needle: &str) -> usize {
        if needle.is_empty() {
            return find_overlapping(text, needle).count();
        }
        if let Some(Some(table)) = self.table.get() {
            return count_in_table(text, table, needle);
        }
        self.count_directly(text, needle).unwrap_or_else(|| {
            match self.table.get_or_init(|| suffix_table(text)) {
                Some(table) => count_in_table(text, table, needle),
                None => find_overlapping(text, needle).count(),
            }
        })
    }

    /// `count(text, needle)` for each of `needles`. Those at least `LEAD` bytes long
    /// are counted in a pass over the text for each class of length (see
    /// `SampledPass`); a needle the pass gives up on, and a shorter one, by `count`.
    /// Counting each intact pin's quote by reading the whole source made a product of
    /// ten 3 MB sources of 2,000 pins each 30× the hashing floor. On 3 MB of the
    /// example's words in random order with 2,000 of its sentences (`cargo bench
    /// --bench kernels -- count_quotes`), sampling counts in 2.1 ns a byte, a rolling
    /// hash of every 24-byte window took 4.1 ns, and counting each quote alone 75 ns.
    pub fn count_each(&self, text: &str, needles: &[&str]) -> Vec<usize> {
        if let Some(Some(_)) = self.table.get() {
            return needles
                .iter()
                .map(|needle| self.count(text, needle))
                .collect();
        }
        let mut counts = vec![0; needles.len()];
        let mut alone: Vec<bool> = needles
            .iter()
            .map(|needle| needle.len() < LEAD || text.len() < LEAD)
            .collect();
        for pass in SampledPass::CLASSES {
            let members: Vec<usize> = (0..needles.len())
                .filter(|&at| !alone[at] && pass.holds(needles[at].len()))
                .collect();
            pass.count(text.as_bytes(), needles, &members, &mut counts, &mut alone);
        }
        for (at, needle) in needles.iter().enumerate() {
            if alone[at] {
                counts[at] = self.count(text, needle);
            }
        }
        counts
    }

    /// Takes `bytes` from the budget, if it has them.
    fn spend(&self, bytes: usize) -> Option<()> {
        self.budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(bytes)
            })
            .ok()
            .map(drop)
    }

    /// The count, searching for the needle's first bytes and comparing the rest where
    /// they occur (a searcher costs in the length of its needle to build); after a few
    /// places where only the first bytes match, by searching for the whole needle.
    /// `None` once the budget runs out.
    fn count_directly(&self, text: &str, needle: &str) -> Option<usize> {
        let lead = &needle[..floor_char_boundary(needle, LEAD)];
        if lead.len() == needle.len() {
            return self.count_whole(text, needle);
        }
        self.spend(text.len())?;
        let (mut count, mut misses) = (0, 0);
        for start in find_overlapping(text, lead) {
            self.spend(needle.len())?;
            if text.as_bytes()[start..].starts_with(needle.as_bytes()) {
                count += 1;
            } else {
                misses += 1;
                if misses > MISSES {
                    return self.count_whole(text, needle);
                }
            }
        }
        Some(count)
    }

    fn count_whole(&self, text: &str, needle: &str) -> Option<usize> {
        self.spend(text.len())?;
        let mut count = 0;
        for _ in find_overlapping(text, needle) {
            self.spend(needle.len())?;
            count += 1;
        }
        Some(count)
    }
}

/// The suffix table of `text` (`suffix`: SA-IS in linear time, four bytes a byte of
/// text), or `None` for a text past `u32` offsets (a 1 GiB source that normalization
/// expands fourfold), which is then counted directly, however long that takes.
fn suffix_table(text: &str) -> Option<Vec<u32>> {
    (text.len() < u32::MAX as usize)
        .then(|| suffix::SuffixTable::new(text).into_parts().1.into_owned())
}

/// The suffixes that begin with `needle`, found by two binary searches: every
/// occurrence, overlapping ones included, since a needle cut from valid UTF-8 can
/// only begin where a character does.
fn count_in_table(text: &str, table: &[u32], needle: &str) -> usize {
    suffix::SuffixTable::from_parts(text, table)
        .positions(needle)
        .len()
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

/// How many times the pass may look at a needle (an occurrence, a place where its
/// first bytes match, or one where only a run does) before it gives the needle up:
/// in repetitive text a run of a needle can be everywhere, and each look costs up to
/// the needle's length. Ordinary prose looks at a needle a few dozen times.
const VISITS: u32 = 1024;

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
    /// first `lead` bytes have matched more than `MISSES` times where the rest did
    /// not, or it has been looked at more than `VISITS` times.
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
        let mut runs = NeedleRuns::new(self, needles, members, stride);
        let mut misses = vec![0; needles.len()];
        let mut visits = vec![0; needles.len()];
        for looked_up in (0..(bytes.len() + 1).saturating_sub(self.gram)).step_by(stride) {
            runs.visit(self.word(bytes, looked_up), |at, offset| {
                let (at, offset) = (at as usize, offset as usize);
                if alone[at] {
                    return false;
                }
                let Some(rest) = looked_up.checked_sub(offset).map(|start| &bytes[start..]) else {
                    return true;
                };
                let needle = needles[at].as_bytes();
                visits[at] += 1;
                if rest.starts_with(&needle[..self.lead]) {
                    if rest.starts_with(needle) {
                        counts[at] += 1;
                    } else {
                        misses[at] += 1;
                    }
                }
                alone[at] = misses[at] > MISSES || visits[at] > VISITS;
                !alone[at]
            });
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
    /// the haystack's runs away before the map is asked: at most 32 KiB, in the
    /// second-level cache.
    filter: Vec<u64>,
    /// The filter's size, as a power of two.
    filter_bits: u32,
}

impl NeedleRuns {
    /// The filter has about this many bits a run, from 2^12 bits (the quotes of a
    /// source of 40 KB are a few hundred runs, for which a filter sized for 2,000
    /// quotes was zeroed and grown into) to 2^18.
    const FILTER_BITS_A_RUN: usize = 16;
    const FILTER_BITS: std::ops::RangeInclusive<u32> = 12..=18;

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
        let wanted = (runs.len() * Self::FILTER_BITS_A_RUN).next_power_of_two();
        let filter_bits = wanted
            .trailing_zeros()
            .clamp(*Self::FILTER_BITS.start(), *Self::FILTER_BITS.end());
        let mut filter = vec![0u64; 1 << (filter_bits - 6)];
        let mut by_word =
            foldhash::HashMap::with_capacity_and_hasher(runs.len(), Default::default());
        for (index, &(word, _, _)) in runs.iter().enumerate() {
            let bit = Self::bit(word, filter_bits);
            filter[bit / 64] |= 1 << (bit % 64);
            by_word.entry(word).or_insert(index..index).end = index + 1;
        }
        Self {
            runs,
            by_word,
            filter,
            filter_bits,
        }
    }

    fn bit(word: u64, filter_bits: u32) -> usize {
        (word.wrapping_mul(0xD6E8_FEB8_6659_FD93) >> (64 - filter_bits)) as usize
    }

    /// Calls `keep(needle, offset)` for each run whose word is `word`, and drops the
    /// runs it returns false for: a needle given up on stops costing a look at every
    /// place its runs occur (in one repeated letter, every run of every needle is the
    /// same word).
    fn visit(&mut self, word: u64, mut keep: impl FnMut(u32, u32) -> bool) {
        let bit = Self::bit(word, self.filter_bits);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return;
        }
        let Some(range) = self.by_word.get_mut(&word) else {
            return;
        };
        let mut at = range.start;
        while at < range.end {
            let (_, needle, offset) = self.runs[at];
            if keep(needle, offset) {
                at += 1;
            } else {
                range.end -= 1;
                self.runs.swap(at, range.end);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_alone(haystack: &str, needle: &str) -> usize {
        find_overlapping(haystack, needle).count()
    }

    #[test]
    fn counting_through_the_lead_falls_back_on_repetitive_text() {
        // Every `a` starts the lead; the needle occurs once, at the end.
        let haystack = format!("{}b", "a".repeat(200));
        let needle = format!("{}b", "a".repeat(40));
        let counter = Counter::new(haystack.len());
        assert_eq!(counter.count(&haystack, &needle), 1);
        assert_eq!(counter.count(&"ab".repeat(40), &"ab".repeat(15)), 26);
    }

    #[test]
    fn a_needle_everywhere_is_counted_in_the_suffix_table() {
        let haystack = "a".repeat(100_000);
        let needles: Vec<String> = (40..80).map(|len| "a".repeat(len)).collect();
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        let counter = Counter::new(haystack.len());
        let counts = counter.count_each(&haystack, &needles);
        assert!(matches!(counter.table.get(), Some(Some(_))));
        let expected: Vec<usize> = (40..80).map(|len| 100_000 - len + 1).collect();
        assert_eq!(counts, expected);
    }

    #[test]
    fn needles_whose_runs_are_everywhere_are_given_up_on() {
        // Each needle's runs after its first byte are runs of `a`, which the pass
        // finds at every place it looks in the long run of `a`.
        let haystack = format!("{}b{}", "a".repeat(200_000), "a".repeat(200));
        let needles: Vec<String> = (41..141)
            .map(|len| format!("b{}", "a".repeat(len)))
            .collect();
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        let counter = Counter::new(haystack.len());
        assert_eq!(counter.count_each(&haystack, &needles), vec![1; 100]);
    }

    #[test]
    fn the_pass_gives_up_a_needle_it_looks_at_too_often_and_drops_its_runs() {
        let haystack = format!("{}b{}", "a".repeat(100_000), "a".repeat(100));
        let needles = [
            format!("b{}", "a".repeat(50)),
            haystack[5_000..5_060].to_owned(),
        ];
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        let pass = &SampledPass::CLASSES[1];
        let (mut counts, mut alone) = (vec![0; 2], vec![false; 2]);
        pass.count(
            haystack.as_bytes(),
            &needles,
            &[0, 1],
            &mut counts,
            &mut alone,
        );
        assert_eq!(alone, [true, true]);

        let stride = pass.lead - pass.gram + 1;
        let mut runs = NeedleRuns::new(pass, &needles, &[0, 1], stride);
        let word = pass.word(b"aaaaaaaaaaaaaaaaaaaaaaaa", 0);
        let mut seen = Vec::new();
        runs.visit(word, |needle, _| {
            seen.push(needle);
            needle == 1
        });
        assert!(seen.contains(&0) && seen.contains(&1));
        seen.clear();
        runs.visit(word, |needle, _| {
            seen.push(needle);
            true
        });
        assert!(!seen.is_empty() && seen.iter().all(|&needle| needle == 1));
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Counting many needles in one pass counts what counting each alone does:
        /// needles shorter and longer than the lead, repeated, overlapping, taken
        /// from the text or not, in text repetitive enough for leads to match where
        /// the rest does not; with the budget the text's length sets, and with none,
        /// so that every needle is counted in the suffix table.
        #[test]
        fn counting_many_at_once_counts_each(
            haystack in prop::collection::vec(prop::sample::select(vec!["a", "b", "é", " ", "ab ", "abababababab"]), 0..80),
            taken in prop::collection::vec((0usize..400, 0usize..60), 0..12),
            other in prop::collection::vec(prop::collection::vec(prop::sample::select(vec!["a", "b", "é", " "]), 0..40), 0..4),
            budget in prop::sample::select(vec![None, Some(0), Some(100)]),
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
            let alone: Vec<usize> = needles.iter().map(|needle| count_alone(&haystack, needle)).collect();
            let counter = budget.map_or_else(|| Counter::new(haystack.len()), Counter::with_budget);
            prop_assert_eq!(counter.count_each(&haystack, &needles), alone);
        }

        /// Counting one needle, through its first bytes, the whole needle or the
        /// suffix table, counts what the whole-needle search finds: short and long
        /// needles, in text repetitive enough to make the first bytes match where the
        /// rest does not.
        #[test]
        fn counting_one_counts_every_occurrence(
            haystack in prop::collection::vec(prop::sample::select(vec!["a", "b", "é", " ", "ab "]), 0..120),
            needle in prop::collection::vec(prop::sample::select(vec!["a", "b", "é", " "]), 1..40),
            budget in prop::sample::select(vec![None, Some(0), Some(100)]),
        ) {
            let (haystack, needle) = (haystack.concat(), needle.concat());
            let counter = budget.map_or_else(|| Counter::new(haystack.len()), Counter::with_budget);
            prop_assert_eq!(counter.count(&haystack, &needle), count_alone(&haystack, &needle));
        }
    }
}
