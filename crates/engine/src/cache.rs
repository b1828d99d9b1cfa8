//! The on-disk cache behind warm `check` runs: parsed claim files, and which pins of a
//! claim file were proven clean, each stored under a key that hashes everything the
//! entry was computed from (the file's bytes, the cited sources' bytes, the settings
//! that matter, and this very build of claimcheck).
//!
//! A pull request must not be able to forge a green check, so the cache lives outside
//! the work tree (the user's cache directory, one folder per project), never where a
//! commit can put files, and each entry carries a keyed BLAKE3 tag under a random key
//! kept beside the cache: an entry planted or altered by anyone without that key is
//! ignored. Nothing inside the cache directory is followed through a symbolic link,
//! and pruning deletes only entries that carry this cache's tag. The cache is safe to
//! delete at any time; unreadable, corrupt or unauthenticated entries are absent.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::safe_fs::{Links, read_bytes};

/// The variable naming the cache directory (the default is the user's cache directory).
pub const CACHE_DIR_VARIABLE: &str = "CLAIMCHECK_CACHE_DIR";

/// The largest entry read back: a parsed claim file is about the size of the file.
const MAX_ENTRY_BYTES: u64 = 1 << 30;

/// The length of an entry's authentication tag.
const TAG_BYTES: usize = 32;

/// Bumped whenever the layout of cached data changes, so old entries stop matching
/// even where the build identity below could not tell.
const FORMAT: &[u8] = b"claimcheck-cache-6";

/// A handle to the cache of one project, or a disabled one that stores nothing.
#[derive(Debug, Default)]
pub struct Cache {
    /// This project's folder in the cache directory, and the cache's secret key.
    store: Option<Store>,
    /// Entries handed over by the shards of a partitioned run, consulted first.
    handed_over: HashMap<Key, Vec<u8>>,
    /// Every entry this run read or wrote, when a shard must hand them on.
    journal: Option<Mutex<BTreeMap<Key, Vec<u8>>>>,
    /// The keys this run read or wrote, which pruning keeps.
    used: Mutex<HashSet<Key>>,
}

#[derive(Debug)]
struct Store {
    dir: PathBuf,
    secret: [u8; 32],
    /// Whether `dir` was made (and found to be a directory), on the first write.
    dir_made: OnceLock<bool>,
}

/// Why the cache directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error(
        "the cache directory `{}` is inside the project, where a commit could plant entries; \
         name one outside it with --cache-dir or {CACHE_DIR_VARIABLE}", .0.display()
    )]
    InsideProject(PathBuf),
}

/// The key of one entry: a BLAKE3 hash over its kind and inputs. Keys, tags and the
/// claim files' digests in them are BLAKE3, not the SHA-256 of pins: nothing outside
/// the cache reads them, and SHA-256 of every claim file and entry was a sixth of a
/// warm run (BLAKE3 hashes 440 KB four times as fast here: 7.7 against 1.9 GB/s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key([u8; 32]);

impl Key {
    pub fn to_hex(self) -> String {
        crate::hash::hex(&self.0)
    }

    pub fn from_hex(hex: &str) -> Option<Self> {
        crate::hash::array_from_hex(hex).map(Key)
    }
}

/// Builds a key from the parts an entry depends on; each part is length-prefixed, so
/// no two different sequences of parts hash the same bytes. The parts are gathered and
/// hashed in one call: a key over a claim file's thousand cited sources is two
/// thousand parts of a few bytes, which BLAKE3 took a 64-byte block at a time, where
/// in one call it hashes sixteen of its 1 KiB chunks at once.
pub struct KeyBuilder(Vec<u8>);

impl KeyBuilder {
    pub fn part(mut self, bytes: &[u8]) -> Self {
        self.0
            .extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
        self
    }

    pub fn finish(self) -> Key {
        Key(*blake3::hash(&self.0).as_bytes())
    }
}

