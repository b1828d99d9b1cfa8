//! A project's folder in the cache directory: the segments there, read whole at the
//! first look-up, and the segment this run writes. Segments pile up one a run that
//! stored something; past `MAX_SEGMENTS` a run merges them into one. Nothing in the
//! folder is followed through a link, and only files this cache wrote are deleted.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use super::segment::{self, SegmentWriter};
use super::{Key, lock, private_dir};
use crate::safe_fs::{Links, read_bytes};

/// How many segments a folder holds before a run merges them: each run that stores an
/// entry adds one, and a warm run reads them all.
pub(super) const MAX_SEGMENTS: usize = 8;

/// The size past which a run starts another segment.
const SEGMENT_BYTES: usize = 256 << 20;

/// The largest segment read back (each is read whole): room for the entry of the
/// largest claim file read, 256 MiB.
const MAX_SEGMENT_BYTES: usize = 1 << 30;

/// How long a segment may go unfinished before pruning takes it for one a stopped
/// run left: far longer than any run writes one.
const UNFINISHED_FOR: std::time::Duration = std::time::Duration::from_secs(60 * 60);

#[derive(Debug)]
pub(super) struct Store {
    dir: PathBuf,
    secret: [u8; 32],
    /// Whether `dir` was made (and found to be a directory), on the first write.
    dir_made: OnceLock<bool>,
    /// The folder as this run first looked at it. Read at the first look-up: read
    /// on a thread of its own from the start, it made warm runs 5% slower, competing
    /// for the cores with reading the project.
    found: OnceLock<Found>,
    /// The segment this run is writing, and what it wrote.
    writing: Mutex<Writing>,
}

/// The segments of the folder, read whole.
#[derive(Debug, Default)]
struct Found {
    /// Each authentic segment: its path and bytes, in the order written.
    segments: Vec<(PathBuf, Vec<u8>)>,
    /// Each entry, by key: its segment and where its payload lies there. A later
    /// segment's entry replaces an earlier one's.
    entries: HashMap<Key, (usize, Range<usize>)>,
    /// Files of the layout before segments (one entry a file), deleted when pruning
    /// finds them tagged by this cache.
    legacy: Vec<PathBuf>,
    /// Segments still being written, or left unfinished by a run that was stopped.
    unfinished: Vec<PathBuf>,
}

/// Which of the entries found a save keeps.
pub(super) enum Keep<'a> {
    Everything,
    /// Those a run used, the rest dropped.
    Used(&'a HashSet<Key>),
}

impl Keep<'_> {
    fn keeps(&self, key: &Key) -> bool {
        match self {
            Keep::Everything => true,
            Keep::Used(used) => used.contains(key),
        }
    }
}

#[derive(Debug, Default)]
struct Writing {
    segment: Option<SegmentWriter>,
    /// The keys of the entries written this run.
    keys: HashSet<Key>,
    /// Set once a write failed: the cache only saves time, so the run stops trying.
    failed: bool,
}

impl Store {
    pub(super) fn new(dir: PathBuf, secret: [u8; 32]) -> Self {
        Self {
            dir,
            secret,
            dir_made: OnceLock::new(),
            found: OnceLock::new(),
            writing: Mutex::default(),
        }
    }

    /// The payload stored under `key`, if an authentic segment holds one.
    pub(super) fn payload(&self, key: Key) -> Option<&[u8]> {
        let found = self.found();
        let (segment, range) = found.entries.get(&key)?;
        Some(&found.segments[*segment].1[range.clone()])
    }

    /// Every key stored.
    pub(super) fn keys(&self) -> Vec<Key> {
        self.found().entries.keys().copied().collect()
    }

    /// Adds an entry to this run's segment.
    pub(super) fn write(&self, key: Key, payload: &[u8]) {
        self.write_locked(&mut lock(&self.writing), key, payload);
    }

    fn write_locked(&self, writing: &mut Writing, key: Key, payload: &[u8]) {
        if payload.len() > segment::max_payload(MAX_SEGMENT_BYTES) || writing.failed {
            return;
        }
        if self.append(writing, key, payload).is_err() {
            writing.failed = true;
            writing.segment = None;
        }
    }

    fn append(&self, writing: &mut Writing, key: Key, payload: &[u8]) -> std::io::Result<()> {
        let room = SEGMENT_BYTES.saturating_sub(SegmentWriter::entry_bytes(payload.len()));
        if writing
            .segment
            .as_ref()
            .is_some_and(|segment| segment.bytes_written() > room)
        {
            let full = writing.segment.take().expect("just looked");
            full.finish(&self.dir)?;
        }
        let segment = match &mut writing.segment {
            Some(segment) => segment,
            None => writing.segment.insert(self.create()?),
        };
        segment.append(key, payload)?;
        writing.keys.insert(key);
        Ok(())
    }

