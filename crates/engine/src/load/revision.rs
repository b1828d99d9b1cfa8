//! A project as it was at a git revision: its files are read with `git ls-tree` and
//! `git cat-file --batch` (the user's git, with its configuration) into a temporary
//! directory, which the ordinary loader then reads. The work tree is never touched.
//!
//! A git tree is hostile input: `mktree` and `hash-object --literally` make entries
//! named `..`, `.` or `/etc/x`, and fetch accepts them. Every path is checked to be a
//! plain relative path before anything is written, and every directory created is
//! inside the temporary one; blobs larger than a source may be are refused unread.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why a revision could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RevisionError {
    #[error("cannot run git: {0}")]
    Git(std::io::Error),
    #[error("`{0}` is not inside a git repository")]
    NotARepository(PathBuf),
    #[error(
        "revision `{0}` is not in this repository; in a shallow clone fetch it first \
         (`git fetch --deepen=50`, or `fetch-depth: 0` in actions/checkout)"
    )]
    UnknownRevision(String),
    #[error("git failed: {0}")]
    Failed(String),
    #[error(
        "the revision has a file named {0:?}, which is not a plain relative path; \
         claimcheck does not read trees made to write outside their directory"
    )]
    UnsafePath(String),
    #[error("the revision's file {0:?} is larger than {MAX_BLOB_BYTES} bytes")]
    TooLarge(String),
    #[error("cannot write the revision's files: {0}")]
    Io(#[from] std::io::Error),
}

/// The largest file of a revision read: the largest source `max-source-bytes` allows.
pub const MAX_BLOB_BYTES: usize = 1 << 30;

/// Whether `path` names a file below a directory and nowhere else: `/`-separated
/// parts, none empty, `.` or `..`, no backslash (a separator elsewhere) and no NUL.
pub fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && path
            .split('/')
            .all(|part| !matches!(part, "" | "." | "..") && !part.contains(['\\', '\0']))
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, RevisionError> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(RevisionError::Git)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(RevisionError::Failed(
            String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        ))
    }
}

/// Writes the files of the project at `project_root` as they were at `revision` into a
/// new temporary directory, which is the project root of that revision.
pub fn materialize(
    project_root: &Path,
    revision: &str,
) -> Result<tempfile::TempDir, RevisionError> {
    let prefix = git(project_root, &["rev-parse", "--show-prefix"])
        .map_err(|_| RevisionError::NotARepository(project_root.to_owned()))?;
    let prefix = String::from_utf8_lossy(&prefix).trim().to_owned();
    let commit = format!("{revision}^{{commit}}");
    git(project_root, &["rev-parse", "--verify", "--quiet", &commit])
        .map_err(|_| RevisionError::UnknownRevision(revision.to_owned()))?;
    let listing = git(
        project_root,
        &["ls-tree", "-r", "-z", "--full-tree", revision],
    )?;
    let blobs = parse_listing(&listing, &prefix)?;
    let dir = tempfile::tempdir()?;
    write_blobs(project_root, &blobs, dir.path())?;
    Ok(dir)
}

/// The regular files of a `git ls-tree -r -z` listing below `prefix`, as (object id,
/// path relative to `prefix`). Links (120000) and submodules are not project files; a
/// path that is not plain (`..`, absolute, empty parts) refuses the whole revision, as
/// does an object id that is not hex.
pub fn parse_listing(listing: &[u8], prefix: &str) -> Result<Vec<(String, String)>, RevisionError> {
    let mut blobs = Vec::new();
    for entry in listing
        .split(|&byte| byte == 0)
        .filter(|entry| !entry.is_empty())
    {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut fields = meta.split(' ');
        let (mode, kind, oid) = (fields.next(), fields.next(), fields.next());
        if kind != Some("blob") || !matches!(mode, Some("100644" | "100755")) {
            continue;
        }
        let oid = oid.unwrap_or_default();
        if oid.is_empty() || !oid.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(RevisionError::Failed(format!(
                "unexpected ls-tree entry `{}`",
                entry.escape_debug()
            )));
        }
        if let Some(relative) = path.strip_prefix(prefix) {
            if !is_plain_relative(relative) {
                return Err(RevisionError::UnsafePath(relative.to_owned()));
            }
            blobs.push((oid.to_owned(), relative.to_owned()));
        }
    }
    Ok(blobs)
}

/// The size in a `git cat-file --batch` header (`<oid> blob <size>`), if it is one.
pub fn batch_size(header: &str) -> Option<usize> {
    let mut fields = header.trim_end_matches('\n').split(' ');
    let (_, kind, size) = (fields.next()?, fields.next()?, fields.next()?);
    (kind == "blob" && fields.next().is_none())
        .then(|| size.parse().ok())
        .flatten()
}

/// The bytes of the project file `relative` as committed in `HEAD`, if `root` is in a
/// git repository that has it (at most [`MAX_BLOB_BYTES`]).
pub fn committed_file(root: &Path, relative: &str) -> Option<Vec<u8>> {
    if !is_plain_relative(relative) {
        return None;
    }
    let spec = format!("HEAD:./{relative}");
    let size = git(root, &["cat-file", "-s", &spec]).ok()?;
    let size: usize = String::from_utf8_lossy(&size).trim().parse().ok()?;
    if size > MAX_BLOB_BYTES {
        return None;
    }
    git(root, &["cat-file", "blob", &spec]).ok()
}

/// Streams the blobs through one `git cat-file --batch` into `dir`.
fn write_blobs(repo: &Path, blobs: &[(String, String)], dir: &Path) -> Result<(), RevisionError> {
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(repo)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(RevisionError::Git)?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| RevisionError::Failed("no stdin".into()))?;
    let ids: String = blobs.iter().map(|(oid, _)| format!("{oid}\n")).collect();
    // Written from a thread: git answers while it reads, and both pipes have limits.
    let writer = std::thread::spawn(move || stdin.write_all(ids.as_bytes()));
    let mut reader = BufReader::new(
        child
            .stdout
            .take()
            .ok_or_else(|| RevisionError::Failed("no stdout".into()))?,
    );
    for (_, relative) in blobs {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let size = batch_size(&header).ok_or_else(|| {
            RevisionError::Failed(format!(
                "unexpected cat-file answer `{}`",
                header.trim().escape_debug()
            ))
        })?;
        if size > MAX_BLOB_BYTES {
            return Err(RevisionError::TooLarge(relative.clone()));
        }
        let mut content = vec![0; size + 1];
        reader.read_exact(&mut content)?;
        content.pop();
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // Parts were checked to be plain names, and every directory here was made by
        // this loop: nothing resolves outside `dir`. A name given twice is refused.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?
            .write_all(&content)?;
    }
    writer
        .join()
        .map_err(|_| RevisionError::Failed("writer thread".into()))??;
    child.wait()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_read() {
        for good in ["claims/a.yaml", "sources/x y.txt", "a"] {
            assert!(is_plain_relative(good), "{good}");
        }
        for bad in [
            "",
            "..",
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "./a",
            "a/.",
            "a\\..\\b",
            "a\0b",
        ] {
            assert!(!is_plain_relative(bad), "{bad:?}");
        }
    }
}