impl Cache {
    /// The cache of the project at `root` (canonical) in `cache_dir`, or in the user's
    /// cache directory when none is named. A cache directory inside the project is
    /// refused; one that cannot be set up (no home, no permission) only costs time,
    /// so the run goes on without a cache.
    pub fn open(root: &Path, cache_dir: Option<&Path>) -> Result<Self, CacheError> {
        let Some(base) = cache_dir.map(Path::to_owned).or_else(|| {
            use etcetera::BaseStrategy as _;
            let strategy = etcetera::choose_base_strategy().ok()?;
            Some(strategy.cache_dir().join("claimcheck"))
        }) else {
            return Ok(Self::disabled());
        };
        let base = std::path::absolute(&base).unwrap_or(base);
        if resolved(&base).starts_with(root) {
            return Err(CacheError::InsideProject(base));
        }
        let project = crate::hash::hex(
            &crate::hash::content_digest(root.as_os_str().as_encoded_bytes())[..16],
        );
        Ok(match secret(&base) {
            Ok(secret) => Self {
                store: Some(Store {
                    dir: base.join("projects").join(project),
                    secret,
                    dir_made: OnceLock::new(),
                }),
                ..Self::default()
            },
            Err(_) => Self::disabled(),
        })
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
        self.store.is_some() || self.journal.is_some() || !self.handed_over.is_empty()
    }

    fn record(&self, key: Key, bytes: &[u8]) {
        lock(&self.used).insert(key);
        if let Some(journal) = &self.journal {
            lock(journal).insert(key, bytes.to_vec());
        }
    }

    /// A key for an entry of `kind`, to be completed with its inputs.
    pub fn key(kind: &str) -> KeyBuilder {
        KeyBuilder(Vec::with_capacity(256))
            .part(FORMAT)
            .part(build_identity())
            .part(kind.as_bytes())
    }

