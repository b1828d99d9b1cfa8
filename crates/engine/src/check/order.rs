//! The order findings are reported in: by file, then position, then code; findings
//! without a location last; findings alike in all three in the order they were found.

use std::sync::Arc;

use foldhash::HashMap;
use rayon::prelude::*;

use crate::model::finding::{Finding, FindingParts, joined};

/// A run's findings in the order they are reported. They stay in the parts the
/// stages gathered them in, on all cores, and are put in order by reference: joining
/// 100,000 findings of 200 bytes into one vector and moving each into place was a
/// serial 15 ms, and up to 60 when the pages were fresh.
#[derive(Debug)]
pub struct Findings {
    /// The parts, none empty.
    parts: FindingParts,
    /// Where each part starts in the parts one after another.
    starts: Vec<usize>,
    /// `order[i]`: the place, in the parts one after another, of the `i`th finding.
    order: Vec<usize>,
}

impl Findings {
    /// The findings of `parts`, ordered.
    pub fn new(mut parts: FindingParts) -> Self {
        parts.retain(|part| !part.is_empty());
        let starts: Vec<usize> = parts
            .iter()
            .scan(0, |start, part| {
                let this = *start;
                *start += part.len();
                Some(this)
            })
            .collect();
        let order = sorted_order(&parts, &starts);
        Self {
            parts,
            starts,
            order,
        }
    }

    /// The findings, in order.
    pub fn in_order(&self) -> Vec<&Finding> {
        self.order
            .iter()
            .map(|&place| {
                let part = self.starts.partition_point(|&start| start <= place) - 1;
                &self.parts[part][place - self.starts[part]]
            })
            .collect()
    }

    /// The findings, in order, as one vector: for callers that keep or edit them.
    pub fn into_vec(self) -> Vec<Finding> {
        let mut all = joined(self.parts);
        permute(&mut all, &self.order);
        all
    }
}

/// Where each finding belongs: `order[i]` is the index of the one that goes at `i`,
/// counting through `parts` one after another (`starts`: where each begins). Keys of
/// 16 bytes are sorted rather than findings of 200: a merge sort moved 100,000
/// findings through every pass and a scratch buffer of half their number, fresh pages
/// that cost more than the comparisons. On all cores, part by part.
fn sorted_order(parts: &[Vec<Finding>], starts: &[usize]) -> Vec<usize> {
    let ranks = &path_ranks(parts);
    let mut keys: Vec<u128> = parts
        .par_iter()
        .zip(starts)
        .flat_map_iter(|(part, &start)| {
            // Findings come in runs from one file, sharing its path: looked up once a run.
            let mut last: Option<(&Arc<str>, u32)> = None;
            part.iter().zip(start..).map(move |(finding, index)| {
                let (rank, offset) = match &finding.location {
                    // Ranks run below `u32::MAX`: no location sorts last.
                    None => (u32::MAX, 0),
                    Some(location) => {
                        let rank = match last {
                            Some((path, rank)) if Arc::ptr_eq(path, &location.path) => rank,
                            _ => {
                                let rank = ranks[&*location.path];
                                last = Some((&location.path, rank));
                                rank
                            }
                        };
                        (rank, location.offset)
                    }
                };
                // The index, last, keeps findings alike in order; 48 bits are more
                // findings than memory holds.
                (u128::from(rank) << 96)
                    | (u128::from(offset) << 64)
                    | (u128::from(finding.code as u16) << 48)
                    | index as u128
            })
        })
        .collect();
    keys.par_sort_unstable();
    const INDEX: u128 = (1 << 48) - 1;
    keys.into_par_iter()
        .map(|key| (key & INDEX) as usize)
        .collect()
}

