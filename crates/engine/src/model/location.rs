//! `Location`: a place in a project file, as byte range plus 1-based line and column.

use std::cell::{Cell, RefCell};
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

/// A place in one of the project's files. `path` is relative to the project root, with
/// `/` separators; `line` and `column` are 1-based, the column counted in characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// Shared by every location in one file: a project has hundreds of thousands.
    pub path: Arc<str>,
    /// As `u32`, as the offsets: files are limited far below 4 GiB, and a product has
    /// several locations a pin (a `Location` is 32 bytes, not 48).
    pub line: u32,
    pub column: u32,
    pub offset: u32,
    pub len: u32,
}

impl Location {
    /// The byte offset where the place starts.
    pub fn start(&self) -> usize {
        self.offset as usize
    }

    /// How many bytes the place spans.
    pub fn byte_len(&self) -> usize {
        self.len as usize
    }

    /// The place's bytes, as a range of the file.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.place().range()
    }

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

    /// Where in its file this location is, without the path.
    pub fn place(&self) -> Place {
        Place {
            line: self.line,
            column: self.column,
            offset: self.offset,
            len: self.len,
        }
    }

    /// The location of `place`, in this location's file.
    pub fn with_place(&self, place: Place) -> Self {
        place.in_file(&self.path)
    }

    /// The location of `len` bytes at byte `offset` of `text` (for one-off look-ups; use
    /// a [`LineIndex`] for many).
    pub fn in_text(path: &str, text: &str, offset: usize, len: usize) -> Self {
        LineIndex::new(text).locate(&Arc::from(path), text, offset, len)
    }
}

/// A [`Location`] without its path: a place in the file of a location kept beside it.
/// A pin keeps its entry's location and six places of its values, which as locations
/// each counted a reference to the path, atomically, when parsed and when dropped
/// (perf: a fifth of locating a claim file's values), and took twice the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Place {
    pub line: u32,
    pub column: u32,
    pub offset: u32,
    pub len: u32,
}

/// A place in formats people read is its four fields by name; in the cache's binary
/// entries, their 16 bytes as one field. A claim file's entry holds seven places a pin,
/// and reading each as four variable-length numbers was a sixth of reading an entry
/// back (cachegrind, a warm run of 50,000 pins); as one field, decoding the example's
/// entry takes 14% fewer instructions, for entries 18% larger.
impl Serialize for Place {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            // Its fields by name: the derived serialization (`remote = "Self"`).
            return Place::serialize(self, serializer);
        }
        let mut bytes = [0; PLACE_BYTES];
        for (chunk, value) in
            bytes
                .chunks_exact_mut(4)
                .zip([self.line, self.column, self.offset, self.len])
        {
            chunk.copy_from_slice(&value.to_le_bytes());
        }
        serializer.serialize_bytes(&bytes)
    }
}

impl<'de> Deserialize<'de> for Place {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            return Place::deserialize(deserializer);
        }
        let bytes: [u8; PLACE_BYTES] = crate::hash::digest_bytes::array(deserializer)?;
        let value = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
        Ok(Place {
            line: value(0),
            column: value(4),
            offset: value(8),
            len: value(12),
        })
    }
}

const PLACE_BYTES: usize = 16;

impl Place {
    /// The location of this place in the file `path`.
    pub fn in_file(self, path: &Arc<str>) -> Location {
        Location {
            path: Arc::clone(path),
            line: self.line,
            column: self.column,
            offset: self.offset,
            len: self.len,
        }
    }

    /// The place's bytes, as a range of its file.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.offset as usize..self.offset as usize + self.len as usize
    }
}

/// Where each line of a text starts, so that many offsets can be turned into lines and
/// columns without rescanning the text each time.
#[derive(Debug, Clone, PartialEq)]
pub struct LineIndex {
    /// As `u32`: files are limited far below 4 GiB, and a large product has millions of
    /// lines.
    line_starts: Vec<u32>,
    /// The characters before every `mark_bytes`th byte (rounded down to a character),
    /// counted when a column is first asked for far into a line: a column is counted in
    /// characters, and a source that keeps megabytes on one line made every finding
    /// in it count them all (1,000 findings in a 20 MB line: 2 s).
    char_marks: OnceLock<Vec<u32>>,
    mark_bytes: usize,
}

/// Where each line of `text` starts: 0, then the byte after each line feed.
fn line_starts(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    // Counted first (a vectorized count), so the table is sized once: collected from
    // the search alone, it grew and was copied a dozen times a claim file.
    let mut starts = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    starts.push(0);
    // Files are limited far below 4 GiB.
    starts.extend(memchr::memchr_iter(b'\n', bytes).map(|newline| (newline + 1) as u32));
    starts
}

