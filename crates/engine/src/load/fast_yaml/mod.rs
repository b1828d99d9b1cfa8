//! A fast reader for the claim-file layouts `claimcheck pin` writes, people write by
//! hand and YAML emitters produce (PyYAML, libyaml, js-yaml): a block sequence of
//! claims whose values are scalars in any common style (`scalar.rs`); evidence,
//! suppressions and acknowledgements as block sequences of such mappings, a fact as a
//! block mapping, entities and `based-on` as flow or block lists of ids, `[]` for any
//! of those lists and an empty value for an optional one (null, as a script dumping
//! every field writes them); lines ending in `\n` or `\r\n`, after a byte-order mark or
//! none. Parsing YAML with the position of every value was most of a cold check; this
//! reads those layouts at memory speed: the layout `pin` writes claim by claim in one
//! pass (`pinned.rs`), any other claim by the general reader here, which indexes its
//! lines and gathers its entries first. It declines (returns `None`) at the first thing
//! outside them, and anything it declines (other fields, flow mappings, anchors, tags,
//! tabs, unknown, duplicate or missing keys) is read by the full parser. What it
//! accepts it reads exactly as the full parser does, values and positions: property
//! tests and the `claim_file` fuzz target compare the two.

mod find;
mod pinned;
mod scalar;

use std::ops::Range;

use rayon::prelude::*;

use super::raw_claim::{
    At, CLAIM_FIELDS, RawAcknowledgement, RawClaim, RawEvidence, RawFact, RawSuppression,
};
use crate::model::location::LineIndex;
use pinned::PinnedReader;
use scalar::{is_number, nothing_but_a_comment, plain_word};

/// Claim files larger than this are read in parts of about this size on all cores.
const PART_BYTES: usize = 1 << 20;

/// The claims of `text`, in parts read side by side, and the index of its lines, or
/// `None` when it is not in the layout this reader knows. Claims in the layout `pin`
/// writes are read in one pass (`pinned.rs`); any other claim, and the rest of a part
/// after a line that is none, by the general reader.
pub(super) fn read_claim_parts(text: &str) -> Option<(Vec<Vec<RawClaim>>, LineIndex)> {
    read_in_parts(text, PART_BYTES)
}

/// [`read_claim_parts`] in parts of about `part_bytes`. Each part starts at a dash at
/// column 0: no value goes on past such a line (every line of a value is indented
/// past its key), so a claim starts there whatever came before, and each part is
/// read as the whole file would be read from there on.
fn read_in_parts(text: &str, part_bytes: usize) -> Option<(Vec<Vec<RawClaim>>, LineIndex)> {
    let body = body_start(text);
    if !only_plain_characters(&text[body..]) {
        return None;
    }
    let lines = LineIndex::new(text);
    let starts = lines.starts();
    let parts = parts(text, starts, part_bytes);
    let read = if parts.len() == 1 {
        vec![read_part(text, body, starts, 0..starts.len())?]
    } else {
        parts
            .into_par_iter()
            .map(|part| read_part(text, body, starts, part))
            .collect::<Option<_>>()?
    };
    Some((read, lines))
}

/// The parts of `text` (ranges of its `line_starts`) to read side by side: each after
/// the first starts at the first dash at column 0 at least `part_bytes` past the
/// start of the one before, and after the first claim (what comes before it, a
/// document marker, is read with it).
fn parts(text: &str, line_starts: &[u32], part_bytes: usize) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut first_line = 0;
    let first_claim = memchr::memmem::find(text.as_bytes(), b"\n- ").unwrap_or(text.len());
    let mut from = part_bytes.max(first_claim.saturating_add(3));
    while let Some(found) = text
        .as_bytes()
        .get(from - 1..)
        .and_then(|rest| memchr::memmem::find(rest, b"\n- "))
    {
        let start = from + found;
        let line = line_starts.partition_point(|&line_start| (line_start as usize) < start);
        parts.push(first_line..line);
        first_line = line;
        from = start.saturating_add(part_bytes.max(1));
    }
    parts.push(first_line..line_starts.len());
    parts
}

