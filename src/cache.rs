//! The on-disk cache behind warm `check` runs: parsed claim files, and which pins of a
//! claim file were proven clean, each stored under a key that hashes everything the
//! entry was computed from (the file's bytes, the cited sources' bytes, the settings
//! that matter, and this very build of claimcheck). An entry is never trusted when
//! any of those changed, because its key no longer matches; the cache is safe to
//! delete at any time, and unreadable or corrupt entries are treated as absent.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

/// The cache directory, at the project root.
pub const CACHE_DIR: &str = ".claimcheck-cache";

/// Bumped whenever the layout of cached data changes, so old entries stop matching
/// even where the build identity below could not tell.
const FORMAT: &[u8] = b"claimcheck-cache-1";

/// A handle to the cache of one project, or a disabled one that stores nothing.
#[derive(Debug, Default)]
pub struct Cache {
    dir: Option<PathBuf>,
    /// Entries handed over by the shards of a partitioned run, consulted first.
    handed_over: HashMap<Key, Vec<u8>>,
    /// Every entry this run read or wrote, when a shard must hand them on.
    journal: Option<Mutex<BTreeMap<Key, Vec<u8>>>>,
    /// The keys this run read or wrote, which pruning keeps.
    used: Mutex<HashSet<Key>>,
}

/// The key of one entry: a SHA-256 over its kind and inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key([u8; 32]);

impl Key {
    pub fn to_hex(self) -> String {
        crate::hash::hex(&self.0)
    }

    pub fn from_hex(hex: &str) -> Option<Self> {
        crate::hash::from_hex(hex)?.try_into().ok().map(Key)
    }
}

/// Builds a key from the parts an entry depends on; each part is length-prefixed, so
/// no two different sequences of parts hash the same bytes.
pub struct KeyBuilder(Sha256);

impl KeyBuilder {
    pub fn part(mut self, bytes: &[u8]) -> Self {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn finish(self) -> Key {
        Key(self.0.finalize().into())
    }
}

impl Cache {
    /// The cache of the project at `root` (created on first write).
    pub fn at(root: &Path) -> Self {
        Self {
            dir: Some(root.join(CACHE_DIR)),
            ..Self::default()
        }
    }

    /// A cache that finds nothing and stores nothing (`--no-cache`).
    pub fn disabled() -> Self {
        Self::default()
    }

    /// This cache, also keeping every entry the run reads or writes (see [`Self::journal`]).
    pub fn recording(mut self) -> Self {
        self.journal = Some(Mutex::default());
        self
    }

    /// This cache, answering first from `entries` (from [`Self::journal`] of other runs).
    pub fn with_entries(mut self, entries: impl IntoIterator<Item = (Key, Vec<u8>)>) -> Self {
        self.handed_over.extend(entries);
        self
    }

    /// How many entries handed over by [`Self::with_entries`] this run did not use.
    pub fn unused_handed_over(&self) -> usize {
        let used = lock(&self.used);
        self.handed_over
            .keys()
            .filter(|key| !used.contains(key))
            .count()
    }

    /// The entries this run read or wrote, in key order.
    pub fn journal(&self) -> Vec<(Key, Vec<u8>)> {
        self.journal.as_ref().map_or_else(Vec::new, |journal| {
            lock(journal)
                .iter()
                .map(|(key, bytes)| (*key, bytes.clone()))
                .collect()
        })
    }

    pub fn is_enabled(&self) -> bool {
        self.dir.is_some() || self.journal.is_some() || !self.handed_over.is_empty()
    }

    fn record(&self, key: Key, bytes: &[u8]) {
        lock(&self.used).insert(key);
        if let Some(journal) = &self.journal {
            lock(journal).insert(key, bytes.to_vec());
        }
    }

    /// A key for an entry of `kind`, to be completed with its inputs.
    pub fn key(kind: &str) -> KeyBuilder {
        KeyBuilder(Sha256::new())
            .part(FORMAT)
            .part(build_identity())
            .part(kind.as_bytes())
    }

    /// The entry under `key`, if one was stored and still decodes.
    pub fn get<T: DeserializeOwned>(&self, key: Key) -> Option<T> {
        let bytes = match self.handed_over.get(&key) {
            Some(bytes) => std::borrow::Cow::Borrowed(bytes),
            None => std::borrow::Cow::Owned(std::fs::read(self.entry_path(key)?).ok()?),
        };
        let value = postcard::from_bytes(&bytes).ok()?;
        self.record(key, &bytes);
        Some(value)
    }

