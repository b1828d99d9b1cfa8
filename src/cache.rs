//! The on-disk cache behind warm `check` runs: parsed claim files, and which pins of a
//! claim file were proven clean, each stored under a key that hashes everything the
//! entry was computed from (the file's bytes, the cited sources' bytes, the settings
//! that matter, and this very build of claimcheck). An entry is never trusted when
//! any of those changed, because its key no longer matches; the cache is safe to
//! delete at any time, and unreadable or corrupt entries are treated as absent.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

/// The cache directory, at the project root.
pub const CACHE_DIR: &str = ".claimcheck-cache";

/// Bumped whenever the layout of cached data changes, so old entries stop matching
/// even where the build identity below could not tell.
const FORMAT: &[u8] = b"claimcheck-cache-1";

/// A handle to the cache of one project, or a disabled one that stores nothing.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
}

/// The key of one entry: a SHA-256 over its kind and inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key([u8; 32]);

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
        }
    }

    /// A cache that finds nothing and stores nothing (`--no-cache`).
    pub fn disabled() -> Self {
        Self { dir: None }
    }

    pub fn is_enabled(&self) -> bool {
        self.dir.is_some()
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
        let bytes = std::fs::read(self.entry_path(key)?).ok()?;
        postcard::from_bytes(&bytes).ok()
    }

    /// Stores `value` under `key`. Failing to write is not an error: the cache only
    /// saves time, and the next run recomputes what is missing.
    pub fn put<T: Serialize>(&self, key: Key, value: &T) {
        let (Some(dir), Some(path)) = (&self.dir, self.entry_path(key)) else {
            return;
        };
        let Ok(bytes) = postcard::to_allocvec(value) else {
            return;
        };
        let _ = self.prepare(dir).and_then(|()| write_entry(&path, &bytes));
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

/// What identifies this build of claimcheck: its version, and the size and time of its
/// executable, so that a rebuilt binary never trusts entries an older build wrote.
fn build_identity() -> &'static [u8] {
    static IDENTITY: OnceLock<Vec<u8>> = OnceLock::new();
    IDENTITY.get_or_init(|| {
        let mut identity = env!("CARGO_PKG_VERSION").as_bytes().to_vec();
        if let Some(metadata) = std::env::current_exe()
            .ok()
            .and_then(|exe| std::fs::metadata(exe).ok())
        {
            identity.extend(metadata.len().to_le_bytes());
            if let Ok(since) = metadata
                .modified()
                .map(|time| time.duration_since(std::time::UNIX_EPOCH))
                && let Ok(since) = since
            {
                identity.extend(since.as_nanos().to_le_bytes());
            }
        }
        identity
    })
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
    fn a_disabled_cache_stores_nothing() {
        let cache = Cache::disabled();
        let key = Cache::key("test").finish();
        cache.put(key, &1u8);
        assert_eq!(cache.get::<u8>(key), None);
    }
}
