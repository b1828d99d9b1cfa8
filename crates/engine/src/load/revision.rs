//! A project as it was at a git revision, read straight from git's objects:
//! `git ls-tree` lists the revision's files (with their sizes) and one long-running
//! `git cat-file --batch` hands over each blob as loading asks for it (the user's git,
//! with its configuration). Nothing is written anywhere and the work tree is never
//! touched.
//!
//! A git tree is hostile input: `mktree` and `hash-object --literally` make entries
//! named `..`, `.` or `/etc/x`, and fetch accepts them. Every path must be a plain
//! relative path, named once, or the revision is refused; a blob larger than the
//! reader's limit is refused from its listed size, unread.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use super::tree::{ReadError, Tree};
use super::walk::{MAX_DEPTH, WalkedFile};
use crate::model::code::Code;
use crate::model::finding::Finding;
use crate::model::location::Location;

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
    #[error("the revision names the file {0:?} twice")]
    NamedTwice(String),
    #[error("cannot talk to git: {0}")]
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

/// The files of a project as they were at a revision, read from git on demand.
pub struct RevisionTree {
    /// Every regular file, by path relative to the project root.
    blobs: BTreeMap<String, ListedBlob>,
    /// One `git cat-file --batch` answering one blob at a time.
    batch: Mutex<Batch>,
}

struct Batch {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl RevisionTree {
    /// The project at `project_root` as it was at `revision`.
    pub fn open(project_root: &Path, revision: &str) -> Result<Self, RevisionError> {
        let prefix = git(project_root, &["rev-parse", "--show-prefix"])
            .map_err(|_| RevisionError::NotARepository(project_root.to_owned()))?;
        let prefix = String::from_utf8_lossy(&prefix).trim().to_owned();
        let commit = format!("{revision}^{{commit}}");
        git(project_root, &["rev-parse", "--verify", "--quiet", &commit])
            .map_err(|_| RevisionError::UnknownRevision(revision.to_owned()))?;
        let listing = git(
            project_root,
            &["ls-tree", "-r", "-z", "-l", "--full-tree", revision],
        )?;
        let mut blobs = BTreeMap::new();
        for blob in parse_listing(&listing, &prefix)? {
            if blobs.contains_key(&blob.path) {
                return Err(RevisionError::NamedTwice(blob.path));
            }
            blobs.insert(blob.path.clone(), blob);
        }
        let mut child = Command::new("git")
            .args(["cat-file", "--batch"])
            .current_dir(project_root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(RevisionError::Git)?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(RevisionError::Failed("git cat-file has no pipes".into()));
        };
        Ok(Self {
            blobs,
            batch: Mutex::new(Batch {
                child,
                stdin: Some(stdin),
                stdout: BufReader::new(stdout),
            }),
        })
    }

    /// The bytes of the blob at `relative`, refused from its listed size when over
    /// `limit`.
    fn blob(&self, blob: &ListedBlob, limit: u64) -> Result<Vec<u8>, ReadError> {
        if blob.size > limit {
            return Err(ReadError::TooLarge {
                size: blob.size,
                limit,
            });
        }
        let mut batch = self
            .batch
            .lock()
            .map_err(|_| ReadError::Git("a reader failed".into()))?;
        batch
            .read(blob)
            .map_err(|error| ReadError::Git(error.to_string()))
    }
}

impl Batch {
    /// Asks for one blob and reads the answer whole: the request and the answer
    /// alternate, so neither pipe fills while the other waits.
    fn read(&mut self, blob: &ListedBlob) -> Result<Vec<u8>, RevisionError> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| RevisionError::Failed("git cat-file has stopped".into()))?;
        writeln!(stdin, "{}", blob.oid)?;
        stdin.flush()?;
        let mut header = String::new();
        self.stdout.read_line(&mut header)?;
        let size = batch_size(&header).filter(|size| *size as u64 == blob.size);
        let Some(size) = size else {
            return Err(RevisionError::Failed(format!(
                "unexpected cat-file answer `{}`",
                header.trim().escape_debug()
            )));
        };
        let mut content = vec![0; size + 1];
        self.stdout.read_exact(&mut content)?;
        content.pop();
        Ok(content)
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Closing its input ends `git cat-file`; then it is reaped.
        self.stdin.take();
        let _ = self.child.wait();
    }
}

impl Tree for RevisionTree {
    fn walk(&self, dir: &str, unreadable: Code, problems: &mut Vec<Finding>) -> Vec<WalkedFile> {
        let below = format!("{dir}/");
        self.blobs
            .range(below.clone()..)
            .take_while(|(path, _)| path.starts_with(&below))
            .filter(|(path, _)| !path[below.len()..].split('/').any(|part| part.starts_with('.')))
            .filter_map(|(path, _)| {
                if path[below.len()..].matches('/').count() > MAX_DEPTH {
                    problems.push(
                        Finding::new(unreadable, format!("`{path}` is nested more than {MAX_DEPTH} directories deep; claimcheck reads no deeper"))
                            .at(Location::file(path)),
                    );
                    return None;
                }
                Some(WalkedFile {
                    path: PathBuf::from(path),
                    relative: path.clone(),
                })
            })
            .collect()
    }

