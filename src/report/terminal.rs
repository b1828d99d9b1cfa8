//! Text from sources and claims made safe for a terminal: control characters (ANSI
//! escape sequences start with one), lone carriage returns and bidirectional overrides
//! would let an article rewrite or reorder what the reviewer sees. They are replaced,
//! visibly.

use std::borrow::Cow;

fn is_unsafe(c: char, next: Option<char>) -> bool {
    match c {
        '\n' | '\t' => false,
        // A carriage return ending a CRLF line is harmless; alone it overwrites the line.
        '\r' => next != Some('\n'),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        c => c.is_control(),
    }
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

/// `text` with each unsafe character shown as `�`.
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
}
