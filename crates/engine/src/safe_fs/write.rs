//! Writing: a whole file or nothing, never through a planted link, never over an edit
//! made meanwhile. The new content goes to a temporary file beside the target and is
//! swapped in; on Linux the swap is one `renameat2(RENAME_EXCHANGE)`, after which the
//! file that was swapped out is compared with what claimcheck read (twice, a moment
//! apart), and swapped back if anyone changed it in between. A crash at any point
//! leaves the old file or the new one, never a mix.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use super::FsError;
use super::read::{Links, read_bytes};

/// Claim files and outputs are text a person can read; nothing claimcheck writes is
/// larger than this, and nothing larger is read back for a comparison.
const MAX_COMPARED_BYTES: u64 = 1 << 30;

/// Where `relative` (inside the canonical `root`) is written: an existing file's own
/// place, or (for a symbolic link that stays inside the project) the file it leads
/// to; for a new file, its directory, whose missing parts are created one by one
/// without following any link. Anything else is refused.
pub fn resolve_for_write(root: &Path, relative: &Path) -> Result<PathBuf, FsError> {
    let shown = || relative.display().to_string();
    if relative
        .components()
        .any(|component| !matches!(component, Component::Normal(_)))
    {
        return Err(FsError::OutsideProject { path: shown() });
    }
    let path = root.join(relative);
    match std::fs::symlink_metadata(&path) {
        Ok(metadata) if metadata.is_file() || metadata.is_symlink() => {
            let canonical = path.canonicalize().map_err(|_| FsError::NotRegular {
                path: path.clone(),
                kind: "a link that leads nowhere",
            })?;
            if !canonical.starts_with(root) {
                return Err(FsError::OutsideProject { path: shown() });
            }
            Ok(canonical)
        }
        Ok(metadata) => Err(FsError::NotRegular {
            path,
            kind: if metadata.is_dir() {
                "a directory"
            } else {
                "not a regular file"
            },
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let parent = relative.parent().unwrap_or(Path::new(""));
            let dir = create_dirs_inside(root, parent).map_err(|error| match error {
                FsError::OutsideProject { .. } => FsError::OutsideProject { path: shown() },
                other => other,
            })?;
            Ok(dir.join(relative.file_name().unwrap_or_default()))
        }
        Err(error) => Err(FsError::io(&path, error)),
    }
}

/// The canonical directory `root/relative`, created where missing: an existing part may
/// be a link only if it leads inside `root`; a created part is a plain directory.
fn create_dirs_inside(root: &Path, relative: &Path) -> Result<PathBuf, FsError> {
    let mut dir = root.to_owned();
    for part in relative.components() {
        let next = dir.join(part);
        match std::fs::create_dir(&next) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(FsError::io(&next, error)),
        }
        dir = next
            .canonicalize()
            .map_err(|error| FsError::io(&next, error))?;
        if !dir.starts_with(root) || !dir.is_dir() {
            return Err(FsError::OutsideProject {
                path: relative.display().to_string(),
            });
        }
    }
    Ok(dir)
}

/// Replaces the file at `path` (resolved by [`resolve_for_write`] or an output path the
/// user named), whose content was `expected` when read (`None`: it did not exist), with
/// `content`. Refuses when the file changed since it was read, when it is read-only, or
/// when it is not a regular file. A new file gets the permissions the umask allows.
pub fn write_atomically(
    path: &Path,
    expected: Option<&[u8]>,
    content: &[u8],
) -> Result<(), FsError> {
    let current = current_content(path)?;
    match (expected, &current) {
        (Some(expected), Some((current, _))) if expected != current.as_slice() => {
            return Err(FsError::ChangedMeanwhile(path.to_owned()));
        }
        (Some(_), None) => return Err(FsError::ChangedMeanwhile(path.to_owned())),
        (None, Some(_)) => return Err(FsError::CreatedMeanwhile(path.to_owned())),
        _ => {}
    }
    let io = |error| FsError::io(path, error);
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".claimcheck-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    temporary.write_all(content).map_err(io)?;
    let mode = match &current {
        Some((_, mode)) => *mode,
        None => new_file_mode(),
    };
    set_mode(temporary.as_file(), mode).map_err(io)?;
    temporary.as_file().sync_all().map_err(io)?;
    match expected {
        Some(expected) => swap_in(temporary, path, expected),
        // Fails rather than replace a file created since the check above.
        None => temporary
            .persist_noclobber(path)
            .map(drop)
            .map_err(|error| io(error.error)),
    }
}

