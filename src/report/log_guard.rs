//! The last line of defence for CI logs: a writer that makes sure no line of a report
//! that is not meant to hold workflow commands starts like one. GitHub's runner reads
//! a line that starts (after white space) with `::` or `##[` as a command; values are
//! already made one-line by [`claimcheck_engine::sanitize::inline`], and this guard catches any
//! line a renderer might still let through, by putting `�` in front of it.
//!
//! It also writes every bidi control and Unicode line separator as a JSON escape
//! (`\u202e`): inside the JSON and SARIF outputs that is the very same character to a
//! parser, and anywhere else it is harmless text, where the raw character would reorder
//! what a reviewer sees in a log (the human formats have already replaced them).

use std::io::Write;
use std::sync::LazyLock;

use memchr::memmem;

/// Wraps `inner`, holding each line until it is complete (or flushed) to look at its start.
pub struct LogGuard<'a> {
    inner: &'a mut dyn Write,
    line: Vec<u8>,
}

impl<'a> LogGuard<'a> {
    pub fn new(inner: &'a mut dyn Write) -> Self {
        Self {
            inner,
            line: Vec::new(),
        }
    }

    /// The writer underneath, for output that is meant to hold workflow commands.
    pub fn inner_mut(&mut self) -> &mut dyn Write {
        self.inner
    }

    /// Writes the held line, marked if it starts like a command.
    fn emit_line(&mut self) -> std::io::Result<()> {
        write_lines(self.inner, &self.line)?;
        self.line.clear();
        Ok(())
    }
}

/// Writes `lines` (whole lines; the last may be unended, at a flush), each that starts
/// like a command marked, in as few writes as there are lines to mark, plus one:
/// copying each line into the held buffer and writing it alone was a fifth of
/// rendering 100,000 findings as JSON.
fn write_lines(out: &mut dyn Write, lines: &[u8]) -> std::io::Result<()> {
    let mut written = 0;
    for start in command_line_starts(lines) {
        write_escaping_reorderers(out, &lines[written..start])?;
        out.write_all(MARK)?;
        written = start;
    }
    write_escaping_reorderers(out, &lines[written..])
}

/// Where the lines of `lines` that start (after white space) as GitHub's runner reads a
/// command start, in order. The markers are searched for, not each line's start looked
/// at: a report has millions of lines and hardly ever such a marker.
fn command_line_starts(lines: &[u8]) -> Vec<usize> {
    let line_start = |marker: usize| {
        let blanks = lines[..marker]
            .iter()
            .rev()
            .take_while(|byte| matches!(byte, b' ' | b'\t'))
            .count();
        let start = marker - blanks;
        (start == 0 || lines[start - 1] == b'\n').then_some(start)
    };
    // Built once: a searcher built for each write was a fifth of writing a human
    // report of 100,000 warnings.
    static MARKERS: LazyLock<[memmem::Finder<'static>; 2]> =
        LazyLock::new(|| [memmem::Finder::new(b"::"), memmem::Finder::new(b"##[")]);
    let [command, group] = &*MARKERS;
    let mut starts: Vec<usize> = command
        .find_iter(lines)
        .chain(group.find_iter(lines))
        .filter_map(line_start)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// What goes in front of a line that starts like a workflow command.
const MARK: &[u8] = "\u{FFFD}".as_bytes();

/// Writes `bytes`, each bidi control or line separator as `\uXXXX`.
fn write_escaping_reorderers(out: &mut dyn Write, bytes: &[u8]) -> std::io::Result<()> {
    let mut written = 0;
    // Every character concerned is encoded with a lead byte 0xE2 or 0xD8.
    for at in memchr::memchr2_iter(0xE2, 0xD8, bytes) {
        if at < written {
            continue;
        }
        if let Some((c, len)) = reorderer_at(&bytes[at..]) {
            out.write_all(&bytes[written..at])?;
            write!(out, "\\u{c:04x}")?;
            written = at + len;
        }
    }
    out.write_all(&bytes[written..])
}

/// The bidi control or line separator that `bytes` start with, as its code point and
/// encoded length, read from the bytes themselves: a report's every curly quote
/// shares the lead byte 0xE2, and each is matched here rather than decoded.
fn reorderer_at(bytes: &[u8]) -> Option<(u32, usize)> {
    match *bytes {
        // U+200E, U+200F, U+2028 to U+202E.
        [0xE2, 0x80, last @ (0x8E | 0x8F | 0xA8..=0xAE), ..] => {
            Some((0x2000 + u32::from(last - 0x80), 3))
        }
        // U+2066 to U+2069.
        [0xE2, 0x81, last @ 0xA6..=0xA9, ..] => Some((0x2040 + u32::from(last - 0x80), 3)),
        // U+061C.
        [0xD8, 0x9C, ..] => Some((0x061C, 2)),
        _ => None,
    }
}

impl Write for LogGuard<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut rest = bytes;
        if !self.line.is_empty() {
            let Some(end) = memchr::memchr(b'\n', rest) else {
                self.line.extend_from_slice(rest);
                return Ok(bytes.len());
            };
            self.line.extend_from_slice(&rest[..=end]);
            self.emit_line()?;
            rest = &rest[end + 1..];
        }
        // A line not yet ended is held: what follows may make it start like a command.
        let whole = memchr::memrchr(b'\n', rest).map_or(0, |end| end + 1);
        write_lines(self.inner, &rest[..whole])?;
        self.line.extend_from_slice(&rest[whole..]);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.line.is_empty() {
            self.emit_line()?;
        }
        self.inner.flush()
    }
}

