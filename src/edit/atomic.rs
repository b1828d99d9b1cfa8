//! Atomic writes: the new content goes to a temporary file beside the target, is synced,
//! and replaces the target in one rename, keeping its permissions. A crash at any point
//! leaves either the old file or the new one, never a mix.

use std::io::Write;
use std::path::Path;

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("`{0}` changed while claimcheck was editing it; nothing was written, run again")]
    ChangedMeanwhile(String),
    #[error("`{0}` appeared while claimcheck was creating it; nothing was written, run again")]
    CreatedMeanwhile(String),
    #[error("cannot write `{path}`: {error}")]
    Io { path: String, error: std::io::Error },
}

/// Replaces `path`, whose content was `expected` when read (`None`: it did not exist),
/// with `content`. Refuses when the file changed since it was read.
pub fn write_atomically(
    path: &Path,
    expected: Option<&[u8]>,
    content: &[u8],
) -> Result<(), WriteError> {
    let shown = path.display().to_string();
    let io = |error| WriteError::Io {
        path: shown.clone(),
        error,
    };
    let current = match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(io(error)),
    };
    match (expected, &current) {
        (Some(expected), Some(current)) if expected != current.as_slice() => {
            return Err(WriteError::ChangedMeanwhile(shown));
        }
        (Some(_), None) => return Err(WriteError::ChangedMeanwhile(shown)),
        (None, Some(_)) => return Err(WriteError::CreatedMeanwhile(shown)),
        _ => {}
    }
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut temporary = tempfile::Builder::new()
        .prefix(".claimcheck-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    temporary.write_all(content).map_err(io)?;
    if current.is_some() {
        let permissions = std::fs::metadata(path).map_err(io)?.permissions();
        temporary
            .as_file()
            .set_permissions(permissions)
            .map_err(io)?;
    }
    temporary.as_file().sync_all().map_err(io)?;
    if current.is_some() {
        temporary.persist(path).map_err(|error| io(error.error))?;
    } else {
        // Fails rather than replace a file created since the check above.
        temporary
            .persist_noclobber(path)
            .map_err(|error| io(error.error))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("claims.yaml");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, Some(b"old"), b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn refuses_when_the_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("claims.yaml");
        std::fs::write(&path, "edited meanwhile").unwrap();
        let error = write_atomically(&path, Some(b"as read"), b"new").unwrap_err();
        assert!(matches!(error, WriteError::ChangedMeanwhile(_)));
        assert_eq!(std::fs::read(&path).unwrap(), b"edited meanwhile");
        let error = write_atomically(&path, None, b"new").unwrap_err();
        assert!(matches!(error, WriteError::CreatedMeanwhile(_)));
    }
}
