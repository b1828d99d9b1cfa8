//! A finding as JSON text, written directly in serde_json's pretty layout. serde_json
//! looks at each byte of a string on its own to escape it (a tenth of a warm check
//! reporting 50,000 moved pins), and a finding pretty-printed by it was then indented
//! line by line, every byte copied twice more. Here strings are escaped eight bytes at
//! a time and each line is written at its depth. `JsonFinding` stays the document's
//! schema, and a property test holds these bytes to serde_json's over it.

use claimcheck_engine::model::finding::{Details, Finding, Fix};
use claimcheck_engine::model::location::Location;
use claimcheck_engine::model::pinned_span::PinnedSpan;

/// Appends `text` as a JSON string, escaped as serde_json escapes it: quote, backslash
/// and the control characters below U+0020, nothing else.
pub fn write_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut written = 0;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(chunk) = bytes.get(at..at + 8)
            && !needs_escape(u64::from_le_bytes(chunk.try_into().expect("eight bytes")))
        {
            at += 8;
            continue;
        }
        let end = (at + 8).min(bytes.len());
        for (offset, &byte) in bytes[at..end].iter().enumerate() {
            if let Some((escaped, len)) = escape(byte) {
                out.extend_from_slice(&bytes[written..at + offset]);
                out.extend_from_slice(&escaped[..len]);
                written = at + offset + 1;
            }
        }
        at = end;
    }
    out.extend_from_slice(&bytes[written..]);
    out.push(b'"');
}

/// Whether any of eight bytes (little-endian) is below 0x20, a quote or a backslash.
/// Each test is exact for "any": a borrow can only start at a byte that matches.
fn needs_escape(chunk: u64) -> bool {
    const ONES: u64 = u64::MAX / 255;
    const HIGHS: u64 = ONES * 0x80;
    let below = |bytes: u64, bound: u8| bytes.wrapping_sub(ONES * u64::from(bound)) & !bytes;
    let equal = |byte: u8| below(chunk ^ (ONES * u64::from(byte)), 1);
    (below(chunk, 0x20) | equal(b'"') | equal(b'\\')) & HIGHS != 0
}

/// How serde_json writes `byte` inside a string, when not as itself: its escape, in
/// the first `len` bytes of the array.
fn escape(byte: u8) -> Option<([u8; 6], usize)> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0A => b'n',
        0x0C => b'f',
        0x0D => b'r',
        0x00..0x20 => {
            let (high, low) = (HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]);
            return Some(([b'\\', b'u', b'0', b'0', high, low], 6));
        }
        _ => return None,
    };
    Some(([b'\\', short, 0, 0, 0, 0], 2))
}

/// The indentation of a line nested one level inside a line indented by `indent`
/// (spaces only, as every indentation here is: the document nests a few levels).
fn deeper(indent: &str) -> &'static str {
    const SPACES: &str = "                                ";
    &SPACES[..indent.len() + 2]
}

/// An object being written in the pretty layout: `{`, then each field on its own line
/// at `indent`, then `}` on a line at the object's own indentation.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    /// The fields' indentation: the object's own, and two spaces.
    indent: &'static str,
    empty: bool,
}

impl<'o> Object<'o> {
    /// Opens an object whose own line is indented by `indent`.
    fn open(out: &'o mut Vec<u8>, indent: &str) -> Self {
        out.push(b'{');
        Self {
            out,
            indent: deeper(indent),
            empty: true,
        }
    }

    /// Starts the field `key` (plain ASCII, as every key here is); its value follows.
    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        self.out
            .extend_from_slice(if self.empty { b"\n" } else { b",\n" });
        self.empty = false;
        self.out.extend_from_slice(self.indent.as_bytes());
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
        self.out
    }

    fn string(&mut self, key: &str, value: &str) {
        write_string(self.key(key), value);
    }

    fn optional_string(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(value) => self.string(key, value),
            None => self.key(key).extend_from_slice(b"null"),
        }
    }

    fn number(&mut self, key: &str, value: impl itoa::Integer) {
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(value);
        self.key(key).extend_from_slice(digits.as_bytes());
    }

    fn span(&mut self, key: &str, span: PinnedSpan) {
        self.string(key, &span.to_string());
    }

    /// The field `key`, an array of what `write` writes of each item at its indentation.
    fn array<T>(&mut self, key: &str, items: &[T], write: impl Fn(&mut Vec<u8>, &str, &T)) {
        let indent = self.indent;
        write_array(self.key(key), indent, items, write);
    }

    fn close(self) {
        if !self.empty {
            self.out.push(b'\n');
            self.out
                .extend_from_slice(&self.indent.as_bytes()[..self.indent.len() - 2]);
        }
        self.out.push(b'}');
    }
}