    /// The entry under `key`, if one was stored, is authentic and still decodes.
    pub fn get<T: DeserializeOwned>(&self, key: Key) -> Option<T> {
        let bytes = match self.handed_over.get(&key) {
            Some(bytes) => std::borrow::Cow::Borrowed(bytes),
            None => std::borrow::Cow::Owned(self.store.as_ref()?.read(key)?),
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
        if let Some(store) = &self.store {
            let _ = store.write(key, &bytes);
        }
    }

    /// Marks the entry under `key`, if there is one, as needed though this run did not
    /// read it (a source's quote counts, read only when one of its pins changes), so
    /// that [`Self::prune`] keeps it.
    pub fn keep(&self, key: Key) {
        if self.is_enabled() {
            lock(&self.used).insert(key);
        }
    }

    /// Deletes the entries this run did not use once they outnumber those it used: the
    /// cache stays within about twice what one run needs, yet a project checked
    /// alternately with two settings keeps both sets. Call after a whole run; what
    /// cannot be deleted stays, and only entries this cache wrote are ever deleted.
    pub fn prune(&self) {
        let Some(store) = &self.store else {
            return;
        };
        let used = lock(&self.used);
        let stale: Vec<PathBuf> = store
            .entries()
            .into_iter()
            .filter(|(key, _)| !used.contains(key))
            .map(|(_, path)| path)
            .collect();
        if stale.len() > used.len() {
            for path in stale {
                if store.read_path(&path, None).is_some() {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }

    #[cfg(test)]
    fn entry_path(&self, key: Key) -> Option<PathBuf> {
        Some(self.store.as_ref()?.entry_path(key))
    }
}

impl Store {
    /// Entries lie side by side in the project's folder: sharded into folders by their
    /// first two digits, a first run made a folder for nearly every entry (80 of 103,
    /// a sixth of a millisecond each here), and a project has hundreds of entries, not
    /// millions.
    fn entry_path(&self, key: Key) -> PathBuf {
        self.dir.join(key.to_hex())
    }

    /// The tag of an entry: BLAKE3 in its keyed mode (a MAC) over its key and payload,
    /// under the cache's secret.
    fn tag(&self, key: Key, payload: &[u8]) -> blake3::Hash {
        blake3::Hasher::new_keyed(&self.secret)
            .update(&key.0)
            .update(payload)
            .finalize()
    }

    fn read(&self, key: Key) -> Option<Vec<u8>> {
        self.read_path(&self.entry_path(key), Some(key))
    }

    /// The payload of the entry at `path` if its tag verifies (for `key`, or for the
    /// key its file name spells).
    fn read_path(&self, path: &Path, key: Option<Key>) -> Option<Vec<u8>> {
        let key = match key {
            Some(key) => key,
            None => key_of(path)?,
        };
        let mut bytes = read_bytes(path, MAX_ENTRY_BYTES, Links::Refuse).ok()?;
        let payload_len = bytes.len().checked_sub(TAG_BYTES)?;
        let recorded = blake3::Hash::from_slice(&bytes[payload_len..]).ok()?;
        // `blake3::Hash` compares in constant time: the check leaks nothing of the tag.
        if self.tag(key, &bytes[..payload_len]) != recorded {
            return None;
        }
        bytes.truncate(payload_len);
        Some(bytes)
    }

    /// Writes a whole entry or nothing: a temporary file renamed into place (a rename
    /// replaces a planted link rather than following it), so a concurrent run never
    /// reads half an entry.
    fn write(&self, key: Key, payload: &[u8]) -> std::io::Result<()> {
        if !*self.dir_made.get_or_init(|| private_dir(&self.dir).is_ok()) {
            return Err(std::io::Error::other("the cache's folder cannot be made"));
        }
        let path = self.entry_path(key);
        let mut temporary = tempfile::NamedTempFile::new_in(&self.dir)?;
        temporary.write_all(payload)?;
        temporary.write_all(self.tag(key, payload).as_bytes())?;
        temporary.persist(&path).map_err(|error| error.error)?;
        Ok(())
    }

    /// Every entry file with its key: regular files whose names spell a key (not
    /// links, not a write's temporary file).
    fn entries(&self) -> Vec<(Key, PathBuf)> {
        std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
            .filter_map(|entry| {
                let path = entry.path();
                Some((key_of(&path)?, path))
            })
            .collect()
    }
}

/// The key an entry's file name spells.
fn key_of(path: &Path) -> Option<Key> {
    Key::from_hex(path.file_name()?.to_str()?)
}

/// `path` with every link in its existing part resolved (the part not yet created
/// appended as is), to tell whether it lies inside the project.
fn resolved(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return path.to_owned(),
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_owned());
    resolved.extend(rest.into_iter().rev());
    resolved
}

/// Creates `dir` and its parents readable by the user alone, and makes sure `dir` is
/// a directory and not a link to one.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    if std::fs::symlink_metadata(dir)?.is_dir() {
        Ok(())
    } else {
        Err(std::io::Error::other("not a directory"))
    }
}

/// The cache's secret key, in `base/key`: made from the system's random source the
/// first time, readable by the user alone, never read through a link. The cache
/// directory is then marked with a `CACHEDIR.TAG`, so backups leave it out.
fn secret(base: &Path) -> std::io::Result<[u8; 32]> {
    private_dir(base)?;
    let path = base.join("key");
    let read_key = || -> std::io::Result<[u8; 32]> {
        read_bytes(&path, 32, Links::Refuse)
            .map_err(|error| std::io::Error::other(error.to_string()))?
            .try_into()
            .map_err(|_| std::io::Error::other("a cache key must be 32 bytes"))
    };
    if std::fs::symlink_metadata(&path).is_ok() {
        return read_key();
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|error| std::io::Error::other(error.to_string()))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(&path) {
        Ok(mut file) => file.write_all(&secret)?,
        // Another run made it first: use that one.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => return read_key(),
        Err(error) => return Err(error),
    }
    if std::fs::symlink_metadata(base.join("CACHEDIR.TAG")).is_err() {
        let _ = crate::safe_fs::write_output_file(
            base,
            Path::new("CACHEDIR.TAG"),
            b"Signature: 8a477f597d28d172789f06886806bc55\n\
              # This file is a cache directory tag created by claimcheck.\n",
        );
    }
    Ok(secret)
}

/// The data behind `mutex`, even if a thread panicked holding it: the cache's sets
/// are only ever added to, so what they hold stays true.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
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

    fn cache() -> (tempfile::TempDir, tempfile::TempDir, Cache) {
        let project = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = project.path().canonicalize().unwrap();
        let cache = Cache::open(&root, Some(dir.path())).unwrap();
        (project, dir, cache)
    }

