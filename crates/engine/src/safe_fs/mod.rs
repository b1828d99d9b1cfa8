//! The one checked path for every file claimcheck reads or writes. Everything a pull
//! request can commit is hostile, so: regular files only (a FIFO, a device or a socket
//! is refused without blocking), a size limit before a byte is read, project files
//! inside the project after every link is resolved, and writes that never follow a
//! planted link, never lose an edit saved meanwhile, and respect the file's mode.

mod read;
mod write;

use std::path::{Path, PathBuf};

pub use read::{Links, inside_project, open_regular, read_bytes, read_project_file};
pub use write::{new_file_mode, resolve_for_write, write_atomically, write_output_file};

/// Writes the project file `relative` (inside the canonical `root`) through
/// [`resolve_for_write`] and [`write_atomically`]: the one way project files change.
pub fn write_project_file(
    root: &Path,
    relative: &str,
    expected: Option<&[u8]>,
    content: &[u8],
) -> Result<PathBuf, FsError> {
    let target = resolve_for_write(root, Path::new(relative))?;
    write_atomically(&target, expected, content)?;
    Ok(target)
}

/// Why a file was not read or written. Messages name the file and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    #[error("`{}` is {kind}; claimcheck reads and writes regular files only", .path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("`{}` is larger than the limit of {limit} bytes ({} MiB)", .path.display(), .limit / (1024 * 1024))]
    TooLarge { path: PathBuf, limit: u64 },
    #[error(
        "`{path}` leads outside the project; claimcheck reads and writes project files only inside the project"
    )]
    OutsideProject { path: String },
    #[error("`{}` is read-only (mode {mode:o}); make it writable (`chmod u+w`) for claimcheck to edit it", .path.display())]
    ReadOnly { path: PathBuf, mode: u32 },
    #[error("`{}` changed while claimcheck was editing it; nothing was written, run again", .0.display())]
    ChangedMeanwhile(PathBuf),
    #[error("`{}` appeared while claimcheck was creating it; nothing was written, run again", .0.display())]
    CreatedMeanwhile(PathBuf),
    #[error("cannot access `{}`: {error}", .path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl FsError {
    fn io(path: &Path, error: std::io::Error) -> Self {
        Self::Io {
            path: path.to_owned(),
            error,
        }
    }

    /// Whether the file simply does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io { error, .. } if error.kind() == std::io::ErrorKind::NotFound)
    }
}