/// The claims of the lines `part` of `text` (whose lines start at `line_starts`, its
/// YAML at byte `body`), or `None` when a claim there is not in the layout this reader
/// knows or a value would go on past the part.
fn read_part(
    text: &str,
    body: usize,
    line_starts: &[u32],
    part: Range<usize>,
) -> Option<Vec<RawClaim>> {
    let part_end = line_starts
        .get(part.end)
        .map_or(text.len(), |&start| start as usize);
    let opening = part.start == 0;
    let mut claims = Vec::with_capacity(claims_room(text, &line_starts[part.clone()]));
    let mut pinned = PinnedReader::new(text, body, line_starts, part.clone());
    while let Some(start) = pinned.next_line() {
        let mark = pinned.mark();
        if let Some(claim) = pinned.claim() {
            claims.push(claim);
            continue;
        }
        pinned.rewind(mark);
        let end = general_part_end(text, start).min(part_end);
        let lines = meaningful_lines(text, start..end)?;
        read_in_general(text, lines, opening && claims.is_empty(), &mut claims)?;
        pinned.skip_read(end);
    }
    pinned.is_at(part_end).then_some(claims)
}

/// Where the YAML of `text` starts: a byte-order mark opening the file (as some
/// Windows editors and PowerShell write UTF-8) is skipped, as YAML readers do, its
/// bytes still counted in every offset.
fn body_start(text: &str) -> usize {
    text.strip_prefix('\u{feff}')
        .map_or(0, |_| '\u{feff}'.len_utf8())
}

/// The fewest bytes a claim the fast path reads takes: `- id: a`, `  statement: b`.
const SMALLEST_CLAIM_BYTES: usize = 22;

/// Room for every claim of `text`, sized once (a growing vector of claims takes fresh
/// pages at every doubling): one a line starting with a dash, however many such lines
/// a hostile file holds. Counted at the `line_starts` the reader found: searching the
/// text again for them was 0.7% of reading a 1,000-claim file.
fn claims_room(text: &str, line_starts: &[u32]) -> usize {
    let dashes = line_starts
        .iter()
        .filter(|&&start| text.as_bytes()[start as usize..].starts_with(b"- "))
        .count()
        // A byte-order mark may come before the first line's dash.
        + 1;
    dashes.min(text.len() / SMALLEST_CLAIM_BYTES + 1)
}

/// Where the part the general reader reads from the line at `start` ends: a claim ends
/// before the next line that starts with a dash (whatever the claim holds, no value
/// of it can go on there); any other line is read with the rest of the file.
fn general_part_end(text: &str, start: usize) -> usize {
    if !text[start..].starts_with("- ") {
        return text.len();
    }
    memchr::memmem::find(&text.as_bytes()[start..], b"\n- ").map_or(text.len(), |at| start + at + 1)
}

/// Reads `lines` (whole claims, or the rest of the file) into `claims` with the general
/// reader; `opening` when they open the file, where the document marker may stand.
fn read_in_general(
    text: &str,
    mut lines: Vec<Line>,
    opening: bool,
    claims: &mut Vec<RawClaim>,
) -> Option<()> {
    // Hand-written files often open with the document marker; what follows is then
    // read as without it. A marker anywhere else (a second document) is declined.
    if opening
        && lines
            .first()
            .is_some_and(|line| line.indent == 0 && is_document_start(&text[line.start..line.end]))
    {
        lines.remove(0);
        if lines.is_empty() {
            return None;
        }
    }
    let mut reader = Reader {
        text,
        lines,
        next: 0,
        nesting: false,
    };
    while reader.next < reader.lines.len() {
        let (_, entries) = reader.item(0)?;
        claims.push(claim(entries)?);
    }
    Some(())
}

/// The entries a block mapping's vector has room for from the start: a pin written by
/// `pin` has six, a claim three to nine.
const MAPPING_ROOM: usize = 8;

/// True for `---` alone on its line, or before a comment.
fn is_document_start(line: &str) -> bool {
    line.strip_prefix("---").is_some_and(nothing_but_a_comment)
}

/// True when `text` holds only line breaks (`\n`, `\r\n`) and printable characters
/// other than tab: the rest (tabs, lone carriage returns, controls, byte-order marks,
/// non-characters) is either an error or a subtlety the full parser handles.
fn only_plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Three searches at memory speed. The first bytes of the other refused characters
    // also start curly quotes, dashes and no-break spaces, so where one is met it is
    // judged on its own; judging every byte with the two after it, in vector compares,
    // was a twelfth of reading the layout `pin` writes (callgrind).
    !holds_a_control(bytes)
        && memchr::memchr_iter(b'\r', bytes).all(|at| !refused_at(bytes, at))
        && memchr::memchr3_iter(0xC2, 0xE2, 0xEF, bytes).all(|at| !refused_at(bytes, at))
}

