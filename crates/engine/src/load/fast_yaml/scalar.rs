//! The fast path's scalars, in the styles people and YAML emitters write: plain,
//! single- and double-quoted, on one line or folded over several (PyYAML, libyaml and
//! js-yaml wrap long strings at 80 columns), and literal or folded block scalars (`|`,
//! `>`, with `-` to strip the last line break). Each is read to the value and the
//! byte span the full parser gives. Subtler forms are declined: a `+` or an
//! indentation indicator, a more-indented line in a folded block, an escaped line
//! break before an empty line, a continuation line not indented past its key.

use super::find;
use crate::load::raw_claim::At;

/// A scalar as read: its value and span, whether it was plain (a plain `15` is a
/// number, a quoted one a string), and where the first line after it starts.
pub(super) struct Scalar {
    pub(super) at: At<String>,
    pub(super) plain: bool,
    pub(super) resume: usize,
}

/// The scalar whose first character is at byte `at` of `text`, on a line whose content
/// ends at `line_end`, the value of a key or a sequence dash at column `column`: its
/// other lines must be indented further.
pub(super) fn scalar(text: &str, at: usize, line_end: usize, column: usize) -> Option<Scalar> {
    match text.as_bytes()[at] {
        b'"' => double_quoted(text, at, line_end, column),
        b'\'' => single_quoted(text, at, line_end, column),
        b'|' | b'>' => block(text, at, column),
        _ => plain(text, at, line_end, column),
    }
}

/// The line starting at byte `start`: where its content ends (before `\n` or `\r\n`;
/// the screen lets a carriage return through only there) and where the next starts.
pub(super) fn line(text: &str, start: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    match find::byte(b'\n', &bytes[start..]) {
        Some(at) => {
            let newline = start + at;
            (line_content_end(bytes, start, newline), newline + 1)
        }
        None => (text.len(), text.len()),
    }
}

/// How many spaces start `line`. Counted on bytes: trimming the `str` decoded each
/// character and checked boundaries, on every line of a claim file.
pub(super) fn indent_of(line: &str) -> usize {
    let bytes = line.as_bytes();
    bytes
        .iter()
        .position(|&byte| byte != b' ')
        .unwrap_or(bytes.len())
}

/// After a line break, the next line that holds more than spaces: how many empty lines
/// came first, and where its first character is. `None` at the end of the text or
/// when that line is not indented past `column` (the scalar ended there).
fn next_content_line(text: &str, mut start: usize, column: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut empty = 0;
    // A line's spaces are read up to its first other byte, not its end: after each
    // plain value, finding the end of the line after it was a fortieth of reading a
    // claim file.
    while start < text.len() {
        let indent = indent_of(&text[start..]);
        let first = start + indent;
        match break_at(bytes, first) {
            Some(next) => {
                empty += 1;
                start = next;
            }
            None if first < text.len() => {
                return (indent > column).then_some((empty, first));
            }
            None => return None,
        }
    }
    None
}

/// A line break folded: a space, or one line feed for each empty line it spanned.
fn push_fold(value: &mut String, empty_lines: usize) {
    if empty_lines == 0 {
        value.push(' ');
    } else {
        value.extend(std::iter::repeat_n('\n', empty_lines));
    }
}

/// Drops the spaces ending `value` before a folded line break, but none of its first
/// `kept` bytes (an escaped space stays).
fn trim_before_break(value: &mut String, kept: usize) {
    let trimmed = value[kept..].trim_end_matches(' ').len();
    value.truncate(kept + trimmed);
}

/// Where the line after the one whose content ends at `line_end` starts (the text's
/// end after its last line).
fn next_line_start(text: &str, line_end: usize) -> usize {
    break_at(text.as_bytes(), line_end).unwrap_or(text.len())
}

/// Where the line break starting at byte `index` ends, if one does.
fn break_at(bytes: &[u8], index: usize) -> Option<usize> {
    match bytes.get(index..index + 2) {
        Some([b'\r', b'\n']) => Some(index + 2),
        _ => (bytes.get(index) == Some(&b'\n')).then_some(index + 1),
    }
}

