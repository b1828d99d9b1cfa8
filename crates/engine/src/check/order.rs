//! The order findings are reported in: by file, then position, then code; findings
//! without a location last; findings alike in all three in the order they were found.

use std::sync::Arc;

use foldhash::HashMap;

use crate::model::finding::Finding;

/// Orders findings by file, then position, then code, so output is stable.
pub fn sort_findings(findings: &mut [Finding]) {
    let order = sorted_order(findings);
    permute(findings, &order);
}

/// Where each finding belongs: `order[i]` is the index of the one that goes at `i`.
/// Keys of 16 bytes are sorted rather than findings of 200: a merge sort moved 100,000
/// findings through every pass and a scratch buffer of half their number, fresh pages
/// that cost more than the comparisons.
fn sorted_order(findings: &[Finding]) -> Vec<usize> {
    let ranks = path_ranks(findings);
    // Findings come in runs from one file, sharing its path: looked up once a run.
    let mut last: Option<(&Arc<str>, u32)> = None;
    let mut keys: Vec<u128> = findings
        .iter()
        .enumerate()
        .map(|(index, finding)| {
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
        .collect();
    keys.sort_unstable();
    const INDEX: u128 = (1 << 48) - 1;
    keys.into_iter().map(|key| (key & INDEX) as usize).collect()
}

/// Each distinct path of `findings` by its place among them in byte order.
fn path_ranks(findings: &[Finding]) -> HashMap<&str, u32> {
    let mut paths: Vec<&str> = Vec::new();
    let mut last: Option<&Arc<str>> = None;
    for location in findings
        .iter()
        .filter_map(|finding| finding.location.as_ref())
    {
        if last.is_none_or(|path| !Arc::ptr_eq(path, &location.path)) {
            paths.push(&location.path);
            last = Some(&location.path);
        }
    }
    paths.sort_unstable();
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
            let mut ours = findings.clone();
            sort_findings(&mut ours);
            let mut expected = findings;
            by_comparison(&mut expected);
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
