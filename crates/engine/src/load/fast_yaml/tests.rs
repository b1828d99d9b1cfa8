//! The fast path against the full parser.

use super::*;
use crate::load::yaml::yaml_options;
use proptest::prelude::*;

/// The fast path's claims of `text`, the place it noted of each value checked against
/// the text's line index.
pub(super) fn read_claims(text: &str) -> Option<Vec<RawClaim>> {
    read_claims_in_parts(text, usize::MAX)
}

/// [`read_claims`] from parts of about `part_bytes` read side by side, joined.
fn read_claims_in_parts(text: &str, part_bytes: usize) -> Option<Vec<RawClaim>> {
    let (parts, lines) = read_in_parts(text, part_bytes)?;
    let claims: Vec<RawClaim> = parts.into_iter().flatten().collect();
    for claim in &claims {
        for (offset, noted) in noted_places(claim) {
            let place = lines.place_near(&std::cell::Cell::new(1), text, offset, 0);
            assert_eq!(
                (place.line, place.column),
                noted,
                "byte {offset} of {text:?}"
            );
        }
    }
    Some(claims)
}

/// The byte and noted line and column of each value of `claim` whose place its reader
/// noted.
fn noted_places(claim: &RawClaim) -> Vec<(usize, (u32, u32))> {
    fn note<T>(at: &At<T>, noted: &mut Vec<(usize, (u32, u32))>) {
        if at.line != 0 {
            noted.push((at.offset, (at.line, at.column)));
        }
    }
    let mut noted = Vec::new();
    note(&claim.id, &mut noted);
    note(&claim.statement, &mut noted);
    claim.confidence.iter().for_each(|at| note(at, &mut noted));
    for at in claim.entities.iter().chain(&claim.based_on) {
        note(at, &mut noted);
    }
    for entry in claim.evidence.iter().flatten() {
        note(entry, &mut noted);
        let evidence = &entry.value;
        for at in [
            &evidence.source,
            &evidence.quote,
            &evidence.span,
            &evidence.sha256,
        ] {
            note(at, &mut noted);
        }
        for at in [&evidence.prefix, &evidence.suffix, &evidence.stance]
            .into_iter()
            .flatten()
        {
            note(at, &mut noted);
        }
        for at in [&evidence.value, &evidence.credibility]
            .into_iter()
            .flatten()
        {
            note(at, &mut noted);
        }
    }
    noted
}

/// The general reader's claims of the whole of `text`: the fast path without its
/// reader of the pinned layout.
fn general_alone(text: &str) -> Option<Vec<RawClaim>> {
    let body = body_start(text);
    if !only_plain_characters(&text[body..]) {
        return None;
    }
    let lines = meaningful_lines(text, body..text.len())?;
    let mut claims = Vec::new();
    read_in_general(text, lines, true, &mut claims)?;
    Some(claims)
}

fn full(text: &str) -> Vec<RawClaim> {
    let raw: Vec<At<RawClaim>> = serde_saphyr::from_str_with_options(text, yaml_options()).unwrap();
    raw.into_iter().map(|claim| claim.value).collect()
}

const PINNED: &str = "# Claims\n- id: claim-1\n  statement: \"Rockets \\\"hit\\\" the\\_base.\"\n  confidence: high\n  evidence:\n  - source: report-2020\n    quote: \"caf\\u00e9 \\x41 “curly” \\\\ done\"  # a comment\n    span: 2114..2209\n    sha256: cf8d252064cc3e7f5b92ae02fb82592d26c9b3faf5684a8d86d3f7af75b35501\n    prefix: \" before \"\n    suffix: \"\"\n\n- id: claim-2 # trailing\n  evidence:\n    - source: b\n      quote: \"q\"\n      span: 0..1\n      sha256: ab\n  statement: \"S\"\n";

