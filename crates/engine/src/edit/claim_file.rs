//! Adding an evidence entry to a claim file, creating the claim if needed, by inserting
//! text at the right place and indentation. The result is re-parsed and must equal the
//! original plus exactly the new entry, or nothing is written.

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

use super::content::{ClaimContent, EvidenceContent};
pub use super::error::EditError;
use super::scalar::{double_quoted, id_scalar};
use crate::anchor::relocate::context_around;
use crate::hash::sha256_hex;
use crate::load::parse_claim_file;
use crate::model::claim::Claim;
use crate::model::fact::{EvidenceValue, Stance};
use crate::model::location::Location;
use crate::model::pinned_span::PinnedSpan;
use crate::model::value::{Value, kind_of};

/// The evidence entry to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidence {
    pub source: String,
    pub quote: String,
    pub span: PinnedSpan,
    pub sha256: String,
    pub prefix: String,
    pub suffix: String,
    pub stance: Stance,
    /// What the source says of the claim's fact, as typed.
    pub value: Option<String>,
}

impl NewEvidence {
    /// The evidence pinning `span` of `source_text`, with its hash and context.
    pub fn pinning(source_id: &str, source_text: &str, span: PinnedSpan) -> Self {
        let quote = &source_text[span.range()];
        let (prefix, suffix) = context_around(source_text, span);
        Self {
            source: source_id.to_owned(),
            quote: quote.to_owned(),
            span,
            sha256: sha256_hex(quote.as_bytes()),
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
            stance: Stance::default(),
            value: None,
        }
    }

    /// The entry as a block sequence item: the dash at `dash` columns, keys at `keys`.
    pub fn to_yaml(&self, dash: usize, keys: usize) -> String {
        let (dash_pad, key_pad) = (" ".repeat(dash), " ".repeat(keys));
        let after_dash = " ".repeat(keys.saturating_sub(dash + 1).max(1));
        let mut yaml = format!(
            "{dash_pad}-{after_dash}source: {}\n{key_pad}quote: {}\n{key_pad}span: {}\n{key_pad}sha256: {}\n\
             {key_pad}prefix: {}\n{key_pad}suffix: {}\n",
            id_scalar(&self.source),
            double_quoted(&self.quote),
            self.span,
            self.sha256,
            double_quoted(&self.prefix),
            double_quoted(&self.suffix),
        );
        if self.stance != Stance::default() {
            yaml.push_str(&format!("{key_pad}stance: {}\n", self.stance.name()));
        }
        if let Some(value) = &self.value {
            yaml.push_str(&format!("{key_pad}value: {}\n", double_quoted(value)));
        }
        yaml
    }
}

/// Just enough of a claim to find where to insert.
#[derive(Deserialize)]
struct ClaimShape {
    id: Spanned<String>,
    #[serde(default)]
    evidence: Option<Spanned<Vec<Spanned<IgnoredAny>>>>,
}

/// `text` (the claim file `path`) with `evidence` added to claim `claim_id`, creating
/// the claim with `statement` at the end of the file when it does not exist.
pub fn add_evidence(
    path: &str,
    text: &str,
    claim_id: &str,
    statement: Option<&str>,
    entities: &[String],
    evidence: &NewEvidence,
) -> Result<String, EditError> {
    let (before, problems) = parse_claim_file(path, text);
    if !problems.is_empty() {
        return Err(EditError::InvalidFile);
    }
    let shapes: Vec<Spanned<ClaimShape>> = if before.is_empty() {
        Vec::new()
    } else {
        serde_saphyr::from_str(text).map_err(|_| EditError::InvalidFile)?
    };
    let edited = match shapes.iter().find(|shape| shape.value.id.value == claim_id) {
        Some(_) if !entities.is_empty() => {
            return Err(EditError::EntitiesOfExistingClaim(claim_id.to_owned()));
        }
        Some(shape) => add_to_claim(text, shape, evidence)?,
        None => {
            let statement = statement.ok_or_else(|| EditError::NoStatement(claim_id.to_owned()))?;
            append_claim(
                text,
                shapes.first(),
                claim_id,
                (statement, entities),
                evidence,
            )
        }
    };
    let edited = in_line_endings_of(text, edited);
    verify_edit(
        path,
        &before,
        &edited,
        claim_id,
        (statement, entities),
        evidence,
    )?;
    Ok(edited)
}

