//! Parsing one claim file: YAML (with the position of every value) into checked claims,
//! each problem a finding at the exact line and column.

use std::cell::Cell;
use std::sync::Arc;

use rayon::prelude::*;
use serde_saphyr::Options;
use serde_saphyr::budget::Budget;

use super::ids::is_valid_id;
use super::raw_claim::{At, CLAIM_FIELDS, RawClaim, RawEvidence, RawSuppression};
use crate::model::claim::{Claim, Evidence, Suppression};
use crate::model::code::Code;
use crate::model::fact::Fact;
use crate::model::finding::{Finding, joined};
use crate::model::judgement::{Basis, Confidence, StatedConfidence};
use crate::model::location::{LineIndex, Location, Place};
use crate::model::pinned_span::PinnedSpan;

/// YAML limits: far above any real claim file (20,000 claims need about 300,000
/// nodes), far below what an alias bomb or a nesting attack would need.
pub(crate) fn yaml_options() -> Options {
    let mut budget = Budget::default();
    budget.max_nodes = 20_000_000;
    budget.max_events = 50_000_000;
    budget.max_depth = 32;
    let mut options = Options::default();
    options.budget = Some(budget);
    options
}

/// Parses the claim file `path` whose text is `text`. Claims with a problem are left
/// out, and each problem is returned as a `claim-file-invalid` finding. The layout
/// `claimcheck pin` writes is read by the fast path; anything else by the full parser.
pub fn parse_claim_file(path: &str, text: &str) -> (Vec<Claim>, Vec<Finding>) {
    parse_claim_file_fast(path, text).unwrap_or_else(|| parse_claim_file_in_full(path, text))
}

/// [`parse_claim_file`] by the fast path alone: `None` when the file is not in the
/// layout it reads. Public so that tests and fuzzing can hold it to the full parser.
pub fn parse_claim_file_fast(path: &str, text: &str) -> Option<(Vec<Claim>, Vec<Finding>)> {
    if is_blank_yaml(text) {
        return Some((Vec::new(), Vec::new()));
    }
    let (parts, lines) = super::fast_yaml::read_claim_parts(text)?;
    Some(check_parts(path, text, parts, &lines))
}

/// [`check_claims`] of each part of a file read in parts, on all cores, joined in
/// order.
fn check_parts(
    path: &str,
    text: &str,
    mut parts: Vec<Vec<RawClaim>>,
    lines: &LineIndex,
) -> (Vec<Claim>, Vec<Finding>) {
    if parts.len() == 1 {
        return check_claims(path, text, parts.pop().expect("one part"), lines);
    }
    let (claims, problems): (Vec<Vec<Claim>>, Vec<Vec<Finding>>) = parts
        .into_par_iter()
        .map(|raw| check_claims(path, text, raw, lines))
        .unzip();
    (joined(claims), joined(problems))
}

/// [`parse_claim_file`] by the full YAML parser alone.
pub fn parse_claim_file_in_full(path: &str, text: &str) -> (Vec<Claim>, Vec<Finding>) {
    if is_blank_yaml(text) {
        return (Vec::new(), Vec::new());
    }
    let raw: Vec<At<RawClaim>> = match serde_saphyr::from_str_with_options(text, yaml_options()) {
        Ok(raw) => raw,
        Err(error) => {
            let finding = yaml_error(Code::ClaimFileInvalid, CLAIM_FIELDS, path, text, &error);
            return (Vec::new(), vec![finding]);
        }
    };
    check_claims(
        path,
        text,
        raw.into_iter().map(|claim| claim.value).collect(),
        &LineIndex::new(text),
    )
}

/// The claims read from the file `path` (text `text`, its lines indexed by `lines`),
/// checked value by value.
fn check_claims(
    path: &str,
    text: &str,
    raw: Vec<RawClaim>,
    lines: &LineIndex,
) -> (Vec<Claim>, Vec<Finding>) {
    let checker = Checker {
        shared_path: Arc::from(path),
        text,
        lines,
        near: Cell::new(1),
    };
    // Sized once: a growing vector of claims of hundreds of bytes each takes fresh
    // pages at every doubling (perf: zeroing them was a fifth of loading 50,000 claims).
    let mut claims = Vec::with_capacity(raw.len());
    let mut problems = Vec::new();
    for raw_claim in raw {
        match checker.claim(raw_claim) {
            Ok(claim) => claims.push(claim),
            Err(mut found) => problems.append(&mut found),
        }
    }
    (claims, problems)
}

