//! A fast reader for the claim-file layout `claimcheck pin` writes and most hand-written
//! files use: a block sequence of claims whose values are plain words or double-quoted
//! strings on one line; evidence, suppressions and acknowledgements as block sequences
//! of such mappings, a fact as a block mapping, entities and `based-on` as flow lists
//! of ids. Parsing
//! YAML with the position of every value was most of a cold check; this reads that
//! layout at memory speed. It declines (returns `None`) at the first thing outside it,
//! and anything it declines (other fields, flow collections, other scalar styles,
//! anchors, tabs, unknown, duplicate or missing keys) is read by the full parser. What
//! it accepts it reads exactly as the full parser does, values and positions: property
//! tests and the `claim_file` fuzz target compare the two.

use super::raw_claim::{
    At, CLAIM_FIELDS, RawAcknowledgement, RawClaim, RawEvidence, RawFact, RawSuppression,
};

/// The claims of `text`, or `None` when it is not in the layout this reader knows.
pub(super) fn read_claims(text: &str) -> Option<Vec<RawClaim>> {
    if !only_plain_characters(text) {
        return None;
    }
    let mut reader = Reader {
        text,
        lines: meaningful_lines(text)?,
        next: 0,
        nesting: false,
    };
    let mut claims = Vec::new();
    while reader.next < reader.lines.len() {
        let (_, entries) = reader.item(0)?;
        claims.push(claim(entries)?);
    }
    Some(claims)
}

/// True when `text` holds only line feeds and printable characters other than tab: the
/// rest (tabs, carriage returns, controls, byte-order marks, non-characters) is
/// either an error or a subtlety the full parser handles.
fn only_plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        // Eight printable ASCII bytes at once (most of a claim file); any other byte is
        // judged alone below. Which bytes are refused does not depend on where a
        // chunk starts: a refused character is recognized by its first byte.
        if let Some(chunk) = bytes.get(index..index + 8)
            && is_printable_ascii(u64::from_le_bytes(chunk.try_into().expect("eight bytes")))
        {
            index += 8;
            continue;
        }
        let end = (index + 8).min(bytes.len());
        while index < end {
            if refused_at(bytes, index) {
                return false;
            }
            index += 1;
        }
    }
    true
}

/// True when every byte of `chunk` is in 0x20..=0x7E (the classic SWAR tests for a
/// byte below 0x20 and a byte above 0x7E, each exact for whether one exists).
fn is_printable_ascii(chunk: u64) -> bool {
    const ONES: u64 = u64::MAX / 255;
    const HIGHS: u64 = ONES * 0x80;
    let below_space = chunk.wrapping_sub(ONES * 0x20) & !chunk & HIGHS;
    let above_tilde = (chunk.wrapping_add(ONES) | chunk) & HIGHS;
    below_space | above_tilde == 0
}

/// Whether the byte at `index` starts a character the fast path leaves to the full
/// parser.
fn refused_at(bytes: &[u8], index: usize) -> bool {
    match bytes[index] {
        b'\n' => false,
        0..0x20 | 0x7F => true,
        // U+0080–U+009F (except U+0085, a YAML line break: also refused).
        0xC2 => bytes.get(index + 1).is_some_and(|next| *next < 0xA0),
        // U+FEFF, U+FFFE, U+FFFF.
        0xEF => matches!(
            bytes.get(index + 1..index + 3),
            Some([0xBB, 0xBF] | [0xBF, 0xBE | 0xBF])
        ),
        // U+2028 and U+2029, line breaks to YAML 1.1 readers.
        0xE2 => matches!(bytes.get(index + 1..index + 3), Some([0x80, 0xA8 | 0xA9])),
        _ => false,
    }
}

/// A line that holds YAML (not blank, not only a comment): where it starts and ends
/// (before its line feed) and how many spaces indent it.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
}

/// `None` when the lines average under 8 bytes, as no claim file's do: the table
/// (24 bytes a line) then stays within three times the text on a hostile file of
/// short lines, which the full parser reads.
fn meaningful_lines(text: &str) -> Option<Vec<Line>> {
    let most = text.len() / 8 + 1;
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |at| start + at);
        let line = &text[start..end];
        let body = line.trim_start_matches(' ');
        if !body.is_empty() && !body.starts_with('#') {
            if lines.len() == most {
                return None;
            }
            lines.push(Line {
                start,
                end,
                indent: line.len() - body.len(),
            });
        }
        start = end + 1;
    }
    Some(lines)
}

