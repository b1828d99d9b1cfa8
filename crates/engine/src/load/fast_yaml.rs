//! A fast reader for the claim-file layout `claimcheck pin` writes and most hand-written
//! files use: a block sequence of claims whose values are plain words or double-quoted
//! strings on one line, with evidence as a block sequence of such mappings. Parsing
//! YAML with the position of every value was most of a cold check; this reads that
//! layout at memory speed. It declines (returns `None`) at the first thing outside it,
//! and anything it declines (other fields, flow collections, other scalar styles,
//! anchors, tabs, unknown, duplicate or missing keys) is read by the full parser. What
//! it accepts it reads exactly as the full parser does, values and positions: property
//! tests and the `claim_file` fuzz target compare the two.

use super::raw_claim::{At, RawClaim, RawEvidence};

/// The claims of `text`, or `None` when it is not in the layout this reader knows.
pub(super) fn read_claims(text: &str) -> Option<Vec<RawClaim>> {
    if !only_plain_characters(text) {
        return None;
    }
    let mut reader = Reader {
        text,
        lines: meaningful_lines(text),
        next: 0,
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
        let byte = bytes[index];
        let bad = match byte {
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
        };
        if bad {
            return false;
        }
        index += 1;
    }
    true
}

/// A line that holds YAML (not blank, not only a comment): where it starts and ends
/// (before its line feed) and how many spaces indent it.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
}

fn meaningful_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |at| start + at);
        let line = &text[start..end];
        let body = line.trim_start_matches(' ');
        if !body.is_empty() && !body.starts_with('#') {
            lines.push(Line {
                start,
                end,
                indent: line.len() - body.len(),
            });
        }
        start = end + 1;
    }
    lines
}

/// One `key: value` of a mapping, the key's text and its value.
struct Entry<'a> {
    key: &'a str,
    value: Value,
}

enum Value {
    Scalar(At<String>),
    /// A block sequence of mappings, each with where it starts.
    Mappings(Vec<(usize, Vec<Entry<'static>>)>),
}

struct Reader<'a> {
    text: &'a str,
    lines: Vec<Line>,
    next: usize,
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
                value: Value::Mappings(self.mappings(column)?),
            });
        }
        if !after.starts_with(' ') {
            return None;
        }
        let value_at = line.end - value_text.len();
        Some(Entry {
            key,
            value: Value::Scalar(scalar(value_text, value_at)?),
        })
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

/// Entries with their keys checked against the evidence fields, so they outlive the
/// text (the keys are then static).
fn owned(entries: Vec<Entry<'_>>) -> Option<Vec<Entry<'static>>> {
    entries
        .into_iter()
        .map(|entry| {
            let key = EVIDENCE_FIELDS.iter().find(|field| **field == entry.key)?;
            Some(Entry {
                key,
                value: entry.value,
            })
        })
        .collect()
}

const EVIDENCE_FIELDS: &[&str] = &[
    "source", "quote", "span", "sha256", "prefix", "suffix", "stance",
];

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
    plain_word(word).then(|| At {
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
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || b"._-:".contains(byte))
        && !looks_special(word)
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
    for entry in entries {
        match (entry.key, entry.value) {
            ("id", Value::Scalar(value)) => set(&mut fields.id, value)?,
            ("statement", Value::Scalar(value)) => set(&mut fields.statement, value)?,
            ("confidence", Value::Scalar(value)) => set(&mut fields.confidence, value)?,
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
        allow: Vec::new(),
        entities: Vec::new(),
        fact: None,
        acknowledge: Vec::new(),
        confidence: fields.confidence,
        based_on: Vec::new(),
    })
}

#[derive(Default)]
struct ClaimFields {
    id: Option<At<String>>,
    statement: Option<At<String>>,
    confidence: Option<At<String>>,
    evidence: Option<Vec<At<RawEvidence>>>,
}

/// Fills a field once; a second value for it is left to the full parser.
fn set(field: &mut Option<At<String>>, value: At<String>) -> Option<()> {
    match field {
        Some(_) => None,
        None => {
            *field = Some(value);
            Some(())
        }
    }
}

/// An evidence entry (a mapping starting at byte `at`) from its entries.
fn evidence(at: usize, entries: Vec<Entry<'_>>) -> Option<At<RawEvidence>> {
    let mut fields: [Option<At<String>>; 7] = Default::default();
    for entry in entries {
        let Value::Scalar(value) = entry.value else {
            return None;
        };
        let slot = EVIDENCE_FIELDS
            .iter()
            .position(|field| *field == entry.key)?;
        set(&mut fields[slot], value)?;
    }
    let [source, quote, span, sha256, prefix, suffix, stance] = fields;
    Some(At {
        value: RawEvidence {
            source: source?,
            quote: quote?,
            span: span?,
            sha256: sha256?,
            prefix,
            suffix,
            stance,
            value: None,
            credibility: None,
        },
        offset: at,
        len: 0,
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
            (key, scalar_text(), trailing)
                .prop_map(|(key, value, trailing)| (key, format!("{value}{trailing}"))),
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

    /// Claim files near the pinned layout: required fields usually present, evidence
    /// at one of three indents, comments and blank lines anywhere, sometimes a tab, a
    /// carriage return or a stray line.
    fn claim_file() -> impl Strategy<Value = String> {
        const CLAIM: &[&str] = &["id", "statement", "confidence"];
        let evidence = (
            prop::collection::vec(entries(EVIDENCE_FIELDS), 0..3),
            prop::sample::select(vec![0usize, 2, 1, 3]),
        );
        let claim = (entries(CLAIM), any::<bool>(), evidence, any::<u8>());
        prop::collection::vec(claim, 1..4).prop_map(|claims| {
            let mut text = String::new();
            for (mut fields, with_evidence, (items, extra), noise) in claims {
                if noise % 7 != 0 {
                    complete(&mut fields, &[("id", "claim-1"), ("statement", "\"S\"")]);
                }
                let mut lines: Vec<String> = fields
                    .iter()
                    .map(|(key, value)| format!("{key}: {value}"))
                    .collect();
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
    }

    #[test]
    fn reads_the_pinned_layout_as_the_full_parser_does() {
        let fast = read_claims(PINNED).expect("the pinned layout is read");
        assert_eq!(fast, full(PINNED));
    }
}
