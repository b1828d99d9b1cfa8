//! `FileRegistry`: the text of every file read, by project-relative path, for
//! diagnostics that quote it and locations that count its lines.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use crate::model::location::{LineIndex, Location};

/// The largest claim file read, when loading and when read again for a snippet.
pub const MAX_CLAIM_FILE_BYTES: u64 = 256 * 1024 * 1024;

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
    on_disk: Option<(PathBuf, [u8; 32])>,
}

impl RegisteredFile {
    fn content(&self, disk_reads: &AtomicUsize) -> Option<&Arc<String>> {
        self.content
            .get_or_init(|| {
                let (path, digest) = self.on_disk.as_ref()?;
                disk_reads.fetch_add(1, Ordering::Relaxed);
                let bytes = crate::safe_fs::read_bytes(
                    path,
                    MAX_CLAIM_FILE_BYTES,
                    crate::safe_fs::Links::Follow,
                )
                .ok()?;
                let text = super::utf8::text(bytes).ok()?;
                (crate::hash::sha256(text.as_bytes()) == *digest).then(|| Arc::new(text))
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
    /// when a report first needs it, and used only if it still hashes to `digest`.
    pub fn add_on_disk(&mut self, path: &str, absolute: PathBuf, digest: [u8; 32]) {
        self.files.insert(
            path.to_owned(),
            RegisteredFile {
                path: Arc::from(path),
                content: OnceLock::new(),
                lines: OnceLock::new(),
                on_disk: Some((absolute, digest)),
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
        let digest = crate::hash::sha256(b"a\nbc\n");
        let mut files = FileRegistry::default();
        files.add_on_disk("claims/same.yaml", same, digest);
        files.add_on_disk("claims/changed.yaml", changed.clone(), digest);
        std::fs::write(&changed, "a\nbc\nedited since\n").unwrap();
        assert_eq!(files.text("claims/same.yaml"), Some("a\nbc\n"));
        assert_eq!(files.locate("claims/same.yaml", 3, 1).line, 2);
        // Not quoted as if it were the file checked: no text, a whole-file location.
        assert_eq!(files.text("claims/changed.yaml"), None);
        assert_eq!(files.locate("claims/changed.yaml", 3, 1).line, 1);
    }
}