/// The bytes [`holds_a_control`] judges at once.
const BLOCK: usize = 32;

/// Whether a byte of `bytes` is a control [`refused_at`] refuses whatever follows it.
/// A block at a time, by a loop without an early exit over an array of fixed size,
/// which the compiler makes vector compares of sixteen bytes.
fn holds_a_control(bytes: &[u8]) -> bool {
    let mut blocks = bytes.chunks_exact(BLOCK);
    let in_blocks = blocks.any(|block| {
        let block: &[u8; BLOCK] = block.try_into().expect("a block");
        block
            .iter()
            .fold(false, |any, &byte| any | is_control(byte))
    });
    in_blocks || blocks.remainder().iter().any(|&byte| is_control(byte))
}

/// A control character other than a line break's, or DEL.
fn is_control(byte: u8) -> bool {
    ((byte < 0x20) & (byte != b'\n') & (byte != b'\r')) | (byte == 0x7F)
}

/// Whether the byte at `index` starts a character the fast path leaves to the full
/// parser.
fn refused_at(bytes: &[u8], index: usize) -> bool {
    let after = |ahead: usize| bytes.get(index + ahead).copied().unwrap_or(0);
    refused(bytes[index], after(1), after(2))
}

/// Whether a character starting with the byte `first`, followed by `second` and
/// `third` (0 past the text's end), is one the fast path leaves to the full parser.
fn refused(first: u8, second: u8, third: u8) -> bool {
    let control = is_control(first);
    let lone_return = (first == b'\r') & (second != b'\n');
    // U+0080–U+009F (U+0085, a YAML line break, too).
    let c1_control = (first == 0xC2) & (second < 0xA0);
    // U+2028 and U+2029, line breaks to YAML 1.1 readers.
    let separator = (first == 0xE2) & (second == 0x80) & ((third | 1) == 0xA9);
    // U+FEFF, U+FFFE, U+FFFF.
    let byte_order_mark = (second == 0xBB) & (third == 0xBF);
    let non_character = (second == 0xBF) & ((third | 1) == 0xBF);
    let special = (first == 0xEF) & (byte_order_mark | non_character);
    control | lone_return | c1_control | separator | special
}

/// A line that holds YAML (not blank, not only a comment): where it starts and ends
/// (before its line break) and how many spaces indent it.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
}

/// The lines in `part` of `text` (which starts and ends where lines do). `None` when
/// the lines average under 8 bytes, as no claim file's do: the table (24 bytes a line)
/// then stays within three times the text on a hostile file of short lines, which the
/// full parser reads.
fn meaningful_lines(text: &str, part: Range<usize>) -> Option<Vec<Line>> {
    let most = part.len() / 8 + 1;
    let breaks = memchr::memchr_iter(b'\n', &text.as_bytes()[part.clone()]).count();
    let mut lines = Vec::with_capacity(breaks.min(most) + 1);
    let mut start = part.start;
    while start < part.end {
        let (end, next) = scalar::line(text, start);
        let indent = scalar::indent_of(&text[start..end]);
        if holds_yaml(&text[start + indent..end]) {
            if lines.len() == most {
                return None;
            }
            lines.push(Line { start, end, indent });
        }
        start = next;
    }
    Some(lines)
}

/// Whether a line whose content (after its indent) is `content` holds YAML: it is
/// neither blank nor a comment.
fn holds_yaml(content: &str) -> bool {
    content
        .as_bytes()
        .first()
        .is_some_and(|&first| first != b'#')
}

/// A `key: value` as written on a line, before either reader judges it: the key, the
/// value's text to the line's end (after the spaces that part it from the colon) and
/// where that starts.
struct Written<'a> {
    key: &'a str,
    value: &'a str,
    value_at: usize,
    /// Whether a space parts the value from the colon, as YAML needs of a value.
    spaced: bool,
}

/// The `key: value` whose key starts at byte `at` of `text`, on a line whose content
/// ends at `end`; `None` without a colon.
fn written_entry(text: &str, at: usize, end: usize) -> Option<Written<'_>> {
    let rest = &text[at..end];
    let colon = find::byte(b':', rest.as_bytes())?;
    let after = &rest[colon + 1..];
    let value = after.trim_start_matches(' ');
    Some(Written {
        key: &rest[..colon],
        value,
        value_at: end - value.len(),
        spaced: after.starts_with(' '),
    })
}