/// What the full parser reads from `text`, `None` where it refuses it.
fn full_or_none(text: &str) -> Option<Vec<RawClaim>> {
    let raw: Vec<At<RawClaim>> = serde_saphyr::from_str_with_options(text, yaml_options()).ok()?;
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
        "NULL",
        "nUll",
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
        "слово",
        "日本",
    ]);
    let bad = prop::sample::select(vec![
        "\\uD800", "\\q", "\t", "\\x4", "\u{2028}", "\u{85}", "\u{feff}", "\\\n", "\n  ", "\u{7f}",
        "\u{9f}", "\u{fffe}", "\u{ffff}",
    ]);
    let piece = prop_oneof![30 => good, 1 => bad];
    let quoted =
        prop::collection::vec(piece, 0..6).prop_map(|pieces| format!("\"{}\"", pieces.concat()));
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
    prop_oneof![6 => plain, 10 => quoted, 1 => other, 8 => wrapped()]
}

/// Scalars over several lines, as emitters wrap them and people type them: plain,
/// single- and double-quoted, literal and folded blocks, their lines indented
/// anywhere from too little to more than enough for the key they follow.
fn wrapped() -> impl Strategy<Value = String> {
    let indent = prop::sample::select(vec![0usize, 1, 2, 3, 4, 5, 6, 7, 8, 10]);
    let gap = prop::sample::select(vec!["\n", "\n", "\n", "\n\n", "\n  \n", "\n\n\n", "\\\n"]);
    // A line break: its gap, and an indent of its own (else the value's) now and then.
    let line_break = (gap, prop::option::weighted(0.1, indent.clone()))
        .prop_map(|(gap, own)| (gap.to_owned(), own));
    let word = prop::sample::select(vec![
        "word",
        "two words",
        "it's",
        "a, b",
        "x.",
        "“curly”",
        "é",
        "слово",
        "12",
        "a #b",
        "a: b",
        "a:",
        "- x",
        "# c",
        "\"",
        "''",
        "\\ ",
        " ",
        "  ",
        "\u{a0}",
        "[x]",
        "{y}",
        "-",
        "?",
        "true",
        "1",
        "a\\",
        "é ",
        "x  ",
        "\\\"",
        "&a",
        "*b",
        "!t",
        "|",
        ">",
        "%",
        "@",
        "`",
        "\\_",
        "::",
        "https://x.org",
    ])
    .prop_map(|word| (word.to_owned(), None));
    let piece = prop_oneof![3 => word, 2 => line_break];
    let style = prop::sample::select(vec![
        ("", ""),
        ("\"", "\""),
        ("'", "'"),
        ("|\n", "\n"),
        (">\n", "\n"),
        ("|-\n", "\n"),
        (">-\n", "\n"),
        ("|+\n", "\n"),
        (">2\n", "\n"),
        ("| \n", "\n"),
        ("> # c\n", "\n"),
    ]);
    (style, indent, prop::collection::vec(piece, 1..8)).prop_map(
        |((open, close), indent, pieces)| {
            let lines_indent = |own: Option<usize>| " ".repeat(own.unwrap_or(indent));
            let mut text = String::from(open);
            if open.ends_with('\n') {
                text.push_str(&lines_indent(None));
            }
            for (piece, own) in pieces {
                text.push_str(&piece);
                if piece.ends_with('\n') {
                    text.push_str(&lines_indent(own));
                }
            }
            text.push_str(close);
            text.trim_end_matches('\n').to_owned()
        },
    )
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
        prop::collection::vec(item.clone(), 0..4),
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
    let listed = (
        prop::sample::select(vec!["entities", "based-on"]),
        prop::collection::vec(
            prop_oneof![item.prop_map(str::to_owned), scalar_text()],
            0..3,
        ),
        prop::sample::select(vec!["", "  ", " ", "- "]),
    )
        .prop_map(|(key, items, pad)| {
            let mut lines = vec![format!("{key}:")];
            lines.extend(items.into_iter().map(|item| format!("{pad}- {item}")));
            lines
        });
    prop_oneof![flow, sequence, fact, listed]
}