/// An array in the pretty layout, its own line indented by `indent`.
fn write_array<T>(
    out: &mut Vec<u8>,
    indent: &str,
    items: &[T],
    write: impl Fn(&mut Vec<u8>, &str, &T),
) {
    if items.is_empty() {
        out.extend_from_slice(b"[]");
        return;
    }
    let inner = deeper(indent);
    out.push(b'[');
    for (index, item) in items.iter().enumerate() {
        out.extend_from_slice(if index == 0 { b"\n" } else { b",\n" });
        out.extend_from_slice(inner.as_bytes());
        write(out, inner, item);
    }
    out.push(b'\n');
    out.extend_from_slice(indent.as_bytes());
    out.push(b']');
}

/// Appends `finding` as the JSON document's element, its first line (`{`) already
/// indented by `indent` and the rest indented from it.
pub fn write_finding(out: &mut Vec<u8>, indent: &str, finding: &Finding) {
    let mut object = Object::open(out, indent);
    object.string("code", finding.code.name());
    object.string("severity", finding.severity.name());
    object.string("message", &finding.message);
    object.optional_string("claim", finding.claim.as_deref());
    object.optional_string("source", finding.source.as_deref());
    let location = finding.location.as_ref();
    object.optional_string("file", location.map(|at| &*at.path));
    match location {
        Some(at) => {
            object.number("line", at.line);
            object.number("column", at.column);
        }
        None => {
            object.key("line").extend_from_slice(b"null");
            object.key("column").extend_from_slice(b"null");
        }
    }
    object.array("related", &finding.related, |out, indent, related| {
        let mut object = Object::open(out, indent);
        object.string("message", &related.message);
        write_location_fields(&mut object, &related.location);
        object.close();
    });
    object.optional_string("help", finding.help.as_deref());
    if let Some(details) = &finding.details {
        let indent = object.indent;
        write_details(object.key("details"), indent, details);
    }
    if let Some(Fix::Repin {
        span,
        applicability,
    }) = finding.fix
    {
        let indent = object.indent;
        let mut fix = Object::open(object.key("fix"), indent);
        fix.string("kind", "repin");
        fix.span("span", span);
        serde_json::to_writer(fix.key("applicability"), &applicability)
            .expect("an applicability is written to memory");
        fix.close();
    }
    object.close();
}

fn write_location_fields(object: &mut Object, location: &Location) {
    object.string("file", &location.path);
    object.number("line", location.line);
    object.number("column", location.column);
}