/// One `key: value` of a mapping, the key's text and its value.
struct Entry<'a> {
    key: &'a str,
    value: Value,
}

enum Value {
    /// A plain word or a double-quoted string, and whether it was quoted.
    Scalar(At<String>, bool),
    /// A flow sequence of plain words: `[a, b]`.
    Words(Vec<At<String>>),
    /// A block sequence of mappings, each with where it starts.
    Mappings(Vec<(usize, Vec<Entry<'static>>)>),
    /// A block mapping.
    Mapping(Vec<Entry<'static>>),
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
        let mut entries = vec![self.entry(keys_at, indent + 2)?];
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
        let rest = &self.text[at..line.end];
        let colon = rest.find(':')?;
        let key = &rest[..colon];
        if key.is_empty()
            || !key
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        {
            return None;
        }
        let after = &rest[colon + 1..];
        let value_text = after.trim_start_matches(' ');
        if value_text.is_empty() || (value_text.starts_with('#') && after.starts_with(' ')) {
            return Some(Entry {
                key,
                value: self.nested(column)?,
            });
        }
        if !after.starts_with(' ') {
            return None;
        }
        let value_at = line.end - value_text.len();
        let value = match value_text.strip_prefix('[') {
            Some(flow) => Value::Words(words(flow, value_at + 1)?),
            None => {
                let quoted = value_text.starts_with('"');
                Value::Scalar(scalar(value_text, value_at)?, quoted)
            }
        };
        Some(Entry { key, value })
    }

    /// The block collection under a key at `column`: a sequence of mappings (dashes
    /// at that column or further in) or a mapping (keys further in).
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
        if self.text[first.start + first.indent..first.end].starts_with("- ") {
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
        let first = *self.lines.get(self.next)?;
        if first.indent < column {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(self.next)
            && line.indent == first.indent
            && self.text[line.start + line.indent..line.end].starts_with("- ")
        {
            let (at, entries) = self.item(first.indent)?;
            items.push((at, owned(entries)?));
        }
        match self.lines.get(self.next) {
            Some(line) if line.indent > column => None,
            _ => Some(items),
        }
    }
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
    let after = &flow[close + 1..];
    let rest = after.trim_start_matches(' ');
    if !(rest.is_empty() || (rest.starts_with('#') && after.starts_with(' '))) {
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
        });
        offset += item.len() + 1;
    }
    Some(items)
}

/// A scalar value beginning at byte `at`, its text up to the end of the line: a
/// double-quoted string, or a plain word the full parser would also read as that word.
fn scalar(text: &str, at: usize) -> Option<At<String>> {
    if let Some(quoted) = text.strip_prefix('"') {
        let (value, used) = double_quoted(quoted)?;
        let after = &quoted[used..];
        let rest = after.trim_start_matches(' ');
        if !(rest.is_empty() || (rest.starts_with('#') && after.starts_with(' '))) {
            return None;
        }
        return Some(At {
            value,
            offset: at,
            len: used + 1,
        });
    }
    let word = match text.find(" #") {
        Some(comment) => &text[..comment],
        None => text,
    }
    .trim_end_matches(' ');
    (plain_word(word) || is_number(word)).then(|| At {
        value: word.to_owned(),
        offset: at,
        len: word.len(),
    })
}

/// A plain scalar of letters, digits and `.`, `_`, `-`, `:` that no YAML schema reads
/// as anything but a string: not null, a boolean or a number.
fn plain_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    let Some(first) = bytes.first() else {
        return false;
    };
    first.is_ascii_alphanumeric()
        && !word.ends_with(':')
        && !word.contains("::")
        && !word.contains(": ")
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || b"._-: ".contains(byte))
        && (is_date(word) || !looks_special(word))
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
            && !word.contains("..")
            && bytes
                .iter()
                .all(|byte| !byte.is_ascii_alphabetic() || b"eEtTzZ".contains(byte)))
}