/// A double-quoted scalar opening at byte `at`, on a line whose content ends at
/// `first_line_end`.
fn double_quoted(text: &str, at: usize, first_line_end: usize, column: usize) -> Option<Scalar> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut kept = 0;
    let mut index = at + 1;
    loop {
        let stop = memchr::memchr3(b'"', b'\\', b'\n', &bytes[index..])? + index;
        if value.capacity() == 0 {
            value = sized_for(text, index, stop, first_line_end);
        }
        match bytes[stop] {
            b'"' => {
                value.push_str(&text[index..stop]);
                return closed(text, at, stop + 1, value, first_line_end);
            }
            b'\\' => {
                value.push_str(&text[index..stop]);
                if let Some(next) = break_at(bytes, stop + 1) {
                    // An escaped line break joins the lines with nothing between.
                    let (0, resume) = next_content_line(text, next, column)? else {
                        return None;
                    };
                    index = resume;
                } else {
                    let (character, used) = escape(&text[stop + 1..])?;
                    value.push(character);
                    index = stop + 1 + used;
                }
                kept = value.len();
            }
            _ => {
                index = fold_line_break(text, (index, stop), column, kept, &mut value)?;
                kept = value.len();
            }
        }
    }
}

/// A single-quoted scalar opening at byte `at`, on a line whose content ends at
/// `first_line_end`.
fn single_quoted(text: &str, at: usize, first_line_end: usize, column: usize) -> Option<Scalar> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut kept = 0;
    let mut index = at + 1;
    loop {
        let stop = memchr::memchr2(b'\'', b'\n', &bytes[index..])? + index;
        if value.capacity() == 0 {
            value = sized_for(text, index, stop, first_line_end);
        }
        if bytes[stop] == b'\'' {
            value.push_str(&text[index..stop]);
            if bytes.get(stop + 1) != Some(&b'\'') {
                return closed(text, at, stop + 1, value, first_line_end);
            }
            value.push('\'');
            index = stop + 2;
            continue;
        }
        index = fold_line_break(text, (index, stop), column, kept, &mut value)?;
        kept = value.len();
    }
}

/// An empty string with room for a quoted scalar's value, whose text starts at byte
/// `start` and whose first escape, quote or line break is at `stop`: the text up to
/// it, or to the line's end after an escape (most escapes shorten the text). Grown
/// from nothing, a quote with one escape (`\_`, as `pin` writes a no-break space)
/// was copied three times: a twentieth of reading a claim file. `first_line_end` is
/// where the content of the scalar's first line ends.
fn sized_for(text: &str, start: usize, stop: usize, first_line_end: usize) -> String {
    let end = match text.as_bytes()[stop] {
        b'\\' if stop < first_line_end => first_line_end,
        b'\\' => find::byte(b'\n', &text.as_bytes()[stop..]).map_or(text.len(), |at| stop + at),
        _ => stop,
    };
    String::with_capacity(end - start)
}

/// A line break in a quoted scalar: the line's text from `index` to the line feed at
/// `newline` added to `value` without the spaces ending it (but none of its first
/// `kept` bytes), then the break folded. Returns where the next line's text starts.
fn fold_line_break(
    text: &str,
    (index, newline): (usize, usize),
    column: usize,
    kept: usize,
    value: &mut String,
) -> Option<usize> {
    value.push_str(&text[index..line_content_end(text.as_bytes(), index, newline)]);
    trim_before_break(value, kept);
    let (empty_lines, resume) = next_content_line(text, newline + 1, column)?;
    push_fold(value, empty_lines);
    Some(resume)
}

/// Where the text from `index` to the line feed at `newline` ends, before a carriage
/// return.
pub(super) fn line_content_end(bytes: &[u8], index: usize, newline: usize) -> usize {
    if newline > index && bytes[newline - 1] == b'\r' {
        newline - 1
    } else {
        newline
    }
}

/// True when what follows a value on its line is nothing, spaces, or a comment (which
/// needs a space before its `#`).
pub(super) fn nothing_but_a_comment(after: &str) -> bool {
    let rest = after.trim_start_matches(' ');
    rest.is_empty() || (rest.starts_with('#') && after.starts_with(' '))
}