/// Claim files near the pinned layout: required fields usually present, evidence
/// at one of three indents, comments and blank lines anywhere, sometimes a tab, a
/// carriage return, a byte-order mark or a stray line.
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
                5 => text = text.replace('\n', "\r\n"),
                6 => text.insert_str(0, "---\n"),
                7 => text.insert_str(0, "# header\n--- # the claims\n\n"),
                8 => text.insert(0, '\u{feff}'),
                9 => text.insert_str(0, "\u{feff}---\n"),
                10 => text.push('\u{feff}'),
                _ => {}
            }
        }
        text
    })
}

/// A value in the pinned layout: mostly one `pin` writes, else any scalar, any YAML
/// value, a list, or an empty or null one.
fn pinned_value() -> impl Strategy<Value = String> {
    let written = prop::sample::select(vec![
        "claim-1",
        "\"A claim.\"",
        "report-2020",
        "\"the “quote”\\_said\"",
        "2114..2209",
        "cf8d252064cc3e7f5b92ae02fb82592d26c9b3faf5684a8d86d3f7af75b35501",
        "high",
        "supports",
        "\" before \"",
    ]);
    let listed = prop::sample::select(vec![
        "[]", "[ ]", "[a, b]", "[kh]", "", "# c", "[a,", "null", "~",
    ]);
    prop_oneof![
        60 => written.prop_map(str::to_owned),
        2 => scalar_text(),
        1 => any_value(),
        1 => listed.prop_map(str::to_owned),
    ]
}

/// A list of ids in the pinned layout: mostly flow lists, else any value.
fn pinned_list() -> impl Strategy<Value = String> {
    let flow = prop::sample::select(vec!["[]", "[ ]", "[a, b]", "[kh]", "[kh, iraq]  # who"]);
    prop_oneof![10 => flow.prop_map(str::to_owned), 1 => pinned_value()]
}

/// `key: value` lines of a mapping in the pinned layout, in any order: its `required`
/// keys (now and then none), some of its `optional` ones, and now and then another
/// (repeated, misspelled, or a block list's).
fn pinned_entries(
    required: &'static [&'static str],
    optional: &'static [&'static str],
) -> impl Strategy<Value = Vec<String>> {
    let odd_key = prop::sample::select(vec!["id", "source", "statment", "Id", "allow"]);
    (
        prop::collection::vec(pinned_value(), required.len()),
        prop::sample::subsequence(optional, 0..=optional.len()),
        prop::collection::vec((pinned_value(), pinned_list()), optional.len()),
        prop::option::weighted(0.05, (odd_key, pinned_value())),
        prop::num::u8::ANY,
    )
        .prop_map(move |(values, chosen, optional_values, odd, noise)| {
            let mut entries: Vec<String> = required
                .iter()
                .zip(values)
                .filter(|_| noise % 53 != 0)
                .map(|(key, value)| format!("{key}: {value}"))
                .collect();
            for (key, (value, list)) in chosen.into_iter().zip(optional_values) {
                let value = if ["entities", "based-on"].contains(&key) {
                    list
                } else {
                    value
                };
                entries.push(format!("{key}: {value}"));
            }
            entries.extend(odd.map(|(key, value)| format!("{key}: {value}")));
            entries
        })
        .prop_shuffle()
}

