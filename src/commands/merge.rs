//! `claimcheck merge`: the report of one whole run, from the JSON outputs of the
//! shards of `check --partition K/N`. The shards parsed the claim files and proved the
//! pins; merge takes their work from the entries they hand over and runs everything
//! that needs all claims at once (duplicate ids, conflicts, coverage, suppressions),
//! so it reports exactly what an unpartitioned `check` reports. An entry whose inputs
//! changed since its shard ran (another build, other bytes, other settings) does not
//! match its key and the work is done again.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{CommandError, ExitStatus, Output};
use crate::cli::MergeArgs;
use crate::report::json::ShardPayload;
use claimcheck_engine::cache::Key;
use claimcheck_engine::load::Partition;

/// The part of a shard's JSON document merge reads.
#[derive(Deserialize)]
struct ShardDocument {
    shard: Option<ShardPayload>,
}

/// A shard document, read and checked: which shard it is and the entries it hands over.
#[derive(Debug)]
pub struct Shard {
    pub partition: Partition,
    pub entries: Vec<(Key, Vec<u8>)>,
}

pub fn run(root: &Path, args: &MergeArgs, output: &mut Output) -> Result<ExitStatus, CommandError> {
    let mut shards = BTreeMap::new();
    let mut count = None;
    for path in &args.shards {
        let shard = read_shard(path)?;
        let partition = shard.partition;
        if *count.get_or_insert(partition.count) != partition.count {
            return Err(usage(
                path,
                &format!(
                    "is shard {partition}, but other shards are of {}",
                    count.unwrap_or(0)
                ),
            ));
        }
        if shards.insert(partition.index, shard).is_some() {
            return Err(usage(path, &format!("repeats shard {partition}")));
        }
    }
    let count = count.unwrap_or(0);
    if let Some(missing) = (1..=count).find(|index| !shards.contains_key(index)) {
        return Err(CommandError::Usage(format!(
            "shard {missing}/{count} is missing: merge needs the output of every shard"
        )));
    }
    let entries: Vec<(Key, Vec<u8>)> = shards
        .into_values()
        .flat_map(|shard| shard.entries)
        .collect();
    let handed_over = entries.len();
    let cache = super::check::cache_for(root, &args.report)?.with_entries(entries);
    let status = super::check::check(root, &args.report, &cache, false, output)?;
    let unused = cache.unused_handed_over();
    if unused > 0 {
        // The report is still right; the shards' work was only partly of use.
        writeln!(
            output.err,
            "note: {unused} of the {handed_over} entries the shards handed over did not match \
             (another build of claimcheck, changed files or other settings): that work was done again"
        )?;
    }
    Ok(status)
}

/// A shard document carries a share of the parsed claims: about the size of the claim
/// files, so a gibibyte is far past any real shard; larger is refused unread.
const MAX_SHARD_BYTES: u64 = 1 << 30;

fn read_shard(path: &Path) -> Result<Shard, CommandError> {
    let bytes = claimcheck_engine::safe_fs::read_bytes(
        path,
        MAX_SHARD_BYTES,
        claimcheck_engine::safe_fs::Links::Follow,
    )?;
    parse_shard(&bytes).map_err(|problem| usage(path, &problem))
}

/// The shard in a document's bytes, or what is wrong with them (to follow the file's
/// name in a message). Shard documents come from other jobs: every part is checked.
pub fn parse_shard(bytes: &[u8]) -> Result<Shard, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_owned())?;
    let document: ShardDocument = serde_json::from_str(text).map_err(|error| {
        format!(
            "is not JSON output of claimcheck (line {}, column {}: {error})",
            error.line(),
            error.column()
        )
    })?;
    let payload: ShardPayload = document.shard.ok_or_else(|| {
        "is a report of a whole run, not of a shard: make shards with \
         `claimcheck check --partition K/N --format json`"
            .to_owned()
    })?;
    let partition: Partition = payload
        .partition
        .parse()
        .map_err(|error| format!("{error}"))?;
    let entries = payload
        .entries
        .into_iter()
        .map(|entry| {
            match (
                Key::from_hex(&entry.key),
                claimcheck_engine::hash::from_hex(&entry.data),
            ) {
                (Some(key), Some(data)) => Ok((key, data)),
                _ => Err("has an entry that is not hex".to_owned()),
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(Shard { partition, entries })
}

fn usage(path: &Path, problem: &str) -> CommandError {
    CommandError::Usage(format!("`{}` {problem}", path.display()))
}