/// `edited` with the line endings of `original`: in a file whose every line ends in
/// CRLF, the lines an edit inserted end in CRLF too. A file that mixes the two (or has
/// none) keeps what the edit wrote, so no byte of the original changes.
fn in_line_endings_of(original: &str, edited: String) -> String {
    let lines = memchr::memchr_iter(b'\n', original.as_bytes()).count();
    if lines == 0 || original.matches("\r\n").count() != lines {
        return edited;
    }
    let mut out = String::with_capacity(edited.len() + edited.len() / 32);
    let mut previous = '\0';
    for c in edited.chars() {
        if c == '\n' && previous != '\r' {
            out.push('\r');
        }
        out.push(c);
        previous = c;
    }
    out
}

fn add_to_claim(
    text: &str,
    shape: &Spanned<ClaimShape>,
    evidence: &NewEvidence,
) -> Result<String, EditError> {
    let claim_start = offset(&shape.referenced);
    let claim_keys = column_of(text, claim_start);
    let claim_id = &shape.value.id.value;
    match &shape.value.evidence {
        Some(list) if !list.value.is_empty() => {
            let last = offset(&list.value[list.value.len() - 1].referenced);
            let line_start = line_start(text, last);
            let before_item = text[line_start..last].trim_end_matches(' ');
            if !before_item.ends_with('-')
                || !before_item[..before_item.len() - 1].trim().is_empty()
            {
                return Err(EditError::FlowStyle {
                    claim: claim_id.clone(),
                });
            }
            let dash = before_item.len() - 1;
            let keys = if text[last..].starts_with('{') {
                dash + 2
            } else {
                last - line_start
            };
            let end = block_end(text, last, dash);
            Ok(insert(text, end, &evidence.to_yaml(dash, keys)))
        }
        Some(list) if text[offset(&list.referenced)..].starts_with('[') => {
            // `evidence: []`: the empty flow list becomes a block list.
            let open = offset(&list.referenced);
            let close = open + text[open..].find(']').map_or(1, |close| close + 1);
            let block = evidence.to_yaml(claim_keys + 2, claim_keys + 4);
            Ok(format!(
                "{}\n{}{}",
                &text[..open],
                block.trim_end_matches('\n'),
                &text[close..]
            ))
        }
        _ => {
            // No evidence key, or `evidence:` with no value: items go under the key,
            // which is added at the end of the claim when it is absent.
            let end = block_end(text, claim_start, claim_keys.saturating_sub(1));
            let key_line = text[claim_start..end]
                .match_indices("evidence:")
                .map(|(at, _)| claim_start + at)
                .find(|&at| column_of(text, at) == claim_keys);
            let items = evidence.to_yaml(claim_keys, claim_keys + 2);
            Ok(match key_line {
                Some(key) => insert(text, line_end(text, key), &items),
                None => insert(
                    text,
                    end,
                    &format!("{}evidence:\n{items}", " ".repeat(claim_keys)),
                ),
            })
        }
    }
}

fn append_claim(
    text: &str,
    first: Option<&Spanned<ClaimShape>>,
    claim_id: &str,
    (statement, entities): (&str, &[String]),
    evidence: &NewEvidence,
) -> String {
    let keys = first.map_or(2, |shape| column_of(text, offset(&shape.referenced)));
    let dash = keys.saturating_sub(2);
    let (dash_pad, key_pad) = (" ".repeat(dash), " ".repeat(keys));
    let mut out = text.to_owned();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if first.is_some() {
        out.push('\n');
    }
    out.push_str(&format!(
        "{dash_pad}- id: {}\n{key_pad}statement: {}\n",
        id_scalar(claim_id),
        double_quoted(statement),
    ));
    if !entities.is_empty() {
        let names: Vec<String> = entities.iter().map(|name| double_quoted(name)).collect();
        out.push_str(&format!("{key_pad}entities: [{}]\n", names.join(", ")));
    }
    out.push_str(&format!(
        "{key_pad}evidence:\n{}",
        evidence.to_yaml(keys, keys + 2)
    ));
    out
}