/// Claim files in the pinned layout, bent now and then where its reader must hand a
/// claim to the general reader or refuse the file: values in every style, keys
/// repeated, unknown or missing, a line indented a space off, a block list, comments
/// and blank lines between lines, line breaks `\r\n`.
fn pinned_file() -> impl Strategy<Value = String> {
    let evidence = prop::collection::vec(
        pinned_entries(
            &["source", "quote", "span", "sha256"],
            &["prefix", "suffix", "stance", "value", "credibility"],
        ),
        0..3,
    );
    let claim = (
        pinned_entries(
            &["id", "statement"],
            &["confidence", "entities", "based-on"],
        ),
        evidence,
        prop::collection::vec(prop::num::u8::ANY, 12),
    );
    (prop::collection::vec(claim, 1..5), any::<bool>()).prop_map(|(claims, crlf)| {
        let mut lines = Vec::new();
        for (fields, evidence, noise) in claims {
            let mut noise = noise.into_iter().cycle();
            let mut bent = |column: usize| match noise.next().unwrap_or(0) % 101 {
                1 => column + 1,
                2 => column.saturating_sub(1),
                _ => column,
            };
            item_lines(&fields, || bent(0), &mut lines);
            if !evidence.is_empty() {
                lines.push(format!("{}evidence:", " ".repeat(bent(2))));
            }
            for entry in evidence {
                item_lines(&entry, || bent(2), &mut lines);
            }
            match noise.next().unwrap_or(0) % 17 {
                1 => lines.push(String::new()),
                2 => lines.push("  # a comment".into()),
                3 => lines.push("  allow:\n  - code: x\n    reason: y".into()),
                4 => lines.push("  entities:\n  - kh".into()),
                5 => lines.push("---".into()),
                _ => {}
            }
        }
        let text = lines.join("\n") + "\n";
        if crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    })
}

/// The lines of a block sequence's item whose `entries` are its mapping's `key: value`
/// lines: a dash before the first, two spaces before the others, each line indented by
/// what `indent` says for it.
fn item_lines(entries: &[String], mut indent: impl FnMut() -> usize, lines: &mut Vec<String>) {
    for (index, entry) in entries.iter().enumerate() {
        let dash = if index == 0 { "- " } else { "  " };
        lines.push(format!("{}{dash}{entry}", " ".repeat(indent())));
    }
}