/// A quoted scalar that closed before byte `end`: only spaces or a comment may follow
/// on its line. A scalar that closed on its first line, whose content ends at
/// `first_line_end`, ends there: searching for the line's end again was a fortieth of
/// reading a 1,000-claim file.
fn closed(
    text: &str,
    at: usize,
    end: usize,
    value: String,
    first_line_end: usize,
) -> Option<Scalar> {
    let (line_end, next) = if end <= first_line_end {
        (first_line_end, next_line_start(text, first_line_end))
    } else {
        line(text, end)
    };
    if !nothing_but_a_comment(&text[end..line_end]) {
        return None;
    }
    Some(Scalar {
        at: At {
            value,
            offset: at,
            len: end - at,
            line: 0,
            column: 0,
        },
        plain: false,
        resume: next,
    })
}

fn plain(text: &str, at: usize, line_end: usize, column: usize) -> Option<Scalar> {
    let bytes = text.as_bytes();
    // The readers found where the line ends: searching for it again from the value on
    // was a second pass over every plain value.
    let (end, mut next) = (line_end, next_line_start(text, line_end));
    let (first, commented) = plain_line(&text[at..end], true)?;
    let mut value = first.to_owned();
    let mut last = at + first.len();
    while !commented && let Some((empty_lines, start)) = next_content_line(text, next, column) {
        if bytes[start] == b'#' {
            // A comment line ends the scalar.
            break;
        }
        let (end, after) = line(text, start);
        let (more, commented) = plain_line(&text[start..end], false)?;
        if commented {
            return None;
        }
        push_fold(&mut value, empty_lines);
        value.push_str(more);
        last = start + more.len();
        next = after;
    }
    let resolves_to_text = !looks_special(&value) || is_date(&value) || is_number(&value);
    resolves_to_text.then(|| Scalar {
        at: At {
            value,
            offset: at,
            len: last - at,
            line: 0,
            column: 0,
        },
        plain: true,
        resume: next,
    })
}

/// One line of a plain scalar, without a comment and the spaces before it: `None`
/// when it holds `: `, `::` or ends with `:`, or when it is the `first` and starts
/// with anything but a letter, digit or non-ASCII character other than a space
/// (indicators, and what a YAML reader might take for one; on later lines they are
/// text). Also says whether a comment ended it.
fn plain_line(line: &str, first_line: bool) -> Option<(&str, bool)> {
    // Found by their single bytes (`find.rs`): a search for ` #`, `: ` and `::` built a
    // searcher per line.
    let bytes = line.as_bytes();
    let comment = find::each(b'#', bytes).find(|&at| at > 0 && bytes[at - 1] == b' ');
    let (content, commented) = match comment {
        Some(at) => (&line[..at - 1], true),
        None => (line, false),
    };
    if colon_before(content.as_bytes(), b": ") {
        return None;
    }
    let content = content.trim_end_matches(' ');
    let first = content.chars().next()?;
    let last = content.chars().next_back()?;
    let starts_well = !first_line
        || first.is_ascii_alphanumeric()
        || !(first.is_ascii() || first.is_whitespace());
    let plain = starts_well && !last.is_whitespace() && !content.ends_with(':');
    plain.then_some((content, commented))
}

/// A literal (`|`) or folded (`>`) block scalar, clipped or stripped (`-`), its
/// indicator at byte `at`. The full parser's span runs from its first character to
/// the first character of the line that ends it (or the end of the text).
fn block(text: &str, at: usize, column: usize) -> Option<Scalar> {
    let literal = text.as_bytes()[at] == b'|';
    let (header_end, mut start) = line(text, at);
    let strip = match text[at + 1..header_end].trim_end_matches(' ') {
        "" => false,
        "-" => true,
        _ => return None,
    };
    if start >= text.len() {
        return None;
    }
    let (first_end, _) = line(text, start);
    let indent = indent_of(&text[start..first_end]);
    if start + indent == first_end || indent <= column {
        return None;
    }
    let offset = start + indent;
    let mut value = String::new();
    let mut empty_lines = 0;
    let mut first = true;
    let end = loop {
        if start >= text.len() {
            break text.len();
        }
        let (end, next) = line(text, start);
        let spaces = indent_of(&text[start..end]);
        if start + spaces == end {
            if spaces > indent {
                return None;
            }
            empty_lines += 1;
            start = next;
            continue;
        }
        if spaces < indent {
            break start + spaces;
        }
        // A more-indented line folds by other rules; a last line without a line
        // break is the full parser's to judge.
        if (spaces > indent && !literal) || next == end {
            return None;
        }
        if !first {
            if literal {
                value.extend(std::iter::repeat_n('\n', empty_lines + 1));
            } else {
                push_fold(&mut value, empty_lines);
            }
        }
        first = false;
        empty_lines = 0;
        value.push_str(&text[start + indent..end]);
        start = next;
    };
    if !strip {
        value.push('\n');
    }
    Some(Scalar {
        at: At {
            value,
            offset,
            len: end - offset,
            line: 0,
            column: 0,
        },
        plain: false,
        resume: start,
    })
}

