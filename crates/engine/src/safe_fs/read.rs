//! Reading: regular files only, size-limited before a byte is read, and (for project
//! files) inside the project after every link is resolved.

use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::FsError;

/// Whether a read may follow a symbolic link in the last component of its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Follow it (the caller has checked where it leads).
    Follow,
    /// Refuse it: for claimcheck's own files (cache entries, the lock), which are never links.
    Refuse,
}

/// Opens `path` for reading if it is a regular file, with its size when opened. The
/// open never blocks (a FIFO would otherwise wait for a writer forever) and never
/// makes a terminal ours.
pub fn open_regular(path: &Path, links: Links) -> Result<(File, u64), FsError> {
    let file = open_nonblocking(path, links).map_err(|error| FsError::io(path, error))?;
    // One `fstat` for both: asking again for the size was a system call a file, 2,000
    // of a check of 2,000 sources.
    let metadata = file.metadata().map_err(|error| FsError::io(path, error))?;
    let kind = metadata.file_type();
    if kind.is_file() {
        Ok((file, metadata.len()))
    } else {
        Err(FsError::NotRegular {
            path: path.to_owned(),
            kind: describe(kind),
        })
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path, links: Links) -> std::io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let mut flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    if links == Links::Refuse {
        flags |= OFlags::NOFOLLOW;
    }
    Ok(File::from(rustix::fs::open(path, flags, Mode::empty())?))
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path, links: Links) -> std::io::Result<File> {
    if links == Links::Refuse && std::fs::symlink_metadata(path)?.is_symlink() {
        return Err(std::io::Error::other("is a symbolic link"));
    }
    File::open(path)
}

/// What a file that is not regular is, in words.
fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// The bytes of the regular file at `path`, refusing more than `limit` bytes without
/// reading them (the size on disk first; a bounded read for files that grow meanwhile).
pub fn read_bytes(path: &Path, limit: u64, links: Links) -> Result<Vec<u8>, FsError> {
    let (file, size) = open_regular(path, links)?;
    let too_large = || FsError::TooLarge {
        path: path.to_owned(),
        limit,
    };
    if size > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| FsError::io(path, error))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// `root/relative` resolved through every link, if it stays inside `root` (itself
/// canonical). A path that does not exist is `NotFound`.
pub fn inside_project(root: &Path, relative: &str) -> Result<PathBuf, FsError> {
    let path = root.join(relative);
    let canonical = path
        .canonicalize()
        .map_err(|error| FsError::io(&path, error))?;
    if canonical.starts_with(root) {
        Ok(canonical)
    } else {
        Err(FsError::OutsideProject {
            path: relative.to_owned(),
        })
    }
}

/// The bytes of the project file `relative`, read through [`inside_project`] and
/// [`read_bytes`]; `Ok(None)` when it does not exist.
pub fn read_project_file(
    root: &Path,
    relative: &str,
    limit: u64,
) -> Result<Option<Vec<u8>>, FsError> {
    let path = match inside_project(root, relative) {
        Ok(path) => path,
        Err(error) if error.is_not_found() => return Ok(None),
        Err(error) => return Err(error),
    };
    read_bytes(&path, limit, Links::Follow).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let error = read_bytes(&fifo, 10, Links::Follow).unwrap_err();
        assert!(error.to_string().contains("named pipe"), "{error}");
    }

    #[test]
    fn a_device_is_refused_and_an_endless_file_is_never_read() {
        let error = read_bytes(Path::new("/dev/zero"), 10, Links::Follow).unwrap_err();
        assert!(error.to_string().contains("a device"), "{error}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, "0123456789").unwrap();
        assert!(matches!(
            read_bytes(&path, 9, Links::Follow),
            Err(FsError::TooLarge { .. })
        ));
        assert_eq!(read_bytes(&path, 10, Links::Follow).unwrap().len(), 10);
    }

    #[test]
    fn links_are_refused_where_asked_and_must_stay_inside_the_project() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s3cret").unwrap();
        let project = tempfile::tempdir().unwrap();
        let root = project.path().canonicalize().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.join("config")).unwrap();
        std::fs::write(root.join("real"), "ok").unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("inner")).unwrap();
        assert!(matches!(
            read_project_file(&root, "config", 100),
            Err(FsError::OutsideProject { .. })
        ));
        assert_eq!(
            read_project_file(&root, "inner", 100).unwrap().unwrap(),
            b"ok"
        );
        assert_eq!(read_project_file(&root, "absent", 100).unwrap(), None);
        assert!(read_bytes(&root.join("inner"), 100, Links::Refuse).is_err());
    }
}