impl Drop for LogGuard<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reordering_characters_are_written_as_json_escapes() {
        let mut out = Vec::new();
        {
            let mut guard = LogGuard::new(&mut out);
            let json = serde_json::to_string(&"a\u{202E}b\u{2028}c\u{061C}\u{2066}é—").unwrap();
            writeln!(guard, "{json}").unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "\"a\\u202eb\\u2028c\\u061c\\u2066é—\"\n");
        let back: String = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(back, "a\u{202E}b\u{2028}c\u{061C}\u{2066}é—");
    }

    #[test]
    fn no_line_starts_a_workflow_command() {
        let mut out = Vec::new();
        {
            let mut guard = LogGuard::new(&mut out);
            write!(
                guard,
                "ok line\n  ::error::forged\n##[set-output name=x;]y\nsafe ::"
            )
            .unwrap();
            write!(guard, "error:: mid-line\n:").unwrap();
            write!(guard, ":add-mask::secret").unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ok line\n\u{FFFD}  ::error::forged\n\u{FFFD}##[set-output name=x;]y\nsafe ::error:: mid-line\n\u{FFFD}::add-mask::secret"
        );
    }

    /// The guard's output for `text` written in the pieces `cuts` make of it.
    fn guarded(text: &[u8], cuts: &[usize]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut guard = LogGuard::new(&mut out);
            let mut start = 0;
            for &cut in cuts.iter().chain([&text.len()]) {
                guard.write_all(&text[start..cut]).unwrap();
                start = cut;
            }
        }
        out
    }

    #[test]
    fn the_output_is_the_same_however_the_text_is_cut_into_writes() {
        let text = "a\n::x\n  ##[y\n\t:\u{202E}:z\n\nok ::\n#\u{2028}#[\n::".as_bytes();
        let whole = guarded(text, &[]);
        assert_eq!(
            String::from_utf8(whole.clone()).unwrap(),
            "a\n\u{FFFD}::x\n\u{FFFD}  ##[y\n\t:\\u202e:z\n\nok ::\n#\\u2028#[\n\u{FFFD}::"
        );
        for first in 0..=text.len() {
            for second in first..=text.len() {
                assert_eq!(
                    guarded(text, &[first, second]),
                    whole,
                    "cut at {first}, {second}"
                );
            }
        }
    }

    /// Every character with the lead byte 0xD8 or 0xE2 is read as one the guard
    /// escapes exactly when it is a bidi control or line separator.
    #[test]
    fn the_characters_escaped_are_the_bidi_controls_and_line_separators() {
        for c in ('\u{0600}'..='\u{063F}').chain('\u{2000}'..='\u{2FFF}') {
            let mut encoded = [0; 4];
            let bytes = c.encode_utf8(&mut encoded).as_bytes();
            let expected = (claimcheck_engine::sanitize::is_bidi_control(c)
                || matches!(c, '\u{2028}' | '\u{2029}'))
            .then_some((c as u32, c.len_utf8()));
            assert_eq!(reorderer_at(bytes), expected, "{c:?}");
            // Followed by more text, and cut short.
            assert_eq!(reorderer_at(&[bytes, b"x"].concat()), expected, "{c:?}");
            assert_eq!(reorderer_at(&bytes[..bytes.len() - 1]), None, "{c:?}");
        }
    }

    /// Whether `line` starts (after white space) as GitHub's runner reads a command,
    /// looked at as the runner does: the reference for the marker search.
    fn starts_like_command(line: &[u8]) -> bool {
        let start = line
            .iter()
            .position(|byte| !matches!(byte, b' ' | b'\t'))
            .unwrap_or(line.len());
        let rest = &line[start..];
        rest.starts_with(b"::") || rest.starts_with(b"##[")
    }

    proptest::proptest! {
        /// The markers found are the lines whose start, looked at line by line, reads
        /// as a command.
        #[test]
        fn the_lines_found_are_those_that_start_like_a_command(
            text in "([:#\\[ \t\na]){0,40}",
        ) {
            // The last line may be unended, as a held line is at a flush.
            let lines = text.as_bytes();
            let mut expected = Vec::new();
            let mut start = 0;
            for line in lines.split(|byte| *byte == b'\n') {
                if starts_like_command(line) {
                    expected.push(start);
                }
                start += line.len() + 1;
            }
            proptest::prop_assert_eq!(command_line_starts(lines), expected);
        }
    }
}