/// The character an escape stands for (the text after its backslash) and the bytes
/// it used.
fn escape(text: &str) -> Option<(char, usize)> {
    let code = *text.as_bytes().first()?;
    let character = match code {
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' => '\t',
        b'n' => '\n',
        b'v' => '\u{B}',
        b'f' => '\u{C}',
        b'r' => '\r',
        b'e' => '\u{1B}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{A0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' => return hex_escape(text, 2),
        b'u' => return hex_escape(text, 4),
        b'U' => return hex_escape(text, 8),
        _ => return None,
    };
    Some((character, 1))
}

fn hex_escape(text: &str, digits: usize) -> Option<(char, usize)> {
    let hex = text.get(1..1 + digits)?;
    if !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    let character = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((character, 1 + digits))
}

/// A plain scalar of letters, digits and `.`, `_`, `-`, `:` that no YAML schema reads
/// as anything but a string: not null, a boolean or a number.
pub(super) fn plain_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    let Some(first) = bytes.first() else {
        return false;
    };
    first.is_ascii_alphanumeric()
        && !word.ends_with(':')
        && !colon_before(bytes, b": ")
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || b"._-: ".contains(byte))
        && (is_date(word) || !looks_special(word))
}

/// Whether a `:` in `bytes` is followed by one of `next` (a search per pattern built
/// a searcher for each of a claim file's plain words and lines).
fn colon_before(bytes: &[u8], next: &[u8]) -> bool {
    find::each(b':', bytes).any(|at| bytes.get(at + 1).is_some_and(|after| next.contains(after)))
}

/// A date as analysts write one, `2020-10-10` or `2020-10`: a string to YAML 1.2.
fn is_date(word: &str) -> bool {
    let digits = |part: &str, len: usize| {
        part.len() == len && part.bytes().all(|byte| byte.is_ascii_digit())
    };
    let mut parts = word.split('-');
    parts.next().is_some_and(|year| digits(year, 4))
        && parts.next().is_some_and(|month| digits(month, 2))
        && parts.next().is_none_or(|day| digits(day, 2))
        && parts.next().is_none()
}

/// Words YAML 1.1 or 1.2 resolves to null, booleans or numbers (in any case), and
/// anything number-like: those the full parser decides.
fn looks_special(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf",
    ];
    if WORDS
        .iter()
        .any(|special| word.eq_ignore_ascii_case(special))
    {
        return true;
    }
    // Integers, floats, 0x/0o/0b forms, underscores, sexagesimal and timestamps all
    // start with a digit and hold no letter but these; a span (`12..40`) is none.
    let bytes = word.as_bytes();
    let radix_digits = |digits: &[u8]| {
        bytes.len() > 2
            && bytes[2..]
                .iter()
                .all(|byte| digits.contains(byte) || *byte == b'_')
    };
    let radix = match word.get(..2) {
        Some("0x" | "0X") => radix_digits(b"0123456789abcdefABCDEF"),
        Some("0o" | "0O") => radix_digits(b"01234567"),
        Some("0b" | "0B") => radix_digits(b"01"),
        _ => false,
    };
    radix
        || (bytes[0].is_ascii_digit()
            && !bytes.windows(2).any(|pair| pair == b"..")
            && bytes
                .iter()
                .all(|byte| !byte.is_ascii_alphabetic() || b"eEtTzZ".contains(byte)))
}

/// A plain unsigned integer without a leading zero (octal in YAML 1.1), within u64.
pub(super) fn is_number(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 18
        && word.bytes().all(|byte| byte.is_ascii_digit())
        && (word.len() == 1 || !word.starts_with('0'))
}
