//! Claim files as YAML emitters and people write them (PyYAML's sorted keys and
//! wrapped strings, js-yaml's folded blocks, indented or indentless sequences, CRLF
//! line ends, block lists of ids): the fast path reads every one, exactly as the full
//! parser does. The noisy files of `tests.rs` check that what it accepts is right;
//! these check that it accepts what it should.

use super::tests::read_claims;
use super::{At, RawClaim};
use crate::load::yaml::yaml_options;
use proptest::prelude::*;

/// Words of statements and quotes, with the characters that decide a scalar's style.
const WORDS: &[&str] = &[
    "rockets",
    "hit",
    "the",
    "base",
    "it's",
    "“curly”",
    "a,b",
    "(x)",
    "50%",
    "é",
    "x.",
    "#tag",
    "a#b",
    "\"q\"",
    "12",
    "-",
    "–",
    "https://example.org/a?b=c",
    "[1]",
    "{y}",
    "Kataib\u{a0}Hezbollah",
    "a:b",
    "*",
    "&",
    "!",
    "\\",
    "no",
    "2020-10-10",
];

#[derive(Clone, Copy, Debug)]
enum Style {
    Plain,
    Single,
    Double,
    /// Double-quoted, wrapped where PyYAML wraps a string it must keep exactly: an
    /// escaped line break, the next line starting with an escaped space.
    DoubleEscaped,
    Literal,
    LiteralStrip,
    Folded,
    FoldedStrip,
}

const STYLES: [Style; 8] = [
    Style::Plain,
    Style::Single,
    Style::Double,
    Style::DoubleEscaped,
    Style::Literal,
    Style::LiteralStrip,
    Style::Folded,
    Style::FoldedStrip,
];

/// How a value is laid out: its style, the words on each line (0: one line), the
/// extra indent of its other lines, and whether a paragraph break (an empty line)
/// splits it.
#[derive(Clone, Debug)]
struct Layout {
    style: Style,
    per_line: usize,
    extra: usize,
    paragraph: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        prop::sample::select(STYLES.to_vec()),
        prop::sample::select(vec![0usize, 0, 1, 3, 8]),
        prop::sample::select(vec![2usize, 0, 4]),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(style, per_line, extra, paragraph)| Layout {
            style,
            per_line,
            extra,
            paragraph,
        })
}

fn sentence() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(WORDS), 1..14)
}

/// Whether a value of these words, joined by spaces, is a plain scalar the full
/// parser reads as that text.
fn plain_safe(words: &[&str]) -> bool {
    let text = words.join(" ");
    let first = text.chars().next().unwrap_or(' ');
    (first.is_ascii_alphabetic() || !first.is_ascii())
        && !text.contains(" #")
        && !text.contains(": ")
        && !text.ends_with(':')
        && text != "no"
        && !text.chars().next_back().is_some_and(char::is_whitespace)
}

/// Lines of the value: its words `per_line` to a line (all on one when 0), an empty
/// string where a paragraph break goes.
fn lines_of(words: &[&str], layout: &Layout) -> Vec<String> {
    let per_line = if layout.per_line == 0 {
        words.len()
    } else {
        layout.per_line
    };
    let mut lines: Vec<String> = words
        .chunks(per_line)
        .map(|chunk| chunk.join(" "))
        .collect();
    if layout.paragraph && lines.len() > 1 {
        lines.insert(1, String::new());
    }
    lines
}

/// `words` as the value of a key at `column`, in the layout's style (a plain value
/// that would not read back as its text is single-quoted, as PyYAML does).
fn render(words: &[&str], layout: &Layout, column: usize) -> String {
    let indent = " ".repeat(column + 2 + layout.extra);
    let lines = lines_of(words, layout);
    let join = |lines: Vec<String>| {
        let mut text = String::new();
        for (index, line) in lines.iter().enumerate() {
            if index > 0 {
                text.push('\n');
                if !line.is_empty() {
                    text.push_str(&indent);
                }
            }
            text.push_str(line);
        }
        text
    };
    let quoted = |lines: &[String], escape: fn(&str) -> String| {
        lines.iter().map(|line| escape(line)).collect::<Vec<_>>()
    };
    match layout.style {
        Style::Plain if plain_safe(words) => join(lines),
        Style::Plain | Style::Single => {
            format!(
                "'{}'",
                join(quoted(&lines, |line| line.replace('\'', "''")))
            )
        }
        Style::Double => format!("\"{}\"", join(quoted(&lines, double_escaped))),
        Style::DoubleEscaped => {
            let line = double_escaped(&words.join(" "));
            let mut text = String::from("\"");
            for (index, piece) in line.split(' ').enumerate() {
                if index > 0 {
                    text.push_str(&format!("\\\n{indent}\\ "));
                }
                text.push_str(piece);
            }
            text.push('"');
            text
        }
        Style::Literal | Style::LiteralStrip | Style::Folded | Style::FoldedStrip => {
            let header = match layout.style {
                Style::Literal => "|",
                Style::LiteralStrip => "|-",
                Style::Folded => ">",
                _ => ">-",
            };
            let body: Vec<String> = lines
                .iter()
                .map(|line| {
                    if line.is_empty() {
                        String::new()
                    } else {
                        format!("{indent}{line}")
                    }
                })
                .collect();
            format!("{header}\n{}", body.join("\n"))
        }
    }
}