/// A valid claim file but for one value, written in any style, under one of the
/// keys (at columns 2 to 6) or as an item of a list of ids; LF or CRLF.
fn one_wrapped_value() -> impl Strategy<Value = String> {
    let place = prop::sample::select(vec![
        "- id: a\n  statement: @\n  evidence:\n  - source: s\n    quote: \"q\"\n    span: 0..1\n    sha256: ab\n",
        "- id: a\n  statement: \"S\"\n  evidence:\n  - source: s\n    quote: @\n    span: 0..1\n    sha256: ab\n- id: b\n  statement: \"S\"\n",
        "- evidence:\n    - prefix: @\n      quote: \"q\"\n      sha256: ab\n      source: s\n      span: 0..1\n  id: a\n  statement: \"S\"\n",
        "- id: a\n  statement: \"S\"\n  entities:\n  - kh\n  - @\n  based-on: []\n",
        "- id: a\n  statement: \"S\"\n  based-on:\n    - @\n",
        "- id: a\n  statement: \"S\"\n  fact:\n    subject: s\n    property: p\n    value: @\n",
        "- id: a\n  statement: \"S\"\n  allow:\n  - code: x\n    reason: @\n# end\n",
        "- id: @\n  statement: \"S\"\n",
    ]);
    (place, wrapped(), any::<bool>()).prop_map(|(place, value, crlf)| {
        let text = place.replace('@', &value);
        if crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
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

    /// The pinned layout's reader, handing the claims it does not read to the general
    /// reader, reads what the general reader alone reads, and refuses what it refuses.
    #[test]
    fn the_pinned_layout_is_read_as_the_general_reader_reads_it(text in claim_file()) {
        prop_assert_eq!(read_claims(&text), general_alone(&text), "{:?}", text);
    }

    /// The same for files in and near the pinned layout; what is read, the full parser
    /// reads the same.
    #[test]
    fn files_near_the_pinned_layout_are_read_as_the_general_reader_reads_them(text in pinned_file()) {
        let fast = read_claims(&text);
        prop_assert_eq!(&fast, &general_alone(&text), "{:?}", text);
        if fast.is_some() {
            prop_assert_eq!(fast, full_or_none(&text), "{:?}", text);
        }
    }

    /// Read in parts side by side (each from the first dash at column 0 some bytes
    /// past the last part's start), a file reads as it does whole, and is refused
    /// where it is refused whole.
    #[test]
    fn a_file_read_in_parts_reads_as_it_does_whole(text in claim_file(), part_bytes in 1usize..400) {
        prop_assert_eq!(read_claims_in_parts(&text, part_bytes), read_claims(&text), "{:?}", text);
    }

    /// The same for files in and near the pinned layout.
    #[test]
    fn a_pinned_file_read_in_parts_reads_as_it_does_whole(text in pinned_file(), part_bytes in 1usize..400) {
        prop_assert_eq!(read_claims_in_parts(&text, part_bytes), read_claims(&text), "{:?}", text);
    }

    /// The same for values in every scalar style.
    #[test]
    fn each_pinned_scalar_is_read_as_the_general_reader_reads_it(text in one_wrapped_value()) {
        prop_assert_eq!(read_claims(&text), general_alone(&text), "{:?}", text);
    }

    /// The same for values in every scalar style, one a file, each file otherwise
    /// read.
    #[test]
    fn the_fast_path_reads_each_scalar_as_the_full_parser_does(text in one_wrapped_value()) {
        if let Some(fast) = read_claims(&text) {
            prop_assert_eq!(Some(fast), full_or_none(&text), "{:?}", text);
        }
    }

    /// The screen's searches refuse exactly what judging each byte does,
    /// wherever the refused characters fall.
    #[test]
    fn the_character_screen_refuses_what_each_byte_judged_refuses(
        pieces in prop::collection::vec(
            prop::sample::select(vec![
                "a", "word ", "\n", "\t", "\r", "\u{7f}", "\u{85}", "\u{a0}", "é",
                "\u{feff}", "\u{fffe}", "\u{2028}", "\u{2029}", "“", "—", "~", " ", "слово",
                "\u{ffff}", "\u{9f}", "日本", "\u{1}", "\u{2027}", "\u{fefe}", "\r\n",
                "’", "\u{202a}", "\u{fffd}", "\u{ff21}",
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
fn the_characters_the_full_parser_is_left_are_refused_and_their_neighbours_are_not() {
    let refused = [
        "\t", "\r", "\u{0}", "\u{1f}", "\u{7f}", "\u{80}", "\u{85}", "\u{9f}", "\u{2028}",
        "\u{2029}", "\u{feff}", "\u{fffe}", "\u{ffff}",
    ];
    let plain = [
        "\n", "\r\n", " ", "~", "\u{a0}", "\u{bf}", "\u{2027}", "\u{202a}", "“", "”", "’", "—",
        "\u{2018}", "\u{fefe}", "\u{fffd}", "\u{ef00}", "\u{ff21}", "日本",
    ];
    // Each at every place of a block and the two after it, so that the blocks' edges
    // are crossed.
    for place in 0..BLOCK + 2 {
        for (character, expected) in refused
            .iter()
            .map(|c| (*c, false))
            .chain(plain.iter().map(|c| (*c, true)))
        {
            let text = format!("{}{character}{}", "a".repeat(place), "b".repeat(BLOCK));
            assert_eq!(
                only_plain_characters(&text),
                expected,
                "{character:?} after {place} bytes"
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
fn reads_a_file_that_opens_with_the_document_marker_as_the_full_parser_does() {
    for marker in [
        "---\n",
        "--- \n",
        "# Claims\n--- # from the March report\n\n",
    ] {
        let text = format!("{marker}{PINNED}");
        let fast = read_claims(&text).expect("a leading document marker is read");
        assert_eq!(fast, full(&text));
        assert_eq!(fast.len(), 2);
    }
}

#[test]
fn reads_a_file_that_opens_with_a_byte_order_mark_as_the_full_parser_does() {
    for text in [
        format!("\u{feff}{PINNED}"),
        format!("\u{feff}---\n{PINNED}"),
        format!("\u{feff}{}", PINNED.replace('\n', "\r\n")),
    ] {
        let fast = read_claims(&text).expect("a leading byte-order mark is read");
        assert_eq!(fast, full(&text));
        assert_eq!(fast[0].id.offset, text.find("claim-1").unwrap());
    }
    // Anywhere else it is a character the full parser judges.
    assert!(read_claims(&format!("{PINNED}\u{feff}")).is_none());
    assert!(read_claims(&format!("\u{feff}\u{feff}{PINNED}")).is_none());
}

#[test]
fn reads_null_optional_fields_as_absent_as_the_full_parser_does() {
    for null in ["null", "Null", "NULL", "~", "null  # not pinned yet"] {
        let text = PINNED.replace("    prefix: \" before \"", &format!("    prefix: {null}"));
        let fast = read_claims(&text).expect("a null optional field is read");
        assert_eq!(fast, full(&text));
        assert_eq!(fast[0].evidence.as_ref().unwrap()[0].value.prefix, None);
    }
    // Other spellings are strings to the full parser.
    for word in ["nUll", "NuLL", "~~", "null~"] {
        let text = PINNED.replace("    prefix: \" before \"", &format!("    prefix: {word}"));
        if let Some(fast) = read_claims(&text) {
            assert_eq!(fast, full(&text), "{word}");
        }
    }
    for text in [
        PINNED.replace("    span: 2114..2209", "    span: null"),
        PINNED.replace("  confidence: high", "  confidence: null"),
        PINNED.replace(
            "    prefix: \" before \"",
            "    prefix: null\n    prefix: \"x\"",
        ),
    ] {
        assert!(read_claims(&text).is_none(), "{text:?}");
    }
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
    let short_lines = "x\n".repeat(1_000);
    assert!(meaningful_lines(&short_lines, 0..short_lines.len()).is_none());
    assert!(meaningful_lines(PINNED, 0..PINNED.len()).is_some());
}

#[test]
fn declines_what_it_does_not_read() {
    for text in [
        "- id: a\n  statement: |+\n    block\n",
        "- id: a\n  statement: >2\n     folded\n",
        "- id: a\n  statement: > # why\n    folded\n",
        "- id: a\n  statement: >\n    folded\n      more indented\n",
        "- id: a\n  statement: |\n\n    after an empty line\n",
        "- id: a\n  statement: 'two\n  lines at the key column'\n",
        "- id: a\n  statement: \"escaped\\\n\n    break before an empty line\"\n",
        "- id: a\r  statement: \"a lone carriage return\"\n",
        "- id: a\n  statement: \"S\"\n  fact:\n    subject: s\n    property: date\n    value: 12:30\n",
        "- id: &x a\n  statement: \"S\"\n",
        "- id: a\n  statement: \"S\"\n  id: b\n",
        "- id: a\n  statement: \"S\"\n  statment: \"T\"\n",
        "- id: 12\n  statement: \"S\"\n",
        "- id: a\n\tstatement: \"S\"\n",
        "---\n---\n- id: a\n  statement: \"S\"\n",
        "--- - id: a\n  statement: \"S\"\n",
        "---# c\n- id: a\n  statement: \"S\"\n",
        "---\n# nothing after the marker\n",
        "- id: a\n  statement: \"S\"\n---\n- id: b\n  statement: \"T\"\n",
    ] {
        assert!(read_claims(text).is_none(), "{text:?}");
    }
}

/// Claims as `pin` writes them, with the flow lists and comments analysts add, are read
/// by the pinned layout's reader itself, none handed to the general reader.
#[test]
fn the_pinned_layout_is_read_in_one_pass() {
    let text = PINNED.replace("  confidence: high\n", "  confidence: high\n  entities: [kh, iraq]\n  based-on: []\n")
        .replace("  evidence:\n    - source: b\n      quote: \"q\"\n      span: 0..1\n      sha256: ab\n", "  evidence:\n  - source: b\n    quote: \"q\"\n    span: 0..1\n    sha256: ab\n    stance: supports\n");
    let lines = LineIndex::new(&text);
    let mut pinned = PinnedReader::new(&text, 0, lines.starts(), 0..lines.starts().len());
    let mut claims = Vec::new();
    while pinned.next_line().is_some() {
        claims.push(
            pinned
                .claim()
                .unwrap_or_else(|| panic!("read whole: {text:?}")),
        );
    }
    assert_eq!(claims.len(), 2);
    assert_eq!(Some(claims), general_alone(&text));
}

#[test]
fn reads_the_pinned_layout_as_the_full_parser_does() {
    let fast = read_claims(PINNED).expect("the pinned layout is read");
    assert_eq!(fast, full(PINNED));
}

#[test]
fn reads_empty_lists_and_empty_values_as_the_full_parser_does() {
    let empty_lists = [
        PINNED.replace("  evidence:\n  - source: report", "  allow: []\n  acknowledge: [ ]  # none\n  evidence:\n  - source: report"),
        "- id: draft\n  statement: \"Not sourced yet.\"\n  evidence: []\n- id: b\n  statement: \"S\"\n".to_owned(),
    ];
    for text in &empty_lists {
        let fast = read_claims(text).expect("empty lists are read");
        assert_eq!(fast, full(text));
    }
    assert_eq!(
        read_claims(&empty_lists[1]).unwrap()[0].evidence,
        Some(Vec::new())
    );
    // An empty value is null wherever `null` is read: before a key beside it, before
    // a less indented line, at the end of the file, before a comment.
    let empty_values = [
        PINNED.replace("    prefix: \" before \"", "    prefix:"),
        PINNED.replace("    prefix: \" before \"", "    prefix:   # not pinned yet"),
        PINNED.replace("    suffix: \"\"", "    suffix:"),
        PINNED.replace("    suffix: \"\"", "    suffix: \"\"\n    value:\n    stance:\n    credibility:"),
        PINNED.replace("      sha256: ab\n", "      sha256: ab\n      prefix:\n"),
        "- id: a\n  statement: \"S\"\n  evidence:\n  - source: b\n    quote: \"q\"\n    span: 0..1\n    sha256: ab\n    suffix:\n# the end\n".to_owned(),
    ];
    for text in &empty_values {
        let fast = read_claims(text).unwrap_or_else(|| panic!("read: {text:?}"));
        assert_eq!(&fast, &full(text), "{text:?}");
    }
    // Not lists or values the fast path reads as empty: the full parser's to judge.
    for text in [
        PINNED.replace("  confidence: high", "  allow: [x]"),
        PINNED.replace("  confidence: high", "  allow:\n  -\n"),
        PINNED.replace("  confidence: high", "  statement2:"),
        PINNED.replace("    span: 2114..2209", "    span:"),
        PINNED.replace("  statement: \"S\"", "  statement:"),
    ] {
        if let Some(fast) = read_claims(&text) {
            assert_eq!(Some(fast), full_or_none(&text), "{text:?}");
        }
    }
}

#[test]
fn a_large_file_is_read_in_parts_as_it_is_read_whole() {
    let text: String = (0..2_000)
        .map(|n| {
            format!(
                "- id: c{n}\n  statement: \"Claim {n}.\"\n  evidence:\n  - source: s\n    quote: \"q\"\n    span: 0..1\n    sha256: ab\n"
            )
        })
        .collect();
    let (parts, _) = read_in_parts(&text, 4_096).unwrap();
    assert!(parts.len() > 20, "{} parts", parts.len());
    let joined: Vec<RawClaim> = parts.into_iter().flatten().collect();
    assert_eq!(joined.len(), 2_000);
    assert_eq!(Some(joined), read_claims(&text));
}

#[test]
fn a_null_word_continued_on_the_next_lines_is_text_to_both_readers() {
    let text = "- statement: 56909a86\n  id: null\n   stray\n";
    let fast = read_claims(text);
    assert_eq!(fast, general_alone(text));
    assert_eq!(fast.unwrap()[0].id.value, "null stray");
    assert_eq!(read_claims(text), full_or_none(text));
}