/// True when the text holds no YAML node: nothing, or only comments and blank lines.
fn is_blank_yaml(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---"
    })
}

/// A YAML or format error as a finding with `code`, with "did you mean" help for an
/// unknown field close to one of `known_fields`.
pub(crate) fn yaml_error(
    code: Code,
    known_fields: &[&str],
    path: &str,
    text: &str,
    error: &serde_saphyr::Error,
) -> Finding {
    let message = error.without_snippet().to_string();
    // The message ends with the position, which the finding carries on its own.
    let message = match message.rsplit_once(" at line ") {
        Some((head, _)) if !head.is_empty() => head.to_owned(),
        _ => message,
    };
    let location = error
        .location()
        .and_then(|at| at.span().byte_offset())
        .map_or_else(
            || Location::file(path),
            |offset| Location::in_text(path, text, offset as usize, 1),
        );
    let mut finding = Finding::new(code, message.clone()).at(location);
    if let Some(help) = unknown_field_help(&message, known_fields) {
        finding = finding.help(help);
    }
    finding
}

/// "did you mean `statement`?" for serde's "unknown field `statment`" messages.
fn unknown_field_help(message: &str, known_fields: &[&str]) -> Option<String> {
    let unknown = message.strip_prefix("unknown field `")?.split('`').next()?;
    crate::suggest::nearest(unknown, known_fields)
}

pub(super) struct Checker<'a> {
    /// The file's path, as every location in it shares it.
    shared_path: Arc<str>,
    text: &'a str,
    lines: &'a LineIndex,
    /// The line of the last value located: values are mostly located in file order.
    near: Cell<usize>,
}

