//! The project lock: one writer at a time. `pin --claim` and `fix` hold an exclusive
//! lock on `.claimcheck.lock` at the project root while they read and rewrite claim
//! files, so two runs cannot interleave their writes. The file is left in place (an
//! empty, hidden file); the lock itself is released when the process ends, even killed.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// Name of the lock file at the project root.
pub const LOCK_FILE: &str = ".claimcheck.lock";

/// A held project lock; dropping it releases the lock.
#[derive(Debug)]
pub struct ProjectLock {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another claimcheck is editing this project (it holds {LOCK_FILE}); run again when it has finished"
    )]
    Busy,
    #[error("{LOCK_FILE} is a link or not a regular file; delete it and run again")]
    NotRegular,
    #[error("cannot lock {LOCK_FILE}: {0}")]
    Io(#[from] std::io::Error),
}

impl ProjectLock {
    /// Takes the lock of the project at `root`, or says another run holds it.
    pub fn acquire(root: &Path) -> Result<Self, LockError> {
        let path = root.join(LOCK_FILE);
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).write(true);
        // A lock file planted as a link or a FIFO is refused, never followed or waited on.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(
            &mut options,
            (rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32,
        );
        let file = options.open(&path).map_err(|error| {
            if std::fs::symlink_metadata(&path).is_ok_and(|metadata| metadata.is_symlink()) {
                LockError::NotRegular
            } else {
                LockError::Io(error)
            }
        })?;
        if !file.metadata()?.is_file() {
            return Err(LockError::NotRegular);
        }
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(LockError::Busy),
            Err(TryLockError::Error(error)) => Err(LockError::Io(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_until_the_first_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let first = ProjectLock::acquire(dir.path()).unwrap();
        assert!(matches!(
            ProjectLock::acquire(dir.path()),
            Err(LockError::Busy)
        ));
        drop(first);
        assert!(ProjectLock::acquire(dir.path()).is_ok());
    }

    #[test]
    fn a_planted_lock_is_neither_followed_nor_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("created");
        std::os::unix::fs::symlink(&target, dir.path().join(LOCK_FILE)).unwrap();
        assert!(matches!(
            ProjectLock::acquire(dir.path()),
            Err(LockError::NotRegular)
        ));
        assert!(!target.exists());
        std::fs::remove_file(dir.path().join(LOCK_FILE)).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            dir.path().join(LOCK_FILE),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        assert!(ProjectLock::acquire(dir.path()).is_err());
    }
}
