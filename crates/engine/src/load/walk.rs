//! Walking a project directory: every file below it, sorted, following symbolic links
//! only while they stay inside the project root, and never twice round a link loop.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::model::code::Code;
use crate::model::finding::Finding;
use crate::model::location::Location;

/// How deep below `claims/` or `sources/` the walk goes: deeper trees are a mistake or an
/// attack (a pull request can commit thousands of nested directories).
pub const MAX_DEPTH: usize = 32;

/// A file found under a project directory.
#[derive(Debug)]
pub struct WalkedFile {
    /// Absolute path through which the file was reached.
    pub path: PathBuf,
    /// Path relative to the project root, `/`-separated.
    pub relative: String,
}

/// Every non-hidden file below `root/dir`, sorted by relative path. Links that lead
/// outside `root` and unreadable entries become findings (`unreadable_code`).
pub fn walk(
    root: &Path,
    dir: &str,
    unreadable_code: Code,
    problems: &mut Vec<Finding>,
) -> Vec<WalkedFile> {
    let mut walker = Walker {
        root,
        unreadable_code,
        visited: HashSet::new(),
        files: Vec::new(),
        problems,
    };
    let start = root.join(dir);
    if start.exists() || start.is_symlink() {
        walker.visit_dir(&start, dir, 0);
    }
    let mut files = walker.files;
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files
}

struct Walker<'a> {
    root: &'a Path,
    /// The code of a finding about a file or directory that cannot be read.
    unreadable_code: Code,
    visited: HashSet<PathBuf>,
    files: Vec<WalkedFile>,
    problems: &'a mut Vec<Finding>,
}

impl Walker<'_> {
    fn visit_dir(&mut self, dir: &Path, relative: &str, depth: usize) {
        if depth > MAX_DEPTH {
            let code = self.unreadable_code;
            self.problems.push(
                Finding::new(code, format!("`{relative}` is nested more than {MAX_DEPTH} directories deep; claimcheck reads no deeper"))
                    .at(Location::file(relative))
                    .help("keep claims and sources in a shallower tree"),
            );
            return;
        }
        let Some(canonical) = self.inside_root(dir, relative) else {
            return;
        };
        if !self.visited.insert(canonical) {
            // A link loop, or a second link to a directory already read.
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) => return self.unreadable(relative, &error),
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                let shown = name.to_string_lossy();
                self.problems.push(
                    Finding::new(
                        Code::SourceUnreadable,
                        format!("file name `{shown}` is not UTF-8"),
                    )
                    .at(Location::file(&format!("{relative}/{shown}"))),
                );
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            let child_relative = format!("{relative}/{name}");
            let child = entry.path();
            // A plain file in a directory inside the root is inside the root: only links
            // need resolving, which saves a system call per file of a large corpus.
            let plain_file = entry.file_type().is_ok_and(|kind| kind.is_file());
            if !plain_file && child.is_dir() {
                self.visit_dir(&child, &child_relative, depth + 1);
            } else if plain_file || self.inside_root(&child, &child_relative).is_some() {
                self.files.push(WalkedFile {
                    path: child,
                    relative: child_relative,
                });
            }
        }
    }

    /// The canonical path of `path` if it stays inside the root; else a finding.
    fn inside_root(&mut self, path: &Path, relative: &str) -> Option<PathBuf> {
        match path.canonicalize() {
            Ok(canonical) if canonical.starts_with(self.root) => Some(canonical),
            Ok(_) => {
                self.problems.push(
                    Finding::new(Code::PathOutsideRoot, format!("`{relative}` leads outside the project root"))
                    .at(Location::file(relative))
                    .help("sources and claims must live inside the project; copy the file in instead of linking to it"),
                );
                None
            }
            Err(error) => {
                self.unreadable(relative, &error);
                None
            }
        }
    }

    fn unreadable(&mut self, relative: &str, error: &std::io::Error) {
        let code = self.unreadable_code;
        self.problems.push(
            Finding::new(code, format!("cannot read `{relative}`: {error}"))
                .at(Location::file(relative)),
        );
    }
}