impl Checker<'_> {
    pub(super) fn location<T>(&self, at: &At<T>) -> Location {
        self.place(at).in_file(&self.shared_path)
    }

    /// Where `at` is, for a value whose location is kept beside another in this file.
    fn place<T>(&self, at: &At<T>) -> Place {
        match at.line {
            0 => self
                .lines
                .place_near(&self.near, self.text, at.offset, at.len),
            // Claim files are limited far below 4 GiB.
            line => Place {
                line,
                column: at.column,
                offset: at.offset as u32,
                len: at.len as u32,
            },
        }
    }

    fn claim(&self, raw: RawClaim) -> Result<Claim, Vec<Finding>> {
        let mut problems = Vec::new();
        let location = self.location(&raw.id);
        if !is_valid_id(&raw.id.value) {
            problems.push(invalid_id("claim id", &raw.id.value, location.clone()));
        }
        if raw.statement.value.trim().is_empty() {
            problems.push(
                Finding::new(Code::ClaimFileInvalid, "claim statement is empty")
                    .at(self.location(&raw.statement)),
            );
        }
        let fact = raw.fact.and_then(|fact| self.fact(*fact, &mut problems));
        let entries = raw.evidence.unwrap_or_default();
        // Exactly sized: most claims cite one or two passages, and a growing Vec would
        // reserve four entries of several hundred bytes for each claim.
        let mut evidence = Vec::with_capacity(entries.len());
        for entry in entries {
            match self.evidence(entry, fact.as_ref()) {
                Ok(checked) => evidence.push(checked),
                Err(mut found) => problems.append(&mut found),
            }
        }
        let allow = raw
            .allow
            .into_iter()
            .filter_map(|entry| self.suppression(entry, &mut problems))
            .collect();
        let acknowledgements = raw
            .acknowledge
            .into_iter()
            .filter_map(|entry| self.acknowledgement(entry, &mut problems))
            .collect();
        let statement_place = self.place(&raw.statement);
        let confidence = self.confidence(raw.confidence, &mut problems);
        let based_on = self.based_on(raw.based_on, &mut problems);
        let claim_id = raw.id.value;
        if problems.is_empty() {
            Ok(Claim {
                allow,
                entities: self.entities(raw.entities),
                fact: fact.map(Box::new),
                acknowledgements,
                confidence,
                based_on,
                id: claim_id,
                statement: raw.statement.value,
                evidence,
                location,
                statement_place,
                statement_reading: None,
                estimative: None,
            })
        } else {
            Err(problems
                .into_iter()
                .map(|finding| finding.claim(&claim_id))
                .collect())
        }
    }

    fn suppression(&self, raw: RawSuppression, problems: &mut Vec<Finding>) -> Option<Suppression> {
        let location = self.location(&raw.code);
        if raw.reason.value.trim().is_empty() {
            problems.push(
                Finding::new(Code::ClaimFileInvalid, "a suppression needs a reason")
                    .at(self.location(&raw.reason))
                    .help("say why the finding does not apply to this claim: reviewers read it"),
            );
        }
        let code = Code::ALL
            .iter()
            .copied()
            .find(|code| code.name() == raw.code.value);
        match code {
            Some(code) if !code.is_input_error() => {
                let reason = raw.reason.value;
                (!reason.trim().is_empty()).then_some(Suppression {
                    code,
                    reason,
                    location,
                })
            }
            Some(_) => {
                problems.push(
                    Finding::new(
                        Code::ClaimFileInvalid,
                        format!(
                            "`{}` cannot be allowed: the input must be fixed",
                            raw.code.value
                        ),
                    )
                    .at(location),
                );
                None
            }
            None => {
                let names: Vec<&str> = Code::ALL.iter().map(|code| code.name()).collect();
                let mut finding = Finding::new(
                    Code::ClaimFileInvalid,
                    format!("unknown finding code `{}`", raw.code.value),
                )
                .at(location);
                if let Some(help) = crate::suggest::nearest(&raw.code.value, &names) {
                    finding = finding.help(help);
                }
                problems.push(finding);
                None
            }
        }
    }

    fn evidence(
        &self,
        entry: At<RawEvidence>,
        fact: Option<&Fact>,
    ) -> Result<Evidence, Vec<Finding>> {
        let location = self.location(&entry);
        let raw = entry.value;
        let mut problems = Vec::new();
        let span_place = self.place(&raw.span);
        let span = raw
            .span
            .value
            .parse::<PinnedSpan>()
            .map_err(|error| {
                problems.push(
                    Finding::new(Code::ClaimFileInvalid, error.to_string())
                        .at(location.with_place(span_place)),
                )
            })
            .ok();
        let sha256 = crate::hash::sha256_from_hex(raw.sha256.value.trim());
        if sha256.is_none() {
            problems.push(
                Finding::new(
                    Code::ClaimFileInvalid,
                    format!("sha256 `{}` is not 64 hexadecimal digits", raw.sha256.value),
                )
                .at(self.location(&raw.sha256))
                .help("let `claimcheck pin` write the evidence entry"),
            );
        }
        let source_place = self.place(&raw.source);
        if !is_valid_id(&raw.source.value) {
            problems.push(invalid_id(
                "source id",
                &raw.source.value,
                location.with_place(source_place),
            ));
        }
        let stance = self.stance(raw.stance, &mut problems);
        let value = self.evidence_value(raw.value, fact, &mut problems);
        let credibility = self.credibility(raw.credibility, &mut problems);
        match (span, sha256) {
            (Some(span), Some(sha256)) if problems.is_empty() => Ok(Evidence {
                quote_place: self.place(&raw.quote),
                sha256_place: self.place(&raw.sha256),
                prefix_place: raw.prefix.as_ref().map(|prefix| self.place(prefix)),
                suffix_place: raw.suffix.as_ref().map(|suffix| self.place(suffix)),
                stance,
                value: value.map(Box::new),
                credibility,
                prefix: raw.prefix.map(|prefix| prefix.value),
                suffix: raw.suffix.map(|suffix| suffix.value),
                source: raw.source.value,
                quote: raw.quote.value,
                span,
                sha256,
                location,
                source_place,
                span_place,
                quote_reading: None,
            }),
            _ => Err(problems),
        }
    }
}