/// Re-parses the edited text and checks it is the original plus exactly the new entry.
fn verify_edit(
    path: &str,
    before: &[Claim],
    edited: &str,
    claim_id: &str,
    (statement, entities): (Option<&str>, &[String]),
    evidence: &NewEvidence,
) -> Result<(), EditError> {
    let value = expected_value(before, claim_id, evidence)?;
    let (after, problems) = parse_claim_file(path, edited);
    if !problems.is_empty() {
        return Err(EditError::Unverified);
    }
    let mut expected: Vec<_> = before.iter().map(ClaimContent::of).collect();
    let new_entry = EvidenceContent {
        source: evidence.source.clone(),
        quote: evidence.quote.clone(),
        span: evidence.span,
        sha256: crate::hash::sha256_from_hex(&evidence.sha256).ok_or(EditError::Unverified)?,
        prefix: Some(evidence.prefix.clone()),
        suffix: Some(evidence.suffix.clone()),
        stance: evidence.stance,
        value: value.map(|value| value.value),
        credibility: None,
    };
    match expected.iter_mut().find(|claim| claim.id == claim_id) {
        Some(claim) => claim.evidence.push(new_entry),
        None => expected.push(ClaimContent::new_claim(
            claim_id,
            statement.unwrap_or_default(),
            entities,
            new_entry,
        )),
    }
    let actual: Vec<_> = after.iter().map(ClaimContent::of).collect();
    if actual == expected {
        Ok(())
    } else {
        Err(EditError::Unverified)
    }
}

/// The value the new evidence carries, read as the type of its claim's fact.
fn expected_value(
    before: &[Claim],
    claim_id: &str,
    evidence: &NewEvidence,
) -> Result<Option<EvidenceValue>, EditError> {
    let Some(text) = &evidence.value else {
        return Ok(None);
    };
    let fact = before
        .iter()
        .find(|claim| claim.id == claim_id)
        .and_then(|claim| claim.fact.as_deref())
        .ok_or_else(|| EditError::ValueWithoutFact(claim_id.to_owned()))?;
    let kind = kind_of(&fact.property);
    let value = Value::parse(kind, text).ok_or_else(|| EditError::InvalidValue {
        value: text.clone(),
        expected: kind.description().to_owned(),
    })?;
    Ok(Some(EvidenceValue {
        value,
        location: Location::file(claim_id),
    }))
}

fn offset(location: &serde_saphyr::Location) -> usize {
    location.span().byte_offset().unwrap_or(0) as usize
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |newline| newline + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..]
        .find('\n')
        .map_or(text.len(), |newline| at + newline + 1)
}

/// Column (in bytes, which YAML indentation is made of) of offset `at`.
fn column_of(text: &str, at: usize) -> usize {
    at - line_start(text, at)
}

/// End of the block starting on the line of `start`: after the last non-blank line
/// indented deeper than `parent` columns, before the first line that is not.
fn block_end(text: &str, start: usize, parent: usize) -> usize {
    let mut end = line_end(text, start);
    let mut at = end;
    while at < text.len() {
        let next = line_end(text, at);
        let line = text[at..next].trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        if !line.trim().is_empty() {
            if indent <= parent {
                break;
            }
            end = next;
        }
        at = next;
    }
    end
}

