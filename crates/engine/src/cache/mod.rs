//! The on-disk cache behind warm `check` runs: parsed claim files, and which pins of a
//! claim file were proven clean, each stored under a key that hashes everything the
//! entry was computed from (the file's bytes, the cited sources' bytes, the settings
//! that matter, and this very build of claimcheck).
//!
//! A pull request must not be able to forge a green check, so the cache lives outside
//! the work tree (the user's cache directory, one folder per project), never where a
//! commit can put files, and each file of entries carries a keyed BLAKE3 tag under a
//! random key kept beside the cache: entries planted or altered by anyone without that
//! key are ignored. Nothing inside the cache directory is followed through a symbolic link,
//! and pruning deletes only files that carry this cache's tag. The cache is safe to
//! delete at any time; unreadable, corrupt or unauthenticated entries are absent.
//!
//! Entries are kept in segments (`segment`), a file for each run that stored any, in
//! the project's folder (`store`); a run's new entries are written when it calls
//! [`Cache::save`] or [`Cache::prune`].

mod segment;
mod store;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::safe_fs::{Links, read_bytes};
use store::{Keep, Store};

/// The variable naming the cache directory (the default is the user's cache directory).
pub const CACHE_DIR_VARIABLE: &str = "CLAIMCHECK_CACHE_DIR";

