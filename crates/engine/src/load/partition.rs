//! `--partition K/N`: the K-th of N deterministic shards of a project's claim files, so
//! that a CI matrix can split the parsing and pin proving of a large product.

use std::fmt;
use std::str::FromStr;

/// One shard: claim files, sorted by path, are dealt round-robin to `count` shards
/// (the first file to shard 1, the second to shard 2, ...), which keeps shards of
/// similar size and depends only on the set of paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// 1-based.
    pub index: usize,
    pub count: usize,
}

impl Partition {
    /// True when the claim file at `position` (0-based, in path order) is in this shard.
    pub fn holds(self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("partition `{0}` is not of the form K/N with 1 ≤ K ≤ N (e.g. `2/4`)")]
pub struct PartitionSyntaxError(String);

impl FromStr for Partition {
    type Err = PartitionSyntaxError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || PartitionSyntaxError(text.to_owned());
        let (index, count) = text.split_once('/').ok_or_else(invalid)?;
        let number = |part: &str| part.trim().parse::<usize>().map_err(|_| invalid());
        let (index, count) = (number(index)?, number(count)?);
        if index == 0 || index > count {
            return Err(invalid());
        }
        Ok(Self { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_position_is_in_exactly_one_shard() {
        for count in 1..6 {
            for position in 0..20 {
                let holding = (1..=count)
                    .filter(|&index| Partition { index, count }.holds(position))
                    .count();
                assert_eq!(holding, 1);
            }
        }
    }

    #[test]
    fn parses_k_of_n_and_refuses_the_rest() {
        assert_eq!("2/4".parse(), Ok(Partition { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "2", "a/b", "1/0", "-1/2", ""] {
            assert!(bad.parse::<Partition>().is_err(), "{bad}");
        }
    }
}