/// How many bytes apart a [`LineIndex`] marks how many characters came before.
const MARK_BYTES: usize = 64 * 1024;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        Self::with_marks_every(text, MARK_BYTES)
    }

    fn with_marks_every(text: &str, mark_bytes: usize) -> Self {
        Self {
            line_starts: line_starts(text),
            char_marks: OnceLock::new(),
            mark_bytes,
        }
    }

    /// Where each line starts: 0, then the byte after each line feed.
    pub fn starts(&self) -> &[u32] {
        &self.line_starts
    }

    /// The characters of `text` (this index's) from `line_start` to `offset`, both
    /// character boundaries.
    fn chars_between(&self, text: &str, line_start: usize, offset: usize) -> usize {
        if offset - line_start <= self.mark_bytes {
            // Most values follow a key and spaces: ASCII, a byte a character. Judged
            // on bytes: slicing the `str` checked both ends for character boundaries.
            let between = &text.as_bytes()[line_start..offset];
            return if between.is_ascii() {
                between.len()
            } else {
                text[line_start..offset].chars().count()
            };
        }
        self.chars_before(text, offset) - self.chars_before(text, line_start)
    }

    /// The characters of `text` before byte `at`, a character boundary.
    fn chars_before(&self, text: &str, at: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = vec![0u32];
            let mut previous = 0;
            for mark in (self.mark_bytes..=text.len()).step_by(self.mark_bytes) {
                let mark = floor_char_boundary(text, mark);
                let counted = marks.last().copied().unwrap_or(0) as usize;
                marks.push(narrow(counted + text[previous..mark].chars().count()));
                previous = mark;
            }
            marks
        });
        let mark = at / self.mark_bytes;
        let from = floor_char_boundary(text, mark * self.mark_bytes);
        marks[mark] as usize + text[from..at].chars().count()
    }

    /// The location of `len` bytes at byte `offset` of `text`, which this index was built
    /// from. Offsets past the end or inside a character are moved back to a boundary.
    pub fn locate(&self, path: &Arc<str>, text: &str, offset: usize, len: usize) -> Location {
        self.locate_near(&Cell::new(1), path, text, offset, len)
    }

    /// [`Self::locate`] for offsets that mostly follow one another, as a file's values
    /// do when it is read top to bottom: the lines around `near` (the last one found,
    /// which this stores) are tried before a binary search.
    pub fn locate_near(
        &self,
        near: &Cell<usize>,
        path: &Arc<str>,
        text: &str,
        offset: usize,
        len: usize,
    ) -> Location {
        self.place_near(near, text, offset, len).in_file(path)
    }

    /// The line holding byte `offset` when it is within a few lines of line `near`, on
    /// either side: values are mostly located in file order, an evidence entry's a
    /// few lines out of it (the entry, its span, then its source).
    fn line_near(&self, near: usize, offset: usize) -> Option<usize> {
        const LINES: usize = 4;
        let starts = &self.line_starts;
        let near = near.clamp(1, starts.len());
        if starts[near - 1] as usize <= offset {
            // The first line from `near` on that the next line's start is past.
            let ahead = starts[near..]
                .iter()
                .take(LINES)
                .position(|&next| offset < next as usize)?;
            Some(near + ahead)
        } else {
            // The first line before `near` that starts at or before it.
            let behind = starts[..near - 1]
                .iter()
                .rev()
                .take(LINES)
                .position(|&start| start as usize <= offset)?;
            Some(near - 1 - behind)
        }
    }

    /// [`Self::locate_near`] without the path.
    pub fn place_near(&self, near: &Cell<usize>, text: &str, offset: usize, len: usize) -> Place {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_near(near.get(), offset).unwrap_or_else(|| {
            self.line_starts
                .partition_point(|&start| start as usize <= offset)
        });
        near.set(line);
        let line_start = self.line_starts[line - 1] as usize;
        Place {
            line: narrow(line),
            column: narrow(self.chars_between(text, line_start, offset) + 1),
            offset: narrow(offset),
            len: narrow(len.min(text.len() - offset)),
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
        if serializer.is_human_readable() {
            (path, self.line, self.column, self.offset, self.len).serialize(serializer)
        } else {
            // The place as one field (see `Place`'s serialization).
            (path, self.place()).serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Location {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        type Numbers = (Option<String>, u32, u32, u32, u32);
        let (path, place) = if deserializer.is_human_readable() {
            let (path, line, column, offset, len): Numbers =
                Deserialize::deserialize(deserializer)?;
            let place = Place {
                line,
                column,
                offset,
                len,
            };
            (path, place)
        } else {
            <(Option<String>, Place)>::deserialize(deserializer)?
        };
        let path = match path {
            Some(path) => Arc::from(path),
            None => CURRENT_FILE
                .with(|current| current.borrow().clone())
                .ok_or_else(|| serde::de::Error::custom("a location without its file"))?,
        };
        let Place {
            line,
            column,
            offset,
            len,
        } = place;
        Ok(Location {
            path,
            line,
            column,
            offset,
            len,
        })
    }
}

/// A line, column or offset as a location keeps it: files are limited far below
/// 4 GiB, so nothing is clipped (a value past `u32` would be kept as its largest).
fn narrow(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
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
    use proptest::prelude::*;

    proptest! {
        /// Every line feed starts a line after it, and no other byte does (`\u{8a}`
        /// holds 0x8A, a line feed's byte with its high bit set).
        #[test]
        fn line_starts_are_after_every_line_feed(text in "[\n\u{b}\u{8a}a\r]{0,40}") {
            let expected: Vec<u32> = std::iter::once(0)
                .chain(text.bytes().enumerate().filter(|&(_, byte)| byte == b'\n').map(|(at, _)| at as u32 + 1))
                .collect();
            prop_assert_eq!(line_starts(&text), expected);
        }
    }

    proptest! {
        /// Wherever the last look-up left off, a location is the one counting lines
        /// and characters from the start gives.
        #[test]
        fn locating_near_the_last_line_agrees_with_counting(
            pieces in prop::collection::vec(prop::sample::select(vec!["a", "\n", "é", " ", "\n\n"]), 0..60),
            offsets in prop::collection::vec(0usize..140, 1..30),
        ) {
            let text = pieces.concat();
            let index = LineIndex::new(&text);
            let path: Arc<str> = Arc::from("f");
            let near = Cell::new(1);
            for offset in offsets {
                let found = index.locate_near(&near, &path, &text, offset, 1);
                let at = floor_char_boundary(&text, offset);
                let before = &text[..at];
                let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
                prop_assert_eq!(found.line as usize, before.matches('\n').count() + 1);
                prop_assert_eq!(found.column as usize, text[line_start..at].chars().count() + 1);
                prop_assert_eq!(found.start(), at);
            }
        }
    }

    proptest! {
        /// Columns counted from the marks, far into a line, are the characters from
        /// the line's start.
        #[test]
        fn columns_far_into_a_line_are_counted_from_the_marks(
            pieces in prop::collection::vec(prop::sample::select(vec!["a", "\n", "é", "日", "😀", " "]), 0..200),
            every in 1usize..9,
            offsets in prop::collection::vec(0usize..600, 1..30),
        ) {
            let text = pieces.concat();
            let index = LineIndex::with_marks_every(&text, every);
            let path: Arc<str> = Arc::from("f");
            for offset in offsets {
                let found = index.locate(&path, &text, offset, 1);
                let at = floor_char_boundary(&text, offset);
                let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
                prop_assert_eq!(found.column as usize, text[line_start..at].chars().count() + 1);
            }
        }
    }

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
        // In JSON, each number by itself, as before places were one field.
        let json = serde_json::to_string(&locations[1]).unwrap();
        assert_eq!(json, r#"["sources/b.txt",1,1,0,1]"#);
        assert_eq!(
            serde_json::from_str::<Location>(&json).unwrap(),
            locations[1]
        );
    }

    #[test]
    fn places_are_sixteen_bytes_in_the_cache_and_named_fields_in_json() {
        let places = vec![
            Place {
                line: 1,
                column: 2,
                offset: 3,
                len: 4,
            },
            Place {
                line: u32::MAX,
                column: 0,
                offset: 1 << 31,
                len: 255,
            },
        ];
        let bytes = postcard::to_allocvec(&places).unwrap();
        // The count, then each place's length and bytes.
        assert_eq!(bytes.len(), 1 + 2 * (1 + PLACE_BYTES));
        assert_eq!(postcard::from_bytes::<Vec<Place>>(&bytes).unwrap(), places);
        let json = serde_json::to_string(&places[0]).unwrap();
        assert_eq!(json, r#"{"line":1,"column":2,"offset":3,"len":4}"#);
        assert_eq!(serde_json::from_str::<Place>(&json).unwrap(), places[0]);
        // Bytes of another length are no place.
        let short = postcard::to_allocvec(&[0u8; 15].as_slice()).unwrap();
        assert!(postcard::from_bytes::<Place>(&short).is_err());
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
        assert_eq!(Location::in_text("f", text, 2, 1).start(), 1);
        assert_eq!(Location::in_text("f", text, 99, 1).start(), text.len());
    }
}
