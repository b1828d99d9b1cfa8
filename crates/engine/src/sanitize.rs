//! Text from sources and claims made safe for a terminal: control characters (ANSI
//! escape sequences start with one), lone carriage returns and bidirectional overrides
//! would let an article rewrite or reorder what the reviewer sees; a line break inside
//! a value would let it start a line of its own, which a CI log reads as a command
//! (`::error ...`, `::add-mask::`). They are replaced, visibly.

use std::borrow::Cow;

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
    let mut chars = text.chars().peekable();
    if !text
        .chars()
        .zip(text.chars().skip(1).map(Some).chain([None]))
        .any(|(c, next)| is_unsafe(c, next))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    while let Some(c) = chars.next() {
        if is_unsafe(c, chars.peek().copied()) {
            out.push_str(&replacement(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` as one line: every control character (line breaks included), separator and
/// bidi control shown as `�`. For values (statements, names, file names, origins) that
/// a report puts on a line of its own making.
pub fn inline(text: &str) -> Cow<'_, str> {
    if !text.chars().any(breaks_a_line) {
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