/// Each distinct path of the findings of `parts` by its place among them in byte order.
fn path_ranks(parts: &[Vec<Finding>]) -> HashMap<&str, u32> {
    let mut paths: Vec<&str> = parts
        .par_iter()
        .flat_map_iter(|part| {
            // A path once a run: findings come in runs from one file.
            let mut last: Option<&Arc<str>> = None;
            part.iter()
                .filter_map(|finding| finding.location.as_ref())
                .filter_map(move |location| {
                    let new_run = last.is_none_or(|path| !Arc::ptr_eq(path, &location.path));
                    last = Some(&location.path);
                    new_run.then_some(&*location.path)
                })
        })
        .collect();
    paths.par_sort_unstable();
    paths.dedup();
    paths.into_iter().zip(0..).collect()
}

/// Puts the finding at `order[i]` at `i`, for every `i`: swaps along each cycle of the
/// permutation, so no finding is copied out of the slice.
fn permute(findings: &mut [Finding], order: &[usize]) {
    let mut placed = vec![false; findings.len()];
    for start in 0..findings.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            // `from` is later in this cycle, so it still holds what it held at first.
            findings.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use proptest::prelude::*;

    use super::*;
    use crate::model::code::Code;
    use crate::model::location::Location;

    /// A finding whose message tells it apart from every other.
    fn finding(index: usize, code: Code, at: Option<(Arc<str>, u32)>) -> Finding {
        let finding = Finding::new(code, index.to_string());
        match at {
            None => finding,
            Some((path, offset)) => finding.at(Location {
                path,
                line: 1,
                column: 1,
                offset,
                len: 0,
            }),
        }
    }

    /// The order as a stable sort over the whole findings puts them in.
    fn by_comparison(findings: &mut [Finding]) {
        fn key(finding: &Finding) -> Option<(&str, u32)> {
            finding
                .location
                .as_ref()
                .map(|location| (&*location.path, location.offset))
        }
        findings.sort_by(|a, b| {
            (key(a).is_none(), key(a), a.code).cmp(&(key(b).is_none(), key(b), b.code))
        });
    }

    proptest! {
        /// Sorting keys and permuting gives what a stable sort of the findings gives,
        /// with paths equal in text but not in allocation, and many findings alike.
        #[test]
        fn findings_sort_as_a_stable_sort_by_file_position_and_code(
            places in prop::collection::vec(
                (0..6usize, 0..3u32, 0..3usize, prop::bool::ANY), 0..60),
            cuts in prop::collection::vec(0..60usize, 0..6),
        ) {
            let names = ["claims/b.yaml", "claims/a.yaml", "sources/a.txt"];
            let shared: Vec<Arc<str>> = names.iter().map(|name| Arc::from(*name)).collect();
            let codes = [Code::SpanDrifted, Code::SourceDuplicate, Code::ClaimSingleSource];
            let findings: Vec<Finding> = places
                .iter()
                .enumerate()
                .map(|(index, &(path, offset, code, own_copy))| {
                    let at = (path < names.len()).then(|| {
                        // Some paths are their own allocation of the same text.
                        let path = if own_copy {
                            Arc::from(names[path])
                        } else {
                            shared[path].clone()
                        };
                        (path, offset)
                    });
                    finding(index, codes[code], at)
                })
                .collect();
            // Gathered in parts (some empty) cut anywhere, as the stages gather them.
            let mut cuts: Vec<usize> = cuts.into_iter().map(|cut| cut.min(findings.len())).collect();
            cuts.sort_unstable();
            let mut parts = Vec::new();
            let mut rest = findings.clone();
            for cut in cuts.iter().rev() {
                parts.push(rest.split_off(*cut));
            }
            parts.push(rest);
            parts.reverse();
            let ordered = Findings::new(parts);
            let by_reference: Vec<Finding> = ordered.in_order().into_iter().cloned().collect();
            let ours = ordered.into_vec();
            let mut expected = findings;
            by_comparison(&mut expected);
            prop_assert_eq!(&by_reference, &expected);
            prop_assert_eq!(ours, expected);
        }
    }

    #[test]
    fn a_permutation_of_one_long_cycle_puts_each_finding_in_place() {
        let mut findings: Vec<Finding> = (0..5)
            .map(|index| finding(index, Code::SpanDrifted, None))
            .collect();
        permute(&mut findings, &[1, 2, 3, 4, 0]);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages, ["1", "2", "3", "4", "0"]);
    }
}