    fn read_walked(&self, file: &WalkedFile, limit: u64) -> Result<Vec<u8>, ReadError> {
        match self.blobs.get(&file.relative) {
            Some(blob) => self.blob(blob, limit),
            None => Err(ReadError::Git(format!("no file `{}`", file.relative))),
        }
    }

    fn read(&self, relative: &str, limit: u64) -> Result<Option<Vec<u8>>, ReadError> {
        self.blobs
            .get(relative)
            .map(|blob| self.blob(blob, limit))
            .transpose()
    }

    fn is_on_disk(&self) -> bool {
        false
    }
}

/// A regular file of a revision: its object id, its path below the project root and
/// its size, as `git ls-tree -l` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedBlob {
    pub oid: String,
    pub path: String,
    pub size: u64,
}

/// The regular files of a `git ls-tree -r -z -l` listing below `prefix`, with paths
/// relative to `prefix`. Links (120000) and submodules are not project files; a path
/// that is not plain (`..`, absolute, empty parts) refuses the whole revision, as does
/// an object id that is not hex or a size that is not a number.
pub fn parse_listing(listing: &[u8], prefix: &str) -> Result<Vec<ListedBlob>, RevisionError> {
    let mut blobs = Vec::new();
    for entry in listing
        .split(|&byte| byte == 0)
        .filter(|entry| !entry.is_empty())
    {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        // `<mode> <type> <object> <size>`, the size padded with spaces.
        let mut fields = meta.split_whitespace();
        let (mode, kind, oid, size) = (fields.next(), fields.next(), fields.next(), fields.next());
        if kind != Some("blob") || !matches!(mode, Some("100644" | "100755")) {
            continue;
        }
        let oid = oid.unwrap_or_default();
        let size = size.and_then(|size| size.parse::<u64>().ok());
        let (Some(size), true) = (
            size,
            !oid.is_empty() && oid.bytes().all(|byte| byte.is_ascii_hexdigit()),
        ) else {
            return Err(RevisionError::Failed(format!(
                "unexpected ls-tree entry `{}`",
                entry.escape_debug()
            )));
        };
        if let Some(relative) = path.strip_prefix(prefix) {
            if !is_plain_relative(relative) {
                return Err(RevisionError::UnsafePath(relative.to_owned()));
            }
            blobs.push(ListedBlob {
                oid: oid.to_owned(),
                path: relative.to_owned(),
                size,
            });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn git_in(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(status.status.success(), "{args:?}: {status:?}");
    }

    #[test]
    fn a_revision_is_read_from_git_objects_with_no_work_tree_and_no_copy() {
        let repo = tempfile::tempdir().unwrap();
        let project = repo.path().join("product");
        std::fs::create_dir_all(project.join("claims/deep")).unwrap();
        std::fs::create_dir_all(project.join("sources")).unwrap();
        std::fs::write(project.join("claims/deep/a.yaml"), "- id: a\n").unwrap();
        std::fs::write(project.join("claims/.hidden.yaml"), "x").unwrap();
        std::fs::write(project.join("sources/s.txt"), "committed text\n").unwrap();
        git_in(repo.path(), &["init", "-q"]);
        git_in(repo.path(), &["add", "."]);
        git_in(repo.path(), &["commit", "-q", "-m", "v1"]);
        // The work tree changes and loses files: the revision is what was committed.
        std::fs::write(project.join("sources/s.txt"), "edited since\n").unwrap();
        std::fs::remove_dir_all(project.join("claims")).unwrap();
        let tree = RevisionTree::open(&project, "HEAD").unwrap();
        let mut problems = Vec::new();
        let claims: Vec<String> = tree
            .walk("claims", Code::ClaimFileInvalid, &mut problems)
            .into_iter()
            .map(|file| file.relative)
            .collect();
        assert_eq!(claims, vec!["claims/deep/a.yaml"]);
        assert!(problems.is_empty());
        assert_eq!(
            tree.read("sources/s.txt", 100).unwrap().unwrap(),
            b"committed text\n"
        );
        assert!(tree.read("sources/none.txt", 100).unwrap().is_none());
        // Refused from its listed size, unread.
        assert!(matches!(
            tree.read("sources/s.txt", 4),
            Err(ReadError::TooLarge { size: 15, limit: 4 })
        ));
        assert!(!tree.is_on_disk());
        let loaded = super::super::load_revision(&project, "HEAD").unwrap();
        assert_eq!(loaded.sources["s"].text.as_str(), "committed text\n");
        assert_eq!(loaded.claim_files, vec!["claims/deep/a.yaml"]);
    }

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