    #[test]
    fn an_entry_is_found_under_its_key_only() {
        let (_project, dir, cache) = cache();
        let key = Cache::key("test").part(b"input").finish();
        let other = Cache::key("test").part(b"inpu").part(b"t").finish();
        assert_ne!(key, other, "parts are length-prefixed");
        cache.put(key, &vec![1u32, 2, 3]);
        assert_eq!(cache.get::<Vec<u32>>(key), Some(vec![1, 2, 3]));
        assert_eq!(cache.get::<Vec<u32>>(other), None);
        assert!(dir.path().join("CACHEDIR.TAG").exists());
    }

    #[test]
    fn a_corrupt_or_forged_entry_is_absent() {
        let (_project, _dir, cache) = cache();
        let key = Cache::key("test").part(b"input").finish();
        cache.put(key, &String::from("a long enough text"));
        let path = cache.entry_path(key).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, [0xff, 0xff, 0xff]).unwrap();
        assert_eq!(cache.get::<String>(key), None);
        // The payload changed, the tag kept: a forgery without the secret.
        bytes[1] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(cache.get::<String>(key), None);
        // A valid payload with a tag made under another key.
        let (_p, _d, other) = self::cache();
        other.put(key, &String::from("a long enough text"));
        std::fs::copy(other.entry_path(key).unwrap(), &path).unwrap();
        assert_eq!(cache.get::<String>(key), None);
        // An authentic entry moved under another key: the tag covers the key too.
        let moved = Cache::key("test").part(b"other input").finish();
        cache.put(key, &String::from("a long enough text"));
        std::fs::copy(&path, cache.entry_path(moved).unwrap()).unwrap();
        assert_eq!(
            cache.get::<String>(key).as_deref(),
            Some("a long enough text")
        );
        assert_eq!(cache.get::<String>(moved), None);
    }

    #[test]
    fn an_entry_planted_as_a_link_is_not_followed() {
        let (_project, _dir, cache) = cache();
        let key = Cache::key("test").part(b"input").finish();
        cache.put(key, &7u32);
        let path = cache.entry_path(key).unwrap();
        let elsewhere = tempfile::NamedTempFile::new().unwrap();
        std::fs::rename(&path, elsewhere.path()).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), &path).unwrap();
        assert_eq!(cache.get::<u32>(key), None);
    }

    #[test]
    fn a_cache_directory_inside_the_project_is_refused() {
        let project = tempfile::tempdir().unwrap();
        let root = project.path().canonicalize().unwrap();
        for inside in [
            root.join(".claimcheck-cache"),
            root.clone(),
            root.join("a/b"),
        ] {
            assert!(matches!(
                Cache::open(&root, Some(&inside)),
                Err(CacheError::InsideProject(_))
            ));
        }
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&root, outside.path().join("link")).unwrap();
        assert!(Cache::open(&root, Some(&outside.path().join("link/cache"))).is_err());
    }

    #[test]
    fn pruning_deletes_only_entries_of_this_cache() {
        let (_project, dir, cache) = cache();
        let stranger = dir.path().join("projects");
        let planted: Vec<PathBuf> = (0..3)
            .map(|n| {
                let key = Cache::key("test").part(&[n]).finish().to_hex();
                let folder = cache.store.as_ref().unwrap().dir.join(&key[..2]);
                std::fs::create_dir_all(&folder).unwrap();
                let path = folder.join(&key[2..]);
                std::fs::write(&path, b"not ours at all, but named like an entry").unwrap();
                path
            })
            .collect();
        cache.prune();
        assert!(planted.iter().all(|path| path.exists()));
        assert!(stranger.exists());
    }

    #[test]
    fn pruning_spares_the_entries_a_run_keeps() {
        let (project, dir, cache) = cache();
        let keys: Vec<Key> = (0..3u8)
            .map(|n| Cache::key("test").part(&[n]).finish())
            .collect();
        for key in &keys {
            cache.put(*key, &u32::from(key.0[0]));
        }
        drop(cache);
        // The next run reads none of them and keeps the first.
        let root = project.path().canonicalize().unwrap();
        let next = Cache::open(&root, Some(dir.path())).unwrap();
        next.keep(keys[0]);
        next.prune();
        let path = |key: Key| next.entry_path(key).unwrap();
        assert!(path(keys[0]).exists());
        assert!(!path(keys[1]).exists() && !path(keys[2]).exists());
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
