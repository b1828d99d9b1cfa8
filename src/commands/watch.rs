//! `check --watch`: check, then check again whenever a file of the project changes,
//! for analysts without an editor integration. Changes are found by polling file
//! sizes and modification times twice a second (no watcher dependency, and it works
//! the same on network drives); the check itself still trusts no time, only content.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::{CommandError, ExitStatus, Output};
use crate::cli::CheckArgs;
use claimcheck_engine::cache::Cache;

/// How often the project's files are looked at.
const POLL: Duration = Duration::from_millis(500);

/// Files looked at, at most: a project larger than this is watched in part, and the
/// run says so.
const MAX_WATCHED: usize = 200_000;

/// Checks now and after every change, until interrupted.
pub fn run(root: &Path, args: &CheckArgs, output: &mut Output) -> Result<ExitStatus, CommandError> {
    let mut seen = snapshot(root);
    loop {
        // Each check a run of its own: it reads the entries the last one saved.
        let cache = super::check::cache_for(root, &args.report)?;
        check_once(root, args, &cache, output)?;
        if seen.len() >= MAX_WATCHED {
            writeln!(
                output.err,
                "watching the first {MAX_WATCHED} files of the project only"
            )?;
        }
        writeln!(output.err, "watching for changes (Ctrl-C to stop)")?;
        output.err.flush()?;
        let changed = loop {
            std::thread::sleep(POLL);
            let now = snapshot(root);
            if let Some(path) = first_change(&seen, &now) {
                seen = now;
                break path;
            }
        };
        let shown = changed
            .strip_prefix(root)
            .unwrap_or(&changed)
            .display()
            .to_string();
        writeln!(
            output.out,
            "\n{} changed: checking again",
            claimcheck_engine::sanitize::inline(&shown)
        )?;
    }
}

/// One check; a project that cannot be read (exit 2 without --watch) is reported and
/// watched until it can be, only a failing terminal ends the watch.
fn check_once(
    root: &Path,
    args: &CheckArgs,
    cache: &Cache,
    output: &mut Output,
) -> Result<(), CommandError> {
    match super::check::check(root, &args.report, cache, args.re_extract, output) {
        Ok(_) => {}
        Err(CommandError::Output(error)) => return Err(CommandError::Output(error)),
        Err(error) => writeln!(
            output.err,
            "{}",
            claimcheck_engine::sanitize::inline(&error.to_string())
        )?,
    }
    output.out.flush()?;
    Ok(())
}

type Snapshot = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// Size and modification time of every file under `root` but hidden ones and
/// `target/`, never following links.
fn snapshot(root: &Path) -> Snapshot {
    let mut files = Snapshot::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if files.len() >= MAX_WATCHED {
                return files;
            }
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') || (dir == root && name == "target") {
                continue;
            }
            let Ok(metadata) = entry.path().symlink_metadata() else {
                continue;
            };
            if metadata.is_dir() {
                pending.push(entry.path());
            } else {
                files.insert(entry.path(), (metadata.len(), metadata.modified().ok()));
            }
        }
    }
    files
}

/// A file added, removed or changed between two snapshots.
fn first_change(before: &Snapshot, after: &Snapshot) -> Option<PathBuf> {
    after
        .iter()
        .find(|(path, stamp)| before.get(*path) != Some(stamp))
        .map(|(path, _)| path.clone())
        .or_else(|| {
            before
                .keys()
                .find(|path| !after.contains_key(*path))
                .cloned()
        })
}
