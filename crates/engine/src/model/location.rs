//! `Location`: a place in a project file, as byte range plus 1-based line and column.

use std::cell::RefCell;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A place in one of the project's files. `path` is relative to the project root, with
/// `/` separators; `line` and `column` are 1-based, the column counted in characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// Shared by every location in one file: a project has hundreds of thousands.
    pub path: Arc<str>,
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    pub len: usize,
}

impl Location {
    /// The location of a whole file, for findings about a file rather than a place in it.
    pub fn file(path: &str) -> Self {
        Self {
            path: Arc::from(path),
            line: 1,
            column: 1,
            offset: 0,
            len: 0,
        }
    }

    /// The location of `len` bytes at byte `offset` of `text` (for one-off look-ups; use
    /// a [`LineIndex`] for many).
    pub fn in_text(path: &str, text: &str, offset: usize, len: usize) -> Self {
        LineIndex::new(text).locate(&Arc::from(path), text, offset, len)
    }
}

/// Where each line of a text starts, so that many offsets can be turned into lines and
/// columns without rescanning the text each time.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// As `u32`: files are limited far below 4 GiB, and a large product has millions of
    /// lines.
    line_starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let newlines =
            memchr::memchr_iter(b'\n', text.as_bytes()).map(|newline| (newline + 1) as u32);
        Self {
            line_starts: std::iter::once(0).chain(newlines).collect(),
        }
    }

    /// The location of `len` bytes at byte `offset` of `text`, which this index was built
    /// from. Offsets past the end or inside a character are moved back to a boundary.
    pub fn locate(&self, path: &Arc<str>, text: &str, offset: usize, len: usize) -> Location {
        let offset = floor_char_boundary(text, offset);
        let line = self
            .line_starts
            .partition_point(|&start| start as usize <= offset);
        let line_start = self.line_starts[line - 1] as usize;
        Location {
            path: Arc::clone(path),
            line,
            column: text[line_start..offset].chars().count() + 1,
            offset,
            len: len.min(text.len() - offset),
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

thread_local! {
    /// The file whose locations are being written or read (see [`in_file`]).
    static CURRENT_FILE: RefCell<Option<Arc<str>>> = const { RefCell::new(None) };
}

/// Runs `work` with `path` as the file of the locations it serializes or deserializes:
/// locations in that file are stored without their path and read back sharing `path`,
/// instead of each of a claim file's many locations carrying (and on reading,
/// allocating) its own copy. Locations in other files keep their path.
pub fn in_file<R>(path: &Arc<str>, work: impl FnOnce() -> R) -> R {
    let previous = CURRENT_FILE.with(|current| current.replace(Some(Arc::clone(path))));
    let result = work();
    CURRENT_FILE.with(|current| current.replace(previous));
    result
}

impl Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let in_current = CURRENT_FILE.with(|current| {
            current
                .borrow()
                .as_ref()
                .is_some_and(|path| *path == self.path)
        });
        let path = (!in_current).then_some(&*self.path);
        (path, self.line, self.column, self.offset, self.len).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Location {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (path, line, column, offset, len): (Option<String>, usize, usize, usize, usize) =
            Deserialize::deserialize(deserializer)?;
        let path = match path {
            Some(path) => Arc::from(path),
            None => CURRENT_FILE
                .with(|current| current.borrow().clone())
                .ok_or_else(|| serde::de::Error::custom("a location without its file"))?,
        };
        Ok(Location {
            path,
            line,
            column,
            offset,
            len,
        })
    }
}

/// The largest char boundary of `text` at or below `offset` (clamped to its length).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_in_the_current_file_are_stored_without_their_path() {
        let here: Arc<str> = Arc::from("claims/a.yaml");
        let locations = vec![
            Location::in_text("claims/a.yaml", "x\ny", 2, 1),
            Location::in_text("sources/b.txt", "z", 0, 1),
        ];
        let bytes = in_file(&here, || postcard::to_allocvec(&locations).unwrap());
        assert!(!bytes.windows(13).any(|window| window == b"claims/a.yaml"));
        let read: Vec<Location> = in_file(&here, || postcard::from_bytes(&bytes).unwrap());
        assert_eq!(read, locations);
        assert!(
            Arc::ptr_eq(&read[0].path, &here),
            "the path is shared, not copied"
        );
        assert!(postcard::from_bytes::<Vec<Location>>(&bytes).is_err());
    }

    #[test]
    fn counts_lines_and_characters() {
        let text = "ab\n“é”x\n";
        let location = Location::in_text("f", text, text.find('x').unwrap(), 1);
        assert_eq!((location.line, location.column), (2, 4));
    }

    #[test]
    fn clamps_offsets_inside_a_character_or_past_the_end() {
        let text = "a’b";
        assert_eq!(Location::in_text("f", text, 2, 1).offset, 1);
        assert_eq!(Location::in_text("f", text, 99, 1).offset, text.len());
    }
}