/// One `key: value` of a mapping, the key's text and its value.
struct Entry<'a> {
    key: &'a str,
    value: Value,
}

enum Value {
    /// A scalar, and whether it was quoted (or a block scalar: not plain).
    Scalar(At<String>, bool),
    /// A list of ids: a flow sequence of plain words (`[a, b]`) or a block sequence
    /// of string scalars.
    Words(Vec<At<String>>),
    /// A block sequence of mappings, each with where it starts.
    Mappings(Vec<(usize, Vec<Entry<'static>>)>),
    /// A block mapping.
    Mapping(Vec<Entry<'static>>),
    /// `null`, `Null`, `NULL` or `~`: for an optional field, as if it were absent (a
    /// script dumping `None` writes it); anywhere else, the full parser's to judge.
    Null,
}

/// True for a value that is YAML 1.2's null, alone or before a comment.
fn is_null(value_text: &str) -> bool {
    // Most values are not: the first byte says so without a search for the word's end
    // through a long quote.
    if !matches!(value_text.as_bytes().first(), Some(b'n' | b'N' | b'~')) {
        return false;
    }
    let (word, after) = value_text.split_at(value_text.find(' ').unwrap_or(value_text.len()));
    matches!(word, "null" | "Null" | "NULL" | "~") && nothing_but_a_comment(after)
}

struct Reader<'a> {
    text: &'a str,
    lines: Vec<Line>,
    next: usize,
    /// Whether a nested collection is being read: claim files nest one level below a
    /// claim, and refusing a second keeps the recursion (and the stack) shallow on a
    /// hostile file indented ever deeper.
    nesting: bool,
}

impl<'a> Reader<'a> {
    /// The mapping that is the next item of a block sequence indented by `indent`: its
    /// first entry after `- `, the others on the lines indented two more. Returns where
    /// the mapping starts and its entries.
    fn item(&mut self, indent: usize) -> Option<(usize, Vec<Entry<'a>>)> {
        let line = *self.lines.get(self.next)?;
        let keys_at = line.start + indent + 2;
        if line.indent != indent
            || !self.text[line.start + indent..line.end].starts_with("- ")
            || self.text.as_bytes().get(keys_at) == Some(&b' ')
        {
            return None;
        }
        // Room for a claim's or a pin's fields, so that pushing them never grows it.
        let mut entries = Vec::with_capacity(MAPPING_ROOM);
        entries.push(self.entry(keys_at, indent + 2)?);
        while let Some(line) = self.lines.get(self.next).copied()
            && line.indent == indent + 2
        {
            entries.push(self.entry(line.start + indent + 2, indent + 2)?);
        }
        Some((keys_at, entries))
    }

    /// The entry whose key starts at byte `at` of the next line, at column `column`.
    fn entry(&mut self, at: usize, column: usize) -> Option<Entry<'a>> {
        let line = self.lines[self.next];
        self.next += 1;
        let written = written_entry(self.text, at, line.end)?;
        let key = written.key;
        if key.is_empty()
            || !key
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        {
            return None;
        }
        let value_text = written.value;
        if value_text.is_empty() || (value_text.starts_with('#') && written.spaced) {
            let value = if self.nothing_nested(column) {
                Value::Null
            } else {
                self.nested(column)?
            };
            return Some(Entry { key, value });
        }
        if !written.spaced {
            return None;
        }
        let value_at = written.value_at;
        let value = match value_text.strip_prefix('[') {
            Some(flow) => Value::Words(words(flow, value_at + 1)?),
            None => match scalar::scalar(self.text, value_at, line.end, column) {
                Some(scalar) => {
                    self.skip_to(scalar.resume);
                    Value::Scalar(scalar.at, !scalar.plain)
                }
                // Null is what a whole plain scalar may be, not its first line: `null`
                // with more words on the lines below is text, as the pinned reader
                // and the full parser read it.
                None if is_null(value_text) => Value::Null,
                None => return None,
            },
        };
        Some(Entry { key, value })
    }

    /// Whether an empty value under a key at `column` is null, as YAML reads it (and
    /// as a script writing `None` may leave it): no line follows, or the next is less
    /// indented than the key, or beside it and not a dash.
    fn nothing_nested(&self, column: usize) -> bool {
        self.lines.get(self.next).is_none_or(|line| {
            line.indent < column
                || (line.indent == column
                    && !self.text[line.start + line.indent..line.end].starts_with('-'))
        })
    }

    /// Moves past the lines a scalar spread over: to the first that starts at or
    /// after byte `resume`.
    fn skip_to(&mut self, resume: usize) {
        while self
            .lines
            .get(self.next)
            .is_some_and(|line| line.start < resume)
        {
            self.next += 1;
        }
    }

    /// The block collection under a key at `column`: a sequence of mappings or of
    /// strings (dashes at that column or further in) or a mapping (keys further in).
    fn nested(&mut self, column: usize) -> Option<Value> {
        if self.nesting {
            return None;
        }
        self.nesting = true;
        let value = self.nested_collection(column);
        self.nesting = false;
        value
    }

    fn nested_collection(&mut self, column: usize) -> Option<Value> {
        let first = *self.lines.get(self.next)?;
        let first_text = &self.text[first.start + first.indent..first.end];
        if let Some(item) = first_text.strip_prefix("- ") {
            if is_string_item(item) {
                return Some(Value::Words(self.strings(column)?));
            }
            return Some(Value::Mappings(self.mappings(column)?));
        }
        if first.indent <= column {
            return None;
        }
        let mut entries = Vec::new();
        while let Some(line) = self.lines.get(self.next).copied()
            && line.indent == first.indent
        {
            entries.push(self.entry(line.start + line.indent, line.indent)?);
        }
        match self.lines.get(self.next) {
            Some(line) if line.indent > column => None,
            _ => Some(Value::Mapping(owned(entries)?)),
        }
    }

    /// The block sequence of mappings under a key at `column`: its dashes at that
    /// column or further in.
    fn mappings(&mut self, column: usize) -> Option<Vec<(usize, Vec<Entry<'static>>)>> {
        self.sequence(column, |reader, line| {
            let (at, entries) = reader.item(line.indent)?;
            Some((at, owned(entries)?))
        })
    }

    /// The block sequence of strings under a key at `column`, its dashes at that
    /// column or further in: `None` for a plain number or anything not a scalar.
    fn strings(&mut self, column: usize) -> Option<Vec<At<String>>> {
        self.sequence(column, |reader, line| {
            let at = line.start + line.indent + 2;
            if reader.text.as_bytes().get(at) == Some(&b' ') {
                return None;
            }
            reader.next += 1;
            let scalar = scalar::scalar(reader.text, at, line.end, line.indent)?;
            reader.skip_to(scalar.resume);
            text(Some((scalar.at, !scalar.plain)))?
        })
    }

    /// The block sequence under a key at `column`: its dashes at that column or
    /// further in, each item read by `read_item` from its first line; `None` when a
    /// line after it is indented past `column`.
    fn sequence<T>(
        &mut self,
        column: usize,
        mut read_item: impl FnMut(&mut Self, Line) -> Option<T>,
    ) -> Option<Vec<T>> {
        let first = *self.lines.get(self.next)?;
        if first.indent < column {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(self.next).copied()
            && line.indent == first.indent
            && self.text[line.start + line.indent..line.end].starts_with("- ")
        {
            items.push(read_item(self, line)?);
        }
        match self.lines.get(self.next) {
            Some(line) if line.indent > column => None,
            _ => Some(items),
        }
    }
}

/// Whether a block sequence item (its text after `- `) is a string rather than a
/// mapping: quoted, or a plain scalar without `: ` or a final `:`. Either reading
/// still checks it.
fn is_string_item(item: &str) -> bool {
    let content = item
        .find(" #")
        .map_or(item, |at| &item[..at])
        .trim_end_matches(' ');
    item.starts_with(['"', '\''])
        || !(content.is_empty() || content.contains(": ") || content.ends_with(':'))
}

/// Entries with their keys checked against the fields claim files know, so they
/// outlive the text (the keys are then static; each mapping's reader checks its own).
fn owned(entries: Vec<Entry<'_>>) -> Option<Vec<Entry<'static>>> {
    entries
        .into_iter()
        .map(|entry| {
            let key = CLAIM_FIELDS.iter().find(|field| **field == entry.key)?;
            Some(Entry {
                key,
                value: entry.value,
            })
        })
        .collect()
}

/// The items of a flow sequence of plain words, its text after `[` starting at byte
/// `at`: `[a, b]`, then only a comment.
fn words(flow: &str, at: usize) -> Option<Vec<At<String>>> {
    let close = flow.find(']')?;
    if !nothing_but_a_comment(&flow[close + 1..]) {
        return None;
    }
    let inside = &flow[..close];
    if inside.trim_matches(' ').is_empty() {
        return Some(Vec::new());
    }
    let mut items = Vec::new();
    let mut offset = 0;
    for item in inside.split(',') {
        let word = item.trim_matches(' ');
        // No `:` in flow context, where `a:b` and `a: b` differ subtly.
        if !plain_word(word) || word.contains(':') {
            return None;
        }
        let start = offset + (item.len() - item.trim_start_matches(' ').len());
        items.push(At {
            value: word.to_owned(),
            offset: at + start,
            len: word.len(),
            line: 0,
            column: 0,
        });
        offset += item.len() + 1;
    }
    Some(items)
}

/// A claim from its entries; `None` for an unknown, repeated or missing field.
fn claim(entries: Vec<Entry<'_>>) -> Option<RawClaim> {
    // A repeated key is the full parser's to report.
    let repeated = |(index, entry): (usize, &Entry<'_>)| {
        entries[..index]
            .iter()
            .any(|earlier| same_key(earlier.key, entry.key))
    };
    if entries.iter().enumerate().any(repeated) {
        return None;
    }
    let mut fields = ClaimFields::default();
    for entry in entries {
        match (entry.key, entry.value) {
            ("id", Value::Scalar(value, quoted)) => fields.id = text(Some((value, quoted)))?,
            ("statement", Value::Scalar(value, quoted)) => {
                fields.statement = text(Some((value, quoted)))?;
            }
            ("confidence", Value::Scalar(value, quoted)) => {
                fields.confidence = text(Some((value, quoted)))?;
            }
            ("entities", Value::Words(words)) => fields.entities = words,
            ("based-on", Value::Words(words)) => fields.based_on = words,
            ("allow", Value::Mappings(items)) => {
                fields.allow = items
                    .into_iter()
                    .map(|(_, entries)| suppression(entries))
                    .collect::<Option<_>>()?;
            }
            ("acknowledge", Value::Mappings(items)) => {
                fields.acknowledge = items
                    .into_iter()
                    .map(|(_, entries)| acknowledgement(entries))
                    .collect::<Option<_>>()?;
            }
            // `[]`, as scripts write an empty list.
            ("allow" | "acknowledge", Value::Words(words)) if words.is_empty() => {}
            ("evidence", Value::Words(words)) if words.is_empty() => {
                fields.evidence = Some(Vec::new());
            }
            ("fact", Value::Mapping(entries)) => fields.fact = Some(Box::new(fact(entries)?)),
            ("evidence", Value::Mappings(items))
                if fields.evidence.is_none() && !items.is_empty() =>
            {
                fields.evidence = Some(
                    items
                        .into_iter()
                        .map(|(at, entries)| evidence(at, entries))
                        .collect::<Option<_>>()?,
                );
            }
            _ => return None,
        }
    }
    fields.into_claim()
}

#[derive(Default)]
struct ClaimFields {
    id: Option<At<String>>,
    statement: Option<At<String>>,
    confidence: Option<At<String>>,
    evidence: Option<Vec<At<RawEvidence>>>,
    entities: Vec<At<String>>,
    based_on: Vec<At<String>>,
    allow: Vec<RawSuppression>,
    acknowledge: Vec<RawAcknowledgement>,
    fact: Option<Box<RawFact>>,
}

impl ClaimFields {
    /// The claim, `None` without its id or statement.
    fn into_claim(self) -> Option<RawClaim> {
        Some(RawClaim {
            id: self.id?,
            statement: self.statement?,
            evidence: self.evidence,
            allow: self.allow,
            entities: self.entities,
            fact: self.fact,
            acknowledge: self.acknowledge,
            confidence: self.confidence,
            based_on: self.based_on,
        })
    }
}

/// A mapping's scalar field as read: its value and whether it was quoted.
type Field = Option<(At<String>, bool)>;

/// The scalar values of a mapping's `entries` by key, in the order of `keys`; `None`
/// for another key, a repeated one or a value that is not a scalar.
fn scalars<const N: usize>(entries: Vec<Entry<'_>>, keys: [&str; N]) -> Option<[Field; N]> {
    let mut fields: [Field; N] = std::array::from_fn(|_| None);
    let mut seen = [false; N];
    for entry in entries {
        let slot = keys.iter().position(|key| same_key(key, entry.key))?;
        // A repeated key, even after a null, is the full parser's to report.
        if std::mem::replace(&mut seen[slot], true) {
            return None;
        }
        match entry.value {
            Value::Scalar(value, quoted) => fields[slot] = Some((value, quoted)),
            // Absent to the caller: a required field is then missing (declined).
            Value::Null => {}
            _ => return None,
        }
    }
    Some(fields)
}

/// Whether two keys are the same: their lengths and first bytes, which tell most keys
/// apart, compared before a call to compare their bytes (a fifth of reading a claim
/// file was comparing keys).
fn same_key(known: &str, key: &str) -> bool {
    known.len() == key.len() && known.as_bytes().first() == key.as_bytes().first() && known == key
}

/// A string field's value, `Some(None)` when absent; `None` for a plain number, which
/// is the full parser's to read.
fn text(field: Field) -> Option<Option<At<String>>> {
    match field {
        Some((value, false)) if is_number(&value.value) => None,
        field => Some(field.map(|(value, _)| value)),
    }
}

/// A field read as any YAML value (a fact's or an evidence's `value`, a
/// `credibility`): a quoted string, a small unsigned integer, or a plain word;
/// `Some(None)` when absent, `None` for anything the full parser decides.
fn json(field: Field) -> Option<Option<At<serde_json::Value>>> {
    let Some((at, quoted)) = field else {
        return Some(None);
    };
    let value = if quoted {
        serde_json::Value::String(at.value)
    } else if is_number(&at.value) {
        serde_json::Value::from(at.value.parse::<u64>().ok()?)
    } else {
        serde_json::Value::String(at.value)
    };
    Some(Some(At {
        value,
        offset: at.offset,
        len: at.len,
        line: at.line,
        column: at.column,
    }))
}

/// The keys of an evidence entry, in the order `evidence` reads them.
const EVIDENCE_KEYS: [&str; 9] = [
    "source",
    "quote",
    "span",
    "sha256",
    "prefix",
    "suffix",
    "stance",
    "value",
    "credibility",
];

/// An evidence entry (a mapping starting at byte `at`) from its entries.
fn evidence(at: usize, entries: Vec<Entry<'_>>) -> Option<At<RawEvidence>> {
    evidence_from_fields(at, scalars(entries, EVIDENCE_KEYS)?)
}

/// An evidence entry (a mapping starting at byte `at`) from its fields, in the order of
/// `EVIDENCE_KEYS`.
fn evidence_from_fields(
    at: usize,
    fields: [Field; EVIDENCE_KEYS.len()],
) -> Option<At<RawEvidence>> {
    let [
        source,
        quote,
        span,
        sha256,
        prefix,
        suffix,
        stance,
        value,
        credibility,
    ] = fields;
    Some(At {
        value: RawEvidence {
            source: text(source)??,
            quote: text(quote)??,
            span: text(span)??,
            sha256: text(sha256)??,
            prefix: text(prefix)?,
            suffix: text(suffix)?,
            stance: text(stance)?,
            value: json(value)?,
            credibility: json(credibility)?,
        },
        offset: at,
        len: 0,
        line: 0,
        column: 0,
    })
}

fn suppression(entries: Vec<Entry<'_>>) -> Option<RawSuppression> {
    let [code, reason] = scalars(entries, ["code", "reason"])?;
    Some(RawSuppression {
        code: text(code)??,
        reason: text(reason)??,
    })
}

fn acknowledgement(entries: Vec<Entry<'_>>) -> Option<RawAcknowledgement> {
    let [code, with, rationale] = scalars(entries, ["code", "with", "rationale"])?;
    Some(RawAcknowledgement {
        code: text(code)??,
        with: text(with)?,
        rationale: text(rationale)??,
    })
}

fn fact(entries: Vec<Entry<'_>>) -> Option<RawFact> {
    let [subject, property, value, when] =
        scalars(entries, ["subject", "property", "value", "when"])?;
    Some(RawFact {
        subject: text(subject)??,
        property: text(property)??,
        value: json(value)??,
        when: json(when)?,
    })
}

#[cfg(test)]
mod emitter_tests;
#[cfg(test)]
mod tests;
