//! Where a project's files are read from: the work tree on disk (through `safe_fs`),
//! or a git revision's blobs (`revision.rs`). Loading reads every file through a
//! `Tree`, so a revision is checked without writing it anywhere.

use std::path::PathBuf;

use super::walk::{WalkedFile, walk};
use crate::model::code::Code;
use crate::model::finding::Finding;
use crate::safe_fs::FsError;

/// Why a file of a tree could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Fs(#[from] FsError),
    #[error("the file is {size} bytes, over the limit of {limit}")]
    TooLarge { size: u64, limit: u64 },
    #[error("git cannot give the file: {0}")]
    Git(String),
}

/// The files of a project, by path relative to its root.
pub trait Tree: Sync {
    /// Every non-hidden file below `dir`, sorted by relative path; what cannot be read
    /// becomes a finding of `unreadable`.
    fn walk(&self, dir: &str, unreadable: Code, problems: &mut Vec<Finding>) -> Vec<WalkedFile>;

    /// The bytes of a file `walk` found, at most `limit`.
    fn read_walked(&self, file: &WalkedFile, limit: u64) -> Result<Vec<u8>, ReadError>;

    /// The bytes of the project file `relative` (at most `limit`), or `None` when the
    /// tree has no such file.
    fn read(&self, relative: &str, limit: u64) -> Result<Option<Vec<u8>>, ReadError>;

    /// Whether the files stay on disk, where a report may read them again later.
    fn is_on_disk(&self) -> bool;
}

/// The work tree on disk: links are followed only while they stay inside the root, and
/// only regular files of bounded size are read.
pub struct DiskTree {
    root: PathBuf,
}

impl DiskTree {
    /// The tree below `root`, which must be canonical.
    pub fn new(root: PathBuf) -> Self {
        Self { root }
    }
}

impl Tree for DiskTree {
    fn walk(&self, dir: &str, unreadable: Code, problems: &mut Vec<Finding>) -> Vec<WalkedFile> {
        walk(&self.root, dir, unreadable, problems)
    }

    fn read_walked(&self, file: &WalkedFile, limit: u64) -> Result<Vec<u8>, ReadError> {
        Ok(crate::safe_fs::read_bytes(
            &file.path,
            limit,
            crate::safe_fs::Links::Follow,
        )?)
    }

    fn read(&self, relative: &str, limit: u64) -> Result<Option<Vec<u8>>, ReadError> {
        Ok(crate::safe_fs::read_project_file(
            &self.root, relative, limit,
        )?)
    }

    fn is_on_disk(&self) -> bool {
        true
    }
}
