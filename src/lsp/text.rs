//! Positions and names as the protocol has them: a byte offset as a line and a
//! character (counted in UTF-16 code units, or bytes when the client speaks UTF-8), and
//! a project path as a `file:` URI.

use std::path::{Path, PathBuf};

use lsp_types::{Position, PositionEncodingKind, Range, Uri};
use percent_encoding::percent_decode_str;

/// How the client counts characters within a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion), else the protocol's UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }

    /// The position of byte `offset` of `text` (clamped to the text, and back to the
    /// start of a character it falls inside).
    pub fn position(self, text: &str, offset: usize) -> Position {
        self.position_in(&LineStarts::of(text), text, offset)
    }

    /// [`Encoding::position`] with the line starts of `text` at hand: many positions
    /// in one text cost a search each, not a scan of the text.
    pub fn position_in(self, lines: &LineStarts, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = lines.0.partition_point(|&start| start <= offset) - 1;
        let line_start = lines.0[line];
        let character: usize = text[line_start..offset]
            .chars()
            .map(|c| self.width(c))
            .sum();
        Position::new(line as u32, character as u32)
    }

    /// The range of `len` bytes at `offset` of `text`.
    pub fn range(self, text: &str, offset: usize, len: usize) -> Range {
        self.range_in(&LineStarts::of(text), text, offset, len)
    }

    /// [`Encoding::range`] with the line starts of `text` at hand.
    pub fn range_in(self, lines: &LineStarts, text: &str, offset: usize, len: usize) -> Range {
        Range::new(
            self.position_in(lines, text, offset),
            self.position_in(lines, text, offset + len),
        )
    }

    /// The byte offset of `position` in `text`; a position past a line's end is its
    /// end, one past the last line the text's end.
    pub fn offset(self, text: &str, position: Position) -> usize {
        let mut line_start = 0;
        for _ in 0..position.line {
            match text[line_start..].find('\n') {
                Some(newline) => line_start += newline + 1,
                None => return text.len(),
            }
        }
        let line = &text[line_start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let mut counted = 0;
        for (at, c) in line.char_indices() {
            if counted >= position.character as usize {
                return line_start + at;
            }
            counted += self.width(c);
        }
        line_start + line.len()
    }
}

/// The byte offset where each line of a text starts (the first is 0).
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn of(text: &str) -> Self {
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1);
        Self(std::iter::once(0).chain(newlines).collect())
    }
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let encoded = crate::report::uri::uri_reference(path.to_str()?);
    format!("file://{encoded}").parse().ok()
}

/// The path a `file:` URI names.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path`: only the local host.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_agree_in_both_encodings() {
        let text = "a: \"é😀x\"\nsecond\n";
        let x = text.find('x').unwrap();
        assert_eq!(Encoding::Utf16.position(text, x), Position::new(0, 7));
        assert_eq!(Encoding::Utf8.position(text, x), Position::new(0, 10));
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            for offset in text.char_indices().map(|(at, _)| at) {
                let position = encoding.position(text, offset);
                assert_eq!(
                    encoding.offset(text, position),
                    offset,
                    "{encoding:?} {offset}"
                );
            }
        }
        assert_eq!(
            Encoding::Utf16.offset(text, Position::new(1, 99)),
            text.len() - 1
        );
        assert_eq!(
            Encoding::Utf16.offset(text, Position::new(9, 0)),
            text.len()
        );
    }

    #[test]
    fn paths_survive_the_uri() {
        let path = Path::new("/work/my claims/b#1/é.yaml");
        let uri = uri_of(path).unwrap();
        assert_eq!(uri.as_str(), "file:///work/my%20claims/b%231/%C3%A9.yaml");
        assert_eq!(path_of(&uri).unwrap(), path);
    }
}