/// The content and permission bits of `path` if it is a writable regular file (a
/// link is never followed: the caller resolved it), or `None` if it does not exist.
fn current_content(path: &Path) -> Result<Option<(Vec<u8>, u32)>, FsError> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(FsError::io(path, error)),
    };
    let mode = permission_bits(&metadata);
    if metadata.is_file() && mode & 0o200 == 0 {
        return Err(FsError::ReadOnly {
            path: path.to_owned(),
            mode,
        });
    }
    let bytes = read_bytes(path, MAX_COMPARED_BYTES, Links::Refuse)?;
    Ok(Some((bytes, mode)))
}

/// Puts `temporary` in the place of `path` and makes sure what it replaced was
/// `expected`: an edit saved by another program between the comparison and the swap
/// is swapped back into place rather than lost.
#[cfg(target_os = "linux")]
fn swap_in(
    temporary: tempfile::NamedTempFile,
    path: &Path,
    expected: &[u8],
) -> Result<(), FsError> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    let io = |error| FsError::io(path, error);
    let (file, temporary_path) = temporary.into_parts();
    drop(file);
    let exchange = || renameat_with(CWD, &*temporary_path, CWD, path, RenameFlags::EXCHANGE);
    match exchange() {
        Ok(()) => {}
        // A file system without the exchange (some network ones): the plain rename.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {
            return temporary_path
                .persist(path)
                .map_err(|error| io(error.error));
        }
        Err(error) => return Err(io(error.into())),
    }
    // `temporary_path` now names the file that was in place until the swap.
    let holds_expected = || {
        read_bytes(&temporary_path, MAX_COMPARED_BYTES, Links::Refuse)
            .as_deref()
            .ok()
            == Some(expected)
    };
    // Looked at twice: an editor saving in place may have found the old file by its
    // name just before the swap and truncate it just after the first look (inside one
    // `open`, preempted on a busy machine); it is given a moment to show. The test
    // `an_edit_saved_while_fix_runs_is_never_lost` lost such an edit once in about
    // 3,000 races before.
    if holds_expected() {
        std::thread::sleep(SECOND_LOOK_AFTER);
        if holds_expected() {
            return Ok(()); // the temporary path, deleted on drop, holds the old content
        }
    }
    exchange().map_err(|error| io(error.into()))?;
    Err(FsError::ChangedMeanwhile(path.to_owned()))
}

/// How long after the swap the replaced file is looked at again.
#[cfg(target_os = "linux")]
const SECOND_LOOK_AFTER: std::time::Duration = std::time::Duration::from_millis(2);

#[cfg(not(target_os = "linux"))]
fn swap_in(
    temporary: tempfile::NamedTempFile,
    path: &Path,
    _expected: &[u8],
) -> Result<(), FsError> {
    // Without an atomic exchange the comparison before the rename is all there is.
    temporary
        .persist(path)
        .map(drop)
        .map_err(|error| FsError::io(path, error.error))
}

