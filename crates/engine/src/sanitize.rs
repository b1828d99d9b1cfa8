//! Text from sources and claims made safe for a terminal: control characters (ANSI
//! escape sequences start with one), lone carriage returns and bidirectional overrides
//! would let an article rewrite or reorder what the reviewer sees; a line break inside
//! a value would let it start a line of its own, which a CI log reads as a command
//! (`::error ...`, `::add-mask::`). They are replaced, visibly.

use std::borrow::Cow;

use crate::ascii_lanes::{all_ascii, within};

fn is_unsafe(c: char, next: Option<char>) -> bool {
    match c {
        '\n' | '\t' => false,
        // A carriage return ending a CRLF line is harmless; alone it overwrites the line.
        '\r' => next != Some('\n'),
        c => is_bidi_control(c) || c.is_control(),
    }
}

/// Characters that reorder text (embeddings, overrides, isolates and their marks).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Whether `c` may not appear inside a one-line value: any control character (line
/// breaks included), Unicode's line and paragraph separators, and bidi controls.
fn breaks_a_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_bidi_control(c)
}

fn replace(text: &str, replacement: impl Fn(char) -> String) -> Cow<'_, str> {
    let Some(first) = first_flagged(text, true, is_unsafe) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut chars = text[first..].chars().peekable();
    while let Some(c) = chars.next() {
        if is_unsafe(c, chars.peek().copied()) {
            out.push_str(&replacement(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Where the first character of `text` that `flagged` flags (given it and the next
/// character) starts, if any. Eight ASCII bytes without a control character among
/// them (line feeds and tabs aside, when `lines_kept`) are passed at once: reports
/// check whole claim files and sources this way, 30 MB for one human report of a
/// large product, where reading every character took a serial 40 ms.
fn first_flagged(
    text: &str,
    lines_kept: bool,
    flagged: impl Fn(char, Option<char>) -> bool,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if let Some(chunk) = bytes.get(at..at + 8)
            && !may_flag(
                u64::from_le_bytes(chunk.try_into().expect("eight bytes")),
                lines_kept,
            )
        {
            at += 8;
            continue;
        }
        // Character by character past these eight bytes (`at` is on a boundary).
        let end = at + 8;
        while at < end && at < bytes.len() {
            let mut chars = text[at..].chars();
            let c = chars
                .next()
                .expect("a character at a boundary inside the text");
            if flagged(c, chars.next()) {
                return Some(at);
            }
            at += c.len_utf8();
        }
    }
    None
}

/// Whether eight bytes (little-endian) may hold a flagged character: any byte outside
/// ASCII, a control character below 0x20 (but a line feed or tab when `lines_kept`)
/// or DEL.
fn may_flag(chunk: u64, lines_kept: bool) -> bool {
    if !all_ascii(chunk) {
        return true;
    }
    let equal = |byte: u8| within(chunk, byte, byte);
    let mut control = within(chunk, 0, 0x1F);
    if lines_kept {
        control &= !equal(b'\n') & !equal(b'\t');
    }
    (control | equal(0x7F)) != 0
}

/// `text` as one line: every control character (line breaks included), separator and
/// bidi control shown as `�`. For values (statements, names, file names, origins) that
/// a report puts on a line of its own making.
pub fn inline(text: &str) -> Cow<'_, str> {
    if first_flagged(text, false, |c, _| breaks_a_line(c)).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if breaks_a_line(c) { '\u{FFFD}' } else { c })
            .collect(),
    )
}

/// `text` with each unsafe character shown as `�`; line breaks kept.
pub fn safe(text: &str) -> Cow<'_, str> {
    replace(text, |_| "\u{FFFD}".to_owned())
}

/// `text` with each unsafe character replaced by as many `?` as it has bytes, so byte
/// offsets into the text (of snippets and labels) stay valid.
pub fn safe_same_length(text: &str) -> Cow<'_, str> {
    replace(text, |c| "?".repeat(c.len_utf8()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Passing eight bytes at a time finds what reading every character finds,
        /// whatever falls across the eight-byte chunks.
        #[test]
        fn chunks_passed_at_once_hide_nothing(
            text in "([a-z ]{0,11}|\r|\r\n|\n|\t|\u{0}|\u{1b}|\u{1f}|\u{7f}|\u{85}|\u{9b}|é|“|\u{202E}|\u{2028}|\u{61C}|\u{200F}|😀){0,24}",
        ) {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let by_character = |lines_kept: bool| {
                chars.iter().enumerate().find_map(|(index, &(at, c))| {
                    let next = chars.get(index + 1).map(|&(_, next)| next);
                    let flagged = if lines_kept { is_unsafe(c, next) } else { breaks_a_line(c) };
                    flagged.then_some(at)
                })
            };
            prop_assert_eq!(first_flagged(&text, true, is_unsafe), by_character(true));
            prop_assert_eq!(first_flagged(&text, false, |c, _| breaks_a_line(c)), by_character(false));
        }
    }

    #[test]
    fn every_byte_below_0x80_is_judged_in_its_own_lane() {
        for byte in 0..0x80u8 {
            for lane in 0..8 {
                let mut bytes = [b'a'; 16];
                bytes[lane] = byte;
                let text = std::str::from_utf8(&bytes).unwrap();
                let c = char::from(byte);
                let expected = |flagged: bool| flagged.then_some(lane);
                assert_eq!(
                    first_flagged(text, true, is_unsafe),
                    expected(is_unsafe(c, Some('a'))),
                    "{byte:#x} at {lane}"
                );
                assert_eq!(
                    first_flagged(text, false, |c, _| breaks_a_line(c)),
                    expected(breaks_a_line(c)),
                    "{byte:#x} at {lane}"
                );
            }
        }
    }

    #[test]
    fn escapes_and_overrides_are_shown_not_obeyed() {
        assert_eq!(
            safe("a\u{1b}[2Jb\u{202E}c\rd\r\ne"),
            "a\u{FFFD}[2Jb\u{FFFD}c\u{FFFD}d\r\ne"
        );
        let text = "x\u{9b}31m\u{202E}";
        assert_eq!(safe_same_length(text).len(), text.len());
        assert!(matches!(safe("plain text\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_value_cannot_start_a_line_of_its_own() {
        assert_eq!(
            inline("five\n::error::forged\r\n\u{2028}x\u{200F}"),
            "five\u{FFFD}::error::forged\u{FFFD}\u{FFFD}\u{FFFD}x\u{FFFD}"
        );
        assert!(matches!(inline("Al-Haq, 2021"), Cow::Borrowed(_)));
    }
}