    /// Stores `value` under `key`. Failing to write is not an error: the cache only
    /// saves time, and the next run recomputes what is missing.
    pub fn put<T: Serialize>(&self, key: Key, value: &T) {
        if !self.is_enabled() {
            return;
        }
        let Ok(bytes) = postcard::to_allocvec(value) else {
            return;
        };
        self.record(key, &bytes);
        if let (Some(dir), Some(path)) = (&self.dir, self.entry_path(key)) {
            let _ = self.prepare(dir).and_then(|()| write_entry(&path, &bytes));
        }
    }

    /// Deletes the entries this run did not use once they outnumber those it used: the
    /// cache stays within about twice what one run needs, yet a project checked
    /// alternately with two settings keeps both sets. Call after a whole run; what
    /// cannot be deleted stays, and entries being written (temporary names) are left.
    pub fn prune(&self) {
        let Some(dir) = &self.dir else {
            return;
        };
        let used = lock(&self.used);
        let mut stale = Vec::new();
        for shard in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let prefix = shard.file_name().to_string_lossy().into_owned();
            for entry in std::fs::read_dir(shard.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
                if Key::from_hex(&name).is_some_and(|key| !used.contains(&key)) {
                    stale.push(entry.path());
                }
            }
        }
        if stale.len() > used.len() {
            for path in stale {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    fn entry_path(&self, key: Key) -> Option<PathBuf> {
        let hex = crate::hash::hex(&key.0);
        Some(self.dir.as_ref()?.join(&hex[..2]).join(&hex[2..]))
    }

    /// Creates the directory with the markers that keep it out of backups and git.
    fn prepare(&self, dir: &Path) -> std::io::Result<()> {
        if dir.join("CACHEDIR.TAG").exists() {
            return Ok(());
        }
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join(".gitignore"), "# Created by claimcheck.\n*\n")?;
        std::fs::write(
            dir.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n\
             # This file is a cache directory tag created by claimcheck.\n",
        )
    }
}

/// The data behind `mutex`, even if a thread panicked holding it: the cache's sets
/// are only ever added to, so what they hold stays true.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes a whole entry or nothing: a temporary file renamed into place, so a
/// concurrent run never reads half an entry.
fn write_entry(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().expect("entries live in a directory");
    std::fs::create_dir_all(dir)?;
    let mut temporary = tempfile::NamedTempFile::new_in(dir)?;
    temporary.write_all(bytes)?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// What identifies this build of claimcheck: its version and a hash of the sources it
/// was built from (`build.rs`), the same on every machine that builds the same code,
/// so that shards built once can hand their entries to a merge elsewhere.
fn build_identity() -> &'static [u8] {
    concat!(env!("CARGO_PKG_VERSION"), "+", env!("CLAIMCHECK_BUILD_ID")).as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_found_under_its_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let key = Cache::key("test").part(b"input").finish();
        let other = Cache::key("test").part(b"inpu").part(b"t").finish();
        assert_ne!(key, other, "parts are length-prefixed");
        cache.put(key, &vec![1u32, 2, 3]);
        assert_eq!(cache.get::<Vec<u32>>(key), Some(vec![1, 2, 3]));
        assert_eq!(cache.get::<Vec<u32>>(other), None);
        assert!(dir.path().join(CACHE_DIR).join("CACHEDIR.TAG").exists());
    }

    #[test]
    fn a_corrupt_entry_is_absent() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let key = Cache::key("test").part(b"input").finish();
        cache.put(key, &String::from("a long enough text"));
        let path = cache.entry_path(key).unwrap();
        std::fs::write(&path, [0xff, 0xff, 0xff]).unwrap();
        assert_eq!(cache.get::<String>(key), None);
    }

    #[test]
    fn a_journal_hands_entries_to_another_run() {
        let shard = Cache::disabled().recording();
        let key = Cache::key("test").part(b"input").finish();
        shard.put(key, &7u32);
        let journal = shard.journal();
        assert_eq!(journal.len(), 1);
        let (key_hex, bytes) = (journal[0].0.to_hex(), journal[0].1.clone());
        let merge = Cache::disabled().with_entries([(Key::from_hex(&key_hex).unwrap(), bytes)]);
        assert_eq!(merge.get::<u32>(key), Some(7));
    }

    #[test]
    fn a_disabled_cache_stores_nothing() {
        let cache = Cache::disabled();
        let key = Cache::key("test").finish();
        cache.put(key, &1u8);
        assert_eq!(cache.get::<u8>(key), None);
    }
}