/// The value of a double-quoted scalar whose text after the opening quote is `text`,
/// and the bytes used up to and including the closing quote; `None` if it does not
/// close on this line or holds an escape YAML does not define.
fn double_quoted(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut value = String::with_capacity(text.len());
    let mut index = 0;
    loop {
        let stop = memchr::memchr2(b'"', b'\\', &bytes[index..])? + index;
        value.push_str(&text[index..stop]);
        if bytes[stop] == b'"' {
            return Some((value, stop + 1));
        }
        let (character, used) = escape(&text[stop + 1..])?;
        value.push(character);
        index = stop + 1 + used;
    }
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

/// A claim from its entries; `None` for an unknown, repeated or missing field.
fn claim(entries: Vec<Entry<'_>>) -> Option<RawClaim> {
    let mut fields = ClaimFields::default();
    let mut seen: Vec<&str> = Vec::new();
    for entry in entries {
        // A repeated key is the full parser's to report.
        if seen.contains(&entry.key) {
            return None;
        }
        seen.push(entry.key);
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
            ("fact", Value::Mapping(entries)) => fields.fact = Some(fact(entries)?),
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
    Some(RawClaim {
        id: fields.id?,
        statement: fields.statement?,
        evidence: fields.evidence,
        allow: fields.allow,
        entities: fields.entities,
        fact: fields.fact,
        acknowledge: fields.acknowledge,
        confidence: fields.confidence,
        based_on: fields.based_on,
    })
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
    fact: Option<RawFact>,
}

/// A mapping's scalar field as read: its value and whether it was quoted.
type Field = Option<(At<String>, bool)>;

/// The scalar values of a mapping's `entries` by key, in the order of `keys`; `None`
/// for another key, a repeated one or a value that is not a scalar.
fn scalars<const N: usize>(entries: Vec<Entry<'_>>, keys: [&str; N]) -> Option<[Field; N]> {
    let mut fields: [Field; N] = std::array::from_fn(|_| None);
    for entry in entries {
        let Value::Scalar(value, quoted) = entry.value else {
            return None;
        };
        let slot = keys.iter().position(|key| *key == entry.key)?;
        if fields[slot].replace((value, quoted)).is_some() {
            return None;
        }
    }
    Some(fields)
}

/// A string field's value, `Some(None)` when absent; `None` for a plain number, which
/// is the full parser's to read.
fn text(field: Field) -> Option<Option<At<String>>> {
    match field {
        Some((value, false)) if is_number(&value.value) => None,
        field => Some(field.map(|(value, _)| value)),
    }
}

/// A plain unsigned integer without a leading zero (octal in YAML 1.1), within u64.
fn is_number(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 18
        && word.bytes().all(|byte| byte.is_ascii_digit())
        && (word.len() == 1 || !word.starts_with('0'))
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
    ] = scalars(entries, EVIDENCE_KEYS)?;
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
mod tests {
    use super::*;
    use crate::load::yaml::yaml_options;
    use proptest::prelude::*;

    fn full(text: &str) -> Vec<RawClaim> {
        let raw: Vec<At<RawClaim>> =
            serde_saphyr::from_str_with_options(text, yaml_options()).unwrap();
        raw.into_iter().map(|claim| claim.value).collect()
    }

    const PINNED: &str = "# Claims\n- id: claim-1\n  statement: \"Rockets \\\"hit\\\" the\\_base.\"\n  confidence: high\n  evidence:\n  - source: report-2020\n    quote: \"caf\\u00e9 \\x41 “curly” \\\\ done\"  # a comment\n    span: 2114..2209\n    sha256: cf8d252064cc3e7f5b92ae02fb82592d26c9b3faf5684a8d86d3f7af75b35501\n    prefix: \" before \"\n    suffix: \"\"\n\n- id: claim-2 # trailing\n  evidence:\n    - source: b\n      quote: \"q\"\n      span: 0..1\n      sha256: ab\n  statement: \"S\"\n";

    /// What the full parser reads from `text`, `None` where it refuses it.
    fn full_or_none(text: &str) -> Option<Vec<RawClaim>> {
        let raw: Vec<At<RawClaim>> =
            serde_saphyr::from_str_with_options(text, yaml_options()).ok()?;
        Some(raw.into_iter().map(|claim| claim.value).collect())
    }

    /// Scalars as people type them: plain words YAML may read as something else,
    /// double-quoted strings with every kind of escape, other styles.
    fn scalar_text() -> impl Strategy<Value = String> {
        let plain = prop::sample::select(vec![
            "claim-1",
            "report-2020",
            "a:b",
            "a: b",
            "a:",
            "null",
            "Null",
            "~",
            "true",
            "No",
            "yes",
            "Y",
            "on",
            "123",
            "1.5",
            "0x1F",
            "0o17",
            "0b11",
            "1e5",
            "2020-03-01T10:00:00Z",
            "56909a86",
            "8b3ad19a",
            "0b3ad19a",
            "0x",
            "0b",
            "0o7_7",
            "0xfg",
            "1_000",
            "2020-03-01",
            "12:30",
            "1..2",
            "2114..2209",
            "abc#def",
            "a #b",
            ".5",
            ".inf",
            "-x",
            "x-",
            "é",
            "claim.1",
            "1e3",
            "1e",
            "NaN",
            "high",
            "supports",
            "s::t",
            "a_b",
            "mid January 2021",
            "a  b",
            "a b: c",
            "x #y",
            "x# y",
            "2020-10-10",
            "2020-10",
            "2020-1-10",
            "10 October",
            "1 2",
            "no way",
            "a:  b",
            "2020-10-10T10:00",
            "cf8d252064cc3e7f5b92ae02fb82592d26c9b3faf5684a8d86d3f7af75b35501",
            "",
        ])
        .prop_map(str::to_owned);
        let good = prop::sample::select(vec![
            "word",
            "word",
            " ",
            "  ",
            "\\\"",
            "\\\\",
            "\\_",
            "\\u00e9",
            "\\x41",
            "\\U0001F600",
            "\\ ",
            "\\t",
            "“",
            "”",
            "'",
            "#",
            " #",
            ": ",
            "\\N",
            "\\/",
            "\\0",
            "é",
            "\\L",
        ]);
        let bad = prop::sample::select(vec![
            "\\uD800", "\\q", "\t", "\\x4", "\u{2028}", "\u{85}", "\u{feff}", "\\\n", "\n  ",
            "\u{7f}", "\u{9f}",
        ]);
        let piece = prop_oneof![30 => good, 1 => bad];
        let quoted = prop::collection::vec(piece, 0..6)
            .prop_map(|pieces| format!("\"{}\"", pieces.concat()));
        let other = prop::sample::select(vec![
            "'single'",
            "'it''s'",
            "[a, b]",
            "{a: b}",
            "|\n    block",
            ">\n    folded",
            "&anchor x",
            "*alias",
            "!tag x",
            "\"unclosed",
            "\"a\" b",
            "\"a\"#c",
            "- x",
        ])
        .prop_map(str::to_owned);
        prop_oneof![6 => plain, 10 => quoted, 1 => other]
    }

    /// A mapping's entries, each `key: value` with what may follow it.
    fn entries(keys: &'static [&'static str]) -> impl Strategy<Value = Vec<(String, String)>> {
        let key = prop_oneof![
            20 => prop::sample::select(keys).prop_map(str::to_owned),
            1 => prop::sample::select(vec!["statment", "entities", "value", "Id", "id ", "\"id\""])
                .prop_map(str::to_owned),
        ];
        let trailing = prop_oneof![
            30 => prop::sample::select(vec!["", "", "", "", "  ", " # note"]),
            1 => Just("#x"),
        ];
        prop::collection::vec(
            (key, scalar_text(), any_value(), trailing).prop_map(|(key, value, any, trailing)| {
                let value = if ["value", "credibility"].contains(&key.as_str()) {
                    any
                } else {
                    value
                };
                (key, format!("{value}{trailing}"))
            }),
            0..3,
        )
    }

    /// Adds each of `required` that `fields` lacks.
    fn complete(fields: &mut Vec<(String, String)>, required: &[(&str, &str)]) {
        for (key, value) in required {
            if !fields.iter().any(|(present, _)| present == key) {
                fields.push(((*key).to_owned(), (*value).to_owned()));
            }
        }
    }

    /// Values of fields read as any YAML value: numbers of every kind, words, strings.
    fn any_value() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "0",
                "3",
                "007",
                "12345678901234567890",
                "123456789012345678",
                "-1",
                "+2",
                "1.5",
                "2020-10-10",
                "\"2020-10\"",
                "five",
                "true",
                "~",
                "0x10",
                "2020-10",
                "mid January 2021",
                "12 rockets",
                "3 ",
            ])
            .prop_map(str::to_owned),
            scalar_text(),
        ]
    }

    /// Lines of a claim's other fields: a flow list of ids, suppressions or
    /// acknowledgements as block sequences, a fact as a block mapping.
    fn extra_block() -> impl Strategy<Value = Vec<String>> {
        let item = prop::sample::select(vec![
            "kh",
            "a-b",
            "x.y",
            "a:b",
            "\"q\"",
            "",
            "1",
            "null",
            "TBI",
            "Kataib Hezbollah",
            "a  b",
            " x ",
            "al-Kadhemi",
        ]);
        let flow = (
            prop::sample::select(vec!["entities", "based-on", "allow"]),
            prop::collection::vec(item, 0..4),
            prop::sample::select(vec![", ", ",", " , "]),
            prop::sample::select(vec![("[", "]"), ("[ ", " ]"), ("[", "] # c"), ("[", "]x")]),
        )
            .prop_map(|(key, items, separator, (open, close))| {
                vec![format!("{key}: {open}{}{close}", items.join(separator))]
            });
        let pad = prop::sample::select(vec!["", "  ", " "]);
        let sequence = (
            prop::sample::select(vec![
                ("allow", vec!["code", "reason"]),
                ("acknowledge", vec!["code", "with", "rationale"]),
            ]),
            prop::collection::vec(
                prop::collection::vec((0usize..3, scalar_text()), 0..2),
                1..3,
            ),
            pad,
        )
            .prop_map(|((key, fields), items, pad)| {
                let mut lines = vec![format!("{key}:")];
                for item in items {
                    let mut item: Vec<(String, String)> = item
                        .into_iter()
                        .map(|(field, value)| (fields[field % fields.len()].to_owned(), value))
                        .collect();
                    let required = [(fields[0], "x"), (fields[fields.len() - 1], "\"why\"")];
                    complete(&mut item, &required);
                    for (index, (field, value)) in item.into_iter().enumerate() {
                        let dash = if index == 0 { "- " } else { "  " };
                        lines.push(format!("{pad}{dash}{field}: {value}"));
                    }
                }
                lines
            });
        let fact = (
            prop::collection::vec((0usize..4, any_value()), 0..3),
            prop::sample::select(vec!["  ", "    ", " ", ""]),
        )
            .prop_map(|(fields, pad)| {
                let names = ["subject", "property", "value", "when"];
                let mut fields: Vec<(String, String)> = fields
                    .into_iter()
                    .map(|(field, value)| (names[field].to_owned(), value))
                    .collect();
                complete(
                    &mut fields,
                    &[("subject", "s"), ("property", "p"), ("value", "3")],
                );
                let mut lines = vec!["fact:".to_owned()];
                for (field, value) in fields {
                    lines.push(format!("{pad}{field}: {value}"));
                }
                lines
            });
        prop_oneof![flow, sequence, fact]
    }

    /// Claim files near the pinned layout: required fields usually present, evidence
    /// at one of three indents, comments and blank lines anywhere, sometimes a tab, a
    /// carriage return or a stray line.
    fn claim_file() -> impl Strategy<Value = String> {
        const CLAIM: &[&str] = &["id", "statement", "confidence"];
        let evidence = (
            prop::collection::vec(entries(&EVIDENCE_KEYS), 0..3),
            prop::sample::select(vec![0usize, 2, 1, 3]),
        );
        let claim = (
            entries(CLAIM),
            any::<bool>(),
            evidence,
            any::<u8>(),
            prop::collection::vec(extra_block(), 0..3),
        );
        prop::collection::vec(claim, 1..4).prop_map(|claims| {
            let mut text = String::new();
            for (mut fields, with_evidence, (items, extra), noise, blocks) in claims {
                if noise % 7 != 0 {
                    complete(&mut fields, &[("id", "claim-1"), ("statement", "\"S\"")]);
                }
                let mut lines: Vec<String> = fields
                    .iter()
                    .map(|(key, value)| format!("{key}: {value}"))
                    .collect();
                lines.extend(blocks.into_iter().flatten());
                if with_evidence {
                    lines.push("evidence:".into());
                    let pad = " ".repeat(extra);
                    for mut item in items {
                        if noise % 5 != 0 {
                            complete(
                                &mut item,
                                &[
                                    ("source", "s"),
                                    ("quote", "\"q\""),
                                    ("span", "0..1"),
                                    ("sha256", "ab"),
                                ],
                            );
                        }
                        for (index, (key, value)) in item.iter().enumerate() {
                            let dash = if index == 0 { "- " } else { "  " };
                            lines.push(format!("{pad}{dash}{key}: {value}"));
                        }
                    }
                }
                for (index, line) in lines.iter().enumerate() {
                    text.push_str(if index == 0 { "- " } else { "  " });
                    text.push_str(line);
                    text.push_str(match noise % 23 {
                        1 => "\r\n",
                        2 => "\n\n",
                        3 => "\n   # c\n",
                        _ => "\n",
                    });
                }
                match noise % 29 {
                    1 => text.push_str("\tx\n"),
                    2 => text.push_str("   stray\n"),
                    3 => text.push_str("---\n"),
                    4 => text.insert_str(0, "%YAML 1.2\n---\n"),
                    _ => {}
                }
            }
            text
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// Whatever the fast path accepts, the full parser accepts and reads the same:
        /// every value and every position.
        #[test]
        fn the_fast_path_reads_what_the_full_parser_reads(text in claim_file()) {
            if let Some(fast) = read_claims(&text) {
                prop_assert_eq!(Some(fast), full_or_none(&text), "{:?}", text);
            }
        }

        /// Judging eight bytes at once refuses exactly what judging each byte does,
        /// wherever the refused characters fall.
        #[test]
        fn the_character_screen_reads_chunks_as_bytes(
            pieces in prop::collection::vec(
                prop::sample::select(vec![
                    "a", "word ", "\n", "\t", "\r", "\u{7f}", "\u{85}", "\u{a0}", "é",
                    "\u{feff}", "\u{fffe}", "\u{2028}", "\u{2029}", "“", "—", "~", " ",
                ]),
                0..40,
            )
        ) {
            let text = pieces.concat();
            let bytewise = (0..text.len()).all(|index| !refused_at(text.as_bytes(), index));
            prop_assert_eq!(only_plain_characters(&text), bytewise, "{:?}", text);
        }
    }

    #[test]
    fn eight_printable_bytes_pass_the_chunk_test_and_nothing_else_does() {
        for byte in 0..=u8::MAX {
            for place in 0..8 {
                let mut chunk = *b"abcdefgh";
                chunk[place] = byte;
                assert_eq!(
                    is_printable_ascii(u64::from_le_bytes(chunk)),
                    (0x20..=0x7E).contains(&byte),
                    "byte {byte:#x} at {place}"
                );
            }
        }
    }

    const ANALYST: &str = "- id: kh-blamed\n  statement: \"KH was blamed.\"\n  entities: [kataib-hezbollah, TBI]\n  based-on: []\n  confidence: moderate\n  allow:\n  - code: statement-unsupported\n    reason: \"The quote says \\\"Wednesday\\\".\"\n  acknowledge:\n    - code: evidence-disagreement\n      with: b-1\n      rationale: \"Counts differ.\"\n  fact:\n    subject: attack-1\n    property: rockets\n    value: 15\n  evidence:\n  - source: s-1\n    quote: \"15 rockets\"\n    span: 0..10\n    sha256: ab\n    stance: supports\n    value: 15\n    credibility: 2\n";

    #[test]
    fn reads_the_analysts_layout_as_the_full_parser_does() {
        let fast = read_claims(ANALYST).expect("entities, allow, acknowledge, fact are read");
        assert_eq!(fast, full(ANALYST));
        assert_eq!(fast[0].entities.len(), 2);
    }

    #[test]
    fn declines_deep_nesting_without_deep_recursion() {
        let mut text = String::from("- id: a\n  statement: \"S\"\n  fact:\n");
        for depth in 4..2_000 {
            text.push_str(&" ".repeat(depth));
            text.push_str("k:\n");
        }
        // A stack far smaller than 2,000 nested reads would need.
        let reader = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || read_claims(&text).is_none())
            .unwrap();
        assert!(reader.join().unwrap());
    }

    #[test]
    fn declines_a_file_of_short_lines_before_indexing_them() {
        assert!(meaningful_lines(&"x\n".repeat(1_000)).is_none());
        assert!(meaningful_lines(PINNED).is_some());
    }

    #[test]
    fn declines_what_it_does_not_read() {
        for text in [
            "- id: a\n  statement: |\n    block\n",
            "- id: a\n  statement: 'single'\n",
            "- id: a\n  statement: \"S\"\n  fact:\n    subject: s\n    property: date\n    value: 12:30\n",
            "- id: &x a\n  statement: \"S\"\n",
            "- id: a\n  statement: \"S\"\n  id: b\n",
            "- id: a\n  statement: \"S\"\n  statment: \"T\"\n",
            "- id: 12\n  statement: \"S\"\n",
            "- id: a\n\tstatement: \"S\"\n",
            "---\n- id: a\n  statement: \"S\"\n",
        ] {
            assert!(read_claims(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn reads_the_pinned_layout_as_the_full_parser_does() {
        let fast = read_claims(PINNED).expect("the pinned layout is read");
        assert_eq!(fast, full(PINNED));
    }
}