/// `text` with `insertion` at `at`, starting on a new line.
fn insert(text: &str, at: usize, insertion: &str) -> String {
    let newline = if at > 0 && !text[..at].ends_with('\n') {
        "\n"
    } else {
        ""
    };
    format!("{}{newline}{insertion}{}", &text[..at], &text[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserted_lines_end_as_the_file_s_lines_do() {
        assert_eq!(
            in_line_endings_of("a\r\nb\r\n", "a\r\nb\r\nc\nd\n".into()),
            "a\r\nb\r\nc\r\nd\r\n"
        );
        assert_eq!(
            in_line_endings_of("a\nb\r\n", "a\nb\r\nc\n".into()),
            "a\nb\r\nc\n"
        );
        assert_eq!(in_line_endings_of("", "c\n".into()), "c\n");
    }

    const HASH: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    fn entry() -> NewEvidence {
        NewEvidence {
            prefix: "before ".into(),
            suffix: " after".into(),
            source: "src".into(),
            quote: "new “quote”".into(),
            span: PinnedSpan::new(5, 9),
            sha256: HASH.into(),
            stance: Stance::Supports,
            value: None,
        }
    }

    fn pin(source: &str, span: &str) -> String {
        format!("  - source: {source}\n    quote: old\n    span: {span}\n    sha256: {HASH}\n")
    }

    #[test]
    fn appends_after_the_last_evidence_and_keeps_every_other_byte() {
        let original = format!(
            "# header comment\n- id: a\n  statement: A  # trailing comment\n  evidence:\n{}\n  # between\n- id: b\n  statement: B\n  evidence:\n{}",
            pin("s", "0..3"),
            pin("t", "1..2")
        );
        let edited = add_evidence("c.yaml", &original, "a", None, &[], &entry()).unwrap();
        let inserted = entry().to_yaml(2, 4);
        let at = original.find("\n  # between").unwrap();
        assert_eq!(
            edited,
            format!("{}{inserted}{}", &original[..at], &original[at..])
        );
    }

    #[test]
    fn adds_an_evidence_key_to_a_claim_without_one() {
        let original = "- id: a\n  statement: A\n- id: b\n  statement: B\n";
        let edited = add_evidence("c.yaml", original, "a", None, &[], &entry()).unwrap();
        assert!(edited.starts_with("- id: a\n  statement: A\n  evidence:\n  - source: src\n"));
        assert!(edited.ends_with("- id: b\n  statement: B\n"));
    }

    #[test]
    fn fills_an_empty_evidence_key() {
        for original in [
            "- id: a\n  statement: A\n  evidence:\n",
            "- id: a\n  statement: A\n  evidence: []\n",
        ] {
            let edited = add_evidence("c.yaml", original, "a", None, &[], &entry()).unwrap();
            let (claims, problems) = parse_claim_file("c.yaml", &edited);
            assert!(problems.is_empty(), "{edited}");
            assert_eq!(claims[0].evidence.len(), 1);
        }
    }

    #[test]
    fn writes_stance_value_and_entities_and_checks_the_value_against_the_fact() {
        let with_fact = format!(
            "- id: a\n  statement: A\n  fact: {{subject: base, property: killed, value: 2}}\n  evidence:\n{}",
            pin("s", "0..3")
        );
        let judged = NewEvidence {
            stance: Stance::Refutes,
            value: Some("3".into()),
            ..entry()
        };
        let edited = add_evidence("c.yaml", &with_fact, "a", None, &[], &judged).unwrap();
        assert!(
            edited.ends_with("    stance: refutes\n    value: \"3\"\n"),
            "{edited}"
        );
        let not_a_count = NewEvidence {
            value: Some("many".into()),
            ..entry()
        };
        assert!(matches!(
            add_evidence("c.yaml", &with_fact, "a", None, &[], &not_a_count),
            Err(EditError::InvalidValue { .. })
        ));
        assert_eq!(
            add_evidence("c.yaml", "", "new", Some("S"), &[], &judged),
            Err(EditError::ValueWithoutFact("new".into()))
        );
        let created = add_evidence(
            "c.yaml",
            "",
            "new",
            Some("S"),
            &["Kataib Hezbollah".into()],
            &entry(),
        )
        .unwrap();
        assert!(
            created.contains("  entities: [\"Kataib Hezbollah\"]\n  evidence:\n"),
            "{created}"
        );
        assert_eq!(
            add_evidence("c.yaml", &with_fact, "a", None, &["x".into()], &entry()),
            Err(EditError::EntitiesOfExistingClaim("a".into()))
        );
    }

    #[test]
    fn creates_a_claim_at_the_end_and_in_an_empty_file() {
        let original = format!("- id: a\n  statement: A\n  evidence:\n{}", pin("s", "0..3"));
        let edited = add_evidence(
            "c.yaml",
            original.trim_end(),
            "new",
            Some("New: “x”"),
            &[],
            &entry(),
        )
        .unwrap();
        assert!(edited.starts_with(original.trim_end()));
        let (claims, _) = parse_claim_file("c.yaml", &edited);
        assert_eq!(claims[1].statement, "New: “x”");
        let created = add_evidence("c.yaml", "", "new", Some("S"), &[], &entry()).unwrap();
        assert_eq!(parse_claim_file("c.yaml", &created).0.len(), 1);
    }

    #[test]
    fn follows_the_files_own_indentation() {
        let original = format!(
            "-   id: a\n    statement: A\n    evidence:\n      -   source: s\n          quote: q\n          span: 0..1\n          sha256: {HASH}\n"
        );
        let edited = add_evidence("c.yaml", &original, "a", None, &[], &entry()).unwrap();
        assert!(edited.ends_with(&entry().to_yaml(6, 10)), "{edited}");
    }

    #[test]
    fn refuses_what_it_cannot_edit_safely() {
        let flow = format!(
            "- id: a\n  statement: A\n  evidence: [{{source: s, quote: q, span: 0..1, sha256: {HASH}}}]\n"
        );
        assert!(matches!(
            add_evidence("c.yaml", &flow, "a", None, &[], &entry()),
            Err(EditError::FlowStyle { .. })
        ));
        assert_eq!(
            add_evidence("c.yaml", "- id: a\n", "a", None, &[], &entry()),
            Err(EditError::InvalidFile)
        );
        assert!(matches!(
            add_evidence("c.yaml", "", "x", None, &[], &entry()),
            Err(EditError::NoStatement(_))
        ));
    }
}