#[cfg(unix)]
fn permission_bits(metadata: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn permission_bits(metadata: &std::fs::Metadata) -> u32 {
    if metadata.permissions().readonly() {
        0o444
    } else {
        0o644
    }
}

#[cfg(unix)]
fn set_mode(file: &std::fs::File, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_file: &std::fs::File, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

/// What a new file's permissions are: read and write for everyone the umask allows,
/// as `touch` or an editor would create it.
#[cfg(unix)]
pub fn new_file_mode() -> u32 {
    use rustix::fs::Mode;
    // The umask can only be read by setting it; it is set back at once.
    let umask = rustix::process::umask(Mode::from_raw_mode(0o022));
    rustix::process::umask(umask);
    0o666 & !umask.as_raw_mode() as u32
}

#[cfg(not(unix))]
pub fn new_file_mode() -> u32 {
    0o644
}

/// Writes `content` as `dir/relative` (an output directory the user named: it may be
/// anywhere), creating the directories below `dir` and never writing through a link
/// inside it: a planted link is replaced, not followed.
pub fn write_output_file(dir: &Path, relative: &Path, content: &[u8]) -> Result<PathBuf, FsError> {
    std::fs::create_dir_all(dir).map_err(|error| FsError::io(dir, error))?;
    let mut target = dir.to_owned();
    let parts: Vec<_> = relative.components().collect();
    for (index, part) in parts.iter().enumerate() {
        let Component::Normal(name) = part else {
            return Err(FsError::OutsideProject {
                path: relative.display().to_string(),
            });
        };
        target.push(name);
        if index + 1 < parts.len() {
            match std::fs::symlink_metadata(&target) {
                Ok(metadata) if metadata.is_dir() => {}
                Ok(_) => {
                    return Err(FsError::NotRegular {
                        path: target,
                        kind: "not a directory (a link or a file where a directory belongs)",
                    });
                }
                Err(_) => {
                    std::fs::create_dir(&target).map_err(|error| FsError::io(&target, error))?
                }
            }
        }
    }
    let io = |error| FsError::io(&target, error);
    let mut temporary = tempfile::Builder::new()
        .prefix(".claimcheck-")
        .suffix(".tmp")
        .tempfile_in(target.parent().unwrap_or(dir))
        .map_err(io)?;
    temporary.write_all(content).map_err(io)?;
    set_mode(temporary.as_file(), new_file_mode()).map_err(io)?;
    // A rename replaces whatever name is there, a link included, without following it.
    temporary
        .persist(&target)
        .map_err(|error| io(error.error))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn project() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        (dir, root)
    }

    #[test]
    fn replaces_content_and_keeps_permissions() {
        let (_dir, root) = project();
        let path = root.join("claims.yaml");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, Some(b"old"), b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(
            std::fs::read_dir(&root).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn refuses_when_the_file_changed_since_it_was_read() {
        let (_dir, root) = project();
        let path = root.join("claims.yaml");
        std::fs::write(&path, "edited meanwhile").unwrap();
        let error = write_atomically(&path, Some(b"as read"), b"new").unwrap_err();
        assert!(matches!(error, FsError::ChangedMeanwhile(_)));
        assert_eq!(std::fs::read(&path).unwrap(), b"edited meanwhile");
        let error = write_atomically(&path, None, b"new").unwrap_err();
        assert!(matches!(error, FsError::CreatedMeanwhile(_)));
    }

    #[test]
    fn a_read_only_file_is_refused() {
        let (_dir, root) = project();
        let path = root.join("claims.yaml");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let error = write_atomically(&path, Some(b"old"), b"new").unwrap_err();
        assert!(error.to_string().contains("read-only"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
    }

    #[test]
    fn a_new_file_follows_the_umask() {
        let (_dir, root) = project();
        let path = root.join("new.yaml");
        write_atomically(&path, None, b"new").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, new_file_mode());
        assert_ne!(mode, 0o600, "not tempfile's private mode");
    }

    #[test]
    fn a_link_inside_the_project_is_written_through_its_target() {
        let (_dir, root) = project();
        std::fs::create_dir(root.join("claims")).unwrap();
        std::fs::write(root.join("claims/real.yaml"), "x").unwrap();
        std::os::unix::fs::symlink("real.yaml", root.join("claims/link.yaml")).unwrap();
        let target = resolve_for_write(&root, Path::new("claims/link.yaml")).unwrap();
        assert_eq!(target, root.join("claims/real.yaml"));
    }

    #[test]
    fn nothing_is_created_outside_the_project() {
        let (_dir, root) = project();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.join("claims")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("claims/link")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("x.yaml"), root.join("claims/f.yaml"))
            .unwrap();
        for relative in [
            "claims/link/x.yaml",
            "claims/link/new/x.yaml",
            "claims/f.yaml",
            "../x.yaml",
            "/tmp/x.yaml",
        ] {
            let error = resolve_for_write(&root, Path::new(relative)).unwrap_err();
            assert!(
                matches!(
                    error,
                    FsError::OutsideProject { .. } | FsError::NotRegular { .. }
                ),
                "{relative}: {error}"
            );
        }
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_output_directory_replaces_planted_links_instead_of_following_them() {
        let out = tempfile::tempdir().unwrap();
        let victim = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(victim.path(), "keep").unwrap();
        std::os::unix::fs::symlink(victim.path(), out.path().join("index.html")).unwrap();
        write_output_file(out.path(), Path::new("index.html"), b"<html>").unwrap();
        assert_eq!(std::fs::read(victim.path()).unwrap(), b"keep");
        assert!(!out.path().join("index.html").is_symlink());
        std::os::unix::fs::symlink(std::env::temp_dir(), out.path().join("sources")).unwrap();
        assert!(write_output_file(out.path(), Path::new("sources/a.html"), b"x").is_err());
    }
}