fn double_escaped(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// One claim: its fields in either order (pin's or PyYAML's sorted), statement and
/// quotes laid out, entities as a flow or block list, sequences indentless or not,
/// and empty fields written out (`allow: []`, an empty `suffix:`) as a script writing
/// every field does.
#[derive(Clone, Debug)]
struct ClaimShape {
    statement: (Vec<&'static str>, Layout),
    quotes: Vec<(Vec<&'static str>, Layout)>,
    entities: usize,
    sorted: bool,
    sequence_indent: usize,
    block_entities: bool,
    empties: bool,
}

fn claim_shape() -> impl Strategy<Value = ClaimShape> {
    (
        (sentence(), layout()),
        prop::collection::vec((sentence(), layout()), 1..3),
        0usize..3,
        any::<bool>(),
        prop::sample::select(vec![0usize, 2]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(statement, quotes, entities, sorted, sequence_indent, block_entities, empties)| {
                ClaimShape {
                    statement,
                    quotes,
                    entities,
                    sorted,
                    sequence_indent,
                    block_entities,
                    empties,
                }
            },
        )
}

fn write_claim(number: usize, shape: &ClaimShape) -> String {
    let pad = " ".repeat(shape.sequence_indent);
    let mut fields: Vec<(&str, String)> = vec![
        ("id", format!(" claim-{number}")),
        (
            "statement",
            format!(" {}", render(&shape.statement.0, &shape.statement.1, 2)),
        ),
    ];
    if shape.entities > 0 {
        let ids: Vec<String> = (0..shape.entities)
            .map(|id| format!("actor-{id}"))
            .collect();
        let list = if shape.block_entities {
            ids.iter().map(|id| format!("\n  {pad}- {id}")).collect()
        } else {
            format!(" [{}]", ids.join(", "))
        };
        fields.push(("entities", list));
    }
    let mut evidence = String::new();
    for (index, (words, layout)) in shape.quotes.iter().enumerate() {
        let column = 4 + shape.sequence_indent;
        let mut entries: Vec<(&str, String)> = vec![
            ("source", format!("source-{index}")),
            ("quote", render(words, layout, column)),
            ("span", "0..10".to_owned()),
            (
                "sha256",
                "0b183b947385b9346476c9d90d713c12dfca2db9054e6d486028126ec03d0230".to_owned(),
            ),
            (
                "prefix",
                "' before\n\n'".replace('\n', &format!("\n{}", " ".repeat(column + 2))),
            ),
        ];
        if shape.empties {
            entries.push(("suffix", String::new()));
        }
        if shape.sorted {
            entries.sort();
        }
        for (place, (key, value)) in entries.iter().enumerate() {
            let lead = if place == 0 { "- " } else { "  " };
            let value = if value.is_empty() {
                String::new()
            } else {
                format!(" {value}")
            };
            evidence.push_str(&format!("\n  {pad}{lead}{key}:{value}"));
        }
    }
    fields.push(("evidence", evidence));
    if shape.empties {
        fields.push(("allow", " []".to_owned()));
        fields.push(("acknowledge", " []".to_owned()));
    }
    if shape.sorted {
        fields.sort();
    }
    let mut text = String::new();
    for (place, (key, value)) in fields.iter().enumerate() {
        text.push_str(if place == 0 { "- " } else { "  " });
        text.push_str(&format!("{key}:{value}\n"));
    }
    text
}

fn emitted_file() -> impl Strategy<Value = String> {
    (prop::collection::vec(claim_shape(), 1..4), any::<bool>()).prop_map(|(claims, crlf)| {
        let text: String = claims
            .iter()
            .enumerate()
            .map(|(number, shape)| write_claim(number, shape))
            .collect();
        if crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    })
}

fn full(text: &str) -> Vec<RawClaim> {
    let raw: Vec<At<RawClaim>> = serde_saphyr::from_str_with_options(text, yaml_options())
        .unwrap_or_else(|error| panic!("not YAML: {error}\n{text}"));
    raw.into_iter().map(|claim| claim.value).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn the_fast_path_reads_every_emitted_layout(text in emitted_file()) {
        prop_assert_eq!(read_claims(&text), Some(full(&text)), "{}", text);
    }
}

/// A file as `yaml.dump` writes it (PyYAML 6, default options): keys sorted, strings
/// wrapped at 80 columns, non-ASCII escaped, a line break in a single-quoted string
/// as an empty line.
const PYYAML: &str = "- evidence:\n  - prefix: ' three attack after talks 1-11.\n\n      '\n    quote: \"\\u201Ccoalition Baghdad\\_hundred forces dozen leverage ceasefire government\n      drone Iraq coalition statement\\u201D, the leverage\\u2019s spokesman said 1-12.\"\n    sha256: 56909a86bd88ae85b69cf0ac21ae6650255ce6b8c59f05a1fe575dcc44ef887e\n    source: source-00001\n    span: 1421..1566\n    suffix: \" \\u201Csanctions strike talks officia\"\n  id: claim-000001\n  statement: A claim about the article, which runs on past the eighty columns of\n    a line.\n";

#[test]
fn reads_what_pyyaml_writes() {
    let fast = read_claims(PYYAML).expect("PyYAML's layout is read");
    assert_eq!(fast, full(PYYAML));
    let quote = &fast[0].evidence.as_ref().unwrap()[0].value.quote.value;
    assert!(
        quote.starts_with("“coalition Baghdad\u{a0}hundred"),
        "{quote}"
    );
}