    fn create(&self) -> std::io::Result<SegmentWriter> {
        if !*self.dir_made.get_or_init(|| private_dir(&self.dir).is_ok()) {
            return Err(std::io::Error::other("the cache's folder cannot be made"));
        }
        SegmentWriter::create(&self.dir, &self.secret)
    }

    /// Finishes this run's segment. Where `keep` drops entries, or the folder would
    /// hold more than `MAX_SEGMENTS`, the entries found that `keep` keeps are written
    /// into it too and the segments found are deleted (another run writing meanwhile
    /// keeps its own segment).
    pub(super) fn save(&self, keep: Keep<'_>) {
        let found = self.found();
        let mut writing = lock(&self.writing);
        let merge = matches!(keep, Keep::Used(_)) || found.segments.len() >= MAX_SEGMENTS;
        if merge {
            let mut kept: Vec<(&Key, &(usize, Range<usize>))> = found
                .entries
                .iter()
                .filter(|(key, _)| !writing.keys.contains(key) && keep.keeps(key))
                .collect();
            // In the order written: the same entries make the same segment.
            kept.sort_unstable_by_key(|(_, (segment, range))| (*segment, range.start));
            for (key, (segment, range)) in kept {
                let payload = &found.segments[*segment].1[range.clone()];
                self.write_locked(&mut writing, *key, payload);
            }
        }
        let finished = writing
            .segment
            .take()
            .is_none_or(|segment| segment.finish(&self.dir).is_ok());
        if merge && finished && !writing.failed {
            for (path, _) in &found.segments {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    /// Whether the folder holds more entries than `used` (whose size is given) such
    /// that dropping the rest is worth a merge: they outnumber the used ones.
    pub(super) fn unused_outnumber(&self, used: &HashSet<Key>) -> bool {
        let unused = self
            .found()
            .entries
            .keys()
            .filter(|key| !used.contains(key))
            .count();
        unused > used.len()
    }

    /// Deletes the files of the layout before segments that this cache wrote, and
    /// segments left unfinished by runs stopped more than `UNFINISHED_FOR` ago (a
    /// run stopped with Ctrl-C leaves what it had written).
    pub(super) fn delete_leftovers(&self) {
        let found = self.found();
        for path in &found.legacy {
            if self.is_legacy_entry(path) {
                let _ = std::fs::remove_file(path);
            }
        }
        for path in &found.unfinished {
            let abandoned = std::fs::symlink_metadata(path)
                .and_then(|metadata| metadata.modified())
                .is_ok_and(|modified| modified.elapsed().is_ok_and(|age| age > UNFINISHED_FOR));
            if abandoned {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    /// Whether `path` is an entry of the layout before segments that this cache
    /// wrote: its payload, then a keyed BLAKE3 tag over the key its name spells and
    /// the payload.
    fn is_legacy_entry(&self, path: &Path) -> bool {
        let Some(key) = path
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(Key::from_hex)
        else {
            return false;
        };
        let Ok(bytes) = read_bytes(path, MAX_SEGMENT_BYTES as u64, Links::Refuse) else {
            return false;
        };
        let Some(payload) = bytes.len().checked_sub(segment::TAG_BYTES) else {
            return false;
        };
        let tag = blake3::Hasher::new_keyed(&self.secret)
            .update(&key.0)
            .update(&bytes[..payload])
            .finalize();
        blake3::Hash::from_slice(&bytes[payload..]).is_ok_and(|recorded| recorded == tag)
    }

    fn found(&self) -> &Found {
        self.found
            .get_or_init(|| read_folder(&self.dir, &self.secret))
    }
}

/// Reads every segment of the folder `dir`: regular files only (a directory entry of
/// a link is not a file), each whole, each kept only if its tag verifies under
/// `secret`.
fn read_folder(dir: &Path, secret: &[u8; 32]) -> Found {
    let mut segments = Vec::new();
    let mut legacy = Vec::new();
    let mut unfinished = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if !entry.file_type().is_ok_and(|kind| kind.is_file()) {
            continue;
        }
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.ends_with(segment::SUFFIX) {
            segments.push(path);
        } else if name.starts_with(segment::UNFINISHED_PREFIX) {
            unfinished.push(path);
        } else if Key::from_hex(&name).is_some() {
            legacy.push(path);
        }
    }
    // Oldest first: names start with the time written.
    segments.sort_unstable();
    let mut found = Found {
        legacy,
        unfinished,
        ..Found::default()
    };
    for path in segments {
        let Ok(bytes) = read_bytes(&path, MAX_SEGMENT_BYTES as u64, Links::Refuse) else {
            continue;
        };
        let Some(entries) = segment::entries(&bytes, secret) else {
            continue;
        };
        let index = found.segments.len();
        found.entries.extend(
            entries
                .into_iter()
                .map(|(key, range)| (key, (index, range))),
        );
        found.segments.push((path, bytes));
    }
    found
}