/// Bumped whenever the layout of cached data changes, so old entries stop matching
/// even where the build identity below could not tell.
const FORMAT: &[u8] = b"claimcheck-cache-7";

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

    /// The key of part `index` of an entry kept in parts under this key.
    pub fn of_part(self, index: u32) -> Self {
        Cache::key("part")
            .part(&self.0)
            .part(&index.to_le_bytes())
            .finish()
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
                store: Some(Store::new(base.join("projects").join(project), secret)),
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
            Some(bytes) => bytes.as_slice(),
            None => self.store.as_ref()?.payload(key)?,
        };
        let value = postcard::from_bytes(bytes).ok()?;
        self.record(key, bytes);
        Some(value)
    }

    /// Stores `value` under `key`, for runs after this one's [`Self::save`] or
    /// [`Self::prune`]. Failing to write is not an error: the cache only saves time,
    /// and the next run recomputes what is missing.
    pub fn put<T: Serialize>(&self, key: Key, value: &T) {
        if !self.is_enabled() {
            return;
        }
        let Ok(bytes) = postcard::to_allocvec(value) else {
            return;
        };
        self.record(key, &bytes);
        if let Some(store) = &self.store {
            store.write(key, &bytes);
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

    /// Writes the entries this run stored, keeping every entry found. Call when a run
    /// that may not have read every entry it needs is done (a shard, an edit checked
    /// in the editor).
    pub fn save(&self) {
        if let Some(store) = &self.store {
            store.save(Keep::Everything);
        }
    }

    /// [`Self::save`], dropping the entries this run did not use once they outnumber
    /// those it used: the cache stays within about twice what one run needs, yet a
    /// project checked alternately with two settings keeps both sets. Call after a
    /// whole run. Only files this cache wrote are ever deleted.
    pub fn prune(&self) {
        let Some(store) = &self.store else {
            return;
        };
        let used = lock(&self.used);
        if store.unused_outnumber(&used) {
            store.save(Keep::Used(&used));
        } else {
            store.save(Keep::Everything);
        }
        store.delete_leftovers();
    }

    /// The keys of the entries stored for this project (before this run's are saved).
    pub fn stored_keys(&self) -> Vec<Key> {
        self.store.as_ref().map_or_else(Vec::new, Store::keys)
    }
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

    struct Run {
        _project: tempfile::TempDir,
        dir: tempfile::TempDir,
        root: PathBuf,
    }

    impl Run {
        fn new() -> Self {
            let project = tempfile::tempdir().unwrap();
            let root = project.path().canonicalize().unwrap();
            Self {
                _project: project,
                dir: tempfile::tempdir().unwrap(),
                root,
            }
        }

        /// A run's handle on the cache, as each `check` opens it.
        fn open(&self) -> Cache {
            Cache::open(&self.root, Some(self.dir.path())).unwrap()
        }

        /// The files in the project's folder.
        fn files(&self) -> Vec<PathBuf> {
            let projects = self.dir.path().join("projects");
            let mut files = Vec::new();
            for folder in std::fs::read_dir(projects).unwrap() {
                let entries = std::fs::read_dir(folder.unwrap().path()).unwrap();
                files.extend(entries.map(|entry| entry.unwrap().path()));
            }
            files.sort();
            files
        }

        /// A run that stored `value` under `key(1)`, saved.
        fn with_one_entry<T: Serialize>(value: &T) -> Self {
            let run = Self::new();
            let cache = run.open();
            cache.put(key(1), value);
            cache.save();
            run
        }

        fn folder(&self) -> PathBuf {
            let files = self.files();
            files[0].parent().unwrap().to_owned()
        }
    }

    fn key(n: u32) -> Key {
        Cache::key("test").part(&n.to_le_bytes()).finish()
    }

    #[test]
    fn an_entry_is_found_under_its_key_only_by_runs_after_the_save() {
        let run = Run::new();
        let key = Cache::key("test").part(b"input").finish();
        let other = Cache::key("test").part(b"inpu").part(b"t").finish();
        assert_ne!(key, other, "parts are length-prefixed");
        let cache = run.open();
        cache.put(key, &vec![1u32, 2, 3]);
        assert_eq!(run.open().get::<Vec<u32>>(key), None, "not saved yet");
        cache.save();
        let next = run.open();
        assert_eq!(next.get::<Vec<u32>>(key), Some(vec![1, 2, 3]));
        assert_eq!(next.get::<Vec<u32>>(other), None);
        assert!(run.dir.path().join("CACHEDIR.TAG").exists());
        assert_eq!(run.files().len(), 1, "one segment");
    }

    #[test]
    fn a_corrupt_or_forged_segment_is_absent() {
        let run = Run::with_one_entry(&String::from("a long enough text"));
        let path = run.files().remove(0);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, [0xff, 0xff, 0xff]).unwrap();
        assert_eq!(run.open().get::<String>(key(1)), None);
        // A payload changed, the tag kept: a forgery without the secret.
        let mut changed = bytes.clone();
        changed[bytes.len() / 2] ^= 1;
        std::fs::write(&path, &changed).unwrap();
        assert_eq!(run.open().get::<String>(key(1)), None);
        // A whole segment written under another cache's secret.
        let other = Run::with_one_entry(&String::from("a long enough text"));
        std::fs::copy(other.files().remove(0), &path).unwrap();
        assert_eq!(run.open().get::<String>(key(1)), None);
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(
            run.open().get::<String>(key(1)).as_deref(),
            Some("a long enough text")
        );
    }

    #[test]
    fn a_segment_planted_as_a_link_is_not_followed() {
        let run = Run::with_one_entry(&7u32);
        let path = run.files().remove(0);
        let elsewhere = tempfile::NamedTempFile::new().unwrap();
        std::fs::rename(&path, elsewhere.path()).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), &path).unwrap();
        assert_eq!(run.open().get::<u32>(key(1)), None);
        // Pruning leaves the link and what it points at alone.
        run.open().prune();
        assert!(std::fs::symlink_metadata(&path).unwrap().is_symlink());
        assert!(elsewhere.path().exists());
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
    fn segments_pile_up_to_a_bound_and_are_merged_keeping_every_entry() {
        let run = Run::new();
        for n in 0..20 {
            let cache = run.open();
            cache.put(key(n), &n);
            cache.save();
            assert!(run.files().len() <= store::MAX_SEGMENTS, "{n}");
        }
        let last = run.open();
        assert!((0..20).all(|n| last.get::<u32>(key(n)) == Some(n)));
        assert_eq!(last.stored_keys().len(), 20);
    }

    #[test]
    fn a_later_runs_entry_replaces_an_earlier_one() {
        let run = Run::new();
        for value in [1u32, 2] {
            let cache = run.open();
            cache.put(key(0), &value);
            cache.save();
        }
        assert_eq!(run.open().get::<u32>(key(0)), Some(2));
    }

    #[test]
    fn runs_saving_at_once_keep_each_others_entries() {
        let run = Run::new();
        let (first, second) = (run.open(), run.open());
        first.put(key(1), &1u32);
        second.put(key(2), &2u32);
        // Both looked at the folder before either saved; the second merges.
        assert_eq!(first.get::<u32>(key(9)), None);
        assert_eq!(second.get::<u32>(key(9)), None);
        first.save();
        second.prune();
        let next = run.open();
        assert_eq!(next.get::<u32>(key(1)), Some(1));
        assert_eq!(next.get::<u32>(key(2)), Some(2));
    }

    #[test]
    fn pruning_drops_unused_entries_once_they_outnumber_the_used_and_spares_kept_ones() {
        let run = Run::new();
        let cache = run.open();
        for n in 0..5 {
            cache.put(key(n), &n);
        }
        cache.save();
        // The next run reads one, keeps another (as a source's counts are kept): three
        // unused outnumber them.
        let next = run.open();
        assert_eq!(next.get::<u32>(key(0)), Some(0));
        next.keep(key(1));
        next.prune();
        let mut left = run.open().stored_keys();
        left.sort();
        let mut expected = vec![key(0), key(1)];
        expected.sort();
        assert_eq!(left, expected);
        assert_eq!(run.files().len(), 1);
        // Two unused of two used: not outnumbered, nothing dropped.
        let third = run.open();
        third.put(key(5), &5u32);
        third.put(key(6), &6u32);
        third.prune();
        assert_eq!(run.open().stored_keys().len(), 4);
    }

    #[test]
    fn pruning_deletes_only_files_of_this_cache() {
        let run = Run::with_one_entry(&1u32);
        let folder = run.folder();
        // An entry of the layout before segments, tagged by this cache: deleted.
        let secret = std::fs::read(run.dir.path().join("key")).unwrap();
        let secret: [u8; 32] = secret.try_into().unwrap();
        let legacy = folder.join(key(2).to_hex());
        let mut bytes = b"payload".to_vec();
        let tag = blake3::Hasher::new_keyed(&secret)
            .update(&key(2).0)
            .update(&bytes)
            .finalize();
        bytes.extend_from_slice(tag.as_bytes());
        std::fs::write(&legacy, bytes).unwrap();
        // Files named like entries or segments that are not this cache's: kept.
        let planted = [
            folder.join(key(3).to_hex()),
            folder.join(format!("{:020x}-0123456789abcdef.segment", 1)),
        ];
        for path in &planted {
            std::fs::write(path, b"not ours at all, but named like ours").unwrap();
        }
        for _ in 0..2 * store::MAX_SEGMENTS {
            let next = run.open();
            next.put(key(4), &4u32);
            next.prune();
        }
        assert!(!legacy.exists());
        assert!(planted.iter().all(|path| path.exists()));
    }

    #[test]
    fn pruning_deletes_segments_left_unfinished_an_hour_ago() {
        let run = Run::with_one_entry(&1u32);
        let folder = run.folder();
        let (stopped, writing) = (folder.join(".writing-stopped"), folder.join(".writing-now"));
        for path in [&stopped, &writing] {
            std::fs::write(path, b"half a segment").unwrap();
        }
        let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        std::fs::File::options()
            .write(true)
            .open(&stopped)
            .unwrap()
            .set_modified(hours_ago)
            .unwrap();
        run.open().prune();
        assert!(!stopped.exists());
        assert!(writing.exists());
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
        cache.save();
        assert_eq!(cache.get::<u8>(key), None);
    }
}
