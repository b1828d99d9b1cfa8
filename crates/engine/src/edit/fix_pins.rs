//! Re-pinning evidence in place: replace the values of `span`, `sha256`, `quote` and the
//! stored context of the entries concerned, and nothing else. The result is re-parsed and
//! must equal the original with exactly those values changed, or nothing is written.

use super::claim_file::{EditError, NewEvidence};
use super::content::{ClaimContent, EvidenceContent};
use super::scalar::double_quoted;
use std::collections::HashMap;

use crate::load::{Project, parse_claim_file};
use crate::model::claim::{Claim, Evidence};
use crate::model::finding::{Applicability, Finding, Fix};
use crate::model::location::Location;

/// One evidence entry to re-pin: the entry as loaded, and its new values.
#[derive(Debug, Clone)]
pub struct Repin<'a> {
    pub evidence: &'a Evidence,
    pub new: NewEvidence,
}

/// The typed fixes of findings as re-pins: each finding's evidence found by its
/// location (a pin finding is located at its evidence's span) in one look-up.
pub struct RepinPlanner<'p> {
    project: &'p Project,
    evidence_at: HashMap<Location, &'p Evidence>,
}

impl<'p> RepinPlanner<'p> {
    /// A planner for the evidence of `claims` (all of `project`'s, or one file's).
    pub fn new(project: &'p Project, claims: impl IntoIterator<Item = &'p Claim>) -> Self {
        let evidence_at = claims
            .into_iter()
            .flat_map(|claim| &claim.evidence)
            .map(|evidence| (evidence.span_location(), evidence))
            .collect();
        Self {
            project,
            evidence_at,
        }
    }

    /// The re-pin that applies `finding`'s typed fix, with when it may be applied;
    /// none when the finding has no fix or its evidence or source is not at hand.
    pub fn plan(&self, finding: &Finding) -> Option<(Repin<'p>, Applicability)> {
        let Some(Fix::Repin {
            span,
            applicability,
        }) = finding.fix
        else {
            return None;
        };
        let evidence = *self.evidence_at.get(finding.location.as_ref()?)?;
        let source = self.project.sources.get(&evidence.source)?;
        let new = NewEvidence::pinning(&source.id, &source.text, span);
        Some((Repin { evidence, new }, applicability))
    }
}

/// `text` (the claim file `path`) with every entry of `repins` re-pinned.
pub fn repin(path: &str, text: &str, repins: &[Repin]) -> Result<String, EditError> {
    let (before, problems) = parse_claim_file(path, text);
    if !problems.is_empty() {
        return Err(EditError::InvalidFile);
    }
    let mut replacements: Vec<(Location, String)> = Vec::new();
    for repin in repins {
        let (old, new) = (repin.evidence, &repin.new);
        replacements.push((old.span_location(), new.span.to_string()));
        if crate::hash::sha256_from_hex(&new.sha256) != Some(old.sha256) {
            replacements.push((old.sha256_location(), new.sha256.clone()));
        }
        if old.quote != new.quote {
            replacements.push((old.quote_location(), double_quoted(&new.quote)));
        }
        for (location, old_value, new_value) in [
            (old.prefix_location(), &old.prefix, &new.prefix),
            (old.suffix_location(), &old.suffix, &new.suffix),
        ] {
            if let Some(location) = location.filter(|_| old_value.as_ref() != Some(new_value)) {
                replacements.push((location, double_quoted(new_value)));
            }
        }
    }
    for (location, _) in &replacements {
        if is_block_scalar(text, location.start()) {
            return Err(EditError::BlockScalar {
                line: location.line,
            });
        }
    }
    replacements.sort_by_key(|(location, _)| std::cmp::Reverse(location.offset));
    let mut edited = text.to_owned();
    for (location, value) in &replacements {
        edited.replace_range(location.range(), value);
    }
    let mut expected: Vec<ClaimContent> = before.iter().map(ClaimContent::of).collect();
    for repin in repins {
        let span_location = repin.evidence.span_location();
        let entry = before
            .iter()
            .zip(expected.iter_mut())
            .flat_map(|(claim, content)| claim.evidence.iter().zip(content.evidence.iter_mut()))
            .find(|(evidence, _)| evidence.span_location() == span_location)
            .map(|(_, content)| content)
            .ok_or(EditError::Unverified)?;
        *entry = EvidenceContent {
            quote: repin.new.quote.clone(),
            span: repin.new.span,
            sha256: crate::hash::sha256_from_hex(&repin.new.sha256).ok_or(EditError::Unverified)?,
            prefix: entry.prefix.as_ref().map(|_| repin.new.prefix.clone()),
            suffix: entry.suffix.as_ref().map(|_| repin.new.suffix.clone()),
            ..entry.clone()
        };
    }
    let (after, problems) = parse_claim_file(path, &edited);
    let actual: Vec<ClaimContent> = after.iter().map(ClaimContent::of).collect();
    if problems.is_empty() && actual == expected {
        Ok(edited)
    } else {
        Err(EditError::Unverified)
    }
}

/// Whether the value at `offset` is a block scalar (`|` or `>`), whose extent fix does
/// not rewrite.
fn is_block_scalar(text: &str, offset: usize) -> bool {
    let before = text[..offset].trim_end();
    let indicator = before
        .rsplit(|c: char| c == ':' || c.is_whitespace())
        .next()
        .unwrap_or("");
    indicator.starts_with('|') || indicator.starts_with('>')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pinned_span::PinnedSpan;

    const OLD: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const NEW: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    fn file(quote: &str) -> String {
        format!(
            "# keep\n- id: a   # keep too\n  statement: 'S'\n  evidence:\n  - source: s  # source\n    quote: {quote}\n    span: 0..3\n    sha256: {OLD}\n    prefix: \"\"\n\n- id: b\n  statement: T\n  evidence:\n  - source: s\n    quote: 'x'\n    span: 9..10\n    sha256: {OLD}\n"
        )
    }

    fn new_values() -> NewEvidence {
        NewEvidence {
            source: "s".into(),
            quote: "new “q”".into(),
            span: PinnedSpan::new(100, 103),
            sha256: NEW.into(),
            prefix: "before".into(),
            suffix: "after".into(),
            stance: crate::model::fact::Stance::Supports,
            value: None,
        }
    }

    #[test]
    fn replaces_only_the_changed_values() {
        let text = file("'abc'");
        let (claims, _) = parse_claim_file("c.yaml", &text);
        let repins = [Repin {
            evidence: &claims[0].evidence[0],
            new: new_values(),
        }];
        let edited = repin("c.yaml", &text, &repins).unwrap();
        let expected = text
            .replacen("quote: 'abc'", "quote: \"new “q”\"", 1)
            .replacen("span: 0..3", "span: 100..103", 1)
            .replacen(&format!("sha256: {OLD}"), &format!("sha256: {NEW}"), 1)
            .replacen("prefix: \"\"", "prefix: \"before\"", 1);
        assert_eq!(edited, expected);
    }

    #[test]
    fn refuses_block_scalars() {
        let text = file(">-\n      abc");
        let (claims, problems) = parse_claim_file("c.yaml", &text);
        assert!(problems.is_empty(), "{problems:?}");
        let repins = [Repin {
            evidence: &claims[0].evidence[0],
            new: new_values(),
        }];
        assert!(matches!(
            repin("c.yaml", &text, &repins),
            Err(EditError::BlockScalar { .. })
        ));
    }
}