fn write_details(out: &mut Vec<u8>, indent: &str, details: &Details) {
    let mut object = Object::open(out, indent);
    match details {
        Details::Moved { pinned, found } => {
            object.span("pinned", *pinned);
            object.span("found", *found);
        }
        Details::Relocated {
            pinned,
            found,
            similarity,
            text,
            word_diff,
            changes,
        } => {
            object.span("pinned", *pinned);
            object.span("found", *found);
            serde_json::to_writer(object.key("similarity"), similarity)
                .expect("a number is written to memory");
            object.string("text", text);
            object.string("word_diff", word_diff);
            if !changes.is_empty() {
                object.array("changes", changes, |out, _, change| {
                    write_string(out, change)
                });
            }
        }
        Details::Candidates { candidates } => {
            object.array("candidates", candidates, |out, _, span| {
                write_string(out, &span.to_string())
            });
        }
        Details::Changed {
            expected,
            actual,
            word_diff,
        } => {
            object.string("expected", expected);
            object.string("actual", actual);
            object.string("word_diff", word_diff);
        }
        Details::Ambiguous { occurrences } => object.number("occurrences", *occurrences),
        Details::Hash { recorded, actual } => {
            object.string("recorded", recorded);
            object.string("actual", actual);
        }
        Details::Chain { chain } => {
            object.array("chain", chain, |out, _, link| write_string(out, link));
        }
    }
    object.close();
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use claimcheck_engine::model::code::Code;
    use claimcheck_engine::model::finding::Applicability;
    use proptest::prelude::*;

    use super::*;
    use crate::report::json_array::ArrayElements;

    /// Text with every kind of byte a string can hold: each escape serde_json writes,
    /// DEL (not escaped), multi-byte characters, runs longer than eight bytes.
    fn text() -> impl Strategy<Value = String> {
        "([a-z ]{0,12}|\"|\\\\|/|\u{0}|\u{1}|\u{8}|\t|\n|\u{b}|\u{c}|\r|\u{1f}|\u{7f}|“|é|😀){0,12}"
    }

    fn span() -> impl Strategy<Value = PinnedSpan> {
        (0..5_000usize, 0..300usize).prop_map(|(start, len)| PinnedSpan::new(start, start + len))
    }

    fn location() -> impl Strategy<Value = Location> {
        (text(), any::<u32>(), any::<u32>()).prop_map(|(path, line, column)| Location {
            path: Arc::from(path),
            line,
            column,
            offset: 0,
            len: 0,
        })
    }

    fn details() -> impl Strategy<Value = Details> {
        prop_oneof![
            (span(), span()).prop_map(|(pinned, found)| Details::Moved { pinned, found }),
            (
                span(),
                span(),
                prop_oneof![Just(1.0), Just(0.8), 0.0..1.0f64],
                text(),
                text(),
                prop::collection::vec(text(), 0..3),
            )
                .prop_map(|(pinned, found, similarity, text, word_diff, changes)| {
                    Details::Relocated {
                        pinned,
                        found,
                        similarity,
                        text,
                        word_diff,
                        changes,
                    }
                }),
            prop::collection::vec(span(), 0..3)
                .prop_map(|candidates| Details::Candidates { candidates }),
            (text(), text(), text()).prop_map(|(expected, actual, word_diff)| {
                Details::Changed {
                    expected,
                    actual,
                    word_diff,
                }
            }),
            any::<usize>().prop_map(|occurrences| Details::Ambiguous { occurrences }),
            (text(), text()).prop_map(|(recorded, actual)| Details::Hash { recorded, actual }),
            prop::collection::vec(text(), 0..3).prop_map(|chain| Details::Chain { chain }),
        ]
    }

    fn finding() -> impl Strategy<Value = Finding> {
        (
            (
                prop::sample::select(Code::ALL),
                text(),
                prop::option::of(text()),
                prop::option::of(text()),
                prop::option::of(location()),
            ),
            (
                prop::collection::vec((text(), location()), 0..3),
                prop::option::of(text()),
                prop::option::of(details()),
                prop::option::of((
                    span(),
                    prop::sample::select(vec![
                        Applicability::Always,
                        Applicability::AcceptDrift,
                        Applicability::AcceptDriftOfNamedClaim,
                    ]),
                )),
            ),
        )
            .prop_map(
                |((code, message, claim, source, location), (related, help, details, fix))| {
                    let mut finding = Finding::new(code, message);
                    finding.claim = claim;
                    finding.source = source;
                    finding.location = location;
                    for (message, location) in related {
                        finding = finding.related(message, location);
                    }
                    finding.help = help.map(Into::into);
                    finding.details = details.map(Box::new);
                    finding.fix = fix.map(|(span, applicability)| Fix::Repin {
                        span,
                        applicability,
                    });
                    finding
                },
            )
    }

    proptest! {
        /// Findings written directly read byte for byte as serde_json's pretty printer
        /// writes their `JsonFinding`s, at the depth of the document's array.
        #[test]
        fn findings_are_written_as_serde_json_writes_them(
            findings in prop::collection::vec(finding(), 0..4),
        ) {
            let mut by_serde = Vec::new();
            ArrayElements::at("    ")
                .write_each(&mut by_serde, &findings, crate::report::json::json_finding)
                .unwrap();
            let mut directly = Vec::new();
            ArrayElements::at("    ")
                .write_each_directly(&mut directly, &findings, |bytes, indent, finding| {
                    write_finding(bytes, indent, finding);
                    Ok(())
                })
                .unwrap();
            prop_assert_eq!(String::from_utf8(directly).unwrap(), String::from_utf8(by_serde).unwrap());
        }

        /// Any string, escaped eight bytes at a time, is what serde_json writes.
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(text in any::<String>()) {
            let mut ours = Vec::new();
            write_string(&mut ours, &text);
            prop_assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&text).unwrap());
        }
    }

    #[test]
    fn every_byte_below_0x80_is_escaped_or_not_as_serde_json_does() {
        // Each byte at each of eight lanes, between letters: no lane's verdict may
        // leak into a neighbour's.
        for byte in 0..0x80u8 {
            for lane in 0..8 {
                let mut text = [b'a'; 16];
                text[lane] = byte;
                let text = std::str::from_utf8(&text).unwrap();
                let mut ours = Vec::new();
                write_string(&mut ours, text);
                assert_eq!(
                    String::from_utf8(ours).unwrap(),
                    serde_json::to_string(text).unwrap(),
                    "{byte:#x} at {lane}"
                );
            }
        }
    }
}
