//! `FileRegistry`: the text of every file read, by project-relative path, for
//! diagnostics that quote it and locations that count its lines.

use std::collections::BTreeMap;
use std::hash::BuildHasher;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, OnceLock};

use crate::model::location::{LineIndex, Location};

/// The largest claim file read, when loading and when read again for a snippet.
pub const MAX_CLAIM_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// What a file's bytes hashed to when they were read, to tell whether the file changed
/// before it is read again in the same run: foldhash, seeded for each run from the
/// operating system's random source. SHA-256 of every claim file was 5–7% of a cold
/// check, for a comparison no one can steer without the run's seed, and the run reads
/// the file again only to quote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint(u64);

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Self {
        static SEEDED: LazyLock<foldhash::fast::SeedableRandomState> = LazyLock::new(|| {
            // foldhash's own seed (from addresses) only if the system has no random
            // source to offer.
            let seed = getrandom::u64()
                .unwrap_or_else(|_| foldhash::fast::RandomState::default().hash_one(0u8));
            foldhash::fast::SeedableRandomState::with_seed(
                seed,
                foldhash::SharedSeed::global_random(),
            )
        });
        Self(SEEDED.hash_one(bytes))
    }
}

#[derive(Debug, Default)]
pub struct FileRegistry {
    files: BTreeMap<String, RegisteredFile>,
    /// Files read again from disk so far: at most once each, however many reports
    /// quote them.
    disk_reads: AtomicUsize,
}

#[derive(Debug)]
struct RegisteredFile {
    /// The path every location in the file shares.
    path: Arc<str>,
    /// The text: kept from the start, or read again on first use.
    content: OnceLock<Option<Arc<String>>>,
    /// Where its lines start, found the first time a location in it is asked for:
    /// most files read (every source) are never pointed into.
    lines: OnceLock<LineIndex>,
    /// For a file registered without its text: where it is, and what its bytes hashed
    /// to when it was read, so a file changed since is not quoted as if it were the
    /// one checked.
    on_disk: Option<(PathBuf, Fingerprint)>,
}

impl RegisteredFile {
    fn content(&self, disk_reads: &AtomicUsize) -> Option<&Arc<String>> {
        self.content
            .get_or_init(|| {
                let (path, fingerprint) = self.on_disk.as_ref()?;
                disk_reads.fetch_add(1, Ordering::Relaxed);
                let bytes = crate::safe_fs::read_bytes(
                    path,
                    MAX_CLAIM_FILE_BYTES,
                    crate::safe_fs::Links::Follow,
                )
                .ok()?;
                let text = super::utf8::text(bytes).ok()?;
                (Fingerprint::of(text.as_bytes()) == *fingerprint).then(|| Arc::new(text))
            })
            .as_ref()
    }
}

impl FileRegistry {
    /// Keeps `text` as the content of `path` and returns a shared handle to it.
    pub fn add(&mut self, path: &str, text: String) -> Arc<String> {
        let text = Arc::new(text);
        self.files.insert(
            path.to_owned(),
            RegisteredFile {
                path: Arc::from(path),
                content: OnceLock::from(Some(text.clone())),
                lines: OnceLock::new(),
                on_disk: None,
            },
        );
        text
    }

    /// Takes in the files `other` registered; where both have a path, `other`'s stays.
    pub fn absorb(&mut self, mut other: FileRegistry) {
        self.files.append(&mut other.files);
    }

    /// Registers `path` without keeping its text: it is read again from `absolute`
    /// when a report first needs it, and used only if its bytes still have
    /// `fingerprint`.
    pub fn add_on_disk(&mut self, path: &str, absolute: PathBuf, fingerprint: Fingerprint) {
        self.files.insert(
            path.to_owned(),
            RegisteredFile {
                path: Arc::from(path),
                content: OnceLock::new(),
                lines: OnceLock::new(),
                on_disk: Some((absolute, fingerprint)),
            },
        );
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        let text = self.files.get(path)?.content(&self.disk_reads)?;
        Some(text.as_str())
    }

    /// A shared handle to the text of `path`, for diagnostics that outlive a borrow.
    pub fn shared_text(&self, path: &str) -> Option<Arc<String>> {
        let text = self.files.get(path)?.content(&self.disk_reads)?;
        Some(text.clone())
    }

    /// How many registered files have been read again from disk.
    pub fn disk_reads(&self) -> usize {
        self.disk_reads.load(Ordering::Relaxed)
    }

    /// The location of `len` bytes at `offset` in the registered file `path`.
    pub fn locate(&self, path: &str, offset: usize, len: usize) -> Location {
        match self
            .files
            .get(path)
            .and_then(|file| Some((file, file.content(&self.disk_reads)?)))
        {
            Some((file, text)) => {
                let lines = file.lines.get_or_init(|| LineIndex::new(text));
                lines.locate(&file.path, text, offset, len)
            }
            None => Location::file(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_kept_on_disk_is_read_when_needed_and_only_if_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let (same, changed) = (
            dir.path().join("same.yaml"),
            dir.path().join("changed.yaml"),
        );
        for path in [&same, &changed] {
            std::fs::write(path, "a\nbc\n").unwrap();
        }
        let fingerprint = Fingerprint::of(b"a\nbc\n");
        let mut files = FileRegistry::default();
        files.add_on_disk("claims/same.yaml", same, fingerprint);
        files.add_on_disk("claims/changed.yaml", changed.clone(), fingerprint);
        // One byte edited, the length kept.
        std::fs::write(&changed, "a\nbd\n").unwrap();
        assert_eq!(files.text("claims/same.yaml"), Some("a\nbc\n"));
        assert_eq!(files.locate("claims/same.yaml", 3, 1).line, 2);
        // Not quoted as if it were the file checked: no text, a whole-file location.
        assert_eq!(files.text("claims/changed.yaml"), None);
        assert_eq!(files.locate("claims/changed.yaml", 3, 1).line, 1);
    }
}