impl Checker<'_> {
    fn confidence(
        &self,
        raw: Option<At<String>>,
        problems: &mut Vec<Finding>,
    ) -> Option<StatedConfidence> {
        let raw = raw?;
        let location = self.location(&raw);
        match Confidence::from_name(raw.value.trim()) {
            Some(level) => Some(StatedConfidence { level, location }),
            None => {
                problems.push(
                    Finding::new(
                        Code::ClaimFileInvalid,
                        format!("confidence {:?} is not low, moderate or high", raw.value),
                    )
                    .at(location)
                    .help("the ICD 203 confidence levels: low, moderate, high"),
                );
                None
            }
        }
    }

    fn based_on(&self, raw: Vec<At<String>>, problems: &mut Vec<Finding>) -> Vec<Basis> {
        raw.into_iter()
            .filter_map(|entry| {
                let location = self.location(&entry);
                if is_valid_id(&entry.value) {
                    Some(Basis {
                        claim: entry.value,
                        location,
                    })
                } else {
                    problems.push(invalid_id("claim id", &entry.value, location));
                    None
                }
            })
            .collect()
    }

    /// `credibility:` is the Admiralty scale's 1 to 6.
    fn credibility(
        &self,
        raw: Option<At<serde_json::Value>>,
        problems: &mut Vec<Finding>,
    ) -> Option<u8> {
        let raw = raw?;
        match raw.value.as_u64() {
            Some(level @ 1..=6) => u8::try_from(level).ok(),
            _ => {
                problems.push(
                    Finding::new(
                        Code::ClaimFileInvalid,
                        format!("credibility {} is not a number from 1 to 6", raw.value),
                    )
                    .at(self.location(&raw))
                    .help("Admiralty credibility: 1 confirmed by other sources, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged"),
                );
                None
            }
        }
    }
}

fn invalid_id(what: &str, id: &str, location: Location) -> Finding {
    Finding::new(Code::ClaimFileInvalid, format!("{what} {id:?} is not a valid id"))
        .at(location)
        .help("ids start with a letter or digit, then letters, digits, `.`, `_`, `-` or `:` (no paths, no spaces)")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIN: &str = "    span: 0..3\n    sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n";

    fn parse(text: &str) -> (Vec<Claim>, Vec<Finding>) {
        parse_claim_file("claims/t.yaml", text)
    }

    /// A hash written in upper case or with spaces inside its quotes is read as the
    /// one `pin` writes.
    #[test]
    fn a_hash_is_read_trimmed_and_in_lower_case() {
        let lower = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        for written in [
            lower.to_owned(),
            lower.to_ascii_uppercase(),
            format!("\" {} \"", lower.to_ascii_uppercase()),
        ] {
            let text = format!(
                "- id: a\n  statement: S\n  evidence:\n  - source: s\n    quote: abc\n    span: 0..3\n    sha256: {written}\n"
            );
            let (claims, problems) = parse(&text);
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(
                crate::hash::hex(&claims[0].evidence[0].sha256),
                lower,
                "{written}"
            );
        }
    }

    #[test]
    fn reads_claims_with_positions() {
        let text = format!(
            "# c\n- id: a\n  statement: S\n  evidence:\n  - source: s\n    quote: abc\n{PIN}"
        );
        let (claims, problems) = parse(&text);
        assert!(problems.is_empty(), "{problems:?}");
        let evidence = &claims[0].evidence[0];
        assert_eq!(evidence.span, PinnedSpan::new(0, 3));
        assert_eq!(
            (evidence.span_place.line, evidence.span_place.column),
            (7, 11)
        );
        assert_eq!((claims[0].location.line, claims[0].location.column), (2, 7));
    }

    #[test]
    fn empty_and_comment_only_files_hold_no_claims() {
        assert_eq!(parse("").0.len(), 0);
        assert_eq!(parse("# nothing yet\n\n").1.len(), 0);
    }

    #[test]
    fn unknown_fields_get_a_suggestion() {
        let (_, problems) = parse("- id: a\n  statment: S\n");
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean `statement`?")
        );
        assert_eq!(problems[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn bad_values_point_at_the_value() {
        let text = "- id: a\n  statement: S\n  evidence:\n  - source: s\n    quote: q\n    span: 9..2\n    sha256: xyz\n";
        let (claims, problems) = parse(text);
        assert!(claims.is_empty());
        let lines: Vec<_> = problems
            .iter()
            .map(|p| p.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, vec![6, 7]);
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..12 {
            let previous = format!("*a{}", level - 1);
            text.push_str(&format!(
                "a{level}: &a{level} [{}]\n",
                vec![previous; 10].join(", ")
            ));
        }
        let (_, problems) = parse(&text);
        assert_eq!(problems.len(), 1);
    }
}
